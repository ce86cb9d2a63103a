"""The site engine: MkDocs with Material, driven from memory.

Each language is one MkDocs build. Our pages never exist as Markdown files: a small plugin
adds them as generated files and hands each template the data render.py prepared. The
engine only sees a config, templates in theme/ and these pages, so it can be replaced.
"""

from __future__ import annotations

import datetime
import functools
import io
import logging
import marshal
from urllib.parse import urlsplit
from pathlib import Path

import jinja2
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

import material

from . import languages, page_css, page_script, previews, strict_templates
from .cache import sha256, write_atomic
from .model import SiteConfig
from .problems import ContentError
from .shown import Page, format_date, local, strings

# Installed from the wheel, the theme is inside the package (see pyproject.toml); in the
# repository (an editable install) it is the top-level theme/.
_HERE = Path(__file__).resolve().parent
DEFAULT_THEME = _HERE / "theme" if (_HERE / "theme" / "main.html").is_file() else _HERE.parent / "theme"
MATERIAL_LANGUAGES = Path(material.__file__).parent / "templates" / "partials" / "languages"

# Material's base.html (not a block we can override) opens every page with two checkbox
# toggles that carry autocomplete="off", which HTML does not allow on checkboxes; the
# search toggle has no search to open here. Mended in the output, loudly if it changes.
MATERIAL_TOGGLES = {
    '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">':
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">',
    '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">': "",
}


def mend_material_toggles(html: str) -> str:
    for old, new in MATERIAL_TOGGLES.items():
        if old not in html:
            raise RuntimeError(f"Material's base.html changed: {old!r} not found; review engine.MATERIAL_TOGGLES")
        html = html.replace(old, new)
    return html


def theme_dir(root: Path) -> Path:
    """The catalogue's own theme/ when it has one, else the one the generator comes with."""
    return root / "theme" if (root / "theme" / "main.html").is_file() else DEFAULT_THEME


