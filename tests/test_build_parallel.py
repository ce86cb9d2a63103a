"""Languages built side by side in worker processes: the same site, the same errors, no lost log."""

import hashlib
import logging
import os
import shutil
import time

import jinja2
import pytest

import generator.engine
from generator import parallel
from generator.build import build_site
from generator.problems import ContentError

from conftest import AS_OF, REPO

pytestmark = pytest.mark.slow  # each test builds the fixture catalogue


def digest(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def cores(monkeypatch):
    """Set how many cores the build sees."""
    return lambda n: monkeypatch.setattr(parallel.os, "cpu_count", lambda: n)


@pytest.fixture
def build_language_spy(monkeypatch, tmp_path):
    """Each language's build writes its language and process id to a file (returned), logs a
    warning, and the first language (the others' folders are inside its own) starts last."""
    log = tmp_path / "languages.txt"
    real = generator.engine.build_language

    def spy(config, pages, lang, *args):
        with log.open("a", encoding="utf-8") as f:
            f.write(f"{lang} {os.getpid()}\n")
        if lang == config.languages[0]:
            time.sleep(1)  # the others' pages are written first: the first language's build must not remove them
        logging.getLogger("mkdocs.ocop-test").warning("built %s", lang)
        return real(config, pages, lang, *args)

    monkeypatch.setattr(generator.engine, "build_language", spy)
    return log


def test_languages_are_built_in_worker_processes_and_their_log_reaches_the_build(catalogue, tmp_path, cores, build_language_spy, caplog):
    cores(2)
    build_site(catalogue, tmp_path / "site", AS_OF)
    built = dict(line.split() for line in build_language_spy.read_text(encoding="utf-8").splitlines())
    assert sorted(built) == ["en", "vi"]
    assert str(os.getpid()) not in built.values() and len(set(built.values())) == 2  # one process each
    assert sorted(r.getMessage() for r in caplog.records if r.name == "mkdocs.ocop-test") == ["built en", "built vi"]


def test_one_core_builds_in_this_process_the_same_site(catalogue, tmp_path, cores, build_language_spy, caplog):
    cores(2)
    parallel_site = build_site(catalogue, tmp_path / "parallel", AS_OF).out
    build_language_spy.unlink()
    cores(1)
    serial_site = build_site(catalogue, tmp_path / "serial", AS_OF).out
    assert {line.split()[1] for line in build_language_spy.read_text(encoding="utf-8").splitlines()} == {str(os.getpid())}
    assert digest(parallel_site) == digest(serial_site)


def with_korean(catalogue):
    """A third language: on two cores, the one the workers leave over is built in this process."""
    config = catalogue / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("languages: [vi, en]", "languages: [vi, en, ko]"), encoding="utf-8")


def test_a_language_left_over_by_the_workers_is_built_here_the_same(catalogue, tmp_path, cores, build_language_spy, caplog):
    with_korean(catalogue)
    cores(2)
    parallel_site = build_site(catalogue, tmp_path / "parallel", AS_OF).out
    built = dict(line.split() for line in build_language_spy.read_text(encoding="utf-8").splitlines())
    assert built["ko"] == str(os.getpid()) and str(os.getpid()) not in (built["vi"], built["en"])
    assert sorted(r.getMessage() for r in caplog.records if r.name == "mkdocs.ocop-test") == ["built en", "built ko", "built vi"]
    cores(1)
    assert digest(parallel_site) == digest(build_site(catalogue, tmp_path / "serial", AS_OF).out)


@pytest.mark.parametrize("n, languages", [(1, 2), (2, 2), (2, 3)])
def test_a_template_error_in_a_language_is_raised_as_it_is_and_the_site_stays(catalogue, cores, n, languages):
    cores(n)
    if languages == 3:
        with_korean(catalogue)
    out = build_site(catalogue, catalogue / "site", AS_OF).out
    before = digest(out)
    shutil.copytree(REPO / "theme", catalogue / "theme")  # the catalogue's own theme, with a mistake
    (catalogue / "theme/list.html").write_text("{% extends 'main.html' %}{% block content %}{{ ocop.data | nope }}{% endblock %}\n", encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        build_site(catalogue, out, AS_OF)
    assert [str(problem) for problem in raised.value.problems] == ["theme/list.html:1: No filter named 'nope'."]
    assert digest(out) == before
    assert sorted(p.name for p in catalogue.iterdir()) == [".cache", "content", "site", "site_config.yml", "theme"]  # no staging left


def test_each_product_card_and_the_navigation_are_rendered_once_per_language_and_key(catalogue, tmp_path, cores, monkeypatch):
    cores(1)  # the spy's list is this process's
    shown, rendered = [], []
    real = generator.engine.PagesPlugin.once

    def spy(self, key, render, *args):
        shown.append((self.site["lang"], *key))
        return real(self, key, lambda *more: rendered.append((self.site["lang"], *key)) or render(*more), *args)

    monkeypatch.setattr(generator.engine.PagesPlugin, "once", spy)
    build_site(catalogue, tmp_path / "site", AS_OF)
    assert sorted(rendered) == sorted(set(shown))  # each key rendered once
    for kind in ("card", "nav", "tabs"):  # and each shown more often than rendered
        assert len([k for k in shown if k[1] == kind]) > len([k for k in rendered if k[1] == kind]) > 0, kind


def test_the_templates_the_workers_compiled_are_kept_and_the_next_build_compiles_none(catalogue, tmp_path, cores, monkeypatch):
    cores(2)  # two languages: both built by workers, none in this process
    first = digest(build_site(catalogue, tmp_path / "first", AS_OF).out)
    monkeypatch.setattr(generator.engine.CompiledTemplates, "compiled", {})  # as in the next build's process

    def compile_nothing(env, source, filename):
        raise AssertionError(f"{filename} compiled again")

    monkeypatch.setattr(jinja2.Environment, "_compile", compile_nothing)  # in the workers too: they fork from here
    assert digest(build_site(catalogue, tmp_path / "second", AS_OF).out) == first
