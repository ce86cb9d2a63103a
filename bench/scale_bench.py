"""How `ocop build` scales with the number of products, against a bare Material floor.

    .venv/bin/python bench/scale_bench.py [--sizes 500,5000,20000] [--runs 3]
                                          [--markdown FILE] [--workdir DIR] [--own-photos]

For each size N it makes a synthetic catalogue of N products (below), then times, each as a
separate process (`.venv/bin/ocop --root R build --out O --date 2026-11-29`):

  cold        a full build with no R/.cache (photos, QR codes, PDFs all made): once;
  warm full   a full build into a removed output folder, R/.cache kept: every run;
  no-change   the same build again into the same output folder: every run;
  one-edit    a build after changing one word of one record's Vietnamese story: every run;
  floor       `mkdocs build` of a bare Material site (theme: material, font: false, no
              plugins, a 6-page nav, every other page left out of the nav) with as many
              HTML pages as our build writes, and with exactly N pages: every run.

Times are wall-clock seconds of the whole process (Python start-up included), as medians
with min-max over --runs. Peak memory is the largest child's maximum resident set size,
from os.wait4() on each child (per process, so one build's peak is never hidden by another's).

The synthetic catalogue copies the sample catalogue's config, groups, areas and photos, and
makes N records by cycling through the sample records: same field sizes, both languages,
the same photos (16 of 43 records have some). Each record gets a short unique id, a unique
name (its number appended, in both languages) and, where its sample has a GTIN, a unique
valid one (prefix 893). The sample fairs are kept, pointing at the copies of their products.
With --own-photos every copy gets its own photo files (same pixels, different bytes), so
photo work grows with N as in a real catalogue.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
BIN = REPO / ".venv" / "bin"
AS_OF = "2026-11-29"
NEW_WORDS = ("Xưa", "Nay", "Ngày", "Vốn", "Từ")  # one of these replaces a story's first word


# --- the synthetic catalogue -------------------------------------------------------------


def make_catalogue(target: Path, count: int, own_photos: bool = False) -> Path:
    """A catalogue of `count` products in target/catalogue-<count>; returns its folder."""
    root = target / f"catalogue-{count}"
    products = root / "content" / "products"
    products.mkdir(parents=True)
    shutil.copy(REPO / "site_config.yml", root)
    for name in ("categories.yml", "areas.yml"):
        shutil.copy(REPO / "content" / name, root / "content")
    shutil.copytree(REPO / "content" / "images", root / "content" / "images")
    samples = sorted((REPO / "content" / "products").glob("*.yml"))
    ids = {}
    for i in range(count):
        source = samples[i % len(samples)]
        product_id = synthetic_id(source.stem, i)
        text = synthetic_record(source.read_text(encoding="utf-8"), i)
        if own_photos:
            text = own_photo_copies(root / "content" / "images", text, product_id, i)
        (products / f"{product_id}.yml").write_text(text, encoding="utf-8")
        ids.setdefault(source.stem, product_id)  # a sample's first copy stands in for it in fairs
    if count >= len(samples):
        copy_fairs(root, ids)
    return root


def synthetic_id(stem: str, i: int) -> str:
    """Short, like real ids: a long one makes the QR code bigger and `ocop build` warns."""
    return f"{stem[:12].rstrip('-')}-{i:05d}"


def synthetic_record(text: str, i: int) -> str:
    """The sample record with a unique name in both languages and a unique GTIN if it has one."""
    names = re.search(r"^name:\n((?:  (?:vi|en): .+\n)+)", text, flags=re.MULTILINE)
    numbered = re.sub(r"(.+)", rf"\g<1> {i + 1}", names.group(1))
    text = text[: names.start(1)] + numbered + text[names.end(1):]
    return re.sub(r'^gtin: "\d+"$', f'gtin: "{gtin13(i)}"', text, flags=re.MULTILINE)


def gtin13(i: int) -> str:
    """A valid GTIN-13 with Vietnam's prefix 893, unique for each i (and unlike the samples')."""
    digits = f"89399{i:07d}"
    total = sum(int(d) * (3 if k % 2 else 1) for k, d in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


def own_photo_copies(images: Path, text: str, product_id: str, i: int) -> str:
    """Give this record its own copies of its photos, with bytes of their own after the
    JPEG's end (ignored by decoders), so the image cache sees them as new photos."""
    def copy(match: re.Match) -> str:
        source = images / match.group(2)
        target = images / product_id / source.name
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(source.read_bytes() + f"copy {i}".encode())
        return f"{match.group(1)}{product_id}/{source.name}"

    return re.sub(r"^(  - src: )(\S+)$", copy, text, flags=re.MULTILINE)


