// The offline page: list the pages this device saved (the service worker's "ocop-pages"
// cache), newest first, each by its title and in its language.
(function () {
  "use strict";
  var list = document.getElementById("ocop-saved"), none = document.getElementById("ocop-saved-none");
  if (!window.caches) return;
  var skip = [list.dataset.browse, list.dataset.offline].map(function (href) { return new URL(href, document.baseURI).pathname; });
  caches.open("ocop-pages").then(function (cache) {
    return cache.keys().then(function (requests) {
      requests = requests.reverse().filter(function (r) { return skip.indexOf(new URL(r.url).pathname) < 0; });
      return Promise.all(requests.map(function (request) {
        return cache.match(request).then(function (response) { return response.text(); }).then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html"), title = doc.querySelector('meta[property="og:title"]');
          return { href: request.url, title: title ? title.content : doc.title, lang: doc.documentElement.lang };
        });
      }));
    });
  }).then(function (pages) {
    pages.forEach(function (page) {
      var item = document.createElement("li"), link = document.createElement("a");
      link.href = page.href;
      link.textContent = page.title;
      if (page.lang) link.lang = page.lang;
      item.appendChild(link);
      list.appendChild(item);
    });
    list.hidden = !pages.length;
    none.hidden = !!pages.length;
  });
})();
