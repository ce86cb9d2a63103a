// On the 404 page only: a GS1 Digital Link that a static host cannot resolve (/01/<GTIN-13>,
// /01/<GTIN-14>/10/<lot>, /en/01/…/21/<serial>?17=…) leads to its product's page, looked up
// in the small GTIN index. The same rule as generator/gs1.py.
(function () {
  "use strict";

  var script = document.currentScript;
  var PATTERN = /^01\/([0-9]{8}|[0-9]{12,14})(?:\/22\/([^\/]+))?(?:\/10\/([^\/]+))?(?:\/21\/([^\/]+))?\/?$/;

  function checkDigit(digits) {
    // GS1: weights 3, 1, 3, … from the right, not counting the check digit itself.
    var total = 0;
    for (var i = 0; i < digits.length; i++) total += +digits[digits.length - 1 - i] * (i % 2 === 0 ? 3 : 1);
    return (10 - total % 10) % 10;
  }

  function decodedLength(value) {
    try { return decodeURIComponent(value).length; } catch (e) { return Infinity; }
  }

  function gtinOf(path) {
    var match = PATTERN.exec(path);
    if (!match) return null;
    var gtin = match[1];
    if (checkDigit(gtin.slice(0, -1)) !== +gtin.slice(-1)) return null;
    for (var i = 2; i <= 4; i++) if (match[i] && decodedLength(match[i]) > 20) return null;
    return ("00000000000000" + gtin).slice(-14);
  }

  window.ocopGs1 = { gtinOf: gtinOf };
  var root = new URL(script.dataset.root, location.href).pathname;
  if (location.pathname.indexOf(root) !== 0) return;
  var rest = location.pathname.slice(root.length);
  var prefix = JSON.parse(script.dataset.prefixes).filter(function (p) { return p && rest.indexOf(p) === 0; })[0] || "";
  var gtin = gtinOf(rest.slice(prefix.length));
  if (!gtin) return;
  fetch(script.dataset.index).then(function (response) { return response.json(); }).then(function (index) {
    if (index[gtin]) {
      location.replace(root + prefix + "p/" + index[gtin] + "/");
      return;
    }
    var note = document.querySelector("[data-ocop-gs1-unknown]");
    note.textContent = note.textContent.replace("{gtin}", gtin);
    note.hidden = false;
  });
})();