def copy_fairs(root: Path, ids: dict[str, str]) -> None:
    """The sample fairs, with each sample product replaced by its first copy."""
    (root / "content" / "fairs").mkdir()
    for source in (REPO / "content" / "fairs").glob("*.yml"):
        text = source.read_text(encoding="utf-8")
        text = re.sub(r"[a-z0-9][a-z0-9-]+[a-z0-9]", lambda m: ids.get(m.group(0), m.group(0)), text)
        (root / "content" / "fairs" / source.name).write_text(text, encoding="utf-8")


def edit_one_story(root: Path, run: int) -> str:
    """Change the first word of one record's Vietnamese story (another record each run, one
    in no fair: a fair's product also redraws the fair's PDFs); returns the record's id."""
    fairs = " ".join(p.read_text(encoding="utf-8") for p in (root / "content").glob("fairs/*.yml"))
    paths = [p for p in sorted((root / "content" / "products").glob("*.yml")) if p.stem not in fairs]
    path = paths[(len(paths) // 2 + run * 7919) % len(paths)]
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^story:\n  vi: \|\n    (\S+)", text, flags=re.MULTILINE)
    new = next(word for word in NEW_WORDS if word != match.group(1))
    path.write_text(text[: match.start(1)] + new + text[match.end(1):], encoding="utf-8")
    return path.stem


# --- measuring a child process -------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    rss_mb: float


def run_child(args: list[str], cwd: Path | None = None) -> Run:
    """Run a command, fail loudly if it fails; its wall time and peak RSS (os.wait4)."""
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        child = subprocess.Popen(args, cwd=cwd, stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            output.seek(0)
            sys.exit(f"{' '.join(args)} failed ({child.returncode}):\n{output.read().decode(errors='replace')}")
    return Run(seconds, usage.ru_maxrss / 1024)  # ru_maxrss is in KiB on Linux


def ocop_build(root: Path, out: Path) -> Run:
    return run_child([str(BIN / "ocop"), "--root", str(root), "build", "--out", str(out), "--date", AS_OF])


def folder_size(folder: Path) -> tuple[int, int]:
    """(files, bytes) under folder."""
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def html_pages(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*.html") if p.name in ("index.html", "404.html"))


class ArticleText(HTMLParser):
    """The visible text inside a page's <article>."""

    def __init__(self) -> None:
        super().__init__()
        self.depth, self.hidden, self.parts = 0, 0, []

    def handle_starttag(self, tag, attrs):
        self.depth += tag == "article"
        self.hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.depth -= tag == "article"
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if self.depth and not self.hidden:
            self.parts.append(data)


def product_text_chars(site: Path, sample: int = 100) -> int:
    """Mean length of a product page's article text (both languages), whitespace collapsed."""
    pages = sorted(site.glob("p/*/index.html"))[:sample] + sorted(site.glob("en/p/*/index.html"))[:sample]
    lengths = []
    for page in pages:
        parser = ArticleText()
        parser.feed(page.read_text(encoding="utf-8"))
        lengths.append(len(" ".join(" ".join(parser.parts).split())))
    return round(statistics.mean(lengths))


# --- the floor: a bare Material build ------------------------------------------------------


def make_floor(folder: Path, pages: int, chars: int) -> Path:
    """A bare Material site that builds into exactly `pages` HTML pages (404.html included),
    each with about `chars` characters of text; 6 pages in the nav, the rest left out."""
    docs = folder / "docs"
    (docs / "p").mkdir(parents=True)
    words = story_words()
    nav = ["index.md"] + [f"section-{k}.md" for k in range(1, 6)]
    for number in range(pages - 1):  # MkDocs adds 404.html
        name = nav[number] if number < len(nav) else f"p/page-{number:06d}.md"
        (docs / name).write_text(floor_page(number, words, chars), encoding="utf-8")
    config = {
        "site_name": "Floor",
        "site_url": "https://floor.example/",
        "use_directory_urls": True,
        "theme": {"name": "material", "font": False},
        "plugins": [],
        "nav": nav[: max(0, min(len(nav), pages - 1))],
        "not_in_nav": "/p/",
        "validation": {"nav": {"omitted_files": "ignore"}},
    }
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return folder


def story_words() -> list[str]:
    records = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((REPO / "content" / "products").glob("*.yml"))]
    return " ".join(r["story"][lang] for r in records for lang in ("vi", "en") if r.get("story", {}).get(lang)).split()


def floor_page(number: int, words: list[str], chars: int) -> str:
    """A heading and paragraphs of 60 story words, about `chars` characters of text."""
    text, length, k = [], 0, number * 37
    while length < chars:
        word = words[k % len(words)]
        text.append(word + ("\n\n" if len(text) % 60 == 59 else " "))
        length, k = length + len(word) + 1, k + 1
    return f"# Page {number}\n\n" + "".join(text).rstrip() + "\n"


def floor_build(folder: Path) -> Run:
    shutil.rmtree(folder / "site", ignore_errors=True)
    return run_child([str(BIN / "mkdocs"), "build", "--quiet", "--clean"], cwd=folder)


# --- one size ------------------------------------------------------------------------------


@dataclass
class Row:
    count: int
    pages: int = 0
    files: int = 0
    size: int = 0
    text_chars: int = 0
    cold: Run | None = None
    warm: list[Run] = field(default_factory=list)
    no_change: list[Run] = field(default_factory=list)
    one_edit: list[Run] = field(default_factory=list)
    floor_pages: list[Run] = field(default_factory=list)
    floor_n: list[Run] = field(default_factory=list)

    def peak_rss(self) -> float:
        return max(r.rss_mb for r in [self.cold, *self.warm, *self.no_change, *self.one_edit])


def bench_size(work: Path, count: int, runs: int, own_photos: bool) -> Row:
    row = Row(count)
    root = make_catalogue(work, count, own_photos)
    out = work / f"site-{count}"
    row.cold = progress(f"{count}: cold build", ocop_build(root, out))
    row.pages = html_pages(out)
    row.text_chars = product_text_chars(out)
    floor_same = make_floor(work / f"floor-{count}-pages", row.pages, row.text_chars)
    floor_n = make_floor(work / f"floor-{count}-n", count, row.text_chars)
    for run in range(runs):
        shutil.rmtree(out)
        row.warm.append(progress(f"{count}: warm full build", ocop_build(root, out)))
        row.files, row.size = folder_size(out)
        row.no_change.append(progress(f"{count}: no-change rebuild", ocop_build(root, out)))
        check_site(out, row.files, "the no-change rebuild")
        product = edit_one_story(root, run)
        before = (out / "p" / product / "index.html").read_bytes()
        row.one_edit.append(progress(f"{count}: one-edit rebuild", ocop_build(root, out)))
        if (out / "p" / product / "index.html").read_bytes() == before:
            sys.exit(f"the one-edit rebuild did not change p/{product}/index.html")
        row.floor_pages.append(progress(f"{count}: floor, {row.pages} pages", floor_build(floor_same)))
        row.floor_n.append(progress(f"{count}: floor, {count} pages", floor_build(floor_n)))
    for floor, pages in ((floor_same, row.pages), (floor_n, count)):
        if html_pages(floor / "site") != pages:
            sys.exit(f"{floor} built {html_pages(floor / 'site')} pages, expected {pages}")
    shutil.rmtree(root)
    shutil.rmtree(out)
    shutil.rmtree(floor_same)
    shutil.rmtree(floor_n)
    return row


def check_site(out: Path, files: int, what: str) -> None:
    if folder_size(out)[0] != files:
        sys.exit(f"{what} wrote {folder_size(out)[0]} files, the full build {files}")


def progress(label: str, run: Run) -> Run:
    print(f"  {label}: {run.seconds:.2f} s, {run.rss_mb:.0f} MB", file=sys.stderr, flush=True)
    return run


# --- the report ----------------------------------------------------------------------------


def machine_info(work: Path) -> list[str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    mem_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")))
    versions = subprocess.run(
        [str(BIN / "python"), "-c", "import importlib.metadata as m, platform; print(platform.python_version(), m.version('mkdocs'), m.version('mkdocs-material'))"],
        capture_output=True, text=True, check=True,
    ).stdout.split()
    fs = subprocess.run(["df", "--output=fstype", str(work)], capture_output=True, text=True, check=False).stdout.split()[-1:]
    return [
        f"- CPU: {cpu}; {os.cpu_count()} cores ({len(os.sched_getaffinity(0))} usable)",
        f"- RAM: {mem_kb / 1024 / 1024:.1f} GiB; load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        f"- {platform.system()} {platform.release()}; work folder on {fs[0] if fs else 'unknown'}",
        f"- Python {versions[0]}, MkDocs {versions[1]}, Material for MkDocs {versions[2]}",
        f"- code: {code_version()}",
    ]


def code_version() -> str:
    """The commit the build code is at, and which of its files have uncommitted changes."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True, check=False).stdout

    changed = [line[3:] for line in git("status", "--porcelain", "--", "generator", "theme").splitlines()]
    return git("describe", "--always", "--dirty").strip() + (f" (uncommitted: {', '.join(changed)})" if changed else "")


def seconds(runs: list[Run]) -> str:
    times = [r.seconds for r in runs]
    if len(times) == 1:
        return f"{times[0]:.2f}"
    return f"{statistics.median(times):.2f} ({min(times):.2f}–{max(times):.2f})"


def median(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def table(rows: list[Row]) -> list[str]:
    base = median(rows[0].warm) / rows[0].count
    header = (
        "| N | pages written | cold build s | warm full build s | no-change rebuild s | one-edit rebuild s "
        "| floor, same pages s | floor, N pages s | full / floor | ms per product | linearity "
        "| peak RSS MB | floor RSS MB | site MB | files |"
    )
    lines = [header, "|" + "---:|" * 15]
    for row in rows:
        per = median(row.warm) / row.count
        lines.append(
            f"| {row.count:,} | {row.pages:,} | {row.cold.seconds:.2f} | {seconds(row.warm)} | {seconds(row.no_change)} "
            f"| {seconds(row.one_edit)} | {seconds(row.floor_pages)} | {seconds(row.floor_n)} "
            f"| {median(row.warm) / median(row.floor_pages):.2f} | {per * 1000:.1f} | {per / base:.2f} "
            f"| {row.peak_rss():.0f} | {max(r.rss_mb for r in row.floor_pages):.0f} | {row.size / 1e6:.1f} | {row.files:,} |"
        )
    return lines


LEGEND = """\
Seconds are wall-clock for the whole process, median (min–max) over the runs; the cold build
is a single run. "pages written": every index.html and 404.html in our output. "floor, same
pages": a bare Material build of that many pages, out of the nav, each with about as much
text as our product pages' article on average; "floor, N pages": the same with N pages.
"full / floor": warm full build ÷ floor with the same pages. "ms per product": warm full build
÷ N; "linearity": that ÷ the same at the smallest size (1.00 = linear). Peak RSS: the largest
maximum resident set size of any `ocop build` (resp. floor build) child, from os.wait4().
Text per floor page, in characters: {chars}."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500,5000,20000", help="product counts, comma-separated (default 500,5000,20000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per size, for medians (default 3)")
    parser.add_argument("--markdown", type=Path, help="also write the machine and the table to this file")
    parser.add_argument("--workdir", type=Path, help="where to make the catalogues and sites (default: a temporary folder)")
    parser.add_argument("--own-photos", action="store_true", help="give every product its own photo files")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ocop-scale-", dir=args.workdir) as tmp:
        work = Path(tmp)
        info = machine_info(work)
        rows = [bench_size(work, count, args.runs, args.own_photos) for count in sizes]
    photos = "own photo files per product" if args.own_photos else "photos shared with the sample records"
    report = [
        f"## ocop build at scale: {datetime.date.today()}, {args.runs} run{'s' * (args.runs > 1)}, {photos}",
        "",
        *info,
        f"- load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        "",
        *table(rows),
        "",
        LEGEND.format(chars="; ".join(f"N={r.count:,}: {r.text_chars:,}" for r in rows)),
    ]
    print("\n".join(report))
    if args.markdown:
        args.markdown.write_text("\n".join(report) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
