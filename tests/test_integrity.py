"""Nothing lost, nothing broken published (issue 15): builds locked, caches checked,
only our own sites replaced, the swap without a window, no traceback for the machine's faults."""

import os
import subprocess
import sys
import time

from PIL import Image

from generator.lock import build_lock

from conftest import REPO


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
