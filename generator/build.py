"""Stage 4, write: build every language into a fresh folder beside the target, then swap it
into place. A build that fails at any point leaves the previous site exactly as it was.
"""

from __future__ import annotations

import datetime
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from . import engine, images
from .problems import Problem
from .render import Page, Renderer
from .validate import IMAGES_DIR, Catalogue, load_catalogue

CACHE_DIR = ".cache/images"


@dataclass
class BuildResult:
    out: Path
    catalogue: Catalogue
    warnings: list[Problem]
    pages: int


def build_site(root: Path, out: Path, as_of: datetime.date) -> BuildResult:
    catalogue, warnings = load_catalogue(root)  # raises ContentError before anything is written
    renditions = {
        image.src: images.render(root / IMAGES_DIR / image.src, root / CACHE_DIR)
        for record in catalogue.records
        for image in record.product.images
    }
    config = catalogue.config
    pages = {lang: Renderer(catalogue, renditions, as_of, lang).pages() for lang in config.languages}

    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        with tempfile.TemporaryDirectory() as empty_docs:
            for lang in config.languages:
                prefix = "" if lang == config.languages[0] else lang
                engine.build_language(config, pages[lang], lang, staging / prefix, Path(empty_docs))
        for lang in config.languages:
            _prune(staging / ("" if lang == config.languages[0] else lang))
        _copy_images(renditions, root / CACHE_DIR, staging / "img")
        _write_sitemap(config.base_url, config.languages, pages, staging)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildResult(out, catalogue, warnings, sum(len(p) for p in pages.values()))


# Files the engine writes that the site does not use: Material's search (we do not load it),
# source maps, and MkDocs' sitemaps (they carry the build time; we write one of our own).
UNUSED_ENGINE_FILES = ("assets/javascripts/lunr", "assets/javascripts/workers", "sitemap.xml", "sitemap.xml.gz")


def _prune(folder: Path) -> None:
    for relpath in UNUSED_ENGINE_FILES:
        path = folder / relpath
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    for source_map in (folder / "assets").rglob("*.map"):
        source_map.unlink()


def _copy_images(renditions: dict[str, images.Rendition], cache: Path, target: Path) -> None:
    target.mkdir()
    for rendition in renditions.values():
        for _, _, name in rendition.variants:
            shutil.copyfile(cache / name, target / name)


def _write_sitemap(base_url: str, languages: list[str], pages: dict[str, list[Page]], staging: Path) -> None:
    """One sitemap for every language, each page listing its translations (hreflang)."""
    prefixes = {lang: "" if i == 0 else f"{lang}/" for i, lang in enumerate(languages)}
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for lang in languages:
        for page in pages[lang]:
            lines.append(f"<url><loc>{escape(base_url + prefixes[lang] + page.path)}</loc>")
            for other in languages:
                href = escape(base_url + prefixes[other] + page.path)
                lines.append(f'<xhtml:link rel="alternate" hreflang="{other}" href="{href}"/>')
            lines.append("</url>")
    lines.append("</urlset>")
    (staging / "sitemap.xml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (staging / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {base_url}sitemap.xml\n", encoding="utf-8")


def _swap(staging: Path, out: Path) -> None:
    """Put the new site in place with renames only, so there is never a half-built site."""
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.rename(out, old / out.name)
        os.rename(staging, out)
        shutil.rmtree(old)
    else:
        os.rename(staging, out)
    os.chmod(out, 0o755)  # mkdtemp makes 0700 folders; a web server must read this one
