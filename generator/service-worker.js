// The catalogue offline (generator/offline.py writes this file as sw.js, its settings in
// self.OCOP on the line above). Only this site's own requests are answered; any other goes
// to the network untouched and is never stored.
//
// - Pages: the network first, so that a shopper online always sees today's status; offline,
//   the copy saved when the page was last loaded (it says "Information as of <date>"), else
//   the language's offline page, which lists what the device has.
// - The browse index (data/): the network first too (it carries revocations), else the copy;
//   a new one drops the browse files saved with the last (they number products its way).
// - Styles, scripts, icons, the browse files of columns, names, words, areas and cards: the
//   saved copy first, refreshed in the background. Pages name styles and scripts with their
//   digest, so a new build's page never gets the last build's; offline, a saved page of the
//   last build gets this build's (anotherBuilds).
// - Photos: saved when shown, at most MAX_IMAGES of them.
//
// Caches: "ocop-<version>" holds what a build needs offline and is replaced by the next
// build's; "ocop-pages" and "ocop-images" keep what the reader saw across builds.
"use strict";

var SITE = new URL("./", self.location).href;  // the site's root: where sw.js is
var FILES = "ocop-" + self.OCOP.version, PAGES = "ocop-pages", IMAGES = "ocop-images";
var MAX_PAGES = 200, MAX_IMAGES = 60;
var LANGUAGES = self.OCOP.languages.slice().sort(function (a, b) { return b.prefix.length - a.prefix.length; });
var wordsSaved = {};  // languages whose word files this worker has saved

function url(path) { return new URL(path, SITE).href; }

function language(href) {  // the language of a page of the site: its longest matching prefix
  var path = href.slice(SITE.length);
  for (var i = 0; i < LANGUAGES.length; i++) if (path.indexOf(LANGUAGES[i].prefix) === 0) return LANGUAGES[i];
  return LANGUAGES[LANGUAGES.length - 1];
}

function saveWords(lang) {
  if (wordsSaved[lang.prefix]) return Promise.resolve();
  wordsSaved[lang.prefix] = true;
  return caches.open(FILES).then(function (cache) {
    return Promise.all(lang.words.map(function (path) {
      return cache.match(url(path)).then(function (hit) { return hit || cache.add(url(path)); });
    }));
  }).catch(function () { wordsSaved[lang.prefix] = false; });  // offline: the next page tries again
}

function trim(cache, max) {  // the oldest entries go first
  return cache.keys().then(function (keys) {
    return Promise.all(keys.slice(0, Math.max(keys.length - max, 0)).map(function (key) { return cache.delete(key); }));
  });
}

function isPage(response) {
  return response.ok && response.type === "basic" && !response.redirected && (response.headers.get("Content-Type") || "").indexOf("text/html") === 0;
}

function savePage(request, response) {
  return caches.open(PAGES).then(function (cache) {
    return cache.delete(request, { ignoreSearch: true })  // the newest copy goes last
      .then(function () { return cache.put(request, response); })
      .then(function () { return trim(cache, MAX_PAGES); });
  });
}

// The offline page of the request's language, its links resolved from its own address.
function offlinePage(href) {
  var page = url(language(href).offline);
  return caches.match(page).then(function (response) {
    if (!response) return Response.error();
    return response.text().then(function (html) {
      html = html.replace("<head>", '<head><base href="' + page + '">');
      return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8" } });
    });
  });
}

function page(event) {
  var request = event.request;
  event.waitUntil(saveWords(language(request.url)));
  return fetch(request).then(function (response) {
    if (isPage(response)) event.waitUntil(savePage(request, response.clone()));
    return response;
  }, function () {
    return caches.open(PAGES)
      .then(function (cache) { return cache.match(request, { ignoreSearch: true }); })  // ?q=… is the browse page's state
      .then(function (saved) { return saved || caches.match(request, { ignoreSearch: true, cacheName: FILES }); })
      .then(function (saved) { return saved || offlinePage(request.url); });
  });
}

// The browse index, the network first. A new build's numbers the products afresh: when it
// differs from the saved one, the names, words, areas and cards files saved with that one are
// dropped before the page has it, so a result never shows another product's name: the page
// asks again for any browse file whose stamp is not its index's (ocop-browse.js: current),
// such as one answered from the saved copies while the index was on its way.
function browseIndex(event) {
  var request = event.request, folder = request.url.slice(0, request.url.lastIndexOf("/") + 1);
  return caches.open(FILES).then(function (cache) {
    return fetch(request).then(function (response) {
      if (!response.ok) return response;
      return Promise.all([cache.match(request), response.clone().text()]).then(function (found) {
        return found[0] ? found[0].text().then(function (saved) { return saved === found[1] ? "same" : "new"; }) : "first";
      }).then(function (index) {
        if (index === "same") return null;
        var old = index === "new" ? cache.keys().then(function (keys) {
          return Promise.all(keys.filter(function (key) { return key.url.indexOf(folder) === 0; }).map(function (key) { return cache.delete(key); }));
        }) : Promise.resolve();
        return old.then(function () { return cache.put(request, response.clone()); });
      }).then(function () { return response; });
    }, function () {
      return cache.match(request).then(function (saved) { return saved || Response.error(); });
    });
  });
}

function cacheFirst(event, cacheName, max, revalidate) {
  return caches.open(cacheName).then(function (cache) {
    return caches.match(event.request).then(function (saved) {  // in any of our caches
      var fresh = fetch(event.request).then(function (response) {
        if (!response.ok) return response;
        return cache.put(event.request, response.clone()).then(function () { return max ? trim(cache, max) : null; })
          .then(function () { return response; });
      });
      if (!saved) return fresh.catch(function () { return anotherBuilds(event.request); });
      if (revalidate) event.waitUntil(fresh.catch(function () {}));
      return saved;
    });
  });
}

// Offline, a script or stylesheet asked for by another build's digest (engine.asset_urls): a
// page saved before a deploy names the last build's, whose cache this build's worker replaced.
// This build's copy of the same file serves it, as it did before URLs carried digests.
function anotherBuilds(request) {
  return caches.match(request, { ignoreSearch: true, cacheName: FILES }).then(function (saved) { return saved || Response.error(); });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(FILES)
    .then(function (cache) {  // asking the host, not the browser's cache, which may hold the last build's
      return cache.addAll(self.OCOP.shell.map(function (path) { return new Request(url(path), { cache: "no-cache" }); }));
    })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("ocop-") === 0 && name !== FILES && name !== PAGES && name !== IMAGES;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }).then(function () {
    // The page that installed the worker loaded before it: save it, and its language's words.
    return self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
      return Promise.all(windows.map(function (client) {
        if (client.url.indexOf(SITE) !== 0) return null;
        var request = new Request(client.url);
        return Promise.all([saveWords(language(client.url)), fetch(request).then(function (response) {
          return isPage(response) ? savePage(request, response) : null;
        })]);
      }));
    }).catch(function () {});
  }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.url.indexOf(SITE) !== 0) return;  // not ours: the browser's business
  var path = request.url.slice(SITE.length);
  if (request.mode === "navigate") event.respondWith(page(event));
  else if (path.indexOf("data/search/") === 0 && /\/index\.json$/.test(path)) event.respondWith(browseIndex(event));
  else if (request.destination === "image") event.respondWith(cacheFirst(event, IMAGES, MAX_IMAGES, false));
  else if (/^(style|script|font|manifest)$/.test(request.destination) || path.indexOf("data/search/") === 0) {
    event.respondWith(cacheFirst(event, FILES, 0, true));
  }
});
