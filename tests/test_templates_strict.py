"""Our templates fail loudly: a name a template of the catalogue uses that its page's data
lacks is one line naming the template, the line and the name; the site is left as it was.
Material's own templates keep Jinja's lenient undefined, which they rely on."""

import shutil

import jinja2
import pytest

from conftest import REPO
from generator.build import MARKER, MARKER_TEXT
from generator.engine import COMPILED_TEMPLATES, CompiledTemplates
from generator.strict_templates import UndefinedInTemplate, undefined_in

HINT = " (the template names something its page's data does not have)"


def tree(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("template, old, new, message", [
    ("product.html", "<dd>{{ p.gtin }}</dd>", "<dd>{{ p.gtn }}</dd>", "'dict object' has no attribute 'gtn'" + HINT),
    ("list.html", "{% if ocop.data.intro %}", "{{ gtn }}{% if ocop.data.intro %}", "'gtn' is undefined" + HINT),
    # handed to a macro that fails with it: the line where it was looked up, not where it failed
    ("partials/ocop.html", '{{ stars(c.stars, "ocop-stars--small") }}', '{{ stars(c.star, "ocop-stars--small") }}',
     "'dict object' has no attribute 'star'" + HINT),
    ("list.html", "{% if ocop.data.intro %}", "{% if %}{% if ocop.data.intro %}", "Expected an expression, got 'end of statement block'"),
    # a script the theme does not have: its URL would carry no digest (engine.asset_urls)
    ("browse.html", "'assets/ocop-browse.js' | asset", "'assets/ocop-brows.js' | asset", "assets/ocop-brows.js is not a file of the theme's assets/ folder"),
])
def test_a_template_mistake_is_one_line_and_the_site_is_left_as_it_was(catalogue, ocop, template, old, new, message):
    shutil.copytree(REPO / "theme", catalogue / "theme")  # the catalogue's own theme
    path = catalogue / "theme" / template
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    site = catalogue / "site"
    site.mkdir()
    (site / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    (site / "index.html").write_text("the previous site", encoding="utf-8")
    before = tree(site)
    code, out, err = ocop("--root", catalogue, "build", "--date", "2026-11-29")
    assert (code, err) == (1, [f"theme/{template}:{line}: {message}", "1 problem in 1 file; nothing was written."])
    assert tree(site) == before
    assert not list(catalogue.glob(".site.new-*"))  # nor any staging folder left beside it


def test_strict_in_our_templates_only(tmp_path):
    ours, theirs = tmp_path / "theme", tmp_path / "material"
    ours.mkdir()
    theirs.mkdir()
    (theirs / "base.html").write_text("[{{ nothing }}{% if config.absent %}x{% endif %}{% block content %}{% endblock %}]")
    (ours / "page.html").write_text(
        '{% extends "base.html" %}{% block content %}{{ p.name }}\n'
        '{{ p.note is defined }} {{ p.note | default("-") }}\n'  # what may be missing is said so
        "{% if p.tip %}{% endif %}{% endblock %}"
    )
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(ours), str(theirs)]), undefined=undefined_in(ours))
    assert env.get_template("base.html").render(config={}) == "[]"
    with pytest.raises(UndefinedInTemplate) as raised:
        env.get_template("page.html").render(config={}, p={"name": "Quế"})
    assert (raised.value.message, raised.value.filename, raised.value.lineno) == ("'dict object' has no attribute 'tip'", str(ours / "page.html"), 3)
    assert env.get_template("page.html").render(config={}, p={"name": "Quế", "tip": ""}) == "[Quế\nFalse -\n]"


@pytest.fixture
def compiled(monkeypatch, tmp_path):
    """CompiledTemplates with this test's own store; returns a function rendering "page.html"
    through a new environment (a new language or process) and whether Jinja compiled it."""
    monkeypatch.setattr(CompiledTemplates, "compiled", {})
    monkeypatch.setattr(CompiledTemplates, "kept", {})
    real = jinja2.Environment._compile
    compiled_now = []
    monkeypatch.setattr(jinja2.Environment, "_compile", lambda env, source, filename: compiled_now.append(filename) or real(env, source, filename))
    (tmp_path / "page.html").write_text("Quế {{ n }}", encoding="utf-8")

    def render() -> tuple[str, bool]:
        compiled_now.clear()
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)), bytecode_cache=CompiledTemplates())
        return env.get_template("page.html").render(n=3), bool(compiled_now)
    return render


def test_templates_compiled_once_are_kept_for_the_next_build_by_the_same_code(compiled, tmp_path):
    kept = tmp_path / "cache" / COMPILED_TEMPLATES
    CompiledTemplates.read(kept, "code A")  # the first build: none kept
    assert compiled() == ("Quế 3", True)
    assert compiled() == ("Quế 3", False)  # the next language, in this process
    CompiledTemplates.keep(kept, "code A", {})
    CompiledTemplates.compiled = {}  # the next build's process
    CompiledTemplates.read(kept, "code A")
    assert compiled() == ("Quế 3", False)
    made = kept.stat().st_mtime_ns
    CompiledTemplates.keep(kept, "code A", {})
    assert kept.stat().st_mtime_ns == made  # nothing new: not written again
    CompiledTemplates.read(kept, "code B")  # other code may set Jinja up otherwise (autoescaping is compiled in)
    assert compiled() == ("Quế 3", True)
    (tmp_path / "page.html").write_text("Quế {{ n * 2 }}", encoding="utf-8")
    CompiledTemplates.read(kept, "code A")
    assert compiled() == ("Quế 6", True)  # a template changed since: Jinja checks each against its source


@pytest.mark.parametrize("damage", [
    lambda body: body[:-1] + bytes([body[-1] ^ 1]),  # a changed byte
    lambda body: body[: len(body) // 2],  # cut short
    lambda body: b"",
    lambda body: b"not ours\n",
])
def test_damaged_kept_templates_are_compiled_again(compiled, tmp_path, damage):
    kept = tmp_path / COMPILED_TEMPLATES
    CompiledTemplates.read(kept, "code A")
    compiled()
    CompiledTemplates.keep(kept, "code A", {})
    kept.write_bytes(damage(kept.read_bytes()))
    CompiledTemplates.compiled = {}
    CompiledTemplates.read(kept, "code A")
    assert compiled() == ("Quế 3", True)
    CompiledTemplates.keep(kept, "code A", {})
    CompiledTemplates.compiled = {}
    CompiledTemplates.read(kept, "code A")  # and kept again, whole
    assert compiled() == ("Quế 3", False)
