"""Stage 4, write: build every language into a staging folder beside the target, with the
last build's files that are still right kept, then put it in place (swap.py: exchanged whole,
or the changed files renamed in). A build that fails before then leaves the site as it was.
"""

from __future__ import annotations

import dataclasses
import datetime
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import collector, compress, engine, gs1, images, incremental, offline, opendata, parallel, previews, printing, published, qr, search, sitemap, swap
from .cache import CACHE_DIR, Cache
from .lock import build_lock
from .problems import Problem
from .render import Renderer, catalogue_statuses
from .published import PUBLISHED
from .shown import STORIES, KeptStories, product_url
from .validate import IMAGES_DIR, Catalogue, load_catalogue


@dataclass
class BuildResult:
    out: Path
    products: int
    pages: int
    warnings: list[Problem]
    up_to_date: bool = False  # nothing had changed since the last build into `out`: nothing was done


@dataclass
class LanguageBuilt:
    """What a language's build process sends back: its pages are in the staging folder, but
    for those of the last build it keeps."""

    kept: dict[str, Path]  # path in the site -> the last build's file of that page, still right (NewSite.keep)
    page_keys: dict[str, str]  # page file -> its key (incremental.page_key)
    pages: int
    sitemap: list[str]  # the paths of its pages in the sitemap
    shares: dict[str, dict]  # product id -> its link preview (url, alt, card)
    files: dict[str, bytes]  # its browse data and feed, by path in the site
    compiled: dict[str, bytes]  # the templates its process compiled (engine.CompiledTemplates)
    stories: set[str]  # the stories its process showed (shown.KeptStories)


class TargetError(ValueError):
    """The output folder is one a build must not replace."""


# Every site we build carries this file: a build replaces only a folder that has it.
MARKER = ".ocop-site"
MARKER_TEXT = "A site built by ocop-catalogue: `ocop build` replaces this folder whole.\n"


def check_target(root: Path, out: Path) -> None:
    """A build replaces or updates its output folder: never let that be the catalogue itself
    or a folder that is not a site we built (a typo in --out must not cost the content)."""
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
    last = incremental.read_states(root)[0].get(str(out))
    return last is not None and last["output"] == incremental.output_digest(swap.files_of(out)[0])


NOT_RECORDED = "is built, but not recorded: the next build checks all of it again"  # the machine refused after the site was in place


def build_site(root: Path, out: Path, as_of: datetime.date, publish: bool = False) -> BuildResult:
    """Build the site into `out`. `publish` (ocop build) adds the built product URLs to
    content/published.txt; previews (ocop serve, tests) leave it alone."""
    check_target(root, out)
    out = out.resolve()
    with build_lock(root, out):
        return _build_unless_up_to_date(root, out, as_of, publish)


def _build_unless_up_to_date(root: Path, out: Path, as_of: datetime.date, publish: bool) -> BuildResult:
    inputs = incremental.inputs(root, as_of, publish)
    states, state_warnings = incremental.read_states(root)
    last = states.get(str(out))
    present, clean = swap.files_of(out)  # read once: to tell whether the site is as the last build left it, and which files stay
    intact = last is not None and clean and last["output"] == incremental.output_digest(present)
    if last is not None and intact and last["inputs"] == incremental.digest(inputs):
        warnings = [Problem(**fields) for fields in last["warnings"]]
        return BuildResult(out, last["products"], last["pages"], warnings, up_to_date=True)
    code, undated_code = incremental.code(inputs), incremental.code(inputs, dated=False)
    with collector.long_lived():  # the site's lists, then the catalogue, its pages' data (collector.settled)
        result, file_keys, files = _build(root, out, as_of, publish, code, undated_code, present if intact else {}, incremental.reusable_files(out, last, present))
    result.warnings[:0] = state_warnings
    try:
        after = incremental.inputs(root, as_of, publish)
        if [entry for entry in after if entry[0] != PUBLISHED] == [entry for entry in inputs if entry[0] != PUBLISHED]:
            # Nothing but our own addition to published.txt changed while building: remember this build.
            states[str(out)] = {"inputs": incremental.digest(after), "output": incremental.output_digest(files), "products": result.products,
                                "pages": result.pages, "warnings": [dataclasses.asdict(w) for w in result.warnings],
                                "files": {relpath: [key, *files[relpath]] for relpath, key in file_keys.items() if relpath in files}}
            incremental.write_states(root, states)
    except OSError as e:
        raise swap.SiteChanged(e, NOT_RECORDED) from e
    return result


