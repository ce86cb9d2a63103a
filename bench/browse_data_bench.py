"""Size of the browse page's data for synthetic catalogues (what a visitor downloads).

    .venv/bin/python bench/browse_data_bench.py 43 2000 20000

The synthetic records repeat the sample's 43, which compresses unrealistically well; so
each record here gets its own name and story, words drawn at random (seeded) from the
sample's own vocabulary, which keeps the language's word frequencies.

Prints, per language: the index (raw and gzip -9), the number of word files, the largest
word file compressed, and what a two-word query downloads at most (index + 2 word files).
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scale_bench import make_catalogue  # noqa: E402
from generator import images, search  # noqa: E402
from generator.cache import CACHE_DIR, Cache  # noqa: E402
from generator.render import Renderer  # noqa: E402
from generator.validate import IMAGES_DIR, load_catalogue  # noqa: E402

import yaml  # noqa: E402


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="+", type=int)
    args = parser.parse_args()
    print(f"{'products':>8} {'lang':>4} {'index KB':>9} {'index gz KB':>11} {'files':>6} {'words gz KB':>11} {'max file gz KB':>14} {'2-word query KB':>15} {'s':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.sizes:
            root = make_catalogue(Path(tmp), count)
            vary(root)
            started = time.perf_counter()
            catalogue, _ = load_catalogue(root)
            renditions = {i.src: images.render(root / IMAGES_DIR / i.src, Cache(root / CACHE_DIR)) for r in catalogue.records for i in r.product.images}
            for lang in catalogue.config.languages:
                files = search.browse_files(Renderer(catalogue, renditions, {}, datetime.date(2026, 11, 29), lang))
                index = files.pop("index.json")
                word_sizes = sorted(gz(content) for content in files.values())
                query = gz(index) + sum(word_sizes[-2:])
                print(f"{count:>8} {lang:>4} {len(index) / 1024:>9.1f} {gz(index) / 1024:>11.1f} {len(files):>6} {sum(word_sizes) / 1024:>11.1f} {word_sizes[-1] / 1024:>14.1f} {query / 1024:>15.1f} {time.perf_counter() - started:>6.1f}")


if __name__ == "__main__":
    main()
