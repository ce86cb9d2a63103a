"""Precompressed copies for nginx's gzip_static and brotli_static: every text file, exact,
reproducible."""

import datetime
import gzip
import hashlib
import json
import os

import brotli
import pytest

from conftest import AS_OF, REPO
from generator.build import build_site
from test_validation import replace


def test_every_text_file_has_an_exact_gzip_copy(site):
    texts = [p for p in site.rglob("*") if p.suffix in {".html", ".css", ".js", ".json", ".csv", ".svg", ".xml"} and p.stat().st_size >= 512]
    assert len(texts) > 80
    for path in texts:
        copy = path.with_name(path.name + ".gz")
        assert copy.is_file(), path
        assert gzip.decompress(copy.read_bytes()) == path.read_bytes(), path
        assert copy.stat().st_size < path.stat().st_size
    assert not list((site / "img").glob("*.gz"))  # photos are compressed already
    assert {p.suffix for p in site.rglob("*.gz")} == {".gz"} and not list(site.rglob("*.gz.gz"))


def test_every_text_file_has_an_exact_brotli_copy_smaller_than_gzip(site):
    copies = {p.with_name(p.name[:-3]) for p in site.rglob("*.gz")}
    assert copies == {p.with_name(p.name[:-3]) for p in site.rglob("*.br")}
    for path in copies:
        packed = path.with_name(path.name + ".br").read_bytes()
        assert brotli.decompress(packed) == path.read_bytes(), path
    page = site / "p/mat-ong/index.html"
    assert len(page.with_name("index.html.br").read_bytes()) < len(page.with_name("index.html.gz").read_bytes())
    assert not list((site / "img").glob("*.br")) and not list(site.rglob("*.br.gz")) and not list(site.rglob("*.gz.br"))


def test_the_copies_are_the_same_bytes_every_build(catalogue, tmp_path):
    one = build_site(catalogue, tmp_path / "one", AS_OF).out
    two = build_site(catalogue, tmp_path / "two", AS_OF).out
    copies = sorted(p.relative_to(one) for p in [*one.rglob("*.gz"), *one.rglob("*.br")])
    assert copies and copies == sorted(p.relative_to(two) for p in [*two.rglob("*.gz"), *two.rglob("*.br")])
    assert all((one / p).read_bytes() == (two / p).read_bytes() for p in copies)


def test_a_rebuild_compresses_only_what_changed(catalogue, tmp_path):
    out = tmp_path / "site"
    build_site(catalogue, out, AS_OF)
    inodes = [os.stat(out / f"p/nuoc-mam/index.html.{suffix}").st_ino for suffix in ("gz", "br")]
    replace(catalogue, "content/products/mat-ong.yml", "Mật ong rừng thử nghiệm", "Mật ong rừng già thử nghiệm")
    build_site(catalogue, out, AS_OF)
    assert [os.stat(out / f"p/nuoc-mam/index.html.{suffix}").st_ino for suffix in ("gz", "br")] == inodes  # unchanged page: copies linked
    assert "Mật ong rừng già thử nghiệm" in gzip.decompress((out / "p/mat-ong/index.html.gz").read_bytes()).decode()
    assert "Mật ong rừng già thử nghiệm" in brotli.decompress((out / "p/mat-ong/index.html.br").read_bytes()).decode()


def _cached_copy(catalogue, page, suffix):
    """The cache's entry for the copy of `page` (a file of a built site) with `suffix`."""
    entries = list((catalogue / ".cache/compressed").glob(f"*/{hashlib.sha256(page.read_bytes()).hexdigest()}-*{suffix}"))
    assert len(entries) == 1, entries
    return entries[0]


def test_a_build_into_a_new_folder_takes_the_copies_from_the_cache(catalogue, tmp_path):
    page = build_site(catalogue, tmp_path / "one", AS_OF).out / "p/mat-ong/index.html"
    entry = _cached_copy(catalogue, page, ".gz")
    other = gzip.compress(page.read_bytes(), compresslevel=1, mtime=0)  # the same text, other bytes than -9's
    entry.write_bytes(hashlib.sha256(other).digest() + other)  # as the cache keeps copies
    two = build_site(catalogue, tmp_path / "two", AS_OF)
    assert (two.out / "p/mat-ong/index.html.gz").read_bytes() == other  # taken from the cache, not compressed again
    assert not two.warnings


def test_a_damaged_copy_in_the_cache_is_made_again_and_said(catalogue, tmp_path, ocop):
    page = build_site(catalogue, tmp_path / "one", AS_OF).out / "p/mat-ong/index.html"
    entry = _cached_copy(catalogue, page, ".br")
    entry.write_bytes(entry.read_bytes()[:-40])  # cut short
    code, _, err = ocop("--root", catalogue, "build", "--out", tmp_path / "two", "--date", AS_OF)
    assert code == 0
    assert err == [f"{entry.relative_to(catalogue).as_posix()}: warning: damaged in the cache (not the bytes it was made with): made again"]
    assert brotli.decompress((tmp_path / "two/p/mat-ong/index.html.br").read_bytes()) == page.read_bytes()
    assert brotli.decompress(entry.read_bytes()[32:]) == page.read_bytes()  # and the cache mended


