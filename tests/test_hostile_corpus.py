"""Hostile and broken input, as one corpus: every case is an input and its exact outcome.

CASES edit a private copy of the fixture catalogue, run one `ocop` command and compare
everything it prints. The cases about what pages show share one build of a catalogue that
is hostile in every text field it has (a record, site_config.yml, areas, categories, a
fair); the assertions over it are parametrized by field. An expected line is a regex
(re.compile) only where the generator does not yet refuse the input at all, so that the
wording stays for its fix to choose.
"""

from __future__ import annotations

import base64
import csv
import datetime
import hashlib
import io
import json
import re
import shutil
import unicodedata
import xml.etree.ElementTree as ET
import zlib
from functools import cache
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import AS_OF, FIXTURE, REPO
from PIL import Image

from generator.build import build_site

PRODUCT = "content/products/mat-ong.yml"
OK = (0, ["ok: 4 products, 6 groups, 18 areas"], [])
USAGE = "usage: ocop [-h] [--root ROOT] COMMAND ..."
MUST_BE_HTTPS = "expected a full https:// address"
NOT_INSIDE = "must be a path inside content/images/"
NOT_READABLE = "not an image Pillow can read: a photo must be JPEG, PNG or WebP"
BAD_ID = "the file name is the product id: use 3-64 characters a-z, 0-9 and '-', starting and ending with a letter or digit"
BAD_FAIR_ID = "the file name is the fair's id: use 3-64 characters a-z, 0-9 and '-'"
ALIASES = "anchors and aliases (&name, *name) are not supported: write the value out"
NOT_UTF8 = "file is not UTF-8 text: save it as UTF-8"
GROUP = "expected a group of fields ('key: value' lines, indented below)"
NOT_AN_ID = "cannot be used: an id is 3-64 characters a-z, 0-9 and '-'"
IMPORT_FAILED = ": fix the failed rows and import again (the good rows were written; a second import makes no duplicates)"
CONFIG = "site_config.yml"
FAIR = "content/fairs/hoi-cho.yml"
BASE_URL_CHARACTERS = "after the host, only letters, digits and - . _ ~ % / are allowed: no quotes, spaces, markup, query or fragment"
INVISIBLE = "an invisible character that can change what the text shows or means: remove it"


# --- inputs ---------------------------------------------------------------------------


def at(line: int, message: str, path: str = PRODUCT) -> str:
    return f"{path}:{line}: {message}"


# A text in a language the site no longer has: a warning with its line.
NEVER_SHOWN = re.compile(r"\S+:\d+: warning: \S+\.en: is not one of the site's languages \(vi\), so it is never shown: .*")


def refused(*lines) -> tuple[int, list, list]:
    """`ocop check` refuses: these lines, then the count (all in one file)."""
    n = len(lines)
    return 1, [], [*lines, f"{n} problem{'s' * (n != 1)} in 1 file; nothing was written."]


def edit(old: str, new: str, path: str = PRODUCT):
    def setup(root: Path) -> None:
        text = (root / path).read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")

    return setup


def write(path: str, data):
    """Write bytes or text, given as such or as a function making them (big or binary data)."""

    def setup(root: Path) -> None:
        content = data() if callable(data) else data
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(content.encode("utf-8") if isinstance(content, str) else content)

    return setup


PUBLISHED = "content/published.txt"
PUBLISHED_LINES = "expected 'p/<id>/ | <name> | <producer>', '01/<gtin14>/ <id>', 'base_url <url>' or 'languages <codes>'"
PUBLISHED_TEXT = """# published
base_url https://example.org/ocop/
languages vi en
01/08930000000019/ mat-ong
p/mat-ong/ | Mật ong rừng thử nghiệm | HTX Mật ong Thử Nghiệm
p/nuoc-mam/ | Nước mắm thử nghiệm | Cơ sở Nước mắm Thử Nghiệm
"""


def published(old: str = "", new: str = ""):
    """content/published.txt as a build of the fixture writes it, with one change."""
    assert old in PUBLISHED_TEXT
    return write(PUBLISHED, PUBLISHED_TEXT.replace(old, new, 1))


def copy(source: str, target: str):
    return lambda root: shutil.copyfile(root / source, root / target)


def link(path: str, target: str):
    """A symlink; a relative target is taken from the folder that holds the catalogue."""
    return lambda root: (root / path).symlink_to(target if target.startswith("/") else root.parent / target)


def steps(*setups):
    def setup(root: Path) -> None:
        for step in setups:
            step(root)

    return setup


def photo(name: str, make):
    """The record's photo replaced by content/images/mat-ong/<name>, made by make()."""
    return steps(write(f"content/images/mat-ong/{name}", make), edit("src: mat-ong/hu.png", f"src: mat-ong/{name}"))


def image(fmt: str, size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 100, 50)).save(buffer, fmt)
    return buffer.getvalue()


def bomb() -> bytes:
    """A 100 x 100 PNG whose header claims 50,000 x 50,000 pixels (2,500 MP)."""
    data = bytearray(image("PNG", (100, 100)))
    data[16:24] = (50_000).to_bytes(4, "big") * 2
    data[29:33] = zlib.crc32(bytes(data[12:29])).to_bytes(4, "big")
    return bytes(data)


