// Installs the catalogue's service worker (sw.js at the site's root, generator/offline.py):
// pages seen, the browse page and its data then work without a network. Only once the page
// has loaded and settled: installing saves some thirty files, which on a slow phone would
// compete with what a page still does after its load (the browse page fetches and draws its
// results); Lighthouse measured the browse page's blocking time at 270-540 ms with the
// worker registered at load, 40-100 ms without it.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  var root = document.currentScript.dataset.root;
  var SETTLE_MS = 5000;
  window.addEventListener("load", function () {
    setTimeout(function () {
      navigator.serviceWorker.register(root + "sw.js", { scope: root }).catch(function () {});  // the page works the same without it
    }, SETTLE_MS);
  });
})();