def test_copies_no_build_uses_leave_the_cache(catalogue, tmp_path):
    out = tmp_path / "site"
    old = _cached_copy(catalogue, build_site(catalogue, out, AS_OF).out / "p/mat-ong/index.html", ".gz")
    replace(catalogue, "content/products/mat-ong.yml", "Mật ong rừng thử nghiệm", "Mật ong rừng già thử nghiệm")
    build_site(catalogue, out, AS_OF)
    assert not old.exists()
    assert _cached_copy(catalogue, out / "p/mat-ong/index.html", ".gz").is_file()
    kept = {p.name for p in (catalogue / ".cache/compressed").glob("??/*")}
    assert kept == {_cached_copy(catalogue, p.with_name(p.name[:-3]), ".gz").name for p in out.rglob("*.gz")} | {
        _cached_copy(catalogue, p.with_name(p.name[:-3]), ".br").name for p in out.rglob("*.br")}


def test_copies_kept_by_an_older_generator_are_not_taken_for_damage(catalogue, tmp_path):
    page = build_site(catalogue, tmp_path / "one", AS_OF).out / "p/mat-ong/index.html"
    digest = hashlib.sha256(page.read_bytes()).hexdigest()
    older = catalogue / f".cache/compressed/{digest[:2]}/{digest}-9.gz"  # the first format's name: the copy alone
    older.write_bytes(gzip.compress(page.read_bytes()))
    assert not build_site(catalogue, tmp_path / "two", AS_OF).warnings
    assert not older.exists()


@pytest.mark.parametrize("record", ["[]", "{\"site\": 1}", "{\"site\": \"SITE\", \"entries\": []}", "{\"site\": \"SITE\", \"entries\": {\"a\": []}}", "{not json"])
def test_a_damaged_record_of_a_site_s_copies_costs_only_compressing_again(catalogue, tmp_path, record):
    out = build_site(catalogue, tmp_path / "one", AS_OF).out
    for path in (catalogue / ".cache/compressed/sites").glob("*.json"):
        path.write_text(record.replace("SITE", str(out)), encoding="utf-8")
    again = build_site(catalogue, tmp_path / "two", AS_OF)
    assert not again.warnings
    assert (again.out / "p/mat-ong/index.html.gz").read_bytes() == (out / "p/mat-ong/index.html.gz").read_bytes()


def test_nginx_sends_both_copies():
    conf = (REPO / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert "\n    gzip_static on;\n    brotli_static on;\n" in conf


def test_an_edit_removes_the_copies_it_stopped_using_and_a_new_day_what_killed_builds_left(catalogue, tmp_path):
    """An edit removes from the cache the copies its site used and uses no longer, without
    looking through the whole cache (at 20,000 products, 300,000 entries); a build that keeps
    no page (a new day) looks through it all, and removes entries no build recorded, such as a
    killed build's."""
    out = build_site(catalogue, tmp_path / "site", AS_OF).out
    old = _cached_copy(catalogue, out / "p/mat-ong/index.html", ".gz")
    left = catalogue / ".cache/compressed/ff" / ("f" * 64 + "-9-2.gz")  # compressed by a build killed before it recorded its copies
    left.parent.mkdir(exist_ok=True)
    left.write_bytes(b"x")
    os.utime(left, (0, 0))
    replace(catalogue, "content/products/mat-ong.yml", "Mật ong rừng thử nghiệm", "Mật ong rừng già thử nghiệm")
    build_site(catalogue, out, AS_OF)
    assert not old.exists() and _cached_copy(catalogue, out / "p/mat-ong/index.html", ".gz").is_file()
    assert left.exists()
    build_site(catalogue, out, AS_OF + datetime.timedelta(days=1))
    assert not left.exists()


@pytest.mark.parametrize("name", ["../../outside/victim.txt", "/ABSOLUTE/victim.txt"])
def test_an_edit_removes_only_cache_entries_whatever_the_record_of_copies_says(catalogue, tmp_path, name):
    """The record of a site's copies names entries of the cache, which an edit removes once
    the site stops using them: a record that names anything else (damaged, or written by
    someone else) is not used, and no file outside the cache is removed."""
    out = build_site(catalogue, tmp_path / "site", AS_OF).out
    victim = tmp_path / "victim.txt"
    victim.write_text("not the cache's", encoding="utf-8")
    os.utime(victim, (0, 0))
    name = name.replace("/ABSOLUTE/victim.txt", str(victim))
    record = next((catalogue / ".cache/compressed/sites").glob("*.json"))
    recorded = json.loads(record.read_bytes())
    recorded["entries"]["p/mat-ong/index.html.gz"] = name
    record.write_text(json.dumps(recorded), encoding="utf-8")
    if name.startswith(".."):
        victim = (catalogue / ".cache/compressed" / name[:2] / name).resolve()
        victim.parent.mkdir(parents=True, exist_ok=True)
        victim.write_text("not the cache's", encoding="utf-8")
        os.utime(victim, (0, 0))
    replace(catalogue, "content/products/mat-ong.yml", "Mật ong rừng thử nghiệm", "Mật ong rừng già thử nghiệm")
    build_site(catalogue, out, AS_OF)
    assert victim.read_text(encoding="utf-8") == "not the cache's"
    assert gzip.decompress((out / "p/mat-ong/index.html.gz").read_bytes()) == (out / "p/mat-ong/index.html").read_bytes()
