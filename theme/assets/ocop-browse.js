// The browse page: search that forgives missing accents, and facets that combine. The
// state lives in the URL (?q=&g=&a=&s=&st=&m=&std=), so a view can be shared and the back
// button works. Data (generator/search.py): data/search/<lang>/index.json, what every view
// filters and sorts by (stars, dates); places.json and facets.json, the other columns, when a
// filter needs them and for the filters' counts once the results are drawn; the
// names-<key>.json and words-<key>.json files of the query's terms and the area-<n>.json files
// of the places it names (their keys are in the page: asked for beside the index); the
// cards-<n>.json files of the results on screen, drawn in order as they come. Ranking: name >
// place > story. The page comes with its first view drawn (nothing asked: render.browse_page);
// the data is fetched when the visitor searches, filters or asks for more, or when the address
// asks for a view (then ocop-search.js, the page's first script, has it on its way already).
(function start() {
  "use strict";
  // ocop-search.js has not run: the page links it after this script (a catalogue's own theme),
  // a host's policy refused its inline copy (a Content-Security-Policy header that does not
  // allow it), or the page was saved on this device by a build before it had one. This script
  // runs again once it has; the file is asked for if the page does not link it.
  if (!window.ocopSearch) {
    window.ocopSearchReady = start;
    if (!document.querySelector("script[src*='ocop-search.js']")) {
      var inline = document.querySelector("script[data-src*='ocop-search.js']"), linked = document.createElement("script");
      linked.src = inline ? inline.getAttribute("data-src") : document.currentScript.src.replace(/ocop-browse\.js(\?.*)?$/, "ocop-search.js");
      document.head.appendChild(linked);
    }
    return;
  }
  var search = window.ocopSearch, config = search.config, files = search.files, file = search.file, terms = search.terms;
  var state = search.state, viewOf = search.viewOf, filteredBy = search.filteredBy, placeScore = search.placeScore, found = search.found;
  var form = document.getElementById("ocop-browse");
  var list = document.getElementById("ocop-results");
  var count = document.getElementById("ocop-count");
  var more = document.getElementById("ocop-more");
  var toggle = document.getElementById("ocop-filters-button");
  var PAGE = 48;  // render.FIRST_RESULTS: the page itself holds the first 48 when nothing is asked
  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var STAMP_CHARACTERS = 8;  // search.STAMP_CHARACTERS: of each stamp in the index
  var FACETS = search.FACETS;
  var index, products, loading = null, merged = {}, shown = PAGE, typing = null, renderId = 0;
  var drawn = new WeakSet();  // the cards this script drew (trim)
  var uncounted = null;  // the view drawn whose filters are not counted yet (counted)

  // A column of the products: numbers of `width` digits of base 64 (search.py: column)
  function readColumn(data) {
    var width = data[0], text = data[1], out = [];
    for (var k = 0; k < text.length; k += width) {
      var value = 0;
      for (var i = 0; i < width; i++) value = value * 64 + DIGITS.indexOf(text[k + i]);
      out.push(value);
    }
    return out;
  }

  // The stamp a file of the index's build carries: its group's (search.py: stamps, stamp_of)
  function stamp(name) {
    var kind = name.split(/[-.]/)[0], stamps = (index.stamps || {})[kind] || "", h = 0;
    for (var i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) % 65521;
    var group = h % Math.max(1, stamps.length / STAMP_CHARACTERS);
    return stamps.slice(group * STAMP_CHARACTERS, (group + 1) * STAMP_CHARACTERS);
  }

  // A file of the index's build (its stamp is the index's for it). One of an earlier build
  // (saved on this device, answered while the new index was on its way) is asked for again,
  // once for all who wait for it; if that is still another build's, the file cannot be had.
  function current(name) {
    var asked = file(name);
    return asked.then(function (content) {
      if (!content || content["#"] === stamp(name)) return content;
      var again = files[name] && files[name] !== asked ? files[name] : file(name, true);
      return again.then(function (content) { return content && content["#"] === stamp(name) ? content : null; });
    });
  }

  // The product with its id, name, photo and place, from its cards file (without them when the
  // file cannot be had)
  function withCard(p) {
    if (p.id) return Promise.resolve(p);
    var k = Math.floor(p.n / index.cards);
    return current("cards-" + k + ".json").then(function (content) {
      (content ? content.cards : []).forEach(function (row, i) {
        var q = products[k * index.cards + i];
        q.id = row[0]; q.name = row[1]; q.image = row[2]; q.areaName = index.areas[row[3]][1];
      });
      return p;
    });
  }

  function withCards(list) {
    return Promise.all(list.map(withCard)).then(function () { return list.filter(function (p) { return p.id; }); });
  }

  function setState(s, push) {
    var view = viewOf(s), url = location.pathname + (view ? "?" + view : "");
    if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
  }

  function readForm() {
    var s = { q: form.elements.q.value };
    FACETS.forEach(function (f) { s[f] = form.elements[f].value; });
    return s;
  }

  // The index, fetched once (again after a failure: the network may be back)
  function ready() {
    if (!loading) {
      loading = file("index.json").then(function (data) {
        if (!data) throw new Error("index.json");  // offline, and not saved on this device
        load(data);
      }).catch(function (error) { loading = null; throw error; });
    }
    return loading;
  }

  // Every product from the index's columns; its id, name and photo come with its cards file, its
  // place, group, shops and standards with the columns' files
  function load(data) {
    index = data;
    // the device's day, but never one before the build's (a wrong clock must not make an
    // expired certificate valid again): ocop-status.js's rule. The later of the data's build
    // day and the page's: an index saved on the device before it carried one has none.
    var today = window.ocopStatus.today(), c = read(data.products), rules = document.getElementById("ocop-chip-status");
    var built = [data.as_of || "", rules ? JSON.parse(rules.textContent).as_of : ""].sort()[1];
    if (today < built) today = built;
    products = c.stars.map(function (stars, n) {
      var status = window.ocopStatus.statusOn(today, data.dates[c.valid_until[n]], data.dates[c.revoked_on[n]], data.soon_days);
      return { n: n, stars: stars, status: status, usable: status === "valid" || status === "expiring" };
    });
  }

  function read(columns) {
    var c = {};
    Object.keys(columns).forEach(function (field) { c[field] = readColumn(columns[field]); });
    return c;
  }

  // The columns of a file beside the index (places.json, facets.json) on every product, once
  function columns(name) {
    if (!merged[name]) {
      merged[name] = ready().then(function () { return current(name); }).then(function (content) {
        if (!content) throw new Error(name);  // offline, and not saved on this device
        var c = read(content.products);
        products.forEach(function (p, n) {
          if (c.area) p.area = index.areas[c.area[n]][0];
          if (c.subgroup) { p.sub = index.subgroups[c.subgroup[n]]; p.group = p.sub.split(".")[0]; }
          if (c.markets) { p.markets = c.markets[n]; p.standards = c.standards[n]; }
        });
      }).catch(function (error) { delete merged[name]; throw error; });
    }
    return merged[name];
  }

  function passes(p, s, skip) {
    if (skip !== "g" && s.g && (s.g.indexOf(".") > 0 ? p.sub !== s.g : p.group !== s.g)) return false;
    if (skip !== "a" && s.a && p.area !== s.a) return false;
    if (skip !== "s" && s.s && String(p.stars) !== s.s) return false;
    if (skip !== "st" && s.st !== "all" && (s.st === "usable" ? !p.usable : p.status !== s.st)) return false;
    if (skip !== "m" && s.m && !(p.markets & (1 << indexOf(index.markets, s.m)))) return false;
    if (skip !== "std" && s.std && !(p.standards & (1 << indexOf(index.standards, s.std)))) return false;
    return true;
  }

  function indexOf(pairs, id) {
    for (var i = 0; i < pairs.length; i++) if (pairs[i][0] === id) return i;
    return 31;
  }

  // Scores for a query (null when there is none), once the index is in: every word must match
  // somewhere. Its terms' files (and its places' area files) are asked for at once, beside the index.
  function scores(query) {
    if (!config.lookup || !config.lookup.places) {  // a page saved on this device by a build before the page held them: the index's
      return ready().then(function () {
        config.lookup = { names: index.names, words: index.words, common: index.common, places: index.areas.map(function (a) { return a[1]; }), cards: index.cards };
        return scores(query);
      });
    }
    var asked = search.ask(query, !index);  // its files on their way now, beside the index
    if (!asked) return ready().then(function () { return null; });
    var wanted = asked.wanted, bySources = asked.bySources;
    return ready().then(function () {
      return Promise.all(bySources.map(function (list) {
        return Promise.all(list.map(function (source) {
          return Promise.all(source.files.map(current)).then(function (contents) { source.contents = contents; return source; });
        }));
      }));
    }).then(function (byTerm) {
      // the places' scores, and their products, in the index's numbering (a page saved on this
      // device may be of another build); a place's file that cannot be had finds nothing
      var places = wanted.map(function (term) {
        return index.areas.map(function (area) { return placeScore(terms(area[1]), term); });
      });
      var named = index.areas.map(function (area, a) { return places.some(function (place) { return place[a]; }); });
      return Promise.all(named.map(function (is, a) { return is ? current("area-" + a + ".json") : null; })).then(function (inArea) {
        var total = products.map(function () { return 0; });
        wanted.forEach(function (term, t) {
          var best = products.map(function () { return 0; });
          inArea.forEach(function (content, a) {
            var n = 0;  // product numbers are stored as gaps
            if (content && places[t][a]) content.products.forEach(function (gap) { n += gap; best[n] = places[t][a]; });
          });
          found(term, byTerm[t], best);
          total = total.map(function (sum, i) { return sum < 0 || !best[i] ? -1 : sum + best[i]; });
        });
        return total.map(function (sum) { return Math.max(sum, 0); });
      });
    });
  }

  function option(select, value, label, n, current) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = n === null ? label : label + " (" + n + ")";
    o.selected = value === current;
    select.appendChild(o);
  }

  function fillFacets(s, found) {
    function counter(facet, test) {
      return found.filter(function (p) { return passes(p, s, facet) && test(p); }).length;
    }
    var g = form.elements.g, a = form.elements.a, st = form.elements.st, stars = form.elements.s, m = form.elements.m, std = form.elements.std;
    [g, a, st, stars, m, std].forEach(function (el) { el.textContent = ""; });
    option(g, "", config.t.any, null, s.g);
    index.groups.forEach(function (group) {
      option(g, group[0], group[1], counter("g", function (p) { return p.group === group[0]; }), s.g);
      group[2].forEach(function (sub) {
        option(g, sub[0], "\u00a0\u00a0" + sub[1], counter("g", function (p) { return p.sub === sub[0]; }), s.g);
      });
    });
    option(a, "", config.t.any, null, s.a);
    index.areas.forEach(function (area) { option(a, area[0], area[1], counter("a", function (p) { return p.area === area[0]; }), s.a); });
    option(stars, "", config.t.any, null, s.s);
    [5, 4, 3].forEach(function (n) {
      option(stars, String(n), config.t.stars_page_title.replace("{n}", n), counter("s", function (p) { return p.stars === n; }), s.s);
    });
    option(st, "usable", config.t.status_usable, counter("st", function (p) { return p.usable; }), s.st);
    option(st, "all", config.t.status_any, counter("st", function () { return true; }), s.st);
    ["expiring", "expired", "revoked"].forEach(function (code) {
      option(st, code, config.t.status[code], counter("st", function (p) { return p.status === code; }), s.st);
    });
    option(m, "", config.t.any, null, s.m);
    index.markets.forEach(function (mk, i) { option(m, mk[0], mk[1], counter("m", function (p) { return p.markets & (1 << i); }), s.m); });
    option(std, "", config.t.any, null, s.std);
    index.standards.forEach(function (sd, i) { option(std, sd[0], sd[1], counter("std", function (p) { return p.standards & (1 << i); }), s.std); });
  }

  // The filters are shown: beside the results on a wide screen, or opened by their button
  function filtersShown() {
    return !toggle.offsetParent || toggle.getAttribute("aria-expanded") === "true";
  }

  // The filters' counts of a view drawn. They need every column (places.json and facets.json:
  // 35 KB at 20,000 products), so a phone with its filters closed fetches them only when the
  // filters are opened.
  function counted(view) {
    uncounted = view;
    if (!filtersShown()) return Promise.resolve();
    return Promise.all([columns("places.json"), columns("facets.json")]).then(function () {
      if (uncounted !== view || view.id !== renderId) return;
      fillFacets(view.s, view.found);
      uncounted = null;
    }, function () {});  // offline, and not saved on this device: the counts stay as they were
  }

  function countWhenShown() {
    if (uncounted && filtersShown()) counted(uncounted);
  }

  function card(p) {
    var li = document.createElement("li"), a = document.createElement("a"), name = document.createElement("span");
    li.className = "ocop-card";
    a.className = "ocop-card__link";
    a.href = config.lang_root + "p/" + p.id + "/";
    if (p.image) {
      var img = document.createElement("img");
      img.className = "ocop-card__img";
      img.src = config.root + "img/" + p.image + ".webp";
      img.alt = "";
      img.loading = "lazy";
      a.appendChild(img);
    } else {
      var none = document.createElement("span");
      none.className = "ocop-card__img ocop-card__img--none";
      a.appendChild(none);
    }
    name.className = "ocop-card__name";
    name.textContent = p.name;
    a.appendChild(name);
    li.appendChild(a);
    var meta = document.createElement("span"), chip = document.createElement("span"), area = document.createElement("span");
    meta.className = "ocop-card__meta";
    meta.appendChild(document.getElementById("ocop-stars-" + p.stars).content.cloneNode(true));
    chip.className = "ocop-chip ocop-chip--" + p.status;
    chip.textContent = config.t.status[p.status];
    meta.appendChild(document.createTextNode(" "));
    meta.appendChild(chip);
    area.className = "ocop-card__area";
    area.textContent = p.areaName;
    li.appendChild(meta);
    li.appendChild(area);
    drawn.add(li);
    return li;
  }

  function shows(li, p) {
    return li.querySelector("a").getAttribute("href") === config.lang_root + "p/" + p.id + "/"
      && li.querySelector(".ocop-chip").className === "ocop-chip ocop-chip--" + p.status;
  }

  function cut(k) {
    while (list.children.length > k) list.removeChild(list.lastChild);
  }

  // The card at position k of the list: the one there is kept when it shows the same (the page's
  // own first results, or the view before), else it and those after it give way
  function place(k, p) {
    var old = list.children[k];
    if (old && shows(old, p)) return;
    cut(k);
    list.appendChild(card(p));
  }

  // The cards of the view before that a new view cannot keep go at once, not as its own come in
  // (they would stand under its count meanwhile): past its results, or from the first that
  // another product's will replace. A card this script drew shows a product whose cards file is
  // in, so a result whose file is not cannot be it; a card the page came with waits for its
  // result's file.
  function trim(results) {
    for (var k = 0; k < list.children.length; k++) {
      var p = results[k], old = list.children[k];
      if (!p || (p.id ? !shows(old, p) : drawn.has(old))) return cut(k);
    }
  }

  // The view in the address, drawn once the data is in; the list is busy until its last card
  function show() {
    list.setAttribute("aria-busy", "true");
    form.elements.q.value = state().q;
    var id;
    return Promise.resolve().then(function () { id = renderId + 1; return render(); }).catch(function () {  // offline, and the index not saved on this device
      if (id !== renderId) return;  // a newer view is being drawn
      form.hidden = true;
      if (list.dataset.view !== viewOf(state())) {  // not the view asked for: the groups' lists instead
        list.hidden = more.hidden = true;
        count.textContent = "";
        document.getElementById("ocop-all").hidden = false;
      }
      list.removeAttribute("aria-busy");
    });
  }

  function render() {
    var s = state(), id = ++renderId;
    return Promise.all([scores(s.q)].concat(filteredBy(s).map(columns))).then(function (got) {
      var score = got[0];
      if (id !== renderId) return;  // a newer query is on its way
      var found = products.filter(function (p) { return !score || score[p.n] > 0; });
      var rank = function (p) { return score ? score[p.n] : 0; };
      var hits = found.filter(function (p) { return passes(p, s, null); });
      // products are numbered in the lists' order (by name within a star level)
      hits.sort(function (x, y) { return rank(y) - rank(x) || (y.usable - x.usable) || (y.stars - x.stars) || x.n - y.n; });
      var set = FACETS.filter(function (f) { return f === "st" ? s.st !== "usable" : s[f]; }).length;
      toggle.textContent = set ? config.t.filters_set.replace("{n}", set) : config.t.filters;
      // the language switch (and the offer of another language) opens the same view
      document.querySelectorAll("a[hreflang]").forEach(function (a) { a.search = location.search; });
      count.textContent = window.ocopStatus.counted(config.t.results, hits.length).replace("{n}", hits.length);
      FACETS.forEach(function (f) { form.elements[f].value = s[f]; });  // their counts come later (counted)
      // each card drawn as soon as it and those before it are in: the first screen comes with
      // the first cards files (asked for in the results' order), not after the last. The
      // filters are counted after the cards.
      trim(hits.slice(0, shown));
      var drawnCards = 0, onScreen = hits.slice(0, shown).map(withCard);
      return onScreen.reduce(function (before, arriving) {
        return before.then(function () { return arriving; }).then(function (p) {
          if (id !== renderId || !p.id) return;  // a newer view; a cards file that cannot be had
          place(drawnCards++, p);
          list.dataset.view = viewOf(s);
        });
      }, Promise.resolve()).then(function () {
        if (id !== renderId) return;
        cut(drawnCards);
        more.hidden = hits.length <= shown;
        list.dataset.view = viewOf(s);
        return counted({ id: id, s: s, found: found });
      }).then(function () {
        if (id === renderId) list.removeAttribute("aria-busy");
      });
    });
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "q") return;
    shown = PAGE;
    setState(readForm(), true);
    show();
  });
  form.addEventListener("input", function (event) {
    if (event.target.name !== "q") return;
    shown = PAGE;
    setState(readForm(), !typing);  // one history entry per burst of typing
    clearTimeout(typing);
    typing = setTimeout(function () { typing = null; }, 800);
    show();
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function (event) {
    event.preventDefault();
    setState({ q: "", st: "usable" }, true);
    show();
  });
  // On a phone the filters are behind the button: a disclosure, Escape closes it again
  function openFilters(open) {
    toggle.setAttribute("aria-expanded", String(open));
    form.classList.toggle("ocop-browse--open", open);
    countWhenShown();
  }
  window.addEventListener("resize", countWhenShown);  // a phone turned: the filters beside the results
  toggle.addEventListener("click", function () { openFilters(toggle.getAttribute("aria-expanded") !== "true"); });
  document.getElementById("ocop-filters").addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || toggle.getAttribute("aria-expanded") !== "true" || !toggle.offsetParent) return;
    openFilters(false);
    toggle.focus();
  });
  more.addEventListener("click", function () { shown += PAGE; show(); });
  window.addEventListener("popstate", function () { shown = PAGE; show(); });
  // a visitor about to search or filter: the index starts on its way
  form.addEventListener("focusin", function () { ready().catch(function () {}); });

  // for tests: the same terms and scores as generator/text.py and search.py
  window.ocopTerms = terms;
  window.ocopScores = function (query) {
    return ready().then(function () { return scores(query); }).then(function (score) {
      return withCards(products.filter(function (p) { return score && score[p.n] > 0; })).then(function (hits) {
        var found = {};
        hits.forEach(function (p) { found[p.id] = score[p.n]; });
        return found;
      });
    });
  };
  if (viewOf(state()) !== list.dataset.view) {  // the address asks for another view than the page's
    // not those results: their photos stopped (they would slow the data down), the list kept
    // in its place, empty, until the results are in
    list.querySelectorAll("img").forEach(function (img) { img.removeAttribute("src"); });
    list.textContent = "";
    more.hidden = true;
    count.textContent = config.t.loading;
    show();
  }
})();
