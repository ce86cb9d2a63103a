// A static page is built once and read for months: re-evaluate the certificate's status on
// the reader's device, with the same rule as generator/status.py. The device can only make
// the status worse: its clock may be wrong, and it knows nothing the build did not (a
// renewal or revocation after the build day is not on the page).
(function () {
  "use strict";

  var RANK = { valid: 0, expiring: 1, expired: 2, revoked: 3 };

  function isoDay(date) {
    var m = date.getMonth() + 1, d = date.getDate();
    return date.getFullYear() + "-" + (m < 10 ? "0" : "") + m + "-" + (d < 10 ? "0" : "") + d;
  }

  function daysBetween(fromIso, toIso) {
    return Math.round((Date.parse(toIso + "T00:00:00Z") - Date.parse(fromIso + "T00:00:00Z")) / 86400000);
  }

  // The form of a text with a count for the number n: the one text, or the plural form the
  // page language's rule gives n ({one: "{days} day left", other: ...}; languages.py: counted).
  // A browser without plural rules shows `other`.
  var plural = null;
  try {
    plural = new Intl.PluralRules(document.documentElement.lang);
  } catch (e) {}  // no Intl.PluralRules, or a language tag it does not know
  function counted(text, n) {
    return typeof text === "string" ? text : text[plural ? plural.select(n) : "other"] || text.other;
  }

  // ISO dates ("2026-11-29") compare correctly as strings.
  function statusOn(today, validUntil, revokedOn, soonDays) {
    if (revokedOn && revokedOn <= today) return "revoked";
    if (today > validUntil) return "expired";
    if (daysBetween(today, validUntil) <= soonDays) return "expiring";
    return "valid";
  }

  // The status to show: the build's, or a worse one the device's day leads to. A day before
  // the build day is a wrong clock (the page cannot have been built in the future): ignored.
  function shownStatus(built, asOf, today, validUntil, revokedOn, soonDays) {
    if (today < asOf) return { code: built, day: asOf };
    var code = statusOn(today, validUntil, revokedOn, soonDays);
    return { code: RANK[code] > RANK[built] ? code : built, day: today };
  }

  function update(article, today) {
    var words = JSON.parse(document.getElementById("ocop-status-text").textContent);
    var built = article.dataset.status;
    var shown = shownStatus(built, article.dataset.asOf, today, article.dataset.validUntil, article.dataset.revokedOn, +article.dataset.soonDays);
    var code = shown.code;
    // An expiry the device found is known only from the certificate's dates: say so.
    var text = code === "expired" && built !== "expired" ? words.device_expired : words.texts[code];
    var days = daysBetween(shown.day, article.dataset.validUntil);
    var usable = code === "valid" || code === "expiring";
    var set = function (selector, value) {
      article.querySelectorAll(selector).forEach(function (el) { el.textContent = value; });
    };
    set("[data-ocop-status-label]", text.label);
    set("[data-ocop-status-short]", counted(text.short, days).replace("{days}", days));
    set("[data-ocop-status-explain]", counted(text.explain, days).replace("{days}", days));
    article.querySelectorAll("[data-ocop-status-class]").forEach(function (el) {
      var base = el.dataset.ocopStatusClass;
      el.className = el.className.replace(new RegExp("\\b" + base + "--\\w+"), base + "--" + code);
    });
    article.querySelector(".ocop-alert").hidden = usable;
    article.querySelectorAll("[data-ocop-usable-only]").forEach(function (el) { el.hidden = !usable; });
    article.querySelectorAll("[data-ocop-unusable-only]").forEach(function (el) { el.hidden = usable; });
    article.dataset.status = code;
    performance.mark("ocop-status");  // the status as the reader sees it: bench/scan_bench.py times it
  }

  // The status chips of a list's cards, checked by the same rule: the build day and rules
  // are the page's (#ocop-chip-status, ui.status_check), each chip's dates its own.
  function updateChips(rules, today) {
    document.querySelectorAll(".ocop-chip[data-until]").forEach(function (chip) {
      var found = chip.className.match(/ocop-chip--(\w+)/), built = found && found[1];
      if (!(built in RANK)) return;
      var code = shownStatus(built, rules.as_of, today, chip.dataset.until, chip.dataset.revoked, rules.soon_days).code;
      if (code === built || !rules.labels[code]) return;
      chip.className = chip.className.replace("ocop-chip--" + built, "ocop-chip--" + code);
      chip.textContent = rules.labels[code];
    });
  }

  // first: ocop-browse.js needs it, whatever happens below
  window.ocopStatus = { statusOn: statusOn, shownStatus: shownStatus, daysBetween: daysBetween, counted: counted, today: function () { return isoDay(new Date()); } };
  var article = document.querySelector(".ocop-product[data-valid-until]");
  if (article) update(article, isoDay(new Date()));
  var chipRules = document.getElementById("ocop-chip-status");
  if (chipRules) updateChips(JSON.parse(chipRules.textContent), isoDay(new Date()));
})();