def _build(root: Path, out: Path, as_of: datetime.date, publish: bool, code: str, undated_code: str,
           present: swap.Files, reusable: dict[str, Path]) -> tuple[BuildResult, dict[str, str], swap.Files]:
    catalogue, warnings = load_catalogue(root)  # raises ContentError before anything is written
    collector.settled()
    cache = Cache(root / CACHE_DIR)
    photos = images.render_all({root / IMAGES_DIR / image.src for record in catalogue.records for image in record.product.images}, cache)
    renditions = {image.src: photos[root / IMAGES_DIR / image.src] for record in catalogue.records for image in record.product.images}
    codes, qr_warnings = qr.product_codes(catalogue, cache)
    warnings += qr_warnings
    config = catalogue.config
    statuses = catalogue_statuses(catalogue, as_of)
    context, record_inputs = incremental.catalogue_inputs(catalogue, codes, renditions)
    stories = KeptStories(root / CACHE_DIR / STORIES)
    renderers = {lang: Renderer(catalogue, renditions, codes, as_of, lang, statuses, stories) for lang in config.languages}

    swap.remove_leftovers(out)
    site = swap.NewSite(out, present)
    staging = site.staging
    try:
        with tempfile.TemporaryDirectory() as empty_docs:
            theme = engine.theme_dir(root)
            engine.CompiledTemplates.read(root / CACHE_DIR / engine.COMPILED_TEMPLATES, undated_code)  # before the workers fork

            def build_language(lang: str) -> LanguageBuilt:
                renderer, prefix = renderers[lang], config.prefix(lang)
                keys = {product_url(id): incremental.page_key(code, lang, context, inputs) for id, inputs in record_inputs.items()}
                unchanged = frozenset(id for id in record_inputs if keys[product_url(id)] in reusable)
                terms = search.KeptTerms(root / CACHE_DIR / f"terms-{lang}.marshal",
                                         {id: incremental.page_key(undated_code, lang, context, inputs) for id, inputs in record_inputs.items()})
                browse = search.browse_files(renderer, terms)
                terms.save()
                pages = renderer.pages(search.lookup(browse), unchanged)  # the data of a product's page is made only when it changed
                collector.settled()
                keys |= {page.path: incremental.page_key(code, lang, context, repr(page)) for page in pages if page.template != "product.html"}
                reused = {path: reusable[key] for path, key in keys.items() if key in reusable}
                # Languages with a prefix are built in a hidden folder, then moved into place: MkDocs
                # first empties its folder (but for hidden entries), and the other languages are inside the first's.
                kept = engine.build_language(config, pages, lang, as_of, staging / (f".{prefix}" if prefix else ""), Path(empty_docs), theme, reused)
                return LanguageBuilt(
                    {f"{prefix}{path}index.html": source for path, source in kept.items()},
                    {f"{prefix}{path}index.html": key for path, key in keys.items()},
                    len(pages) + len(unchanged),
                    sorted({page.path for page in pages if page.in_sitemap} | {product_url(id) for id in unchanged}),
                    {record.id: renderer.share(record) for record in catalogue.records},
                    {f"data/search/{lang}/{name}": content for name, content in browse.items()}
                    | {f"{prefix}feed.xml": opendata.atom_feed(renderer)},
                    engine.CompiledTemplates.compiled,
                    stories.used,
                )

            data: dict[str, bytes] = {}  # the open data and fairs' print materials, made in this process meanwhile
            languages = parallel.map_in_processes(build_language, config.languages, lambda: data.update(_data_files(renderers[config.languages[0]], codes, as_of, cache)))
            built = dict(zip(config.languages, languages, strict=True))  # languages side by side
            engine.CompiledTemplates.keep(root / CACHE_DIR / engine.COMPILED_TEMPLATES, undated_code,
                                          {key: bytecode for language in built.values() for key, bytecode in language.compiled.items()})
        for prefix in filter(None, map(config.prefix, config.languages)):
            (staging / f".{prefix}").rename(staging / prefix)
        for lang in config.languages:
            _prune(staging / config.prefix(lang))
        cards = {engine.site_card(config, lang) for lang in config.languages}
        cards |= {share["card"] for language in built.values() for share in language.shares.values()} - {None}
        for language in built.values():
            for relpath, source in language.kept.items():
                site.keep(source, relpath)
        file_keys = {html: key for language in built.values() for html, key in language.page_keys.items()}
        file_keys |= _place_copies(catalogue, renditions, codes, cards, cache, site, reusable)
        first = built[config.languages[0]]
        _write_entry_pages(catalogue, {product: share["url"] for product, share in first.shares.items()}, site)
        for name, content in [*data.items(), *(item for language in built.values() for item in language.files.items())]:
            site.write(name, content)
        sitemap.write(config, {lang: language.sitemap for lang, language in built.items()}, staging)
        offline.write(config, site)
        (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        if any(language.kept for language in built.values()):  # an edit: update the site in place
            site.keep_unchanged()
        else:
            site.link_kept()
            stories.remove_unused(set().union(*(language.stories for language in built.values())))  # every story was shown
        copies = compress.precompress(staging, out, cache, site.kept, previous_intact=bool(site.before))
        if publish:  # first: a live site whose URLs are not on record would be worse than the reverse
            published.record(catalogue)
        files = site.put_in_place(last=offline.WORKER)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        compress.remember(cache, copies)
    except OSError as e:
        raise swap.SiteChanged(e, NOT_RECORDED) from e
    warnings += [
        Problem(path.relative_to(root).as_posix(), 0, "", "damaged in the cache (not the bytes it was made with): made again", warning=True)
        for path in cache.damaged
    ]
    return BuildResult(out, len(catalogue.records), sum(language.pages for language in built.values()), warnings), file_keys, files


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


def _place_copies(catalogue: Catalogue, renditions: dict[str, images.Rendition], codes: dict[str, qr.Code], cards: set[previews.Card],
                  cache: Cache, site: swap.NewSite, reusable: dict[str, Path]) -> dict[str, str]:
    """Files of the cache in the site: photos' copies, link previews (drawn first if need be) and
    each product's QR code beside its page. The last build's copy of a file is kept while it is
    as that build left it. QR codes' files are checked (qr.checked_files) only when copied.
    Returns the key of each, by path."""
    keys = {}

    def place(source: Path, relpath: str) -> None:
        keys[relpath] = key = incremental.copy_key(source)
        if key in reusable:
            site.keep(reusable[key], relpath)
        else:
            (site.staging / relpath).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, site.staging / relpath)

    (site.staging / "img").mkdir()
    for rendition in renditions.values():
        for name in [rendition.share, *(name for _, _, name in rendition.variants)]:
            place(cache.path(images.AREA) / name, f"img/{name}")
    drawn = catalogue.root / previews.CACHE_DIR  # where cards are drawn
    for card in cards:
        if incremental.copy_key(drawn / card.name) in reusable:
            place(drawn / card.name, f"img/{card.name}")
    previews.copy_cards({card for card in cards if f"img/{card.name}" not in keys}, drawn, site.staging / "img")
    keys |= {f"img/{card.name}": incremental.copy_key(drawn / card.name) for card in cards}
    for record in catalogue.records:
        code = codes[record.id]
        files = {f"{product_url(record.id)}qr.svg": code.svg, f"{product_url(record.id)}qr.png": code.png}
        if any(incremental.copy_key(source) not in reusable for source in files.values()):
            qr.checked_files(code, cache)  # copied from the cache: its bytes checked first
        for relpath, source in files.items():
            place(source, relpath)
    return keys


