"""Offline: the web app manifest of each language, its icons, and the service worker.

The worker is our own small script (`generator/service-worker.js`), written to the site's root
as `sw.js` with its settings on its first line: the build's version (a hash of every file it
names and of its own code, so a new build replaces its cache), the languages' prefixes, the
files every language needs offline (its offline page, its browse page and the browse index,
and the styles, scripts and icons those pages load, read from the built pages themselves),
and each language's other browse files (names, words, areas, cards: generator/search.py), saved when
a page of that language is first used (every language's, at install, would be hundreds of
small requests on a tourist's phone).

Every URL in the manifest and the worker is relative, so the site works from any sub-path.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable
from urllib.parse import urljoin, urlsplit

from PIL import Image, ImageDraw

from .model import SiteConfig
from .swap import NewSite
from .previews import GREEN, STAR, _font, _star
from .search import COLUMNS
from .shown import local, strings

WORKER = "sw.js"
WORKER_SOURCE = Path(__file__).parent / "service-worker.js"
MANIFEST = "manifest.webmanifest"
OFFLINE_PATH = "offline/"  # each language's offline page, under its prefix
THEME_COLOUR = GREEN  # the header's colour, --md-primary-fg-color in theme/assets/ocop.css
ICONS = (("icons/icon-192.png", 192, "any"), ("icons/icon-512.png", 512, "any"), ("icons/maskable-512.png", 512, "maskable"))
SHORT_NAME = "OCOP"  # fits under a home-screen icon in every script


def write(config: SiteConfig, site: NewSite) -> None:
    """Icons, a manifest per language and the worker, into the new site (last: the worker
    names files the rest of the build wrote)."""
    for path, size, purpose in ICONS:
        site.write(path, icon_png(size, purpose == "maskable"))
    for lang in config.languages:
        site.write(config.prefix(lang) + MANIFEST, manifest(config, lang))
    site.write(WORKER, worker(config, site))


def manifest(config: SiteConfig, lang: str) -> bytes:
    """The language's manifest, at <prefix>manifest.webmanifest: its URLs are relative to it."""
    up = "../" * config.prefix(lang).count("/")
    description = local(config.description, lang).text if config.description else strings()[lang]["home_intro"]
    data = {
        "name": local(config.title, lang).text,
        "short_name": SHORT_NAME,
        "description": description,
        "lang": lang,
        "dir": "ltr",
        "start_url": "./",
        "scope": up or "./",  # the whole site, as the worker's: a link to another language stays in the app
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": "#ffffff",
        "icons": [{"src": up + path, "sizes": f"{size}x{size}", "type": "image/png", "purpose": purpose} for path, size, purpose in ICONS],
    }
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def icon_png(size: int, maskable: bool) -> bytes:
    """The catalogue's icon: a gold star over "OCOP" in white on the header's green. A maskable
    icon fills its square and keeps the drawing inside the middle 80% circle that launchers
    may cut it to; the plain one is a rounded square."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if maskable:
        pen.rectangle((0, 0, size, size), fill=THEME_COLOUR)
    else:
        pen.rounded_rectangle((0, 0, size - 1, size - 1), radius=size // 6, fill=THEME_COLOUR)
    scale = 0.62 if maskable else 0.8  # the drawing's width, as a share of the icon's
    star = size * scale * 0.55
    _star(pen, (size - star) / 2, size * (0.5 - scale * 0.42), star, STAR)
    pen.text((size / 2, size * (0.5 + scale * 0.27)), "OCOP", font=_font(round(size * scale * 0.3), bold=True), fill="white", anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


class _Resources(HTMLParser):
    """The files a page loads: stylesheets, icons, the manifest, scripts, images."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") in ("stylesheet", "icon", "manifest"):
            self.found.append(attrs["href"])
        elif tag in ("script", "img") and attrs.get("src"):
            self.found.append(attrs["src"])
        elif tag == "script" and attrs.get("data-src"):  # carried inline; its file for a host that refuses that (page_script.py)
            self.found.append(attrs["data-src"])


def page_resources(file: Callable[[str], Path], page: str) -> list[str]:
    """What the page at `page` (a folder under the site, "en/browse/") loads from the site,
    CSS url()s included, as paths under the site. Links elsewhere are not followed."""
    parser = _Resources()
    parser.feed(file(page + "index.html").read_text(encoding="utf-8"))
    found = []
    for url in parser.found:
        path = _site_path(page, url)
        if path is not None:
            found.append(path)
            path_only = urlsplit(path).path  # without an asset's digest
            if path_only.endswith(".css"):
                css = file(path_only).read_text(encoding="utf-8")
                found += [p for u in re.findall(r"url\(\s*['\"]?([^'\")]+)", css) if (p := _site_path(path, u)) and not u.startswith("data:")]
    return found


def _site_path(source: str, url: str) -> str | None:
    """A URL on the page at `source` as a path under the site, with its query (an asset's
    digest: engine.asset_urls), or None if it leaves the site."""
    base = "http://site/"
    absolute = urljoin(base + source, url)
    if not absolute.startswith(base) or urlsplit(absolute).fragment:
        return None
    return absolute[len(base):]


def worker(config: SiteConfig, site: NewSite) -> bytes:
    """sw.js: its settings, then its code."""
    languages, shell, files = [], {path for path, _, _ in ICONS}, set()
    for lang in config.languages:
        prefix = config.prefix(lang)
        pages = [prefix + OFFLINE_PATH, prefix + "browse/"]
        data = f"data/search/{lang}/"
        words = [data + name for name in site.names(data) if name.endswith(".json") and name != "index.json"]  # saved again after a new index drops them
        languages.append({"prefix": prefix, "offline": pages[0], "words": words})
        shell |= {*pages, prefix + MANIFEST, *(data + name for name in COLUMNS)}
        for page in pages:
            shell |= set(page_resources(site.file, page))
        files |= set(words)
    source = WORKER_SOURCE.read_bytes()
    digest = hashlib.sha256(source)
    for path in sorted(shell | files):
        path_only = urlsplit(path).path
        digest.update(path.encode() + b"\0" + site.file(path_only + "index.html" if path_only.endswith("/") else path_only).read_bytes())
    settings = {"version": digest.hexdigest()[:16], "languages": languages, "shell": sorted(shell)}
    return b"self.OCOP = " + json.dumps(settings, ensure_ascii=False, separators=(",", ":")).encode() + b";\n" + source
