"""Size of the browse page's data for synthetic catalogues (what a visitor downloads).

    .venv/bin/python bench/browse_data_bench.py 43 2000 20000

The synthetic records repeat the sample's 43, which compresses unrealistically well; so
each record here gets its own name and story, words drawn at random (seeded) from the
sample's own vocabulary, which keeps the language's word frequencies.

Prints, per language, gzip -9 sizes: the index; the names, words and cards files (how many,
the largest); what QUERIES two-word queries (two words of one product's name and story,
drawn at random, seeded) download as the browse page does on a phone, median and largest: the
index (and the area files of the places a term names), the names and words files of their
terms, the cards files of the first 48 results shown and of the 8 it guesses before the index
(twice: from the names files, then from every file); the largest where the filters are shown
and counted (every column's file: a wide screen); and a bound no query of two Latin words
exceeds: every column's file, every area file (both words may name places), the two largest
names and words files, and the 64 largest cards files (64 results in 64 different files).
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scale_bench import make_catalogue  # noqa: E402
from generator import images, search  # noqa: E402
from generator.cache import CACHE_DIR, Cache  # noqa: E402
from generator.render import Renderer  # noqa: E402
from generator.text import search_terms  # noqa: E402
from generator.validate import IMAGES_DIR, load_catalogue  # noqa: E402

import yaml  # noqa: E402

QUERIES = 40
SHOWN = 48  # the results ocop-browse.js shows at first (its PAGE)
GUESSED = 8  # the results whose cards it asks for before the index (its GUESSED)


def vary(root: Path) -> None:
    """Give every synthetic record its own name and story from the sample's vocabulary."""
    paths = sorted((root / "content" / "products").glob("*.yml"))
    records = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in paths]
    vocabulary = {
        lang: {
            "name": [w for r in records for w in (r["name"].get(lang) or r["name"]["vi"]).split()],
            "story": [w for r in records for w in (r.get("story") or {}).get(lang, "").split()],
        }
        for lang in ("vi", "en")
    }
    rng = random.Random(20000)
    for path, record in zip(paths, records, strict=True):
        for lang in ("vi", "en"):
            record["name"][lang] = " ".join(rng.choices(vocabulary[lang]["name"], k=rng.randint(3, 6)))
            if vocabulary[lang]["story"]:
                record.setdefault("story", {})[lang] = " ".join(rng.choices(vocabulary[lang]["story"], k=rng.randint(150, 260)))
        path.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")




def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9))


def query_files(files: dict[str, bytes], query: str, as_of: str, counted: bool) -> set[str]:
    """The files the browse page fetches for `query` in its first view (certificates in
    force, the first SHOWN results), as ocop-browse.js fetches them: on a phone, the filters
    closed, the index and the area files of the places the query names; where the filters are
    shown (`counted`), every column for their counts."""
    index = json.loads(files["index.json"])
    terms = search.wanted_terms(index, query)
    named = {f"area-{area}.json" for t in terms for area, score in enumerate(search.place_scores(index, t)) if score}
    needed = (set(search.COLUMNS) if counted else {"index.json"}) | named
    # the products every term finds, best first: in the names files, and in every file
    certain: dict[str, dict[int, int] | None] = {"names": None, "all": None}
    for term in terms:
        best: dict[str, dict[int, int]] = {"names": {}, "all": {}}
        for kind, exact, prefix in search.sources(term, index["common"]):
            needed |= {f"{kind}-{k}.json" for k in search.file_keys(term, index[kind])}
            for word, numbers in search.postings(files, kind, index[kind], term).items():
                for n in numbers:
                    for guess in ("names", "all") if kind == "names" else ("all",):
                        best[guess][n] = max(best[guess].get(n, 0), exact if word == term else prefix)
        for guess, hits in best.items():
            so_far = certain[guess]
            certain[guess] = hits if so_far is None else {n: so_far[n] + score for n, score in hits.items() if n in so_far}
    # the cards of the likeliest first results, guessed twice while the index is on its way
    guessed = [n for hits in certain.values() for n in sorted(hits or {}, key=lambda n: (-(hits or {})[n], n))[:GUESSED]]
    columns = search.columns(files)
    per_file, dates = index["cards"], index["dates"]
    ids = [row[0] for k in range(0, len(columns["area"]), per_file) for row in json.loads(files[f"cards-{k // per_file}.json"])["cards"]]
    number = {product_id: n for n, product_id in enumerate(ids)}
    # no term at all: no search, every product listed
    found = {number[product_id]: score for product_id, score in search.scores(files, query).items()} if terms else dict.fromkeys(range(len(ids)), 0)
    usable = [not (dates[revoked] and dates[revoked] <= as_of) and as_of <= dates[until] for until, revoked in zip(columns["valid_until"], columns["revoked_on"], strict=True)]
    shown = sorted((n for n in found if usable[n]), key=lambda n: (-found[n], -columns["stars"][n], n))[:SHOWN]
    return needed | {f"cards-{n // per_file}.json" for n in shown + guessed}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="+", type=int)
    args = parser.parse_args()
    as_of = datetime.date(2026, 11, 29)
    print(f"{'products':>8} {'lang':>4} {'index gz KB':>11} {'names':>6} {'max KB':>6} {'words':>6} {'max KB':>6} {'cards':>6} {'max KB':>6} "
          f"{'query median KB':>15} {'query max KB':>12} {'counted max KB':>14} {'bound KB':>8} {'s':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.sizes:
            root = make_catalogue(Path(tmp), count)
            vary(root)
            started = time.perf_counter()
            catalogue, _ = load_catalogue(root)
            renditions = {i.src: images.render(root / IMAGES_DIR / i.src, Cache(root / CACHE_DIR)) for r in catalogue.records for i in r.product.images}
            rng = random.Random(count)
            for lang in catalogue.config.languages:
                renderer = Renderer(catalogue, renditions, {}, as_of, lang)
                files = search.browse_files(renderer)
                sizes = {name: gz(content) for name, content in files.items()}
                kinds = {kind: sorted(size for name, size in sizes.items() if name.startswith(kind + "-")) for kind in ("names", "words", "cards")}
                texts = [f"{renderer.text(r.product.name).text} {getattr(renderer.text(r.product.story), 'text', '')}" for r in catalogue.records]
                queries = [" ".join(rng.sample(list(dict.fromkeys(w for w in search_terms(rng.choice(texts)) if len(w) > 1)), 2)) for _ in range(QUERIES)]
                downloads, counted = (sorted(sum(sizes[name] for name in query_files(files, q, as_of.isoformat(), wide)) for q in queries) for wide in (False, True))
                columns = sum(sizes[name] for name in search.COLUMNS)
                bound = columns + sum(size for name, size in sizes.items() if name.startswith("area-")) + sum(kinds["names"][-2:]) + sum(kinds["words"][-2:]) + sum(kinds["cards"][-(SHOWN + 2 * GUESSED):])
                print(f"{count:>8} {lang:>4} {sizes['index.json'] / 1024:>11.1f} {len(kinds['names']):>6} {kinds['names'][-1] / 1024:>6.1f} "
                      f"{len(kinds['words']):>6} {kinds['words'][-1] / 1024:>6.1f} {len(kinds['cards']):>6} {kinds['cards'][-1] / 1024:>6.1f} "
                      f"{statistics.median(downloads) / 1024:>15.1f} {downloads[-1] / 1024:>12.1f} {counted[-1] / 1024:>14.1f} {bound / 1024:>8.1f} "
                      f"{time.perf_counter() - started:>6.1f}")


if __name__ == "__main__":
    main()