def truncated_jpeg() -> bytes:
    whole = image("JPEG", (640, 480))
    return whole[: len(whole) // 2]


def windows_1258(text: str) -> bytes:
    """Vietnamese as Windows-1258 stores it: letters precomposed, tone marks combining."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = ""
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        out += unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones)) + "".join(c for c in parts if c in tones)
    return out.encode("cp1258")


def fixture_text(path: str = PRODUCT) -> str:
    return (FIXTURE / path).read_text(encoding="utf-8")


SHEET_HEADER = "Mã,Tên sản phẩm,Chủ thể,Địa chỉ,Huyện,Nhóm sản phẩm,Hạng sao,Số quyết định,Ngày quyết định"
SHEET_REST = "Phước Sơn,Mật ong và sản phẩm sơ chế khác,3"
NEW = ("new", "--name-vi", "Mật ong", "--name-en", "Honey", "--category", "thuc-pham.mat-ong", "--area", "phuoc-son",
       "--stars", "3", "--decision", "1/QĐ-UBND", "--date", "2026-01-01", "--producer", "HTX Mật ong", "--address", "thôn 1")
DAY = datetime.date(2026, 6, 9)


def sheet(*rows: str):
    return write("sheet.csv", "\n".join([SHEET_HEADER, *rows]) + "\n")


# --- the corpus -----------------------------------------------------------------------
# (id, setup, command, expected (exit code, stdout lines, stderr lines), files afterwards:
#  path under the catalogue -> None if it must not exist, else the YAML it must hold)

CASES = [
    # URLs: only https, on the marketplace's own host, as a browser would read it
    ("url-javascript", edit("shopee: https://shopee.vn/mat-ong-i.1.2", "shopee: javascript:alert(1)"), ("check",),
     refused(at(39, f"listings.shopee: {MUST_BE_HTTPS} (found javascript:alert(1))"))),
    ("url-javascript-mixed-case", edit("website: https://mat-ong.example.vn/mua", "website: JaVaScRiPt:alert(1)"), ("check",),
     refused(at(40, f"listings.website: {MUST_BE_HTTPS} (found JaVaScRiPt:alert(1))"))),
    ("url-data", edit("traceability: https://truyxuat.example.vn/sp/mat-ong", "traceability: data:text/html;base64,PHNjcmlwdD4="), ("check",),
     refused(at(22, f"traceability: {MUST_BE_HTTPS} (found data:text/html;base64,PHNjcmlwdD4=)"))),
    ("url-vbscript", edit("website: https://mat-ong.example.vn/\n", "website: vbscript:msgbox(1)\n"), ("check",),
     refused(at(18, f"producer.website: {MUST_BE_HTTPS} (found vbscript:msgbox(1))"))),
    ("url-tab-in-scheme", edit("shopee: https://shopee.vn/mat-ong-i.1.2", 'shopee: "java\\tscript:alert(1)"'), ("check",),
     refused(at(39, f"listings.shopee: {MUST_BE_HTTPS} (found java\\x09script:alert(1))"))),
    ("url-newline-in-scheme", edit("shopee: https://shopee.vn/mat-ong-i.1.2", 'shopee: "java\\nscript:alert(1)"'), ("check",),
     refused(at(39, f"listings.shopee: {MUST_BE_HTTPS} (found java\\x0ascript:alert(1))"))),
    ("url-leading-space", edit("shopee: https://shopee.vn/mat-ong-i.1.2", 'shopee: " javascript:alert(1)"'), ("check",),
     refused(at(39, f"listings.shopee: {MUST_BE_HTTPS} (found  javascript:alert(1))"))),
    ("url-leading-control-char", edit("shopee: https://shopee.vn/mat-ong-i.1.2", 'shopee: "\\x01javascript:alert(1)"'), ("check",),
     refused(at(39, f"listings.shopee: {MUST_BE_HTTPS} (found \\x01javascript:alert(1))"))),
    ("url-user-info", edit("shopee: https://shopee.vn/mat-ong-i.1.2", "shopee: https://shopee.vn@evil.example/"), ("check",),
     refused(at(39, f"listings.shopee: {MUST_BE_HTTPS} (found https://shopee.vn@evil.example/)"))),
    ("url-backslashes", edit("shopee: https://shopee.vn/mat-ong-i.1.2", 'shopee: "https:\\\\\\\\evil.example\\\\shopee.vn"'), ("check",),
     refused(at(39, f"listings.shopee: {MUST_BE_HTTPS} (found https:\\\\evil.example\\shopee.vn)"))),
    ("url-protocol-relative", edit("shopee: https://shopee.vn/mat-ong-i.1.2", "shopee: //shopee.vn/x"), ("check",),
     refused(at(39, f"listings.shopee: {MUST_BE_HTTPS} (found //shopee.vn/x)"))),
    ("url-marketplace-elsewhere", edit("shopee: https://shopee.vn/mat-ong-i.1.2", "shopee: https://evil.example/shopee.vn"), ("check",),
     refused(at(39, "listings.shopee: must be a link on shopee.vn (found https://evil.example/shopee.vn)"))),
    ("url-marketplace-after-fragment", edit("shopee: https://shopee.vn/mat-ong-i.1.2", "shopee: https://evil.example#@shopee.vn"), ("check",),
     refused(at(39, "listings.shopee: must be a link on shopee.vn (found https://evil.example#@shopee.vn)"))),
    # BUG: control characters inside an https address are accepted
    ("url-nul-in-host", edit("website: https://mat-ong.example.vn/\n", 'website: "https://mat\\0ong.example.vn/"\n'), ("check",),
     refused(at(18, "producer.website: expected a full https:// address (found https://mat\\x00ong.example.vn/)"))),

    # BUG (issue 15): ports that lead nowhere, or elsewhere, passed the check
    ("url-port-out-of-range", edit("shopee: https://shopee.vn/mat-ong-i.1.2", "shopee: https://shopee.vn:99999/mat-ong"), ("check",),
     refused(at(39, f"listings.shopee: {MUST_BE_HTTPS}, without a port (found https://shopee.vn:99999/mat-ong)"))),
    ("url-two-ports", edit("shopee: https://shopee.vn/mat-ong-i.1.2", "shopee: https://shopee.vn:443:evil.com/"), ("check",),
     refused(at(39, f"listings.shopee: {MUST_BE_HTTPS}, without a port (found https://shopee.vn:443:evil.com/)"))),
    ("url-other-port", edit("website: https://mat-ong.example.vn/mua", "website: https://mat-ong.example.vn:8443/mua"), ("check",),
     refused(at(40, f"listings.website: {MUST_BE_HTTPS}, without a port (found https://mat-ong.example.vn:8443/mua)"))),
    ("url-default-port", edit("shopee: https://shopee.vn/mat-ong-i.1.2", "shopee: https://shopee.vn:443/mat-ong"), ("check",), OK),
    ("url-percent-in-host", edit("website: https://mat-ong.example.vn/mua", "website: https://mat-ong%2eexample.vn/mua"), ("check",),
     refused(at(40, f"listings.website: {MUST_BE_HTTPS} (found https://mat-ong%2eexample.vn/mua)"))),
    # BUG (issue 15): a base_url with markup ran script on the GS1 pages and broke the feeds
    ("base-url-markup", edit("base_url: https://example.org/ocop/", "base_url: 'https://example.org/\"><script>alert(1)</script>/'", CONFIG), ("check",),
     refused(at(2, f"base_url: {BASE_URL_CHARACTERS} (found https://example.org/\"><script>alert(1)</script>/)", CONFIG))),
    ("base-url-space", edit("base_url: https://example.org/ocop/", "base_url: https://example.org/o cop/", CONFIG), ("check",),
     refused(at(2, "base_url: expected an absolute address like https://ocop.example.vn/ (found https://example.org/o cop/)", CONFIG))),
    ("base-url-quote-in-host", edit("base_url: https://example.org/ocop/", "base_url: https://exa'mple.org/", CONFIG), ("check",),
     refused(at(2, "base_url: expected an absolute address like https://ocop.example.vn/ (found https://exa'mple.org/)", CONFIG))),
    ("base-url-query", edit("base_url: https://example.org/ocop/", "base_url: https://example.org/ocop/?a=1", CONFIG), ("check",),
     refused(at(2, f"base_url: {BASE_URL_CHARACTERS} (found https://example.org/ocop/?a=1)", CONFIG))),
    ("base-url-javascript", edit("base_url: https://example.org/ocop/", "base_url: javascript:alert(1)//", CONFIG), ("check",),
     refused(at(2, "base_url: expected an absolute address like https://ocop.example.vn/ (found javascript:alert(1)//)", CONFIG))),
    # BUG (issue 15): invisible characters were accepted: U+FFFE made en/feed.xml invalid XML,
    # a bidi override showed "\u202eDNBU-ĐQ/999" as "999/QĐ-UBND"
    ("text-noncharacter", edit("  en: Test forest honey", '  en: "Test forest honey\\uFFFE"'), ("check",),
     refused(at(4, "name.en: contains U+FFFE (a noncharacter), " + INVISIBLE + " (found Test forest honey<U+FFFE>)"))),
    ("text-bidi-override", edit("decision: 100/QĐ-UBND", 'decision: "\\u202eDNBU-ĐQ/999"'), ("check",),
     refused(at(8, "certification.decision: contains U+202E (RIGHT-TO-LEFT OVERRIDE), " + INVISIBLE + " (found <U+202E>DNBU-ĐQ/999)"))),
    ("text-bidi-isolate", edit("  name: HTX Mật ong Thử Nghiệm", "  name: HTX \u2067Mật ong\u2069"), ("check",),
     refused(at(12, "producer.name: contains U+2067 (RIGHT-TO-LEFT ISOLATE), " + INVISIBLE + " (found HTX <U+2067>Mật ong<U+2069>)"))),
    ("text-left-to-right-mark", edit("  address: thôn 1,", "  address: thôn\u200e 1,"), ("check",),
     refused(at(15, "producer.address: contains U+200E (LEFT-TO-RIGHT MARK), " + INVISIBLE + " (found thôn<U+200E> 1, xã Phước Xuân, huyện Phước Sơn)"))),
    ("text-zero-width-space", edit("  vi: Mật ong rừng thử nghiệm", "  vi: Mật\u200bong rừng thử nghiệm"), ("check",),
     refused(at(3, "name.vi: contains U+200B (ZERO WIDTH SPACE), " + INVISIBLE + " (found Mật<U+200B>ong rừng thử nghiệm)"))),
    ("text-invisible-in-config", edit("title: {vi: Sản phẩm OCOP thử nghiệm", "title: {vi: \"Sản phẩm OCOP\\u2060 thử nghiệm\"", CONFIG), ("check",),
     refused(at(1, "title.vi: contains U+2060 (WORD JOINER), " + INVISIBLE + " (found Sản phẩm OCOP<U+2060> thử nghiệm)", CONFIG))),
    # BUG (issue 15): a 1,170-character name ran over the poster's QR code
    ("name-too-long", edit("  vi: Mật ong rừng thử nghiệm", "  vi: " + "Mật ong " * 15 + "rừng"), ("check",),
     refused(at(3, "name.vi: is 124 characters long; a name may have at most 120: shorten it (found " + ("Mật ong " * 15)[:100] + "… (124 characters))"))),
    ("line-too-long", edit("  address: thôn 1, xã Phước Xuân, huyện Phước Sơn", "  address: " + "thôn 1, " * 40), ("check",),
     refused(at(15, "producer.address: is 319 characters long; at most 300: shorten it (found " + ("thôn 1, " * 13)[:100] + "… (319 characters))"))),
    # BUG (issue 15): a fair listing one product 300 times added 13 s to every build
    ("fair-product-twice", edit("products: [mat-ong, ruou-can]", "products: [mat-ong, ruou-can, mat-ong]", FAIR), ("check",),
     refused(at(7, "booths[0].products[2]: listed twice (first on line 7): list each product once (found mat-ong)", FAIR))),

    # BUG (issue 15): printed codes were bound to URLs, not to products: each of these built
    ("published-gtin-moved", published("01/08930000000019/ mat-ong", "01/08930000000019/ nuoc-mam"), ("check",),
     refused(at(4, "01/08930000000019/ was published for nuoc-mam (codes on its packages lead here), but content/products/mat-ong.yml has this GTIN now: give the GTIN back to nuoc-mam", PUBLISHED))),
    ("published-id-given-to-another-product", published("p/nuoc-mam/ | Nước mắm thử nghiệm | Cơ sở Nước mắm Thử Nghiệm", "p/nuoc-mam/ | Nước mắm Cửa Khe | Cơ sở Cửa Khe"), ("check",),
     refused(at(6, "p/nuoc-mam/ was published for Nước mắm Cửa Khe (Cơ sở Cửa Khe), but content/products/nuoc-mam.yml is now Nước mắm thử nghiệm (Cơ sở Nước mắm Thử Nghiệm): "
                   "printed QR codes would open another product. Give the record back its product; if it is the same product, renamed, put its new name and producer on this line", PUBLISHED))),
    ("published-product-renamed", published("p/nuoc-mam/ | Nước mắm thử nghiệm |", "p/nuoc-mam/ | Nước mắm cũ |"), ("check",), OK),
    ("published-base-url-changed", published("base_url https://example.org/ocop/", "base_url https://ocop.example.vn/"), ("check",),
     refused(at(2, "base_url was https://ocop.example.vn/ when these URLs were published (printed QR codes encode it), but site_config.yml says https://example.org/ocop/: "
                   "put it back, or, once every old address redirects to the new one, write the new base_url on this line", PUBLISHED))),
    ("published-language-dropped", steps(published(), edit("languages: [vi, en]", "languages: [vi]", CONFIG)), ("check",),
     (1, [], [*[NEVER_SHOWN] * 12,  # the English texts of the fair and the records, then of the config
              at(3, "the pages in 'en' were published (readers and search engines link to them), but site_config.yml's languages leave it out: put it back", PUBLISHED),
              NEVER_SHOWN, NEVER_SHOWN, "1 problem in 1 file; nothing was written."])),
    ("published-malformed", published("p/mat-ong/ |", "p/mat-ong |"), ("check",),
     refused(at(5, f"{PUBLISHED_LINES}: restore the line from git (found p/mat-ong | Mật ong rừng thử nghiệm | HTX Mật ong Thử Nghiệm)", PUBLISHED))),
    ("published-first-format", write("content/published.txt", "# old\n01/08930000000019/\np/mat-ong/\np/nuoc-mam/\n"), ("check",), OK),

    # paths: photos stay inside content/images/, ids are plain names
    ("img-dotdot", edit("src: mat-ong/hu.png", "src: ../../etc/passwd"), ("check",),
     refused(at(36, f"images[0].src: {NOT_INSIDE} (found ../../etc/passwd)"))),
    ("img-absolute", edit("src: mat-ong/hu.png", "src: /etc/passwd"), ("check",),
     refused(at(36, f"images[0].src: {NOT_INSIDE} (found /etc/passwd)"))),
    ("img-dotdot-inside-path", edit("src: mat-ong/hu.png", "src: images/../../x.jpg"), ("check",),
     refused(at(36, f"images[0].src: {NOT_INSIDE} (found images/../../x.jpg)"))),
    ("img-backslash-dotdot", edit("src: mat-ong/hu.png", 'src: "mat-ong\\\\..\\\\..\\\\..\\\\site_config.yml"'), ("check",),
     refused(at(36, "images[0].src: no such file in content/images/ (found mat-ong\\..\\..\\..\\site_config.yml)"))),
    ("img-symlink-to-system-file", steps(link("content/images/mat-ong/evil.png", "/etc/passwd"), edit("src: mat-ong/hu.png", "src: mat-ong/evil.png")), ("check",),
     refused(at(36, f"images[0].src: {NOT_INSIDE} (found mat-ong/evil.png)"))),
    ("img-symlinked-folder", steps(link("content/images/etc", "/etc"), edit("src: mat-ong/hu.png", "src: etc/passwd")), ("check",),
     refused(at(36, f"images[0].src: {NOT_INSIDE} (found etc/passwd)"))),
    ("img-symlink-to-photo-outside", steps(write("../outside.png", lambda: image("PNG")), link("content/images/mat-ong/out.png", "outside.png"),
                                           edit("src: mat-ong/hu.png", "src: mat-ong/out.png")), ("check",),
     refused(at(36, f"images[0].src: {NOT_INSIDE} (found mat-ong/out.png)"))),
    # BUG: ValueError: embedded null byte (a traceback)
    ("img-nul-byte", edit("src: mat-ong/hu.png", 'src: "mat-ong/hu.png\\0.jpg"'), ("check",),
     refused(at(36, "images[0].src: must be one line of text, without control characters (found mat-ong/hu.png\\x00.jpg)"))),
    ("id-dots", copy("content/products/nuoc-mam.yml", "content/products/a..b.yml"), ("check",),
     refused(f"content/products/a..b.yml: {BAD_ID} (found 'a..b')")),
    ("id-only-a-dot", copy("content/products/nuoc-mam.yml", "content/products/..yml"), ("check",),
     refused(f"content/products/..yml: {BAD_ID} (found '.')")),
    ("id-uppercase", copy("content/products/nuoc-mam.yml", "content/products/Nuoc-Mam.yml"), ("check",),
     refused(f"content/products/Nuoc-Mam.yml: {BAD_ID} (found 'Nuoc-Mam')")),
    ("id-unicode", copy("content/products/nuoc-mam.yml", "content/products/nước-mắm.yml"), ("check",),
     refused(f"content/products/nước-mắm.yml: {BAD_ID} (found 'nước-mắm')")),
    ("fair-id-dots", copy("content/fairs/hoi-cho.yml", "content/fairs/..yml"), ("check",),
     refused(f"content/fairs/..yml: {BAD_FAIR_ID} (found '.')")),
    ("fair-id-uppercase", copy("content/fairs/hoi-cho.yml", "content/fairs/Hoi_Cho.yml"), ("check",),
     refused(f"content/fairs/Hoi_Cho.yml: {BAD_FAIR_ID} (found 'Hoi_Cho')")),
    ("fair-id-unicode", copy("content/fairs/hoi-cho.yml", "content/fairs/hội-chợ.yml"), ("check",),
     refused(f"content/fairs/hội-chợ.yml: {BAD_FAIR_ID} (found 'hội-chợ')")),
    ("print-fair-dotdot", steps(), ("print", "../hoi-cho", "--out", "{root}/print"),
     (2, [], [USAGE, "ocop: error: no fair '../hoi-cho' in content/fairs/ (there are: hoi-cho)"]), {"print": None}),
    # BUG: a record that links out of the catalogue is read, and its content printed (found hunter2)
    ("record-symlink-outside", steps(write("../secret.txt", "hunter2\n"), link("content/products/ngoai.yml", "secret.txt")), ("check",),
     refused("content/products/ngoai.yml: this is a link to a file outside the catalogue: put the file itself here")),
    # BUG: IsADirectoryError (a traceback)
    ("record-is-a-folder", lambda root: (root / "content/products/thu-muc.yml").mkdir(), ("check",),
     refused("content/products/thu-muc.yml: this is a folder: a record must be a file")),
    ("import-ids-that-escape", sheet(*(f'"{i}",Tên {n},HTX A,thôn 1,{SHEET_REST},1/QĐ-UBND,09/06/2026'
                                       for n, i in enumerate(["../../outside", "../outside", "a/b", "..\\..\\outside", "Mật-ong"]))),
     ("import", "{root}/sheet.csv", "--lang", "en"),
     (1, [f"create 0 (0 drafts), update 0, unchanged 0; skipped rows: 0 (-); failed rows: 5{IMPORT_FAILED}"],
      [f"sheet.csv: row {n}: cell A{n} (Mã): the id {i!r} {NOT_AN_ID}" for n, i in enumerate(["../../outside", "../outside", "a/b", "..\\..\\outside", "Mật-ong"], start=2)]),
     {"outside.yml": None, "../outside.yml": None, "content/outside.yml": None, "content/products/a": None}),
    # BUG (one line): a cell's line break is lost, gluing two words ("line1stars: 5")
    ("import-yaml-in-cells", sheet(f'tu-khoa-yaml,!!python/object/apply:os.system,NO,"*x &y",{SHEET_REST},0123/QĐ-UBND,09/06/2026',
                                   f'ten-dai,"line1\nstars: 5",HTX,"a: b",{SHEET_REST},"30/QĐ-UBND",09/06/2026'),
     ("import", "{root}/sheet.csv", "--lang", "en"),
     (0, ["create content/products/tu-khoa-yaml.yml (row 2)", "create content/products/ten-dai.yml (row 3)",
          "create 2 (0 drafts), update 0, unchanged 0; skipped rows: 0 (-); failed rows: 0"], []),
     {"content/products/tu-khoa-yaml.yml": {"name": {"vi": "!!python/object/apply:os.system"}, "category": "thuc-pham.mat-ong", "stars": 3,
                                            "certification": {"decision": "0123/QĐ-UBND", "date": DAY},
                                            "producer": {"name": "NO", "kind": "other", "address": "*x &y"}, "area": "phuoc-son"},
      "content/products/ten-dai.yml": {"name": {"vi": "line1 stars: 5"}, "category": "thuc-pham.mat-ong", "stars": 3,
                                       "certification": {"decision": "30/QĐ-UBND", "date": DAY},
                                       "producer": {"name": "HTX", "kind": "cooperative", "address": "a: b"}, "area": "phuoc-son"}}),
    # BUG: `ocop new --id ../../outside` writes <catalogue>/outside.yml and exits 0
    ("new-id-that-escapes", steps(), (*NEW, "--id", "../../outside"),
     (2, [], [USAGE, "ocop: error: --id: the id is the file name under content/products/: use 3-64 characters a-z, 0-9 and '-', starting and ending with a letter or digit (found '../../outside')"]), {"outside.yml": None}),

    # photos: real JPEG, PNG or WebP of a sane size only
    ("img-decompression-bomb", photo("bomb.png", bomb), ("check",),
     refused(at(36, "images[0].src: the image has too many pixels (more than 40,000,000): resize it (found mat-ong/bomb.png)"))),
    ("img-truncated-jpeg", photo("half.jpg", truncated_jpeg), ("check",),
     refused(re.compile(re.escape(at(36, "images[0].src: the image file is damaged: image file is truncated (")) + r"\d+ bytes not processed\) \(found mat-ong/half\.jpg\)"))),
    ("img-text-named-jpg", photo("text.jpg", b"<svg onload=alert(1)>\n"), ("check",),
     refused(at(36, f"images[0].src: {NOT_READABLE} (found mat-ong/text.jpg)"))),
    ("img-gif-named-png", photo("gif.png", lambda: image("GIF")), ("check",),
     refused(at(36, "images[0].src: a photo must be JPEG, PNG or WebP, this is GIF (found mat-ong/gif.png)"))),
    ("img-svg-named-png", photo("svg.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), ("check",),
     refused(at(36, f"images[0].src: {NOT_READABLE} (found mat-ong/svg.png)"))),
    ("img-zero-bytes", photo("zero.jpg", b""), ("check",),
     refused(at(36, f"images[0].src: {NOT_READABLE} (found mat-ong/zero.jpg)"))),
    ("img-svg-with-script", photo("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), ("check",),
     refused(at(36, f"images[0].src: {NOT_READABLE} (found mat-ong/logo.svg)"))),
    # BUG: passes check, then `ocop build` fails with "ValueError: height and width must be > 0"
    ("img-one-pixel-sliver", photo("sliver.png", lambda: image("PNG", (3000, 1))), ("check",),
     refused(at(36, "images[0].src: the photo is 3000×1 px: one side may be at most 5 times the other (found mat-ong/sliver.png)"))),

    # YAML: what PyYAML would silently read otherwise
    ("yaml-duplicate-key", edit("  kind: cooperative", "  kind: cooperative\n  name: HTX Giả Mạo"), ("check",),
     refused(at(14, "producer.name: key appears twice (first on line 12)"))),
    ("yaml-billion-laughs", edit("stars: 4", 'stars: 4\nlol: &a ["lol", "lol", "lol"]\nlol2: &b [*a, *a, *a]\nlol3: [*b, *b, *b]'), ("check",),
     refused(at(8, f"{ALIASES} (found *a)"))),
    ("yaml-merge-key", edit("producer:\n", "producer:\n  <<: {website: 'javascript:alert(1)'}\n"), ("check",),
     refused(at(12, "producer.<<: unknown field (a typo?); expected one of: name, kind, registration, address, phone, email, website"))),
    ("yaml-bool-yes", edit("  en: Test forest honey", "  en: yes"), ("check",),
     refused(at(4, "name.en: expected text, but YAML read it as the boolean true: put it in quotes (found yes)"))),
    ("yaml-bool-on", edit("  address: thôn 1, xã Phước Xuân, huyện Phước Sơn", "  address: on"), ("check",),
     refused(at(15, "producer.address: expected text, but YAML read it as the boolean true: put it in quotes (found on)"))),
    ("yaml-bool-NO", edit("decision: 100/QĐ-UBND", "decision: NO"), ("check",),
     refused(at(8, "certification.decision: expected text, but YAML read it as the boolean false: put it in quotes (found NO)"))),
    ("yaml-octal", edit('registration: "4000000001"', "registration: 0123"), ("check",),
     refused(at(14, "producer.registration: expected text, but YAML read it as the number 83: put it in quotes (found 0123)"))),
    ("yaml-sexagesimal", edit('phone: "0235 3000 001"', "phone: 12:30:45"), ("check",),
     refused(at(16, "producer.phone: expected text, but YAML read it as the number 45045: put it in quotes (found 12:30:45)"))),
    ("yaml-gtin-loses-leading-zero", edit('gtin: "8930000000019"', "gtin: 01234565"), ("check",),
     refused(at(21, "gtin: expected text, but YAML read it as the number 342389: put it in quotes (found 01234565)"))),
    ("yaml-python-tag", edit("area: phuoc-son", "area: !!python/object:os.system phuoc-son"), ("check",),
     refused(at(19, "area: cannot read this value: could not determine a constructor for the tag 'tag:yaml.org,2002:python/object:os.system' (found phuoc-son)"))),
    # BUG: a tag on a mapping is dropped without a word, and the record accepted
    ("yaml-python-tag-on-mapping", edit("producer:\n", "producer: !!python/object/apply:os.system\n"), ("check",),
     refused(at(11, "producer: YAML tags (!!name) are not supported: remove it (found tag:yaml.org,2002:python/object/apply:os.system)"))),
    ("yaml-list-for-mapping", edit("producer:\n", "producer:\n  - name: x\nproducer2:\n"), ("check",),
     refused(at(11, f"producer: {GROUP} (found a list)"),
             at(13, "producer2: unknown field (a typo?); expected one of: name, category, stars, certification, producer, area, standards, gtin, traceability, details, warnings, story, images, listings, draft, suggested"))),
    ("yaml-list-document", write(PRODUCT, "- name: x\n- stars: 4\n"), ("check",),
     refused(at(1, f"{GROUP} (found a list)"))),
    ("yaml-second-document", edit("  website: https://mat-ong.example.vn/mua\n", "  website: https://mat-ong.example.vn/mua\n---\nstars: 5\n"), ("check",),
     refused(at(41, "YAML syntax error: expected a single document in the stream (from line 2): but found another document"))),
    ("yaml-control-char-escaped", edit("  vi: |\n    Mật ong được thu từ **rừng già** Phước Sơn.\n\n    Ong làm tổ trong hốc cây.\n", '  vi: "Mật ong\\e[2J"\n'), ("check",),
     refused(at(27, "story.vi: must not contain control characters (found Mật ong\\x1b[2J)"))),
    # BUG: printed on two lines without a line number ('... not allowed' / '  in "<unicode string>", position 111')
    ("yaml-control-char-raw", edit("  en: Test forest honey", "  en: Test\x01honey"), ("check",),
     refused(at(4, "YAML does not allow the character #x0001 (a control character): remove it"))),
    ("yaml-bom", write(PRODUCT, lambda: "\ufeff" + fixture_text()), ("check",), OK),
    ("yaml-windows-1258", write(PRODUCT, lambda: windows_1258(fixture_text())), ("check",),
     refused(at(3, f"{NOT_UTF8} (found byte 0xe2)"))),
    ("yaml-utf-16", write(PRODUCT, lambda: fixture_text().encode("utf-16")), ("check",),
     refused(at(1, f"{NOT_UTF8} (found byte 0xff)"))),
    ("yaml-latin-1", write(PRODUCT, lambda: fixture_text().replace("Test forest honey", "Café crème").encode("latin-1", errors="replace")), ("check",),
     refused(at(4, f"{NOT_UTF8} (found byte 0xe9)"))),
    ("yaml-empty", write(PRODUCT, b""), ("check",), refused(f"{PRODUCT}: file is empty")),
    ("yaml-only-comments", write(PRODUCT, "# Mật ong\n   # sắp có\n\n"), ("check",), refused(f"{PRODUCT}: file is empty")),
    ("yaml-20-mb", write(PRODUCT, lambda: b"story:\n  vi: |\n    " + b"x" * (20_000_000 - 19)), ("check",),
     refused(f"{PRODUCT}: file is larger than 1,000,000 bytes (found 20,000,000 bytes)")),
    # BUG: RecursionError (a traceback) from PyYAML's composer
    ("yaml-deep-nesting", edit("stars: 4", "stars: 4\nx: " + "[" * 1000 + "]" * 1000), ("check",),
     refused(at(7, "values are nested more than 12 levels deep: a record needs a few"))),
    # BUG: passes check, then `ocop build` fails with RecursionError in Markdown
    ("story-deep-list", edit("    Bees nest in tree hollows.", "    " + "- " * 2000 + "x"), ("check",),
     refused(at(31, "story.en: line 3 of the text nests lists or quotes more than 6 levels deep, or is indented more than 24 spaces "
                    "(found Honey gathered in the **old forest** of Phuoc Son.\\x0a\\x0a" + "- " * 24 + "… (4,054 characters))"))),
    # Markdown slows down more than linearly on some long inputs ("[" * 8,000 takes 6 s): stories are bounded
    ("story-too-long", edit("    Bees nest in tree hollows.", "    " + "[" * 7000), ("check",),
     refused(at(31, "story.en: is 7,053 characters long; at most 6,000: shorten it "
                    "(found Honey gathered in the **old forest** of Phuoc Son.\\x0a\\x0a" + "[" * 48 + "… (7,053 characters))"))),
]


def fit(want: list, got: list) -> list:
    """The expected lines, each pattern replaced by the line it matches: a plain diff on failure."""
    return [got[i] if isinstance(w, re.Pattern) and i < len(got) and w.fullmatch(got[i]) else w for i, w in enumerate(want)]


@pytest.mark.parametrize("setup, command, expected, files", [pytest.param(*case[1:4], case[4] if len(case) > 4 else {}, id=case[0]) for case in CASES])
def test_hostile_input(catalogue, ocop, setup, command, expected, files):
    setup(catalogue)
    code, out, err = ocop("--root", catalogue, *(a.format(root=catalogue) for a in command))
    assert (code, out, err) == (expected[0], fit(expected[1], out), fit(expected[2], err))
    for path, content in files.items():
        target = catalogue / path
        assert (yaml.safe_load(target.read_text(encoding="utf-8")) if target.exists() else None) == content, path


# --- one build of a catalogue hostile in every text field -----------------------------


def evil(field: str) -> str:
    return f"=<img src=x onerror=alert('{field}')></script></title>\"'&amp;{{{{7*7}}}}"


def evil_email(field: str) -> str:  # no spaces: it must still pass as an e-mail address
    return f"\"><svg/onload=alert('{field}')>@evil.example"


def evil_url(host: str, field: str) -> str:  # a valid https address that tries to leave its attribute
    return f"https://{host}/\"><svg/onload=alert('{field}')>"


LANGUAGES = ("vi", "en")
LOCAL = ["name", "revoked.reason", "details.label", "details.value", "images.alt", "site.title", "site.description",
         "site.owner", "area.name", "group.name", "subgroup.name", "fair.name", "fair.place", "fair.booth"]
V = {f"{field}.{lang}": evil(f"{field}.{lang}") for field in LOCAL for lang in LANGUAGES}
V |= {f: evil(f) for f in ("certification.decision", "revoked.decision", "producer.name", "producer.registration",
                           "producer.address", "producer.phone", "site.report.phone", "group.number")}
V |= {f: evil_email(f) for f in ("producer.email", "site.report.email")}
V |= {f: evil_url("evil.example", f) for f in ("producer.website", "traceability", "listings.website")}
V["listings.shopee"] = evil_url("shopee.vn", "listings.shopee")
STORY = {
    "vi": """<script>alert('story')</script>

<img src=x onerror=alert(1)> [bấm](javascript:alert(1)) [ok](https://example.vn/) **đậm**

<div onclick="alert(1)">khối</div> <iframe src=//evil.example></iframe> <a href="javascript:alert(1)">a</a>

[a](JaVaScRiPt:alert(1)) [b](data:text/html;base64,PHNjcmlwdD4=) [c](vbscript:msgbox(1)) [d](&#106;avascript:alert(1)) [e](mailto:ban@example.vn)

![x](javascript:alert(1)) <javascript:alert(1)> [ref][r]

[r]: javascript:alert(1)
""",
    "en": "[x](java\tscript:alert(1)) <svg onload=alert(1)> [y]( javascript:alert(1)) [z](https://example.vn/en)\n",
}
STORY_LINKS = {"vi": [None, "https://example.vn/", None, None, None, None, "mailto:ban@example.vn", None],
               "en": ["java    script:alert(1)", None, "https://example.vn/en"]}  # the first is a relative link, not a scheme
NFD_NAME = unicodedata.normalize("NFD", "Nước mắm thử nghiệm")
GTIN = "8930000000026"


def local(field: str) -> dict:
    return {lang: V[f"{field}.{lang}"] for lang in LANGUAGES}


def hostile_catalogue(root: Path) -> None:
    def rewrite(path: str, change) -> None:
        data = yaml.safe_load((root / path).read_text(encoding="utf-8"))
        change(data)
        (root / path).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    record = {
        "name": local("name"), "category": "thuc-pham.mat-ong", "stars": 3,
        "certification": {"decision": V["certification.decision"], "date": datetime.date(2025, 1, 1),
                          # revoked after the build day and the fair: shown, and still usable
                          "revoked": {"date": datetime.date(2027, 1, 1), "decision": V["revoked.decision"], "reason": local("revoked.reason")}},
        "producer": {"name": V["producer.name"], "kind": "cooperative", "registration": V["producer.registration"],
                     "address": V["producer.address"], "phone": V["producer.phone"], "email": V["producer.email"], "website": V["producer.website"]},
        "area": "phu-ninh", "gtin": GTIN, "traceability": V["traceability"],
        "details": [{"label": local("details.label"), "value": local("details.value")}],
        "story": STORY,
        "images": [{"src": "doc-hai/anh.jpg", "alt": local("images.alt")}],
        "listings": {"shopee": V["listings.shopee"], "website": V["listings.website"]},
    }
    write("content/products/doc-hai.yml", yaml.safe_dump(record, allow_unicode=True, sort_keys=False))(root)
    # a JPEG with a script after its end: the site must only ever serve re-encoded copies
    write("content/images/doc-hai/anh.jpg", image("JPEG") + b"<script>alert('polyglot')</script>")(root)
    edit("vi: Nước mắm thử nghiệm", f"vi: {NFD_NAME}", "content/products/nuoc-mam.yml")(root)
    rewrite("site_config.yml", lambda c: c.update(title=local("site.title"), description=local("site.description"),
                                                  owner={"name": local("site.owner"), "report": {"phone": V["site.report.phone"], "email": V["site.report.email"]}}))
    rewrite("content/areas.yml", lambda a: a["phu-ninh"].update(name=local("area.name")))
    rewrite("content/categories.yml", lambda c: (c["thuc-pham"].update(name=local("group.name"), number=V["group.number"]),
                                                 c["thuc-pham"]["subgroups"].update({"mat-ong": local("subgroup.name")})))
    rewrite("content/fairs/hoi-cho.yml", lambda f: (f.update(name=local("fair.name"), place=local("fair.place")),
                                                    f["booths"][0].update(name=local("fair.booth")), f["booths"][0]["products"].append("doc-hai")))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "catalogue"
    shutil.copytree(FIXTURE, root)
    hostile_catalogue(root)
    return build_site(root, root / "site", AS_OF).out


@pytest.fixture(scope="module")
def pages(hostile_site) -> dict[str, str]:
    """Every built HTML and XML file, by path under the site."""
    return {p.relative_to(hostile_site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(hostile_site.rglob("*")) if p.suffix in (".html", ".xml")}


@cache
def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


P, EN = "p/doc-hai/index.html", "en/p/doc-hai/index.html"
FAIR = "fairs/hoi-cho/index.html"
# (field, page, CSS selector, attribute or None for the text): where a hostile value must show, intact
SHOWN = [
    ("name.vi", P, "h1", None), ("name.vi", P, "title", None), ("name.vi", P, 'meta[property="og:title"]', "content"),
    ("name.en", EN, "h1", None), ("name.vi", "stars/3/index.html", ".ocop-card__name", None),
    ("certification.decision", P, ".ocop-facts dd", None), ("certification.decision", P, ".ocop-report li", None),
    ("revoked.decision", P, ".ocop-facts dd", None), ("revoked.reason.vi", P, ".ocop-facts dd", None), ("revoked.reason.en", EN, ".ocop-facts dd", None),
    ("producer.name", P, ".ocop-producer__name", None), ("producer.name", P, ".ocop-maker", None), ("producer.name", P, 'meta[name="description"]', "content"),
    ("producer.registration", P, ".ocop-producer dd", None), ("producer.address", P, ".ocop-producer dd", None),
    ("producer.phone", P, '.ocop-producer a[href^="tel:"]', None), ("producer.email", P, '.ocop-producer a[href^="mailto:"]', None),
    ("producer.email", P, '.ocop-producer a[href^="mailto:"]', "href"), ("producer.website", P, ".ocop-producer a", "href"),
    ("traceability", P, ".ocop-facts a", "href"), ("listings.shopee", P, ".ocop-buy__link--shopee", "href"),
    ("listings.website", P, ".ocop-buy__link--website", "href"),
    ("details.label.vi", P, ".ocop-details th", None), ("details.value.vi", P, ".ocop-details td", None),
    ("details.label.en", EN, ".ocop-details th", None), ("details.value.en", EN, ".ocop-details td", None),
    ("images.alt.vi", P, "img.ocop-cover", "alt"), ("images.alt.en", EN, "img.ocop-cover", "alt"),
    ("images.alt.vi", P, 'meta[property="og:image:alt"]', "content"),
    ("area.name.vi", P, ".ocop-maker a", None), ("area.name.en", EN, ".ocop-maker a", None), ("area.name.vi", "areas/phu-ninh/index.html", "h1", None),
    ("group.name.vi", P, ".ocop-facts dd a", None), ("group.name.en", EN, ".ocop-facts dd a", None),
    ("group.number", "groups/thuc-pham/index.html", "h1", None),
    ("subgroup.name.vi", P, ".ocop-kicker a", None), ("subgroup.name.en", EN, ".ocop-kicker a", None),
    ("site.title.vi", "index.html", "title", None), ("site.title.vi", P, ".md-header__topic", None), ("site.title.vi", P, ".md-nav__title", None),
    ("site.title.vi", P, ".md-nav__title a", "aria-label"), ("site.title.en", EN, ".md-header__topic", None), ("site.title.en", EN, ".md-nav__title", None),
    ("site.title.vi", "404.html", ".md-nav__title", None),
    ("site.description.vi", "index.html", 'meta[name="description"]', "content"), ("site.description.en", "en/index.html", 'meta[name="description"]', "content"),
    ("site.owner.vi", P, ".md-copyright p", None), ("site.owner.en", EN, ".md-copyright p", None), ("site.owner.vi", P, ".ocop-report p", None), ("site.report.phone", "404.html", ".ocop-report a[href^=\"tel:\"]", None),
    ("site.report.phone", P, '.md-copyright a[href^="tel:"]', None), ("site.report.email", P, '.md-copyright a[href^="mailto:"]', None),
    ("fair.name.vi", FAIR, "h1", None), ("fair.name.en", "en/" + FAIR, "h1", None), ("fair.name.vi", "fairs/index.html", ".md-content", None),
    ("fair.place.vi", FAIR, ".ocop-lead", None), ("fair.place.en", "en/" + FAIR, ".ocop-lead", None),
    ("fair.booth.vi", FAIR, "h3", None), ("fair.booth.en", "en/" + FAIR, "h3", None),
]


@pytest.mark.parametrize("field, page, selector, attr", SHOWN, ids=[f"{f}@{p.removesuffix('index.html') or '/'}{s}{'.' + a if a else ''}" for f, p, s, a in SHOWN])
def test_hostile_text_is_shown_as_text(pages, field, page, selector, attr):
    shown = [el.get(attr) if attr else el.get_text() for el in soup(pages[page]).select(selector)]
    assert any(V[field] in text for text in shown if text), shown  # intact, as text


@pytest.mark.parametrize("field", sorted(V))
def test_hostile_text_is_never_markup(pages, field):
    assert [path for path, text in pages.items() if V[field] in text] == []  # escaped on every page, feed and sitemap


URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "poster", "data", "cite", "xlink:href", "background"}


def script_url(value: str) -> bool:
    """Would a browser run or inline this URL? It strips tabs and line breaks, and C0 and spaces at the ends."""
    url = re.sub(r"[\t\n\r]", "", value).strip("".join(map(chr, range(33)))).lower()
    return url.startswith(("javascript:", "data:", "vbscript:"))


def test_no_page_has_event_handlers_or_script_urls(pages):
    found = []
    for path, html in pages.items():
        if not path.endswith(".html"):
            continue
        for tag in soup(html).find_all(True):
            for name, value in tag.attrs.items():
                values = value if isinstance(value, list) else value.split(",") if name == "srcset" else [value]
                if name.lower().startswith("on") or (name.lower() in URL_ATTRIBUTES and any(script_url(v) for v in values)):
                    found.append((path, tag.name, name, value))
    assert found == []


def is_the_pages_own_style(doc, tag) -> bool:
    """A product page's stylesheet (generator/page_css.py): in the head, named by hash in its policy."""
    return tag.name == "style" and named_in_the_head(doc, tag)


def is_the_pages_own_script(doc, tag) -> bool:
    """The browse page's first script (generator/page_script.py): ocop-search.js as it is, in the
    head, named by hash in its policy."""
    return (not tag.get("src") and not tag.get("type") and tag.string == (REPO / "theme/assets/ocop-search.js").read_text(encoding="utf-8")
            and named_in_the_head(doc, tag))


def named_in_the_head(doc, tag) -> bool:
    if tag.parent.name != "head":
        return False
    digest = base64.b64encode(hashlib.sha256(tag.string.encode("utf-8")).digest()).decode()
    return f"'sha256-{digest}'" in doc.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]


def test_pages_load_only_our_own_scripts(pages):
    found = []
    for path, html in pages.items():
        if not path.endswith(".html"):
            continue
        doc = soup(html)
        found += [(path, t.name) for t in doc.find_all(["iframe", "object", "embed", "frame", "base", "style", "img"])
                  if (t.name != "img" or t.get("src") == "x") and not is_the_pages_own_style(doc, t)]
        for script in doc.find_all("script"):
            if not (re.fullmatch(r"(\.\./)*(/ocop/(en/)?)?assets/ocop-(language|status|browse|gs1|register|saved)\.js\?v=[0-9a-f]{10}", script.get("src", "")) and not script.string
                    or script.get("type") in ("application/json", "application/ld+json") and not script.get("src")
                    or is_the_pages_own_script(doc, script)):
                found.append((path, str(script)[:80]))
    assert found == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_story_is_sanitised(pages, lang):
    story = soup(pages[P if lang == "vi" else EN]).select_one(".ocop-story div")
    assert {t.name for t in story.find_all(True)} <= {"p", "a", "strong", "em", "br"}
    assert [a.get("href") for a in story.find_all("a")] == STORY_LINKS[lang]
    assert {name for a in story.find_all("a") for name in a.attrs} <= {"href", "rel"}
    if lang == "vi":  # raw HTML in Markdown is shown as text
        text = story.get_text()
        assert "<script>alert('story')</script>" in text and '<div onclick="alert(1)">khối</div>' in text
        assert story.find("strong").get_text() == "đậm"
    else:
        assert "<svg onload=alert(1)>" in story.get_text()


def test_data_outside_html_keeps_the_text(hostile_site, pages):
    page = soup(pages[P])
    ld = json.loads(page.find("script", type="application/ld+json").string)
    assert (ld["name"], ld["manufacturer"]["name"], ld["hasCertification"]["certificationIdentification"]) == (V["name.vi"], V["producer.name"], V["certification.decision"])
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring(pages["feed.xml"])
    assert (feed.find(f"{atom}title").text, V["name.vi"] in [e.find(f"{atom}title").text for e in feed.iter(f"{atom}entry")]) == (V["site.title.vi"], True)
    gs1 = soup(pages[f"01/0{GTIN}/index.html"])
    assert gs1.title.get_text() == gs1.a.get_text() == V["name.vi"] and gs1.a["href"] == "/ocop/p/doc-hai/"
    assert [gs1.find("meta", property=name)["content"] for name in ("og:title", "og:image:alt")] == [V["name.vi"]] * 2
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO((hostile_site / "data/products.csv").read_text(encoding="utf-8-sig")))}
    assert (rows["doc-hai"]["name_vi"], rows["doc-hai"]["producer_name"]) == ("'" + V["name.vi"], "'" + V["producer.name"])  # no spreadsheet formulas
    phone = page.select_one('.ocop-producer a[href^="tel:"]')
    assert phone.attrs.keys() == {"href"} and phone["href"] == "tel:" + V["producer.phone"].replace(" ", "")


def test_gs1_pages_carry_the_policy_of_every_page(pages):
    def policy(path):
        return soup(pages[path]).find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]

    product_page = re.sub(r" 'sha256-[^']+'", "", policy(P))  # its own inline stylesheet, named by hash
    assert policy(f"01/0{GTIN}/index.html") == product_page == policy("index.html")
    assert "script-src 'self'" in policy(P)


def test_photos_are_served_only_as_reencoded_webp(hostile_site):
    # photos as WebP, link previews as JPEG (a photo, cropped) and PNG (a card we drew): all re-encoded
    kinds = {".webp": "WEBP", ".jpg": "JPEG", ".png": "PNG"}
    served = sorted((hostile_site / "img").iterdir())
    assert served and all(Image.open(p).format == kinds[p.suffix] and b"<script" not in p.read_bytes() for p in served)
    assert {p.suffix for p in served} == set(kinds)


def test_decomposed_text_is_built_composed(pages):
    nfc = unicodedata.normalize("NFC", NFD_NAME)
    assert soup(pages["p/nuoc-mam/index.html"]).h1.get_text() == nfc
    assert [path for path, text in pages.items() if NFD_NAME in text] == []