COMPILED_TEMPLATES = "templates.marshal"  # in the cache


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once for all the languages of a build (each language is a MkDocs
    build with its own Jinja environment), and kept in the cache for the next build: compiling
    them was a second of CPU in every build, however small. Jinja checks each against its
    source and its own version; a build by other code (which may set up Jinja otherwise) or
    a damaged file starts with none."""

    compiled: dict[str, bytes] = {}  # this process's, and the forked workers' from it
    kept: dict[str, bytes] = {}  # as read from the cache

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()

    @classmethod
    def read(cls, file: Path, code: str) -> None:
        """The templates a build by the same `code` (incremental.code) compiled and kept, in
        place of any this process has (another catalogue's)."""
        cls.compiled = {}
        try:
            digest, body = file.read_bytes().split(b"\n", 1)
            if digest.decode() == sha256(code.encode() + body):
                cls.compiled = marshal.loads(body)
        except (OSError, ValueError, TypeError, EOFError):
            pass
        cls.kept = dict(cls.compiled)

    @classmethod
    def keep(cls, file: Path, code: str, compiled: dict[str, bytes]) -> None:
        """Adds `compiled` (the other processes') and keeps them all, if any is new."""
        cls.compiled.update(compiled)
        if cls.compiled != cls.kept:
            body = marshal.dumps(cls.compiled)
            write_atomic(file, sha256(code.encode() + body).encode() + b"\n" + body)
            cls.kept = dict(cls.compiled)


def asset_urls(theme: Path) -> dict[str, str]:
    """Each file of the theme's assets/ (our scripts and stylesheets), as pages load it: with its
    content's digest in the URL. A build that changes a script gives it a new URL, which no
    browser cache or service worker holds: a page never runs the last build's script on this
    build's data (a returning visitor's worker serves the files it saved before it asks)."""
    return {f"assets/{path.name}": f"assets/{path.name}?v={sha256(path.read_bytes())[:10]}"
            for path in sorted((theme / "assets").iterdir()) if path.is_file()}


class PagesPlugin(BasePlugin):
    """Adds the rendered pages to a MkDocs build and gives each template its data."""

    def __init__(self, pages: list[Page], site: dict, theme: Path, assets: dict[str, str]):
        super().__init__()
        self.pages = {page.path + "index.md": page for page in pages}
        self.site = site
        self.theme = theme
        self.assets = assets  # asset_urls
        self.rendered: dict[tuple, str] = {}  # HTML many pages share, by key (see once())

    def on_env(self, env, config, files):
        # MkDocs renders with autoescaping off (Material's templates emit HTML strings).
        # Our templates show untrusted record text: escape everything they print, unless
        # it was made safe on purpose (the sanitised story, tojson).
        env.autoescape = functools.cache(lambda name: name is not None and (self.theme / name).is_file())
        env.undefined = strict_templates.undefined_in(self.theme)  # and a name they lack is an error
        env.auto_reload = False  # the templates do not change during a build: no stat of each at every page
        env.bytecode_cache = CompiledTemplates()
        env.filters["asset"] = self.asset_url
        return env

    def asset_url(self, path: str) -> str:
        """`{{ 'assets/ocop-browse.js' | asset | url }}`: the file's URL with its digest (asset_urls)."""
        if path not in self.assets:
            raise jinja2.TemplateRuntimeError(f"{path} is not a file of the theme's assets/ folder")
        return self.assets[path]

    def on_files(self, files: Files, config) -> Files:
        for src_uri in self.pages:
            files.append(File.generated(config, src_uri, content=""))
        return files

    def on_page_markdown(self, markdown, page, config, files):
        # What front matter would say, set directly: written and parsed as YAML it cost a second a language.
        ours = self.pages.get(page.file.src_uri)
        if ours:
            page.meta = {"title": ours.title, "description": ours.description, "template": ours.template, "hide": ["navigation", "toc"]}
        return markdown

    def on_page_context(self, context, page, config, nav):
        ours = self.pages.get(page.file.src_uri)
        context["ocop"] = self.context(context["base_url"], ours.path if ours else None, ours.data if ours else {})
        return context

    def on_template_context(self, context, template_name, config):
        # Pages made from a template alone (404.html) are served at any depth: absolute links.
        context["ocop"] = self.context(urlsplit(config.site_url).path, None, {})
        return context

    def on_post_page(self, output, page, config):
        output = mend_material_toggles(output)
        template = page.meta.get("template")
        if template in page_script.INLINED:
            output = page_script.inline_script(output, self.theme, page_script.INLINED[template])
        return page_css.inline_stylesheets(output, self.theme, page_css.INLINED[template]) if template in page_css.INLINED else output

    def on_post_template(self, output_content, template_name, config):
        return mend_material_toggles(output_content) if template_name == "404.html" else output_content

    def context(self, base_url: str, path: str | None, data: dict) -> dict:
        lang = self.site["lang"]
        lang_root = base_url.rstrip("/") + "/"  # relative ("../../") except on the 404 page ("/")
        root = lang_root + self.site["prefix_up"]
        alternates = [
            {
                "lang": other,
                "hreflang": languages.get(other).html_lang,
                "name": languages.get(other).name,
                "href": root + self.site["prefixes"][other] + path if path is not None else root + self.site["prefixes"][other],
                "absolute": self.site["base_url"] + self.site["prefixes"][other] + (path or ""),
            }
            for other in self.site["languages"]
        ]
        return {
            **self.site,
            "t": languages.get(lang).strings,
            "strings": strings(),
            "data": data,
            "path": path,
            "lang_root": lang_root,
            "root": root,
            "alternates": alternates,
            "date": lambda day: format_date(day, lang),
            # {{ ocop.count(t.products_count, 3) }}: a languages.COUNTED text for n, in its plural form
            "count": lambda text, n: languages.get(lang).counted(text, n).format(n=n),
            "html_lang": lambda code: languages.get(code).html_lang,
            # The languages texts fell back to, as the page's note names them: each in itself.
            "fallback_names": lambda codes: ", ".join(languages.get(code).name for code in codes),
            "once": self.once,
        }

    def once(self, key: tuple, render, *args) -> str:
        """What render(*args) gives, rendered once per key in this language: HTML that many
        pages share, keyed by all it depends on (a product's card, by the product and the
        links' depth; the navigation, by the links' targets)."""
        if key not in self.rendered:
            self.rendered[key] = render(*args)
        return self.rendered[key]


def offer_others(config: SiteConfig) -> dict[str, dict]:
    """The offer of the page in config.offered(), worded in each language that has strings but
    is not on the site, for readers of that language (ocop-language.js shows one)."""
    offered = config.offered()
    if offered is None:
        return {}
    name = languages.get(offered).name
    return {
        code: {"text": languages.get(code).strings["offer_other"].format(language=name), "lang": languages.get(code).html_lang}
        for code in languages.available()
        if code not in config.languages
    }


def site_card(config: SiteConfig, lang: str) -> previews.Card:
    chain = config.chain(lang)
    description = local(config.description, lang, chain).text if config.description else languages.get(lang).strings["home_intro"]
    return previews.site_card(local(config.title, lang, chain).text, description, local(config.owner.name, lang, chain).text, config.base_url)


def build_language(config: SiteConfig, pages: list[Page], lang: str, as_of: datetime.date, site_dir: Path, docs_dir: Path, theme: Path,
                   reused: dict[str, Path]) -> dict[str, Path]:
    """Build one language's pages into site_dir with MkDocs and Material, but for the pages
    whose path is in `reused` (path -> the page's file from an earlier build made from the
    same inputs, see incremental.page_key): editing one record renders its pages again, not
    thousands. Returns the reused pages the new site keeps (file by page path), which are not
    in site_dir: all of `reused` but the navigation's pages."""
    prefixes = {code: config.prefix(code) for code in config.languages}
    language = languages.get(lang)
    chain = config.chain(lang)
    t = language.strings
    assets = asset_urls(theme)
    nav = [
        {t["home"]: "index.md"},
        {t["browse"]: "browse/index.md"},
        {t["groups"]: "groups/index.md"},
        {t["areas"]: "areas/index.md"},
        {t["stars_nav"]: "stars/index.md"},
        {t["stats"]: "stats/index.md"},
    ]
    if any(page.path == "fairs/" for page in pages):
        nav.append({t["fairs"]: "fairs/index.md"})
    if any(page.path == "shops/" for page in pages):
        nav.append({t["shops"]: "shops/index.md"})
    mkdocs_config = {
        "site_name": local(config.title, lang, chain).text,
        "site_url": config.base_url + prefixes[lang],
        "site_description": local(config.description, lang, chain).text if config.description else None,
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        "use_directory_urls": True,
        "nav": nav,
        "theme": {
            "name": "material",
            "custom_dir": str(theme),
            # Material's own words (its header's labels) in the language, when Material has it
            "language": lang if (MATERIAL_LANGUAGES / f"{lang}.html").is_file() else "en",
            "font": False,  # no web fonts from a CDN: the system's fonts cover Vietnamese
            "features": ["navigation.tabs"],
            "palette": {"primary": "custom", "accent": "custom"},
            "icon": {"logo": "material/storefront-outline"},
        },
        "extra_css": [assets["assets/ocop.css"]],
        "plugins": [],  # no Material search on every page: browse and search come with their own page
        "extra": {"alternate": [{"lang": code} for code in config.languages], "generator": False, "html_lang": language.html_lang},
        "validation": {"nav": {"omitted_files": "ignore"}},
    }
    site = {
        "lang": lang,
        "languages": config.languages,
        "prefixes": prefixes,
        "prefix_up": "../" if prefixes[lang] else "",
        "base_url": config.base_url,
        "sample_data": config.sample_data,
        "owner": local(config.owner.name, lang, chain),
        "og_locale": language.og_locale,
        "og_locale_alternates": [languages.get(code).og_locale for code in config.languages if code != lang],
        "offer": config.offered(),
        "offer_others": offer_others(config),
        "report": config.owner.report,
        "host": urlsplit(config.base_url).netloc,  # what the address bar must show (the report section says so)
        "share": f"{config.base_url}img/{site_card(config, lang).name}",  # every page's preview but a product's
        "as_of": as_of.isoformat(),  # the build day and the rule cards' statuses are checked with (ui.status_check)
        "soon_days": config.certification.expiring_soon_days,
    }
    mk = load_config(config_file=io.StringIO(yaml.safe_dump(mkdocs_config, allow_unicode=True)))
    # The navigation's pages are always rendered: MkDocs builds the navigation from the pages it has.
    in_nav = {target.removesuffix("index.md") for entry in nav for target in entry.values()}
    reused = {path: source for path, source in reused.items() if path not in in_nav}
    mk.plugins["ocop"] = PagesPlugin([page for page in pages if page.path not in reused], site, theme, assets)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    logging.getLogger("mkdocs.commands.build").addFilter(strict_templates.not_reported_twice)
    try:
        mkdocs_build(mk)
    except jinja2.TemplateError as e:
        raise ContentError([strict_templates.problem(e, theme, "theme" if theme != DEFAULT_THEME else str(theme))]) from None
    return reused
