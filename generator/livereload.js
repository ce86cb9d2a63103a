// ocop serve: reload the page when the site has been rebuilt. A file, not an inline script,
// so that the pages' Content-Security-Policy (script-src 'self') lets it run.
(function () {
  var src = new URL(document.currentScript.src);
  var epoch = src.searchParams.get("epoch");
  var poll = function () {
    var req = new XMLHttpRequest();
    req.onloadend = function () {
      if (parseFloat(this.responseText) > epoch) {
        location.reload();
      } else {
        setTimeout(poll, this.status === 200 ? 0 : 3000);
      }
    };
    req.open("GET", "/livereload/" + epoch + "/" + Date.now());
    req.send();
  };
  window.addEventListener("load", poll);
})();
