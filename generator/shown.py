"""What pages show, shared by the renderer and what is made from its pages (the engine's
pages, shops, print, open data, the sitemap, GS1 pages): a page, a text in one language and whether it fell
back to another, stories as HTML and as plain text, dates, the interface words, and where a
product's page and a fair's print files are.
"""

from __future__ import annotations

import datetime
import html as html_module
import importlib.metadata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import overload

import markdown
import nh3
from markupsafe import Markup

from . import languages
from .cache import sha256, write_atomic
from .model import Localised

STORIES = "stories"  # the cache's folder of stories as HTML (KeptStories)
STORY_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "h3", "h4", "a", "hr"}


def strings() -> dict:
    """Every language's interface words, by code (languages.get(code).strings for one)."""
    return {code: languages.get(code).strings for code in languages.available()}


@dataclass(frozen=True, repr=False)
class Shown:
    """A text as shown in one language, and whether it fell back to another."""

    text: str
    lang: str
    fallback: bool = False

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:  # in every list page's key (incremental.page_key): dataclasses' guards against cycles took a third of it
        return f"Shown({self.text!r}, {self.lang!r}, {self.fallback!r})"


# The kinds of page, each a template in theme/ (tests/test_site.py checks the theme has them
# all, and nothing else beside main.html and 404.html, which MkDocs renders on its own).
PAGE_KINDS = ("home.html", "product.html", "list.html", "index.html", "browse.html", "stats.html",
              "fair.html", "shops.html", "shop.html", "offline.html")


@dataclass
class Page:
    path: str  # under the language's root, "" for home, "p/<id>/" for a product
    template: str  # one of PAGE_KINDS
    title: str
    description: str
    data: dict = field(default_factory=dict)
    in_sitemap: bool = True  # the offline page is not

    def __post_init__(self):
        if self.template not in PAGE_KINDS:
            raise ValueError(f"{self.template}: not a kind of page (shown.PAGE_KINDS)")


@overload
def local(text: Localised, lang: str, chain: list[str] | None = None) -> Shown: ...
@overload
def local(text: Localised | None, lang: str, chain: list[str] | None = None) -> Shown | None: ...
def local(text: Localised | None, lang: str, chain: list[str] | None = None) -> Shown | None:
    """The text in `lang`, else in the first language of `chain` it has (default: Vietnamese,
    which every text has). The one place a text falls back."""
    if text is None:
        return None
    for code in chain or [lang, languages.RECORDS]:
        if value := text.get(code):
            return Shown(value, code, fallback=code != lang)
    return Shown(text.vi, languages.RECORDS, fallback=lang != languages.RECORDS)


def fallback_languages(data: object) -> list[str]:
    """The languages the texts in a page's data fell back to, in the order found: the page
    says once that they are not translated, instead of after each."""
    found: dict[str, None] = {}
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, Shown):
            if item.fallback:
                found[item.lang] = None
        elif isinstance(item, dict):
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, (list, tuple)):
            stack.extend(reversed(item))
    return list(found)


@cache
def _story_markdown() -> markdown.Markdown:
    """One converter for every story (making one costs more than converting a story)."""
    md = markdown.Markdown(extensions=["sane_lists"])
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


def story_html(text: str) -> Markup:
    """Markdown to HTML that can be trusted: raw HTML is escaped by Markdown, and nh3 keeps
    only the tags a story needs and only http(s) and mailto links."""
    html = _story_markdown().reset().convert(text)
    return Markup(nh3.clean(html, tags=STORY_TAGS, attributes={"a": {"href"}}, url_schemes={"http", "https", "mailto"}, link_rel="nofollow noopener"))


@cache
def story_code() -> str:
    """What decides a story's HTML besides its text: this module (story_html, STORY_TAGS) and
    the versions of Markdown and nh3; not the rest of the generator, which changes more often."""
    versions = " ".join(importlib.metadata.version(name) for name in ("markdown", "nh3"))
    return sha256(Path(__file__).read_bytes() + versions.encode())


class KeptStories:
    """story_html, kept in the cache for the next build: one file a story, named by a digest of
    story_code and the story's text. The languages that show the same story (Korean, Chinese and
    Japanese fall back to English) and the next full build read it instead of converting it
    again (a fifth of a product page's data). A file that does not hold what was written in it
    is as none, and is written again."""

    def __init__(self, folder: Path):
        self.folder, self.code = folder, story_code()
        self.used: set[str] = set()  # the names of the stories this process showed

    def __call__(self, text: str) -> Markup:
        name = sha256(f"{self.code}\n{text}".encode())
        self.used.add(name)
        file = self.folder / name[:2] / name
        try:
            check, html = file.read_bytes().split(b"\n", 1)
            if check.decode() == sha256(name.encode() + html):
                return Markup(html.decode())
        except (OSError, ValueError):  # none, or cut short (UnicodeDecodeError is a ValueError)
            pass
        made = story_html(text)
        write_atomic(file, sha256(name.encode() + made.encode()).encode() + b"\n" + made.encode())
        return made

    def remove_unused(self, used: set[str]) -> None:
        """Remove every story but those named in `used` (all a full build showed): the stories
        of records since changed or removed, and of other code."""
        for file in self.folder.glob("??/*"):
            if file.name not in used:
                file.unlink(missing_ok=True)


def plain_text(html: str, limit: int = 300) -> str:
    """A story's opening as plain text, from its HTML (story_html), at most `limit`
    characters, cut between words: the words the page shows (raw HTML in a story is shown
    escaped there, so its tags are words here too)."""
    text = " ".join(html_module.unescape(nh3.clean(html, tags=set())).split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def format_date(day: datetime.date, lang: str) -> str:
    return languages.get(lang).format_date(day)


def product_url(product_id: str) -> str:
    return f"p/{product_id}/"


def material_names(slug: str) -> list[str]:
    return [f"{slug}-shelf-cards-a6.pdf", f"{slug}-shelf-cards-a4.pdf", f"{slug}-posters-a4.pdf", f"{slug}-catalogue-a4.pdf"]
