"""Product pages and the browse page carry their stylesheet inline: the page a shopper reaches
by scanning a code paints its status, and the browse page its first results, from the HTML
alone, in one round trip, instead of waiting on a phone's slow connection for three stylesheets (Material's main one is 137 KB, 23 KB compressed, mostly
rules for Markdown extensions, search and code blocks our pages never show), and the phone's
slow processor does not match all of it.

Each product page gets Material's CSS (main, then palette) without the rules that cannot match
it, then our ocop.css whole: a rule is kept when one of its selectors names only classes and
colour attributes (`data-md-color-*`) the page has. Classes inside `:is()`, `:not()`,
`:where()` and attribute values do not count, so such rules stay. Scripts change only our own
classes (ocop.css, kept whole), never Material's; the elements they add are named in INLINED.
The page's Content-Security-Policy names the <style> element by its hash. Other pages keep the
linked, cached stylesheets.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from pathlib import Path

import material

STYLESHEETS = Path(material.__file__).resolve().parent / "templates" / "assets" / "stylesheets"
KEPT_WHOLE = ("@keyframes", "@-webkit-keyframes", "@font-face", "@property", "@page")
SELECTOR_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
SELECTOR_COLOUR = re.compile(r"\[(data-md-color-[a-z]+)=([\w-]+)\]")
PAGE_CLASSES = re.compile(r' class="([^"]*)"')
PAGE_COLOURS = re.compile(r' (data-md-color-[a-z]+)="([^"]*)"')
PAGE_ELEMENTS = re.compile(r"<([a-z][a-z0-9]*)")
SELECTOR_ELEMENT = re.compile(r"(?:^|[\s>+~])([a-z][a-z0-9]*)")
CUSTOM_PROPERTY = re.compile(r"^\s*(--[\w-]+)\s*:")
VAR_USE = re.compile(r"var\(\s*(--[\w-]+)")
LINKS = re.compile(r'<link rel="stylesheet" href="[^"]*assets/(?:stylesheets/(?:main|palette)\.[0-9a-f]{8}\.min\.css|ocop\.css\?v=[0-9a-f]+)">\s*')
STYLE_SRC = "style-src 'self'"
# The templates whose pages are inlined, each with the elements its scripts may add that the
# page may not have yet (the browse page's results: photos).
INLINED = {"product.html": frozenset(), "browse.html": frozenset({"<img>"})}


def inline_stylesheets(html: str, theme: Path, added: frozenset[str] = frozenset()) -> str:
    """The page `html` with its three stylesheet links replaced by one <style>, kept for the
    names the page has and those its scripts may add (`added`). A page from a catalogue's own
    theme that links others, or has no policy to name it in, is left as it is."""
    if len(LINKS.findall(html)) != 3 or html.count(STYLE_SRC) != 1:
        return html
    names = set(added) | {name for value in PAGE_CLASSES.findall(html) for name in value.split()}
    names |= {f"{attribute}={value}" for attribute, value in PAGE_COLOURS.findall(html)}
    names |= {f"<{element}>" for element in PAGE_ELEMENTS.findall(html)}
    css, source = _stylesheet(frozenset(names & _named()), theme)
    html = html.replace(STYLE_SRC, f"{STYLE_SRC} {source}")
    first = LINKS.search(html)
    assert first is not None  # main.html links Material's stylesheet and ours
    return html[:first.start()] + f"<style>{css}</style>\n" + LINKS.sub("", html[first.end():])


@functools.lru_cache(maxsize=64)  # product pages share a few sets of names: one purge each
def _stylesheet(names: frozenset[str], theme: Path) -> tuple[str, str]:
    """The page's CSS and the Content-Security-Policy source naming it."""
    own = _own_css(theme)
    css = _without_unused_properties("".join(_render(rules, names) for rules in _material_rules()), own) + own
    return css, hash_source(css)


def hash_source(text: str) -> str:
    """The Content-Security-Policy source that lets an inline <style> or <script> whose text is
    `text` through: its sha256 (page_script.py names its script the same way)."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@functools.cache
def _named() -> frozenset[str]:
    """Every class and colour attribute a selector of Material's CSS names."""
    return frozenset(name for rules in _material_rules() for name in _names_in(rules))


def _names_in(nodes: list):
    for node in nodes:
        if node[0] == "group":
            yield from _names_in(node[2])
        elif node[0] == "rule":
            yield from (name for _, needs in node[1] for name in needs)


