// Offer the page in the reader's preferred language when it exists; never redirect. To a
// browser that speaks none of the site's languages, offer the site's choice (data-ocop-offered,
// site_config.yml's offer), worded in the reader's language when the page carries those words
// (data-ocop-offer-for), else in the offered language's own.
(function () {
  "use strict";
  var offers = Array.prototype.slice.call(document.querySelectorAll("[data-ocop-offer]"));
  var page = document.documentElement.lang.slice(0, 2);
  var preferred = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
  var wanted = Array.prototype.map.call(preferred, function (lang) { return String(lang).slice(0, 2).toLowerCase(); });
  var pages = offers.filter(function (el) { return !el.dataset.ocopOfferFor; });  // one per other language of the site
  var available = [page].concat(pages.map(function (el) { return el.dataset.ocopOffer; }));
  var show = function (el) { if (el) el.hidden = false; };
  for (var i = 0; i < wanted.length; i++) {
    if (available.indexOf(wanted[i]) === -1) continue;  // a language we do not have: look further
    show(pages.filter(function (el) { return el.dataset.ocopOffer === wanted[i]; })[0]);
    return;
  }
  for (var j = 0; j < wanted.length; j++) {
    var worded = offers.filter(function (el) { return el.dataset.ocopOfferFor === wanted[j]; })[0];
    if (worded) { show(worded); return; }
  }
  show(document.querySelector("[data-ocop-offered]"));
})();
