"""Stage 4, write: build every language into a fresh folder beside the target, then swap it
into place. A build that fails at any point leaves the previous site exactly as it was.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import importlib.metadata
import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from . import compress, engine, gs1, images, offline, opendata, parallel, previews, printing, published, qr, search, swap
from .cache import CACHE_DIR, Cache, write_atomic
from .languages import get as get_language
from .lock import build_lock
from .model import SiteConfig
from .problems import Problem
from .render import Page, Renderer, product_url
from .published import PUBLISHED
from .validate import IMAGES_DIR, Catalogue, load_catalogue

BUILD_STATE = ".cache/builds.json"  # what each output folder was last built from
GENERATOR_DIR = Path(__file__).resolve().parent


@dataclass
class BuildResult:
    out: Path
    products: int
    pages: int
    warnings: list[Problem]
    up_to_date: bool = False  # nothing had changed since the last build into `out`: nothing was done


class TargetError(ValueError):
    """The output folder is one a build must not replace."""


# Every site we build carries this file: a build replaces only a folder that has it.
MARKER = ".ocop-site"
MARKER_TEXT = "A site built by ocop-catalogue: `ocop build` replaces this folder whole.\n"


def check_target(root: Path, out: Path) -> None:
    """A build replaces its output folder whole: never let that be the catalogue itself or
    a folder that is not a site we built (a typo in --out must not cost the content)."""
    root, out = root.resolve(), out.resolve()
    if out == root or root.is_relative_to(out) or out.is_relative_to(root / "content") or out.is_relative_to(root / "theme"):
        raise TargetError(f"{out} holds the catalogue's own files: choose another --out folder")
    if out.exists() and not out.is_dir():
        raise TargetError(f"{out} is a file, not a folder: choose another --out folder")
    if out.is_dir() and any(out.iterdir()) and not _built_by_us(root, out):
        raise TargetError(f"{out} is not empty and is not a site built by ocop (it has no {MARKER}): choose another --out folder, or remove it")


def _built_by_us(root: Path, out: Path) -> bool:
    try:
        if (out / MARKER).read_text(encoding="utf-8") == MARKER_TEXT:
            return True
    except (OSError, ValueError):
        pass
    # Sites built before the marker existed: exactly as this catalogue's last build left them.
    last = _read_states(root)[0].get(str(out))
    return bool(last) and last["output"] == _digest(_tree(out))


def build_site(root: Path, out: Path, as_of: datetime.date, publish: bool = False) -> BuildResult:
    """Build the site into `out`. `publish` (ocop build) adds the built product URLs to
    content/published.txt; previews (ocop serve, tests) leave it alone."""
    check_target(root, out)
    out = out.resolve()
    with build_lock(root, out):
        return _build_unless_up_to_date(root, out, as_of, publish)


def _build_unless_up_to_date(root: Path, out: Path, as_of: datetime.date, publish: bool) -> BuildResult:
    inputs = _inputs(root, as_of, publish)
    states, state_warnings = _read_states(root)
    last = states.get(str(out))
    if last and last["inputs"] == _digest(inputs) and out.is_dir() and last["output"] == _digest(_tree(out)):
        warnings = [Problem(**fields) for fields in last["warnings"]]
        return BuildResult(out, last["products"], last["pages"], warnings, up_to_date=True)
    code = _digest([entry for entry in inputs if not entry[0].startswith("content/")])
    result, page_keys = _build(root, out, as_of, publish, code, _reusable_pages(out, last))
    result.warnings[:0] = state_warnings
    after = _inputs(root, as_of, publish)
    if [entry for entry in after if entry[0] != PUBLISHED] == [entry for entry in inputs if entry[0] != PUBLISHED]:
        # Nothing but our own addition to published.txt changed while building: remember this build.
        states[str(out)] = {"inputs": _digest(after), "output": _digest(_tree(out)), "products": result.products,
                            "pages": result.pages, "warnings": [dataclasses.asdict(w) for w in result.warnings],
                            "page_files": {html: [key, *_stat(out / html)] for html, key in page_keys.items()}}
        _write_states(root, states)
    return result


def _build(root: Path, out: Path, as_of: datetime.date, publish: bool, code: str, reusable: dict[str, Path]) -> tuple[BuildResult, dict[str, str]]:
    catalogue, warnings = load_catalogue(root)  # raises ContentError before anything is written
    cache = Cache(root / CACHE_DIR)
    renditions = {
        image.src: images.render(root / IMAGES_DIR / image.src, cache)
        for record in catalogue.records
        for image in record.product.images
    }
    codes, qr_warnings = qr_codes(catalogue, cache)
    warnings += qr_warnings
    config = catalogue.config
    renderers = {lang: Renderer(catalogue, renditions, codes, as_of, lang) for lang in config.languages}
    pages = {lang: renderer.pages() for lang, renderer in renderers.items()}

    swap.remove_leftovers(out)
    staging = swap.staging_folder(out)
    try:
        page_keys = {}  # product page file -> the key of what it shows
        with tempfile.TemporaryDirectory() as empty_docs:
            theme = engine.theme_dir(root)

            def build_language(lang: str) -> dict[str, str]:
                prefix = config.prefix(lang)
                # Languages with a prefix are built in a hidden folder, then moved into place: MkDocs
                # first empties its folder (but for hidden entries), and the other languages are inside the first's.
                keys = engine.build_language(config, pages[lang], lang, staging / (f".{prefix}" if prefix else ""), Path(empty_docs), theme, code, reusable)
                return {f"{prefix}{path}index.html": key for path, key in keys.items()}

            for keys in parallel.map_in_processes(build_language, config.languages):  # languages side by side
                page_keys.update(keys)
        for prefix in filter(None, map(config.prefix, config.languages)):
            (staging / f".{prefix}").rename(staging / prefix)
        for lang in config.languages:
            _prune(staging / config.prefix(lang))
        _copy_images(renditions, cache.path(images.AREA), staging / "img")
        cards = {engine.site_card(config, lang) for lang in config.languages}
        cards |= {page.data["product"]["share"]["card"] for lang in config.languages for page in pages[lang] if page.template == "product.html"} - {None}
        previews.copy_cards(cards, root / previews.CACHE_DIR, staging / "img")
        first = config.languages[0]
        shares = {page.data["product"]["id"]: page.data["product"]["share"]["url"] for page in pages[first] if page.template == "product.html"}
        _write_codes(catalogue, codes, shares, staging)
        _write_data(renderers, codes, as_of, staging)
        for slug in catalogue.fairs:  # each fair's print materials, linked from its page
            for name, content in printing.cached_fair_materials(catalogue, slug, as_of, cache).items():
                (staging / "fairs" / slug / name).write_bytes(content)
        _write_sitemap(config, pages, staging)
        offline.write(config, staging)
        compress.precompress(staging, out)
        (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        if publish:  # first: a live site whose URLs are not on record would be worse than the reverse
            published.record(catalogue)
        swap.put_in_place(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    warnings += [
        Problem(path.relative_to(root).as_posix(), 0, "", "damaged in the cache (not the bytes it was made with): made again", warning=True)
        for path in cache.damaged
    ]
    return BuildResult(out, len(catalogue.records), sum(len(p) for p in pages.values()), warnings), page_keys


# --- skipping a build when nothing changed -----------------------------------------------------
# Files are compared by size and modification time, as make does: a touched file rebuilds.

def _inputs(root: Path, as_of: datetime.date, publish: bool) -> list:
    """Everything a build reads: the catalogue, the theme, the generator and the engine."""
    versions = [importlib.metadata.version(name) for name in ("mkdocs", "mkdocs-material")]
    sources = (root / "site_config.yml", root / "content", engine.theme_dir(root), GENERATOR_DIR)
    return [["settings", str(as_of), publish, versions]] + [
        [path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path), size, mtime]
        for source in sources
        for path, size, mtime in _files(source)
    ]


def _reusable_pages(out: Path, last: dict | None) -> dict[str, Path]:
    """Product pages of the last build into `out` that are still as it wrote them, by key."""
    reusable = {}
    for html, (key, *stat) in (last or {}).get("page_files", {}).items():
        if _stat(out / html) == stat:
            reusable[key] = out / html
    return reusable


def _stat(path: Path) -> list[int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


def _tree(folder: Path) -> list:
    return [[path.relative_to(folder).as_posix(), size, mtime] for path, size, mtime in _files(folder)]


def _files(source: Path):
    """(path, size, mtime) of the file, or of every file in the folder."""
    for path in [source] if source.is_file() else sorted(source.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            stat = path.stat()
            yield path, stat.st_size, stat.st_mtime_ns


def _digest(entries: list) -> str:
    return hashlib.sha256(json.dumps(entries).encode()).hexdigest()


def _read_states(root: Path) -> tuple[dict, list[Problem]]:
    """The record of past builds, and a warning if it was unreadable: then it is ignored and
    the site built in full (a record that is wrong must not make a build skip or reuse)."""
    try:
        states = json.loads((root / BUILD_STATE).read_bytes())
    except FileNotFoundError:
        return {}, []
    except (OSError, ValueError):
        states = None
    if isinstance(states, dict) and all(_is_state(state) for state in states.values()):
        return states, []
    return {}, [Problem(BUILD_STATE, 0, "", "not a record of builds (damaged?): ignored, the site is built in full", warning=True)]


def _is_state(state) -> bool:
    try:
        return (
            all(isinstance(state[key], str) for key in ("inputs", "output"))
            and all(type(state[key]) is int for key in ("products", "pages"))
            and all(isinstance(Problem(**fields), Problem) for fields in state["warnings"])
            and all(isinstance(html, str) and isinstance(key, str) and all(type(n) is int for n in stat) and len(stat) == 2
                    for html, (key, *stat) in state["page_files"].items())
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return False


def _write_states(root: Path, states: dict) -> None:
    write_atomic(root / BUILD_STATE, json.dumps(states, indent=1).encode("utf-8"))


# Files the engine writes that the site does not use: Material's scripts (see theme/main.html),
# source maps, and MkDocs' sitemaps (they carry the build time; we write one of our own).
UNUSED_ENGINE_FILES = ("assets/javascripts", "sitemap.xml", "sitemap.xml.gz")


def _prune(folder: Path) -> None:
    for relpath in UNUSED_ENGINE_FILES:
        path = folder / relpath
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    for source_map in (folder / "assets").rglob("*.map"):
        source_map.unlink()


def qr_codes(catalogue: Catalogue, cache: Cache) -> tuple[dict[str, qr.Code], list[Problem]]:
    """Every product's QR code, and a warning for each that needs a large version."""
    config = catalogue.config
    codes, warnings = {}, []
    for record in catalogue.records:
        code = qr.render(qr.payload(config, record.id, record.product), config.qr.error_correction, cache)
        codes[record.id] = code
        if code.version > qr.MAX_VERSION:
            warnings.append(Problem(record.path, 0, "", f"the QR code needs version {code.version} ({code.modules} modules) for {code.data}: a shorter id keeps it at version {qr.MAX_VERSION} or below, easier to scan on a small label", warning=True))
    return codes, warnings