def _write_entry_pages(catalogue: Catalogue, shares: dict[str, str], site: swap.NewSite) -> None:
    """The GS1 Digital Link entry pages and the GTIN index (after an edit, most are the files
    the site has: site.write leaves those as they are)."""
    base_url, policy = catalogue.config.base_url, gs1.content_security_policy(catalogue.root)
    for record in catalogue.records:
        if record.product.gtin:
            site.write(*gs1.entry_page(base_url, record, policy, shares[record.id]))
    for name, content in gs1.index_files({record.id: record.product.gtin for record in catalogue.records}).items():
        site.write(name, content)


def _data_files(renderer: Renderer, codes: dict[str, qr.Code], as_of: datetime.date, cache: Cache) -> dict[str, bytes]:
    """Open data at /data/ (the browse data and feeds are each language's), and each fair's
    print materials, linked from its page; by path in the site."""
    catalogue, statuses = renderer.catalogue, renderer.statuses
    files = {
        "data/products.json": opendata.products_json(catalogue, statuses, codes, as_of),
        "data/products.csv": opendata.products_csv(catalogue, statuses, codes),
        "data/shops.json": opendata.shops_json(catalogue, as_of),
    }
    for slug in catalogue.fairs:
        files |= {f"fairs/{slug}/{name}": content for name, content in printing.cached_fair_materials(catalogue, slug, as_of, cache).items()}
    return files
