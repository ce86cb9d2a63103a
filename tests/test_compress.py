"""Precompressed copies for nginx's gzip_static: every text file, exact, reproducible."""

import gzip
import os

from conftest import AS_OF
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


def test_the_copies_are_the_same_bytes_every_build(catalogue, tmp_path):
    one = build_site(catalogue, tmp_path / "one", AS_OF).out
    two = build_site(catalogue, tmp_path / "two", AS_OF).out
    copies = sorted(p.relative_to(one) for p in one.rglob("*.gz"))
    assert copies and copies == sorted(p.relative_to(two) for p in two.rglob("*.gz"))
    assert all((one / p).read_bytes() == (two / p).read_bytes() for p in copies)


def test_a_rebuild_compresses_only_what_changed(catalogue, tmp_path):
    out = tmp_path / "site"
    build_site(catalogue, out, AS_OF)
    inode = os.stat(out / "p/nuoc-mam/index.html.gz").st_ino
    replace(catalogue, "content/products/mat-ong.yml", "Mật ong rừng thử nghiệm", "Mật ong rừng già thử nghiệm")
    build_site(catalogue, out, AS_OF)
    assert os.stat(out / "p/nuoc-mam/index.html.gz").st_ino == inode  # unchanged page: its copy linked
    assert "Mật ong rừng già thử nghiệm" in gzip.decompress((out / "p/mat-ong/index.html.gz").read_bytes()).decode()
