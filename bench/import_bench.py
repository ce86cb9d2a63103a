"""Time of `ocop import` for office-style sheets of many rows, into a catalogue with no products.

    .venv/bin/python bench/import_bench.py            # 5,000 varied rows, and 1,000 / 8,000 alike names
    .venv/bin/python bench/import_bench.py --runs 5

The sheet is laid out as an office publishes it (title, caption decision, a heading over two
rows, section rows by area, a total and a signature), as .xlsx. Names are drawn (seeded) from
the sample catalogue's words, producers and addresses likewise; about one row in three lacks
a group keyword and becomes a draft. The second measure imports rows that all share one name
("Nước mắm cá cơm") from different producers, whose ids must be told apart: the time per row
at 1,000 and at 8,000 rows shows whether proposing ids stays linear.

Prints the median of --runs runs (each into a fresh copy) and the ratios.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import yaml  # noqa: E402

from generator.spreadsheet import import_sheet  # noqa: E402
from office_sheets import write_xlsx  # noqa: E402

AREAS = ["HUYỆN TÂY GIANG", "THÀNH PHỐ HỘI AN", "HUYỆN THĂNG BÌNH", "THỊ XÃ ĐIỆN BÀN", "HUYỆN NAM TRÀ MY", "HUYỆN ĐẠI LỘC"]
KINDS = ["HTX Nông nghiệp", "Hộ kinh doanh", "Công ty TNHH", "Cơ sở sản xuất", "Tổ hợp tác"]


def empty_catalogue(folder: Path) -> Path:
    """The sample's config, groups, areas and keywords, without products."""
    root = folder / "catalogue"
    (root / "content/products").mkdir(parents=True)
    for name in ("areas.yml", "categories.yml", "category-keywords.yml"):
        shutil.copy(ROOT / "content" / name, root / "content" / name)
    shutil.copy(ROOT / "site_config.yml", root)
    return root


def sample_words() -> tuple[list[str], list[str]]:
    names, people = [], []
    for path in sorted((ROOT / "content/products").glob("*.yml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        names += record["name"]["vi"].split()
        people += record["producer"]["name"].split()[-3:]
    return names, people


def varied_rows(count: int, seed: int = 1) -> list[list]:
    rng = random.Random(seed)
    names, people = sample_words()
    rows = []
    per_area = count // len(AREAS) + 1
    n = 0
    for area in AREAS:
        rows.append(["I", area, "", "", "", "", ""])
        for _ in range(per_area):
            if n == count:
                break
            n += 1
            name = " ".join(rng.choice(names) for _ in range(rng.randint(2, 5))).capitalize()
            producer = f"{rng.choice(KINDS)} {' '.join(rng.choice(people) for _ in range(3))} {n}"
            rows.append([n, name, producer, f"thôn {rng.randint(1, 9)}, xã {rng.choice(people)}", "", f"{rng.randint(3, 4)} sao", ""])
    return rows


def alike_rows(count: int) -> list[list]:
    return [[n, "Nước mắm cá cơm", f"Hộ kinh doanh số {n}", f"thôn {n % 9 + 1}, xã Bình Dương", "", "3 sao", ""] for n in range(1, count + 1)]


def sheet(folder: Path, body: list[list]) -> Path:
    head = [
        ["DANH SÁCH SẢN PHẨM OCOP", "", "", "", "", "", ""],
        ["(Kèm theo Quyết định số 3610/QĐ-UBND ngày 29/12/2022 của UBND tỉnh Quảng Nam)", "", "", "", "", "", ""],
        ["STT", "Tên sản phẩm OCOP", "Chủ thể", "Địa chỉ", "Phân nhóm", "Kết quả", ""],
        ["", "", "", "", "", "Hạng sao", "Ghi chú"],
    ]
    tail = [["", f"Tổng cộng: {len(body)} sản phẩm", "", "", "", "", ""], ["", "", "", "", "KT. CHỦ TỊCH", "", ""]]
    return write_xlsx(folder / "sheet.xlsx", head + body + tail, ["A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:E4", "F3:G3"])


def time_import(body: list[list], runs: int) -> tuple[float, str]:
    times, summary = [], ""
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            root, path = empty_catalogue(folder), sheet(folder, body)
            out = io.StringIO()
            started = time.perf_counter()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
                import_sheet(root, path, dry_run=False)
            times.append(time.perf_counter() - started)
            summary = out.getvalue().splitlines()[-1]
    return statistics.median(times), summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    seconds, summary = time_import(varied_rows(args.rows), args.runs)
    print(f"{args.rows:,} varied rows: {seconds:.2f} s (median of {args.runs}), {seconds / args.rows * 1000:.2f} ms a row; target 10 s")
    print(f"  {summary}")
    small, _ = time_import(alike_rows(1000), args.runs)
    large, summary = time_import(alike_rows(8000), args.runs)
    print(f"1,000 rows of one name: {small:.2f} s; 8,000: {large:.2f} s; time a row at 8,000 / at 1,000: {large / 8 / small:.2f} (1.0 is linear)")
    print(f"  {summary}")


if __name__ == "__main__":
    main()
