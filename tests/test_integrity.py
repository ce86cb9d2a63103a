"""Nothing lost, nothing broken published (issue 15): builds locked, caches checked,
only our own sites replaced, the swap without a window, no traceback for the machine's faults."""

import datetime
import errno
import fnmatch
import hashlib
import json
import os
import pathlib
import shutil
import subprocess
import sys
import time

import pytest
from PIL import Image

from generator.build import build_site
from generator.lock import build_lock

from conftest import AS_OF, REPO

pytestmark = pytest.mark.slow  # builds, several at once, in processes of their own


def ocop_process(catalogue, *args):
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "--root", str(catalogue), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
    )


def test_two_builds_at_once_both_succeed_and_publish_whole_files(catalogue):
    builds = [ocop_process(catalogue, "build", "--date", "2026-11-29") for _ in range(2)]
    results = [(b.wait(120), b.stdout.read(), b.stderr.read()) for b in builds]
    assert [code for code, _, _ in results] == [0, 0], results
    for product in ("mat-ong", "nuoc-mam", "ruou-can", "tra-thu"):
        with Image.open(catalogue / "site/p" / product / "qr.png") as im:
            assert im.format == "PNG" and im.load()
        assert (catalogue / "site/p" / product / "qr.svg").read_bytes().startswith(b"<svg ")
    assert not list((catalogue / ".cache").rglob("*.tmp"))
    assert [p.name for p in catalogue.iterdir() if p.name.startswith(".site")] == []


def test_a_second_build_waits_for_the_first_and_says_so(catalogue):
    out = catalogue / "site"
    with build_lock(catalogue, out):
        second = ocop_process(catalogue, "build", "--date", "2026-11-29")
        line = second.stderr.readline()
        assert line == f"waiting for another ocop (process {os.getpid()}) that is building {out} to finish…\n"
        time.sleep(0.5)
        assert second.poll() is None and not out.exists()
    assert second.wait(120) == 0
    assert (out / "p/mat-ong/index.html").is_file()


