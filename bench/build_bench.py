"""Build time and site size for synthetic catalogues of N products.

    .venv/bin/python bench/build_bench.py 40 2000 [--repeat 3]

Each synthetic catalogue copies the sample catalogue's config, groups and areas, and makes N
records by cycling through the sample records (new ids, same field sizes, both languages,
their photos). Prints the median of --repeat full builds, and per-product time as a ratio to
the smallest size, so growth that is not linear shows at once.
"""

from __future__ import annotations

import argparse
import datetime
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.build import build_site  # noqa: E402

AS_OF = datetime.date(2026, 11, 29)


def make_catalogue(target: Path, count: int) -> Path:
    root = target / f"catalogue-{count}"
    (root / "content" / "products").mkdir(parents=True)
    shutil.copy(REPO / "site_config.yml", root)
    for name in ("categories.yml", "areas.yml"):
        shutil.copy(REPO / "content" / name, root / "content")
    shutil.copytree(REPO / "content" / "images", root / "content" / "images")
    samples = sorted((REPO / "content" / "products").glob("*.yml"))
    for i in range(count):
        source = samples[i % len(samples)]
        text = source.read_text(encoding="utf-8").replace("gtin:", "# gtin:")  # GTINs must stay unique
        (root / "content" / "products" / f"{source.stem[:40]}-{i:05d}.yml").write_text(text, encoding="utf-8")
    return root


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="+", type=int)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.sizes:
            root = make_catalogue(Path(tmp), count)
            build_site(root, root / "warm", AS_OF)  # fills the image cache, as any later build has it
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                build_site(root, root / "site", AS_OF)
                times.append(time.perf_counter() - started)
            files, size = folder_size(root / "site")
            rows.append((count, statistics.median(times), min(times), max(times), files, size))
            shutil.rmtree(root)
    base_per_product = rows[0][1] / rows[0][0]
    print(f"{'products':>8} {'median s':>9} {'min s':>7} {'max s':>7} {'ms/product':>10} {'ratio':>6} {'files':>7} {'size MB':>8}")
    for count, median, low, high, files, size in rows:
        per = median / count
        print(f"{count:>8} {median:>9.2f} {low:>7.2f} {high:>7.2f} {per * 1000:>10.2f} {per / base_per_product:>6.2f} {files:>7} {size / 1e6:>8.1f}")


if __name__ == "__main__":
    main()
