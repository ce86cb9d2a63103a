// A static page is built once and read for months: re-evaluate the certificate's status
// on the reader's device, with the same rule as generator/status.py.
(function () {
  "use strict";

  function isoDay(date) {
    var m = date.getMonth() + 1, d = date.getDate();
    return date.getFullYear() + "-" + (m < 10 ? "0" : "") + m + "-" + (d < 10 ? "0" : "") + d;
  }

  function daysBetween(fromIso, toIso) {
    return Math.round((Date.parse(toIso + "T00:00:00Z") - Date.parse(fromIso + "T00:00:00Z")) / 86400000);
  }

  // ISO dates ("2026-11-29") compare correctly as strings.
  function statusOn(today, validUntil, revokedOn, soonDays) {
    if (revokedOn && revokedOn <= today) return "revoked";
    if (today > validUntil) return "expired";
    if (daysBetween(today, validUntil) <= soonDays) return "expiring";
    return "valid";
  }

  function formatDay(iso, lang) {
    var parts = iso.split("-");
    if (lang === "vi") return parts[2] + "/" + parts[1] + "/" + parts[0];
    var date = new Date(Date.UTC(+parts[0], +parts[1] - 1, +parts[2]));
    return date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  }

  function update(article, today) {
    var words = JSON.parse(document.getElementById("ocop-status-text").textContent);
    var code = statusOn(today, article.dataset.validUntil, article.dataset.revokedOn, +article.dataset.soonDays);
    var text = words.texts[code];
    var days = String(daysBetween(today, article.dataset.validUntil));
    var usable = code === "valid" || code === "expiring";
    var set = function (selector, value) {
      article.querySelectorAll(selector).forEach(function (el) { el.textContent = value; });
    };
    set("[data-ocop-status-label]", text.label);
    set("[data-ocop-status-short]", text.short.replace("{days}", days));
    set("[data-ocop-status-explain]", text.explain.replace("{days}", days));
    set("[data-ocop-as-of]", words.as_of.replace("{date}", formatDay(today, words.lang)));
    article.querySelectorAll("[data-ocop-status-class]").forEach(function (el) {
      var base = el.dataset.ocopStatusClass;
      el.className = el.className.replace(new RegExp("\\b" + base + "--\\w+"), base + "--" + code);
    });
    article.querySelector(".ocop-alert").hidden = usable;
    article.querySelectorAll("[data-ocop-usable-only]").forEach(function (el) { el.hidden = !usable; });
    article.dataset.status = code;
  }

  var article = document.querySelector(".ocop-product[data-valid-until]");
  if (article) update(article, isoDay(new Date()));
  window.ocopStatus = { statusOn: statusOn, daysBetween: daysBetween, today: function () { return isoDay(new Date()); } };
})();
