"""content/published.txt: every URL the catalogue has published, bound to what it leads to.

QR codes are printed with these URLs, on packages and shelf cards that stay in shops for
years. So a URL must never disappear, and never lead to another product: each product URL
is recorded with the product's name and producer, each GTIN entry (01/<gtin14>/) with its
product's id, and the file records the base_url the codes encode and the languages whose
pages were published. `ocop build` rewrites the file (commit it); a build that would break
any of these fails with the line, before anything is written.

    base_url https://ocop.example.vn/
    languages vi en
    01/08935289601032/ mat-ong-tien-phuoc
    p/mat-ong-tien-phuoc/ | Mật ong rừng Tiên Phước | HTX Mật ong Tiên Phước

The first format, one URL a line and nothing else, is still read; the next build binds it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .cache import write_atomic
from .model import SiteConfig, gtin14
from .problems import Problem

PUBLISHED = "content/published.txt"
HEADER = [
    "# Every URL the catalogue has published, with what it leads to; `ocop build` adds new ones.",
    "# Commit this file. QR codes printed with these URLs cannot be changed: a build in which",
    "# one would disappear or lead to another product fails. Mark a product revoked instead of",
    "# deleting or renaming its record. See docs/editors-guide.md.",
]
PRODUCT_LINE = re.compile(r"p/(?P<id>[a-z0-9-]+)/(?: \| (?P<name>.+) \| (?P<producer>.+))?")
GTIN_LINE = re.compile(r"01/(?P<gtin>[0-9]{14})/(?: (?P<id>[a-z0-9-]+))?")
SETTING_LINE = re.compile(r"(?P<key>base_url|languages) (?P<value>\S.*)")
EXPECTED = "expected 'p/<id>/ | <name> | <producer>', '01/<gtin14>/ <id>', 'base_url <url>' or 'languages <codes>'"


@dataclass
class Published:
    """What the file records, each with its line number."""

    base_url: tuple[int, str] | None = None
    languages: tuple[int, list[str]] | None = None
    products: dict[str, tuple[int, str | None, str | None]] = field(default_factory=dict)  # id -> line, name, producer
    gtins: dict[str, tuple[int, str | None]] = field(default_factory=dict)  # gtin14 -> line, product id


def read(root: Path, problems: list[Problem]) -> Published | None:
    """The file's records (empty if there is no file yet); None, with a problem, if unreadable."""
    path = root / PUBLISHED
    if not path.exists():
        return Published()
    if not path.is_file():
        problems.append(Problem(PUBLISHED, 0, "", "this is not a file: it must be the text file that lists published URLs (see git log)"))
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        problems.append(Problem(PUBLISHED, raw[: e.start].count(b"\n") + 1, "", "file is not UTF-8 text: restore it from git (git checkout content/published.txt)", f"byte 0x{raw[e.start]:02x}"))
        return None
    published, before = Published(), len(problems)
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if match := PRODUCT_LINE.fullmatch(line):
            published.products[match["id"]] = (number, match["name"], match["producer"])
        elif match := GTIN_LINE.fullmatch(line):
            published.gtins[match["gtin"]] = (number, match["id"])
        elif (match := SETTING_LINE.fullmatch(line)) and match["key"] == "base_url":
            published.base_url = (number, match["value"])
        elif match:
            published.languages = (number, match["value"].split())
        else:
            problems.append(Problem(PUBLISHED, number, "", f"{EXPECTED}: restore the line from git", line))
    return published if len(problems) == before else None


