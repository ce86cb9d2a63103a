"""`ocop serve`: builds, serves, rebuilds on a change, keeps serving the last good build."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

pytestmark = pytest.mark.slow  # `ocop serve` processes, each building, and a browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def h1(url: str) -> str | None:
    try:
        html = urllib.request.urlopen(url, timeout=2).read().decode("utf-8")
    except OSError:
        return None
    return re.search(r"<h1>(.*?)</h1>", html).group(1)


def wait_for(predicate, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_serve_rebuilds_on_change_and_survives_bad_content(catalogue, tmp_path):
    port = free_port()
    log = open(tmp_path / "serve.log", "w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "--root", str(catalogue), "serve", "--port", str(port), "--date", "2026-11-29"],
        stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/p/nuoc-mam/"
    record = catalogue / "content/products/nuoc-mam.yml"
    try:
        assert wait_for(lambda: h1(url)) == "Nước mắm thử nghiệm"
        record.write_text(record.read_text(encoding="utf-8").replace("Nước mắm thử nghiệm", "Nước mắm mới"), encoding="utf-8")
        wait_for(lambda: h1(url) == "Nước mắm mới")
        record.write_text(record.read_text(encoding="utf-8").replace("stars: 3", "stars: 8"), encoding="utf-8")
        wait_for(lambda: "still serving the last good build" in (tmp_path / "serve.log").read_text())
        assert h1(url) == "Nước mắm mới"
        assert "content/products/nuoc-mam.yml:3: stars: must be 3, 4 or 5 (found 8)" in (tmp_path / "serve.log").read_text()
    finally:
        process.terminate()
        process.wait(10)
        log.close()


def start_serve(catalogue, tmp_path, port):
    """`ocop serve` with its own temporary folder, so that a test can see what it leaves."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    log = open(tmp_path / "serve.log", "w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "--root", str(catalogue), "serve", "--port", str(port), "--date", "2026-11-29"],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "TMPDIR": str(temp)},
    )
    return process, temp, log


def status(url: str, host: str) -> int:
    try:
        return urllib.request.urlopen(urllib.request.Request(url, headers={"Host": host}), timeout=5).status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return 0


def test_serve_answers_only_its_own_host_and_cleans_up(catalogue, tmp_path):
    port = free_port()
    process, temp, log = start_serve(catalogue, tmp_path, port)
    url = f"http://127.0.0.1:{port}/p/nuoc-mam/"
    try:
        assert wait_for(lambda: status(url, f"127.0.0.1:{port}") == 200)
        assert status(url, f"localhost:{port}") == 200
        assert [p.name[:11] for p in temp.iterdir()] == ["ocop-serve-"]
        for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1.nip.io:{port}", ""):
            assert status(url, host) == 403, host  # a rebinding page's requests carry its own host name
    finally:
        process.terminate()
        process.wait(10)
        log.close()
    assert list(temp.iterdir()) == []  # the preview's folder went with the server
    assert list((catalogue / ".cache/locks").iterdir()) == []  # and its lock


def test_live_reload_works_under_the_pages_csp(catalogue, tmp_path, browser):
    port = free_port()
    process, _, log = start_serve(catalogue, tmp_path, port)
    url = f"http://127.0.0.1:{port}/p/nuoc-mam/"
    record = catalogue / "content/products/nuoc-mam.yml"
    page = browser.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    try:
        wait_for(lambda: h1(url))
        page.goto(url)
        assert page.locator("h1").inner_text() == "Nước mắm thử nghiệm"
        record.write_text(record.read_text(encoding="utf-8").replace("Nước mắm thử nghiệm", "Nước mắm mới"), encoding="utf-8")
        wait_for(lambda: page.locator("h1").inner_text() == "Nước mắm mới")  # reloaded by its script, not by us
        assert errors == []  # nothing refused by the Content-Security-Policy
    finally:
        page.close()
        process.terminate()
        process.wait(10)
        log.close()


def test_the_preview_installs_no_offline_worker(catalogue, tmp_path, browser):
    """A preview shows every edit at once: no copy saved by the site's service worker, and a
    worker left on the port by a built site served earlier removes itself."""
    from generator.preview import NO_WORKER

    port = free_port()
    process, _, log = start_serve(catalogue, tmp_path, port)
    url = f"http://127.0.0.1:{port}/"
    context = browser.new_context()
    page = context.new_page()
    try:
        wait_for(lambda: h1(url + "p/nuoc-mam/"))
        assert urllib.request.urlopen(url + "sw.js", timeout=5).read() == NO_WORKER
        page.goto(url + "p/nuoc-mam/")
        page.wait_for_timeout(2000)  # the site's worker would have saved its files by now
        assert page.evaluate("() => caches.keys()") == []
        assert page.evaluate("() => navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
    finally:
        context.close()
        process.terminate()
        process.wait(10)
        log.close()
