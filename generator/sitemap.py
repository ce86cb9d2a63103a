"""The sitemap, one for every language, and robots.txt pointing at it."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from .languages import get as get_language
from .model import SiteConfig


def write(config: SiteConfig, paths: dict[str, list[str]], staging: Path) -> None:
    """One sitemap for every language (the paths of its pages in the sitemap, by language),
    each page listing its translations (hreflang)."""
    base_url, languages = config.base_url, config.languages
    prefixes = {lang: config.prefix(lang) for lang in languages}
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for lang in languages:
        for path in paths[lang]:
            lines.append(f"<url><loc>{escape(base_url + prefixes[lang] + path)}</loc>")
            for other in languages:
                href = escape(base_url + prefixes[other] + path)
                lines.append(f'<xhtml:link rel="alternate" hreflang="{get_language(other).html_lang}" href="{href}"/>')
            lines.append("</url>")
    lines.append("</urlset>")
    (staging / "sitemap.xml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (staging / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {base_url}sitemap.xml\n", encoding="utf-8")
