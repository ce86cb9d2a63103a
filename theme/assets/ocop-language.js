// Offer the page in the reader's preferred language when it exists; never redirect. To a
// browser that speaks none of the site's languages, offer the site's choice (data-ocop-offered,
// site_config.yml's offer), worded in the reader's language when the page carries those words
// (data-ocop-offer-for), else in the offered language's own.
(function () {
  "use strict";
  var pages = Array.prototype.slice.call(document.querySelectorAll("[data-ocop-offer]"));  // one per other language
  var worded = Array.prototype.slice.call(document.querySelectorAll("[data-ocop-offer-for]"));
  var page = document.documentElement.lang.slice(0, 2);
  var preferred = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
  var wanted = Array.prototype.map.call(preferred, function (lang) { return String(lang).slice(0, 2).toLowerCase(); });
  var available = [page].concat(pages.map(function (el) { return el.dataset.ocopOffer; }));
  var show = function (el) { if (el) el.hidden = false; };
  for (var i = 0; i < wanted.length; i++) {
    if (available.indexOf(wanted[i]) === -1) continue;  // a language we do not have: look further
    show(pages.filter(function (el) { return el.dataset.ocopOffer === wanted[i]; })[0]);
    return;
  }
  for (var j = 0; j < wanted.length; j++) {
    var words = worded.filter(function (el) { return el.dataset.ocopOfferFor === wanted[j]; })[0];
    if (words) { show(words); return; }
  }
  show(document.querySelector("[data-ocop-offered]"));
})();