def digest(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def damage(kind, cache):
    """Damage one cached file the way a crash, a full disk or a confused restore would;
    returns it."""
    if kind == "webp photo":
        path = sorted(cache.glob("images/*-480.webp"))[0]
        path.write_bytes(path.read_bytes()[:100])
    elif kind == "another photo under its name":
        path = sorted(cache.glob("images/*-480.webp"))[0]
        path.write_bytes(sorted(cache.glob("images/*-960.webp"))[0].read_bytes())
    elif kind == "qr png":
        path = sorted(cache.glob("qr/*.png"))[0]
        path.write_bytes(path.read_bytes()[:300])
    elif kind == "qr svg":
        path = sorted(cache.glob("qr/*.svg"))[0]
        svg = path.read_bytes()
        path.write_bytes(svg[: svg.index(b'viewBox="') + 30])
    elif kind == "print photo":
        path = sorted(cache.glob("images/*-print.jpg"))[0]
        path.write_bytes(path.read_bytes()[:1000])
    else:
        path = sorted(cache.glob("print/*/hoi-cho-posters-a4.pdf"))[0]
        path.write_bytes(path.read_bytes()[:200])
    return path


@pytest.mark.parametrize("kind", ["webp photo", "another photo under its name", "qr png", "qr svg", "print photo", "fair pdf"])
def test_a_damaged_cache_file_is_made_again_and_reported(catalogue, ocop, kind):
    assert ocop("--root", catalogue, "build", "--date", "2026-11-29")[0] == 0
    expected = digest(catalogue / "site")
    path = damage(kind, catalogue / ".cache")
    code, out, err = ocop("--root", catalogue, "build", "--out", catalogue / "again", "--date", "2026-11-29")
    assert code == 0
    assert err == [f"{path.relative_to(catalogue).as_posix()}: warning: damaged in the cache (not the bytes it was made with): made again"]
    assert digest(catalogue / "again") == expected
    assert ocop("--root", catalogue, "build", "--out", catalogue / "third", "--date", "2026-11-29")[2] == []  # repaired


@pytest.mark.parametrize("kind", ["qr png", "qr svg"])
def test_a_damaged_qr_code_the_site_keeps_is_said_when_a_build_copies_it(catalogue, ocop, kind):
    """An edit reads no QR code whose copy the site keeps: the damage is found, said and
    mended by the next build that copies the code, and never reaches a site."""
    assert ocop("--root", catalogue, "build", "--date", "2026-11-29")[0] == 0
    codes = {path: sha for path, sha in digest(catalogue / "site").items() if path.endswith(("/qr.png", "/qr.svg"))}
    path = damage(kind, catalogue / ".cache")
    record = catalogue / "content/products/mat-ong.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("thu từ **rừng già**", "thu từ **rừng nguyên sinh**"), encoding="utf-8")
    assert ocop("--root", catalogue, "build", "--date", "2026-11-29")[:3:2] == (0, [])  # an edit: the site's copies kept, unread
    assert {p: sha for p, sha in digest(catalogue / "site").items() if p in codes} == codes
    code, out, err = ocop("--root", catalogue, "build", "--out", catalogue / "again", "--date", "2026-11-29")
    assert code == 0
    assert err == [f"{path.relative_to(catalogue).as_posix()}: warning: damaged in the cache (not the bytes it was made with): made again"]
    assert {p: sha for p, sha in digest(catalogue / "again").items() if p in codes} == codes


@pytest.mark.parametrize("content", ["[]", "null", "{\"x\": 1}", "{not json", "\xff\xfe"])
def test_a_damaged_record_of_builds_means_a_full_build(catalogue, ocop, content):
    assert ocop("--root", catalogue, "build", "--date", "2026-11-29")[0] == 0
    expected = digest(catalogue / "site")
    (catalogue / ".cache/builds.json").write_bytes(content.encode("latin-1"))
    code, out, err = ocop("--root", catalogue, "build", "--date", "2026-11-29")
    assert code == 0 and out[0].startswith("built 4 products")
    assert err == [".cache/builds.json: warning: not a record of builds (damaged?): ignored, the site is built in full"]
    assert digest(catalogue / "site") == expected
    assert ocop("--root", catalogue, "build", "--date", "2026-11-29")[1][0].endswith("is up to date: nothing changed since its last build (4 products, statuses as of 2026-11-29)")


@pytest.mark.parametrize("marker", [None, "something else\n"])
def test_a_folder_that_looks_like_a_site_is_not_replaced(catalogue, ocop, tmp_path, marker):
    folder = tmp_path / "www"
    folder.mkdir()
    (folder / "404.html").write_text("<h1>Not found</h1>", encoding="utf-8")
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    if marker:
        (folder / ".ocop-site").write_text(marker, encoding="utf-8")
    code, _, err = ocop("--root", catalogue, "build", "--out", folder, "--date", "2026-11-29")
    assert code == 2
    assert err[-1] == f"ocop: error: {folder} is not empty and is not a site built by ocop (it has no .ocop-site): choose another --out folder, or remove it"
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_site_built_here_is_replaced_even_before_it_had_a_marker(catalogue, ocop, tmp_path):
    out = tmp_path / "www"
    assert ocop("--root", catalogue, "build", "--out", out, "--date", "2026-11-29")[0] == 0
    assert (out / ".ocop-site").read_text(encoding="utf-8").startswith("A site built by ocop-catalogue")
    (out / ".ocop-site").unlink()  # as older versions left it, and as the record of builds has it
    state = catalogue / ".cache/builds.json"
    states = json.loads(state.read_text(encoding="utf-8"))
    states[str(out)]["output"] = hashlib.sha256(json.dumps([[p.relative_to(out).as_posix(), p.stat().st_size, p.stat().st_mtime_ns] for p in sorted(out.rglob("*")) if p.is_file()]).encode()).hexdigest()
    state.write_text(json.dumps(states), encoding="utf-8")
    assert ocop("--root", catalogue, "build", "--out", out, "--date", "2026-11-30")[0] == 0
    assert (out / ".ocop-site").is_file()
    (out / ".ocop-site").unlink()
    (out / "notes.txt").write_text("mine", encoding="utf-8")  # no longer as it was built
    assert ocop("--root", catalogue, "build", "--out", out, "--date", "2026-11-29")[0] == 2


def test_a_build_killed_during_the_swap_leaves_a_site(catalogue, monkeypatch):
    out = build_site(catalogue, catalogue / "site", AS_OF).out
    real_rename = os.rename

    def killed_after(*args):
        real_rename(*args)
        raise KeyboardInterrupt  # the build dies right after this rename

    monkeypatch.setattr("generator.swap.os.rename", killed_after)
    try:
        build_site(catalogue, out, AS_OF + datetime.timedelta(days=1))
    except KeyboardInterrupt:
        pass
    assert (out / "p/mat-ong/index.html").is_file()


def test_folders_of_killed_builds_are_removed_by_the_next(catalogue):
    for leftover in (".site.new-k1ll3d/p", ".site.old-k1ll3d/site/p"):
        (catalogue / leftover).mkdir(parents=True)
        (catalogue / leftover / "index.html").write_text("half", encoding="utf-8")
    (catalogue / ".public.new-other").mkdir()  # another output's: not ours to remove
    build_site(catalogue, catalogue / "site", AS_OF)
    assert sorted(p.name for p in catalogue.iterdir() if p.name.startswith(".")) == [".cache", ".public.new-other"]


def refuse_under(monkeypatch, method: str, folder, code: int):
    """Make Path.<method> fail with `code` for paths under `folder`, as the machine would."""
    real = getattr(pathlib.Path, method)

    def failing(self, *args, **kwargs):
        if self.is_relative_to(folder):
            raise OSError(code, os.strerror(code), str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, method, failing)


@pytest.mark.parametrize("fault", ["full disk", "full disk in the cache", "read-only output folder", "read-only catalogue", "unreadable record"])
def test_the_machine_s_faults_are_one_line_and_the_site_stays(catalogue, ocop, monkeypatch, fault):
    out = catalogue / "site"
    assert ocop("--root", catalogue, "build", "--date", "2026-11-29")[0] == 0
    before = digest(out)
    record = catalogue / "content/products/mat-ong.yml"
    if fault == "full disk":
        refuse_under(monkeypatch, "write_bytes", catalogue, errno.ENOSPC)  # how the build writes its files (NewSite.write)
        expected = f"{catalogue}/.site.new-*/data/products.json: the disk is full: free some space, then run this again"
    elif fault == "full disk in the cache":  # a story's HTML kept (shown.KeptStories), in a language's worker
        shutil.rmtree(catalogue / ".cache/stories")
        monkeypatch.setattr("generator.shown.write_atomic", lambda target, content: (_ for _ in ()).throw(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))))
        expected = f"{catalogue}/.cache/stories/*: the disk is full: free some space, then run this again"
    elif fault == "read-only output folder":
        monkeypatch.setattr("generator.swap.tempfile.mkdtemp", lambda **kwargs: (_ for _ in ()).throw(OSError(errno.EROFS, os.strerror(errno.EROFS), kwargs["dir"])))
        expected = f"{catalogue}: the file system is read-only: choose a folder that can be written"
    elif fault == "read-only catalogue":
        refuse_under(monkeypatch, "mkdir", catalogue / ".cache", errno.EROFS)
        expected = f"{catalogue}/.cache/locks: the file system is read-only: choose a folder that can be written"
    else:
        refuse_under(monkeypatch, "read_bytes", record, errno.EACCES)
        expected = f"{record}: permission denied: check who may read and write this folder (ls -ld)"
    touch(record)  # a change, or the build would have nothing to do
    code, lines, err = ocop("--root", catalogue, "build", "--date", "2026-11-30")
    assert (code, lines, len(err)) == (3, [], 1)
    assert fnmatch.fnmatch(err[0], f"ocop: {expected}; {out} is as it was"), err
    monkeypatch.undo()
    assert digest(out) == before
    assert [p.name for p in catalogue.iterdir() if p.name.startswith(".site")] == []


