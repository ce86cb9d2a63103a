// The browse page: search that forgives missing accents, and facets that combine. The
// state lives in the URL (?q=&g=&a=&s=&st=&m=&std=), so a view can be shared and the back
// button works. Data: data/search/<lang>/index.json, and for words of stories, the small
// words-<first two letters>.json files a query needs. Ranking: name > place > story.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("ocop-browse-config").textContent);
  var form = document.getElementById("ocop-browse");
  var list = document.getElementById("ocop-results");
  var count = document.getElementById("ocop-count");
  var more = document.getElementById("ocop-more");
  var toggle = document.getElementById("ocop-filters-button");
  var PAGE = 48;
  var FACETS = ["g", "a", "s", "st", "m", "std"];
  var collator = new Intl.Collator(config.lang);  // Vietnamese order on the Vietnamese page
  var index, products, shards = {}, shown = PAGE, typing = null, renderId = 0;

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
    if (/^[a-z0-9]$/.test(term)) return null;
    return "_" + (term.codePointAt(0) % 16).toString(16);
  }

  function getJSON(url) {
    return fetch(url).then(function (r) { if (!r.ok) throw new Error(url); return r.json(); });
  }

  function state() {
    var params = new URLSearchParams(location.search), s = { q: params.get("q") || "" };
    FACETS.forEach(function (f) { s[f] = params.get(f) || ""; });
    if (!s.st) s.st = "usable";  // by default, only products that may carry the label
    return s;
  }

  function setState(s, push) {
    var params = new URLSearchParams();
    if (s.q) params.set("q", s.q);
    FACETS.forEach(function (f) { if (s[f] && !(f === "st" && s[f] === "usable")) params.set(f, s[f]); });
    var url = location.pathname + (params.toString() ? "?" + params : "");
    if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
  }

  function readForm() {
    var s = { q: form.elements.q.value };
    FACETS.forEach(function (f) { s[f] = form.elements[f].value; });
    return s;
  }

  function load(data) {
    index = data;
    var today = window.ocopStatus.today();
    products = data.products.map(function (row, n) {
      var sub = data.subgroups[row[2]], status = window.ocopStatus.statusOn(today, row[5], row[6], data.soon_days);
      return {
        n: n, id: row[0], name: row[1], nameWords: terms(row[1]), sub: sub, group: sub.split(".")[0],
        area: data.areas[row[3]][0], areaWords: terms(data.areas[row[3]][1]), areaName: data.areas[row[3]][1],
        stars: row[4], status: status, usable: status === "valid" || status === "expiring",
        markets: row[7], standards: row[8], image: row[9]
      };
    });
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

  function wordScore(words, term, exact, prefix) {
    var best = 0;
    words.forEach(function (w) { if (w === term) best = exact; else if (!best && w.indexOf(term) === 0) best = prefix; });
    return best;
  }

  // Scores for a query (null when there is none): every word must match somewhere.
  function scores(query) {
    var wanted = terms(query).filter(function (t) { return index.common.indexOf(t) < 0; });
    if (!wanted.length) return Promise.resolve(null);
    var needed = wanted.map(shardOf)
      .filter(function (k, i, all) { return k && all.indexOf(k) === i && index.shards.indexOf(k) >= 0; });
    return Promise.all(needed.map(function (k) {
      shards[k] = shards[k] || getJSON(config.data + "words-" + k + ".json");
      return shards[k].then(function (words) { shards[k] = Promise.resolve(words); shards[k].words = words; },
        function () { delete shards[k]; });  // offline, and not saved on this device: names and places still match
    })).then(function () {
      var total = products.map(function () { return 0; });
      wanted.forEach(function (term) {
        var best = products.map(function (p) {
          return Math.max(wordScore(p.nameWords, term, 10, 7), wordScore(p.areaWords, term, 4, 3));
        });
        var shard = shards[shardOf(term)];
        if (shard && shard.words) {
          Object.keys(shard.words).forEach(function (word) {
            if (word.indexOf(term) !== 0) return;
            var i = 0;  // product numbers are stored as gaps
            shard.words[word].forEach(function (gap) { i += gap; best[i] = Math.max(best[i], word === term ? 2 : 1); });
          });
        }
        total = total.map(function (sum, i) { return sum < 0 || !best[i] ? -1 : sum + best[i]; });
      });
      return total.map(function (sum) { return Math.max(sum, 0); });
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
    return li;
  }

  function render() {
    var s = state(), id = ++renderId;
    form.elements.q.value = s.q;
    list.setAttribute("aria-busy", "true");  // until this query's results are in
    return scores(s.q).then(function (score) {
      if (id !== renderId) return;  // a newer query is on its way
      list.removeAttribute("aria-busy");
      var found = products.filter(function (p) { return !score || score[p.n] > 0; });
      fillFacets(s, found);
      var rank = function (p) { return score ? score[p.n] : 0; };
      var hits = found.filter(function (p) { return passes(p, s, null); });
      hits.sort(function (x, y) {
        return rank(y) - rank(x) || (y.usable - x.usable) || (y.stars - x.stars) || collator.compare(x.name, y.name);
      });
      var set = FACETS.filter(function (f) { return f === "st" ? s.st !== "usable" : s[f]; }).length;
      toggle.textContent = set ? config.t.filters_set.replace("{n}", set) : config.t.filters;
      // the language switch (and the offer of another language) opens the same view
      document.querySelectorAll("a[hreflang]").forEach(function (a) { a.search = location.search; });
      list.textContent = "";
      hits.slice(0, shown).forEach(function (p) { list.appendChild(card(p)); });
      count.textContent = config.t.results.replace("{n}", hits.length);
      more.hidden = hits.length <= shown;
    });
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "q") return;
    shown = PAGE;
    setState(readForm(), true);
    render();
  });
  form.addEventListener("input", function (event) {
    if (event.target.name !== "q") return;
    shown = PAGE;
    setState(readForm(), !typing);  // one history entry per burst of typing
    clearTimeout(typing);
    typing = setTimeout(function () { typing = null; }, 800);
    render();
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function (event) {
    event.preventDefault();
    setState({ q: "", st: "usable" }, true);
    render();
  });
  // On a phone the filters are behind the button: a disclosure, Escape closes it again
  function openFilters(open) {
    toggle.setAttribute("aria-expanded", String(open));
    form.classList.toggle("ocop-browse--open", open);
  }
  toggle.addEventListener("click", function () { openFilters(toggle.getAttribute("aria-expanded") !== "true"); });
  document.getElementById("ocop-filters").addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || toggle.getAttribute("aria-expanded") !== "true" || !toggle.offsetParent) return;
    openFilters(false);
    toggle.focus();
  });
  more.addEventListener("click", function () { shown += PAGE; render(); });
  window.addEventListener("popstate", function () { shown = PAGE; render(); });

  // for tests: the same terms and scores as generator/text.py and search.py
  window.ocopTerms = terms;
  window.ocopScores = function (query) {
    return scores(query).then(function (score) {
      var found = {};
      products.forEach(function (p) { if (score && score[p.n] > 0) found[p.id] = score[p.n]; });
      return found;
    });
  };
  count.textContent = config.t.loading;
  getJSON(config.data + "index.json").then(function (data) {
    load(data);
    form.classList.remove("ocop-browse--loading");
    list.hidden = false;
    document.getElementById("ocop-all").hidden = true;
    return render();
  }).catch(function () { count.textContent = ""; form.hidden = true; });  // the list of every product stays
})();