@functools.cache
def _material_rules() -> tuple[list, ...]:
    return tuple(_compile(next(STYLESHEETS.glob(f"{name}.*.min.css")).read_text(encoding="utf-8")) for name in ("main", "palette"))


def _own_css(theme: Path) -> str:
    return (theme / "assets" / "ocop.css").read_text(encoding="utf-8")


def _compile(css: str) -> list:
    """The rules of `css` as nodes: ("text", text) kept always; ("rule", [(selector, needs)],
    body); ("group", prelude, nodes) for @media and @supports."""
    nodes: list[tuple] = []
    for prelude, body in _blocks(css):
        if body is None:
            nodes.append(("text", prelude + ";"))
        elif prelude.startswith(KEPT_WHOLE):
            nodes.append(("text", f"{prelude}{{{body}}}"))
        elif prelude.startswith("@"):
            nodes.append(("group", prelude, _compile(body)))
        else:
            nodes.append(("rule", [(s, _needs(s)) for s in _split_top_level(prelude, ",")], body))
    return nodes


def _render(nodes: list, names: frozenset[str]) -> str:
    out = []
    for node in nodes:
        if node[0] == "text":
            out.append(node[1])
        elif node[0] == "group":
            inner = _render(node[2], names)
            if inner:
                out.append(f"{node[1]}{{{inner}}}")
        else:
            selectors = [selector for selector, needs in node[1] if needs <= names]
            if selectors:
                out.append(f"{','.join(selectors)}{{{node[2]}}}")
    return "".join(out)


def _needs(selector: str) -> frozenset[str]:
    """The classes and colour attributes an element of the page must have for `selector` to
    match, outside parentheses, quotes and attribute values."""
    chars, depth = [], 0
    for char in re.sub(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'', '""', selector):
        depth += char == "("
        if depth == 0:
            chars.append(char)
        depth -= char == ")"
    outer = "".join(chars)
    colours = {f"{attribute}={value}" for attribute, value in SELECTOR_COLOUR.findall(outer)}
    outer = re.sub(r"\[[^\]]*\]", "", outer)
    elements = {f"<{name}>" for name in SELECTOR_ELEMENT.findall(outer)}
    return frozenset(SELECTOR_CLASS.findall(outer)) | colours | elements


def _without_unused_properties(css: str, own: str) -> str:
    """`css` without the declarations of custom properties (`--md-admonition-icon--note: …`)
    that no var() of it or of `own` reads, repeated while that removes some."""
    while True:
        used = set(VAR_USE.findall(css + own))
        kept = _drop_properties(css, used)
        if kept == css:
            return css
        css = kept


def _drop_properties(css: str, used: set[str]) -> str:
    out = []
    for prelude, body in _blocks(css):
        if body is None:
            out.append(prelude + ";")
        elif prelude.startswith(("@media", "@supports")):
            out.append(f"{prelude}{{{_drop_properties(body, used)}}}")
        elif prelude.startswith("@"):
            out.append(f"{prelude}{{{body}}}")
        else:
            declarations = [d for d in _split_top_level(body, ";")
                            if not (match := CUSTOM_PROPERTY.match(d)) or match.group(1) in used]
            if any(d.strip() for d in declarations):
                out.append(f"{prelude}{{{';'.join(declarations)}}}")
    return "".join(out)


def _split_top_level(text: str, separator: str) -> list[str]:
    """`text` split at each `separator` outside quotes, parentheses and brackets."""
    parts, depth, start, quote = [], 0, 0, None
    for i, char in enumerate(text):
        if quote:
            quote = None if char == quote and text[i - 1] != "\\" else quote
        elif char in "\"'":
            quote = char
        else:
            depth += (char in "([") - (char in ")]")
            if char == separator and depth == 0:
                parts.append(text[start:i])
                start = i + 1
    return parts + [text[start:]]


def _blocks(css: str):
    """The top-level rules of `css` as (prelude, body); a statement such as @charset has body
    None. Quotes and comments are respected; comments are dropped."""
    i, n, start, depth, quote, prelude, body_start = 0, len(css), 0, 0, None, "", 0
    while i < n:
        char = css[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = None
        elif css.startswith("/*", i):
            end = css.find("*/", i + 2)
            i = n if end < 0 else end + 2
            if depth == 0:
                start = i
            continue
        elif char in "\"'":
            quote = char
        elif char == "{":
            if depth == 0:
                prelude, body_start = css[start:i].strip(), i + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                yield prelude, css[body_start:i]
                start = i + 1
        elif char == ";" and depth == 0:
            yield css[start:i].strip(), None
            start = i + 1
        i += 1