def _write_codes(catalogue: Catalogue, codes: dict[str, qr.Code], shares: dict[str, str], staging: Path) -> None:
    """qr.svg and qr.png beside each product page, and the GS1 Digital Link entry pages."""
    base_url, policy = catalogue.config.base_url, content_security_policy(catalogue.root)
    for record in catalogue.records:
        folder = staging / product_url(record.id)
        shutil.copyfile(codes[record.id].svg, folder / "qr.svg")
        shutil.copyfile(codes[record.id].png, folder / "qr.png")
        if record.product.gtin:
            _write_gs1_page(staging, base_url, record, policy, shares[record.id])
    gs1.write_index({record.id: record.product.gtin for record in catalogue.records}, staging)


def _write_data(renderers: dict[str, Renderer], codes: dict[str, qr.Code], as_of: datetime.date, staging: Path) -> None:
    """Open data at /data/, the browse data per language, an Atom feed per language."""
    default = next(iter(renderers.values()))
    catalogue, statuses = default.catalogue, default.statuses
    data = staging / "data"
    data.mkdir()
    (data / "products.json").write_bytes(opendata.products_json(catalogue, statuses, codes, as_of))
    (data / "products.csv").write_bytes(opendata.products_csv(catalogue, statuses, codes))
    for lang, renderer in renderers.items():
        folder = data / "search" / lang
        folder.mkdir(parents=True)
        for name, content in search.browse_files(renderer).items():
            (folder / name).write_bytes(content)
        (staging / catalogue.config.prefix(lang) / "feed.xml").write_bytes(opendata.atom_feed(renderer))