@pytest.mark.parametrize("setup, expected", [
    (lambda path: path.write_bytes(b"p/mat-ong/\np/tra-thu/\n# Ph\xf8\xf5c S\xf5n\n"),  # saved in a legacy code page
     "content/published.txt:3: file is not UTF-8 text: restore it from git (git checkout content/published.txt) (found byte 0xf8)"),
    (lambda path: path.mkdir(),
     "content/published.txt: this is not a file: it must be the text file that lists published URLs (see git log)"),
])
def test_a_broken_published_list_is_one_line(catalogue, ocop, setup, expected):
    setup(catalogue / "content/published.txt")
    assert ocop("--root", catalogue, "build", "--date", "2026-11-29") == (1, [], [expected, "1 problem in 1 file; nothing was written."])
    assert not (catalogue / "site").exists()


def touch(path):
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def published_lines(catalogue):
    return [line for line in (catalogue / "content/published.txt").read_text(encoding="utf-8").splitlines() if not line.startswith("#")]


def test_the_first_format_of_published_urls_is_bound_by_the_next_build(catalogue, ocop):
    (catalogue / "content/published.txt").write_text("# old\n01/08930000000019/\np/mat-ong/\np/nuoc-mam/\n", encoding="utf-8")
    assert ocop("--root", catalogue, "build", "--date", "2026-11-29")[0] == 0
    assert published_lines(catalogue)[:4] == [
        "base_url https://example.org/ocop/", "languages vi en", "01/08930000000019/ mat-ong", "p/mat-ong/ | Mật ong rừng thử nghiệm | HTX Mật ong Thử Nghiệm"]