def check(root: Path, config: SiteConfig | None, records: list, record_files: list[str], raw_gtins: set[str], problems: list[Problem],
          draft_ids: frozenset[str] | set[str] = frozenset()) -> None:
    """Every published URL still made, by the same product, at the same base_url and in every
    published language. Records with problems of their own (`record_files`, `raw_gtins`) are
    reported there, not again here; a published product may not become a draft again."""
    published = read(root, problems)
    if published is None:
        return
    products = {record.id: record.product for record in records}
    gtins = {gtin14(record.product.gtin): record for record in records if record.product.gtin}

    def problem(line: int, message: str) -> None:
        problems.append(Problem(PUBLISHED, line, "", message))

    for product_id, (line, name, producer) in published.products.items():
        url, product = f"p/{product_id}/", products.get(product_id)
        if product_id in draft_ids:
            problem(line, f"{url} was published (printed QR codes may point at it) but nothing makes it any more: a published product cannot become a draft again: "
                          f"remove 'draft: true' from content/products/{product_id}.yml (mark it revoked if it is no longer certified)")
        elif product is None and product_id not in record_files:
            problem(line, f"{url} was published (printed QR codes may point at it) but nothing makes it any more: restore content/products/{product_id}.yml and mark it revoked instead of deleting or renaming it")
        elif product is not None and name is not None and product.name.vi != name and product.producer.name != producer:
            problem(line, f"{url} was published for {name} ({producer}), but content/products/{product_id}.yml is now {product.name.vi} ({product.producer.name}): "
                          f"printed QR codes would open another product. Give the record back its product; if it is the same product, renamed, put its new name and producer on this line")
    for gtin, (line, owner) in published.gtins.items():
        url, record = f"01/{gtin}/", gtins.get(gtin)
        if record is None and gtin not in raw_gtins:
            problem(line, f"{url} was published (printed QR codes may point at it) but nothing makes it any more: give the GTIN back to its product: codes on packages lead to it")
        elif record is not None and owner is not None and record.id != owner:
            problem(line, f"{url} was published for {owner} (codes on its packages lead here), but {record.path} has this GTIN now: give the GTIN back to {owner}")
    if config is None:
        return
    if published.base_url and published.base_url[1] != config.base_url:
        line, old = published.base_url
        problem(line, f"base_url was {old} when these URLs were published (printed QR codes encode it), but site_config.yml says {config.base_url}: "
                      "put it back, or, once every old address redirects to the new one, write the new base_url on this line")
    if published.languages:
        line, languages = published.languages
        for lang in languages:
            if lang not in config.languages:
                problem(line, f"the pages in '{lang}' were published (readers and search engines link to them), but site_config.yml's languages leave it out: put it back")


def paths(records: list) -> set[str]:
    """The URL paths (under base_url) the catalogue makes that printed codes may point at."""
    return {f"p/{r.id}/" for r in records} | {f"01/{gtin14(r.product.gtin)}/" for r in records if r.product.gtin}


def record(catalogue) -> None:
    """Write the file anew for a build that is about to be published: what it held, each URL
    bound to its product as it is now (a renamed product keeps its URL), and every new one."""
    old = read(catalogue.root, [])  # checked while validating: readable, and nothing dropped
    assert old is not None  # read() returns None only for a file with problems
    config = catalogue.config
    lines = [*HEADER, f"base_url {config.base_url}", f"languages {' '.join(config.languages)}"]
    entries = {f"p/{r.id}/": f"p/{r.id}/ | {r.product.name.vi} | {r.product.producer.name}" for r in catalogue.records}
    entries |= {f"01/{gtin14(r.product.gtin)}/": f"01/{gtin14(r.product.gtin)}/ {r.id}" for r in catalogue.records if r.product.gtin}
    # Kept as they were: URLs of records that are not in this build (none: validation refuses a
    # build without a published product, and a published product turned back into a draft).
    for product_id, (_, name, producer) in old.products.items():
        entries.setdefault(f"p/{product_id}/", f"p/{product_id}/" + (f" | {name} | {producer}" if name else ""))
    for gtin, (_, owner) in old.gtins.items():
        entries.setdefault(f"01/{gtin}/", f"01/{gtin}/" + (f" {owner}" if owner else ""))
    if not entries:  # nothing published yet: base_url and languages are still free to change
        lines = list(HEADER)
    text = "\n".join(lines + [entries[url] for url in sorted(entries)]) + "\n"
    path = catalogue.root / PUBLISHED
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        write_atomic(path, text.encode("utf-8"))
