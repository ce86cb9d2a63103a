// Offer the page in the reader's preferred language when it exists; never redirect.
(function () {
  "use strict";
  var offers = document.querySelectorAll("[data-ocop-offer]");
  var page = document.documentElement.lang.slice(0, 2);
  var preferred = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
  var available = [page];
  offers.forEach(function (el) { available.push(el.dataset.ocopOffer); });
  for (var i = 0; i < preferred.length; i++) {
    var lang = String(preferred[i]).slice(0, 2).toLowerCase();
    if (available.indexOf(lang) === -1) continue;  // a language we do not have: look further
    offers.forEach(function (el) { el.hidden = el.dataset.ocopOffer !== lang; });
    return;
  }
})();
