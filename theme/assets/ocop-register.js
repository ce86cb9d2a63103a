// Installs the catalogue's service worker (sw.js at the site's root, generator/offline.py):
// pages seen, the browse page and its data then work without a network. Once the page has
// loaded, so that it never competes with the page itself.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  var root = document.currentScript.dataset.root;
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(root + "sw.js", { scope: root }).catch(function () {});  // the page works the same without it
  });
})();