def test_a_renamed_product_keeps_its_url_and_the_new_name_is_recorded(catalogue, ocop):
    assert ocop("--root", catalogue, "build", "--date", "2026-11-29")[0] == 0
    record = catalogue / "content/products/nuoc-mam.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("vi: Nước mắm thử nghiệm", "vi: Nước mắm cá cơm"), encoding="utf-8")
    assert ocop("--root", catalogue, "build", "--date", "2026-11-29")[0] == 0
    assert "p/nuoc-mam/ | Nước mắm cá cơm | Cơ sở Nước mắm Thử Nghiệm" in published_lines(catalogue)


def test_nothing_is_published_before_the_build_is_known_to_succeed(catalogue, ocop, monkeypatch):
    assert ocop("--root", catalogue, "build", "--date", "2026-11-29")[0] == 0
    published, site = (catalogue / "content/published.txt").read_bytes(), digest(catalogue / "site")
    (catalogue / "content/products/moi.yml").write_bytes((catalogue / "content/products/ruou-can.yml").read_bytes())

    def broken(*args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "sitemap.xml")

    monkeypatch.setattr("generator.sitemap.write", broken)
    assert ocop("--root", catalogue, "build", "--date", "2026-11-29")[0] == 3
    assert (catalogue / "content/published.txt").read_bytes() == published  # p/moi/ is not on record: it was never live
    assert digest(catalogue / "site") == site


def test_where_folders_cannot_be_exchanged_two_renames_replace_the_site(catalogue, monkeypatch):
    monkeypatch.setattr("generator.swap._renameat2", None)
    out = build_site(catalogue, catalogue / "site", AS_OF).out
    build_site(catalogue, out, AS_OF + datetime.timedelta(days=1))
    assert "2026-11-30" in (out / "data/products.json").read_text(encoding="utf-8")
    assert sorted(p.name for p in catalogue.iterdir() if p.name.startswith(".")) == [".cache"]