def content_security_policy(root: Path) -> str:
    """The policy of every page, as the theme's main.html states it (one place to change it)."""
    main = (engine.theme_dir(root) / "main.html").read_text(encoding="utf-8")
    found = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', main)
    return found.group(1) if found else "default-src 'self'"  # a theme of the catalogue's own without one


def _write_gs1_page(staging: Path, base_url: str, record, policy: str, share: str) -> None:
    # A tiny page, not an engine page: it sends the reader on at once, and still shows a
    # link (never an empty page) where the redirect is blocked.
    gtin = qr.gtin14(record.product.gtin)
    # From the site's root: the code's URL has no trailing slash, so no relative link works
    # both before and after a host adds one.
    target = urlsplit(base_url).path + product_url(record.id)
    name = escape(record.product.name.vi)
    html = (
        '<!doctype html>\n<html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        f"<title>{name}</title>"
        f'<link rel="canonical" href="{escape(base_url + product_url(record.id))}">'
        f'<meta http-equiv="refresh" content="0; url={target}">'
        '<meta name="robots" content="noindex">'
        # a chat app that previews this address (a scanned code, shared) shows the product
        f'<meta property="og:title" content="{name}"><meta property="og:image" content="{escape(share)}">'
        '<meta property="og:image:width" content="1200"><meta property="og:image:height" content="630">'
        f'<meta property="og:image:alt" content="{name}">'
        f'</head><body><p><a href="{target}">{name}</a></p><p>GTIN {gtin}</p></body></html>\n'
    )
    folder = staging / "01" / gtin
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(html, encoding="utf-8")


def _copy_images(renditions: dict[str, images.Rendition], cache: Path, target: Path) -> None:
    target.mkdir()
    for rendition in renditions.values():
        for name in [rendition.share, *(name for _, _, name in rendition.variants)]:
            shutil.copyfile(cache / name, target / name)


def _write_sitemap(config: SiteConfig, pages: dict[str, list[Page]], staging: Path) -> None:
    """One sitemap for every language, each page listing its translations (hreflang)."""
    base_url, languages = config.base_url, config.languages
    prefixes = {lang: config.prefix(lang) for lang in languages}
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for lang in languages:
        for page in (page for page in pages[lang] if page.in_sitemap):
            lines.append(f"<url><loc>{escape(base_url + prefixes[lang] + page.path)}</loc>")
            for other in languages:
                href = escape(base_url + prefixes[other] + page.path)
                lines.append(f'<xhtml:link rel="alternate" hreflang="{get_language(other).html_lang}" href="{href}"/>')
            lines.append("</url>")
    lines.append("</urlset>")
    (staging / "sitemap.xml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (staging / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {base_url}sitemap.xml\n", encoding="utf-8")
