// The browse page's first script: its data files and its search terms, shared with
// ocop-browse.js (window.ocopSearch). The page carries it inline in its head, after its
// settings (generator/page_script.py), so that a view in the address (a shared search) has
// its files on their way while the rest of the page is still arriving: the index, the
// columns it filters by, its terms' files, the area files of the places it names and the
// likeliest first results' cards.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("ocop-browse-config").textContent);
  var GUESSED = 8;  // results whose cards are asked for before the index (guessCards): a phone's first screen
  var FACETS = ["g", "a", "s", "st", "m", "std"];
  var files = {}, guessed = {};

  // The same steps as generator/text.py (search_fold, search_terms) and search.py (shard_of)
  var UNSPACED = "\u1100-\u11ff\u3005-\u3007\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff";
  var RUNS = new RegExp("[" + UNSPACED + "]+|[^" + UNSPACED + "]+", "g");
  var UNSPACED_START = new RegExp("^[" + UNSPACED + "]");

  function fold(text) {
    return text.normalize("NFKC").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d")
      .normalize("NFC").replace(/[^\p{L}\p{N}\p{M}]+/gu, " ").trim();
  }

  // Words, and Han, kana or Hangul as overlapping pairs of characters plus the last one alone
  function terms(text) {
    var out = [];
    fold(text).split(" ").forEach(function (word) {
      (word.match(RUNS) || []).forEach(function (run) {
        if (!UNSPACED_START.test(run)) { out.push(run); return; }
        for (var i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
        out.push(run.slice(-1));
      });
    });
    return out;
  }

  function shardOf(term) {
    if (/^[a-z0-9]{2}/.test(term)) return term.slice(0, 2);
    if (/^[a-z0-9]/.test(term)) return term[0];
    return "_" + (term.codePointAt(0) % 16).toString(16);
  }

  // The files of `keys` holding the terms that start with `term` (search.py: file_keys):
  // the longest key it starts with, and every key that starts with it
  function fileKeys(term, keys) {
    if (!/^[a-z0-9]/.test(term)) return keys.indexOf(shardOf(term)) >= 0 ? [shardOf(term)] : [];
    var longest = "";
    keys.forEach(function (k) { if (term.indexOf(k) === 0 && k.length > longest.length) longest = k; });
    return keys.filter(function (k) { return k === longest || k.indexOf(term) === 0; });
  }

  // Asked for by the visitor: before the photos on their way. `again`: past the browser's cache
  function getJSON(url, again) {
    return fetch(url, { priority: "high", cache: again ? "no-cache" : "default" }).then(function (r) {
      if (!r.ok) throw new Error(url);
      return r.json();
    });
  }

  // A data file, fetched once (`again`: anew); null when it cannot be had (offline, and not
  // saved on this device)
  function file(name, again) {
    if (!files[name] || again) {
      var asking = files[name] = getJSON(config.data + name, again).catch(function () {
        if (files[name] === asking) delete files[name];
        return null;
      });
    }
    return files[name];
  }

  function state() {
    var params = new URLSearchParams(location.search), s = { q: params.get("q") || "" };
    FACETS.forEach(function (f) { s[f] = params.get(f) || ""; });
    if (!s.st) s.st = "usable";  // by default, only products that may carry the label
    return s;
  }

  // A view as the query string the address holds for it: "" when nothing is asked
  function viewOf(s) {
    var params = new URLSearchParams();
    if (s.q) params.set("q", s.q);
    FACETS.forEach(function (f) { if (s[f] && !(f === "st" && s[f] === "usable")) params.set(f, s[f]); });
    return params.toString();
  }

  // The columns' files a view filters by
  function filteredBy(s) {
    return (s.a ? ["places.json"] : []).concat(s.g || s.m || s.std ? ["facets.json"] : []);
  }

  function wordScore(words, term, exact, prefix) {
    var best = 0;
    words.forEach(function (w) { if (w === term) best = exact; else if (!best && w.indexOf(term) === 0) best = prefix; });
    return best;
  }

  // A place's score for a term (search.py: place_scores); a single Latin letter names no place
  function placeScore(placeWords, term) {
    return /^[a-z0-9]$/.test(term) ? 0 : wordScore(placeWords, term, 4, 3);
  }

  // The terms of a query that are looked for (search.py: wanted_terms): not the common words,
  // but those of a place the query names whole ("Hội An"), and all when every one is common
  function wanted(query) {
    var all = terms(query), named = Object.create(null);
    config.lookup.places.forEach(function (name) {
      var words = terms(name);
      if (words.every(function (w) { return all.indexOf(w) >= 0; })) words.forEach(function (w) { named[w] = true; });
    });
    var looked = all.filter(function (t) { return config.lookup.common.indexOf(t) < 0 || named[t]; });
    return looked.length ? looked : all;
  }

  // Where a term's products are: its names files, then its words files (search.py: sources);
  // a single Latin letter or a common word is not looked for in stories
  function sources(term) {
    var storied = !/^[a-z0-9]$/.test(term) && config.lookup.common.indexOf(term) < 0;
    var kinds = storied ? [["names", 10, 7], ["words", 2, 1]] : [["names", 10, 7]];
    return kinds.map(function (s) {
      return { files: fileKeys(term, config.lookup[s[0]]).map(function (k) { return s[0] + "-" + k + ".json"; }), exact: s[1], prefix: s[2] };
    });
  }

  // The best score of each product for `term` in its sources' files (source.contents), into
  // `best` (by product number); a file that is null (offline, not saved on this device) finds
  // nothing: the others still do
  function found(term, sources, best) {
    sources.forEach(function (source) {
      source.contents.forEach(function (entries) {
        Object.keys(entries || {}).forEach(function (word) {
          if (word.indexOf(term) !== 0) return;
          var i = 0, score = word === term ? source.exact : source.prefix;  // product numbers are stored as gaps
          entries[word].forEach(function (gap) { i += gap; best[i] = Math.max(best[i] || 0, score); });
        });
      });
    });
  }

  // While the index is on its way, the cards files of the likeliest first results: those whose
  // names or stories hold every term, best first, in the lists' order (a name outranks a place).
  // The index (statuses, places) may order them otherwise: a wrong guess costs a small file, a
  // right one the round trip after the index. The files are checked against its build when used.
  // A first guess from the names' files alone (smaller, so in sooner, and a name outranks a
  // story), a second from every file: a cards file asked for by both is asked for once.
  function guessCards(wanted, bySources) {
    guessFrom(wanted, bySources.map(function (list) { return list.slice(0, 1); }));
    guessFrom(wanted, bySources);
  }

  function guessFrom(wanted, bySources) {
    Promise.all(bySources.map(function (list) {
      return Promise.all(list.map(function (source) { return Promise.all(source.files.map(file)); }));
    })).then(function (byTerm) {
      var total = null;
      wanted.forEach(function (term, t) {
        var best = {};
        found(term, bySources[t].map(function (source, k) { return { contents: byTerm[t][k], exact: source.exact, prefix: source.prefix }; }), best);
        total = total ? Object.keys(total).reduce(function (both, n) { if (best[n]) both[n] = total[n] + best[n]; return both; }, {}) : best;
      });
      var likeliest = Object.keys(total || {}).map(Number).sort(function (x, y) { return total[y] - total[x] || x - y; });
      likeliest.slice(0, GUESSED).forEach(function (n) { file("cards-" + Math.floor(n / config.lookup.cards) + ".json"); });
    });
  }

  // A query's terms (wanted) and their sources, their files on their way (again after a
  // failure): the area files of the places a term names too (the page's names say which before
  // the index), and while the index is not in (`guess`), once a query, the likeliest results'
  // cards. null when the query has no term to look for.
  function ask(query, guess) {
    var looked = wanted(query);
    if (!looked.length) return null;
    var bySources = looked.map(sources);
    [0, 1].forEach(function (k) {  // every term's names files first: the first guess waits for those only
      bySources.forEach(function (list) { if (list[k]) list[k].files.forEach(file); });
    });
    config.lookup.places.forEach(function (name, area) {
      if (looked.some(function (term) { return placeScore(terms(name), term); })) file("area-" + area + ".json");
    });
    if (guess && !guessed[query]) {
      guessed[query] = true;
      guessCards(looked, bySources);
    }
    return { wanted: looked, bySources: bySources };
  }

  window.ocopSearch = {
    config: config, FACETS: FACETS, terms: terms, files: files, file: file, state: state, viewOf: viewOf,
    filteredBy: filteredBy, placeScore: placeScore, found: found, ask: ask
  };

  // The page comes with its own view ("": nothing asked, render.browse_page); another in the
  // address needs the data. A page saved by a build before the page held the lookup waits
  // for ocop-browse.js, which takes it from the index.
  var s = state();
  if (viewOf(s) && config.lookup && config.lookup.places) {
    file("index.json");
    filteredBy(s).forEach(file);
    ask(s.q, true);
  }
  if (window.ocopSearchReady) window.ocopSearchReady();  // ocop-browse.js ran first, and waits (ocop-browse.js: start)
})();
