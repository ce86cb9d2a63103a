"""The audit's own checks find what they should: a checker that never fails proves nothing."""

import gzip
import shutil
import urllib.request

import pytest

from tools import audit
from tools.audit import MissingTool, broken_links, check_in_browser, html_errors, serve

BASE = "https://example.org/ocop/"


def tampered(site, tmp_path, path: str, old: str, new: str):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / path
    html = page.read_text(encoding="utf-8")
    assert old in html
    page.write_text(html.replace(old, new, 1), encoding="utf-8")
    return copy


def test_the_link_check_names_each_broken_reference(site, tmp_path):
    copy = tampered(site, tmp_path, "p/mat-ong/index.html", '<article class="md-content__inner md-typeset">',
                    '<article class="md-content__inner md-typeset">'
                    '<a href="../ruou-can/#khong-co">1</a><a href="/ocop/khong-co/">2</a><a href="javascript:alert(1)">3</a>'
                    '<img src="https://cdn.example.com/x.png" alt=""><a href="https://shopee.vn/x">4</a><a href="#__drawer">5</a>')
    (copy / "img/366bc896e731c2bf-960.webp").unlink()
    found = broken_links(copy, BASE)
    assert sorted(found) == sorted([
        "p/mat-ong/index.html: a '../ruou-can/#khong-co': no element with id 'khong-co'",
        "p/mat-ong/index.html: a '/ocop/khong-co/': no such file",
        "p/mat-ong/index.html: a 'javascript:alert(1)': scheme 'javascript' is not allowed",
        "p/mat-ong/index.html: img 'https://cdn.example.com/x.png': a resource from another host",
        *[f"{page}: img '{up}img/366bc896e731c2bf-960.webp': no such file"
          for page, up in (("p/mat-ong/index.html", "../../"), ("en/p/mat-ong/index.html", "../../../"))],
    ])


def test_the_link_check_follows_gs1_redirects_and_the_sitemap(site, tmp_path):
    gtin_page = next((site / "01").glob("*/index.html")).relative_to(site).as_posix()
    copy = tampered(site, tmp_path, gtin_page, "url=/ocop/p/", "url=/ocop/p/khong-")
    (copy / "stats/index.html").unlink()
    found = broken_links(copy, BASE)
    assert found[0].startswith(f"{gtin_page}: meta refresh '/ocop/p/khong-") and found[0].endswith("no such file")
    assert "sitemap.xml: sitemap 'https://example.org/ocop/stats/': no such file" in found


@pytest.mark.slow  # Java and the Nu HTML Checker
def test_the_html_checker_reports_file_line_and_message(site, tmp_path):
    copy = tampered(site, tmp_path, "p/mat-ong/index.html", "<h1", '<p id="dup"></p><p id="dup"></p><h1')
    shutil.rmtree(copy / "en")  # one language is enough to show it
    line = next(n for n, text in enumerate((copy / "p/mat-ong/index.html").open(encoding="utf-8"), 1) if 'id="dup"' in text)
    assert html_errors(copy) == [f"p/mat-ong/index.html:{line}: Duplicate ID “dup”."]
    assert html_errors(copy / "areas") == []


def test_the_server_compresses_text_when_asked(site):
    with serve(site) as url:
        plain = urllib.request.urlopen(url + "p/mat-ong/").read()
        with urllib.request.urlopen(urllib.request.Request(url + "p/mat-ong/", headers={"Accept-Encoding": "gzip"})) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert response.headers["Content-Type"] == "text/html; charset=utf-8"
            assert gzip.decompress(response.read()) == plain == (site / "p/mat-ong/index.html").read_bytes()
        webp = urllib.request.Request(url + "img/366bc896e731c2bf-480.webp", headers={"Accept-Encoding": "gzip"})
        assert urllib.request.urlopen(webp).headers["Content-Encoding"] is None  # photos are compressed already


def test_the_browser_check_weighs_pages_and_catches_requests_elsewhere(site, tmp_path, browser):
    copy = tampered(site, tmp_path, "p/nuoc-mam/index.html", "</article>",
                    '<img src="http://cdn.example.invalid/pixel.png" width="1" height="1"></article>')
    with serve(copy) as url:
        clean, with_photo, foreign = check_in_browser(url, ["p/ruou-can/", "p/mat-ong/", "p/nuoc-mam/"], ["phone"], browser)
    assert clean.elsewhere == [] and clean.violations == [] and clean.errors == [] and clean.photo_bytes == 0
    html = gzip.compress((copy / "p/ruou-can/index.html").read_bytes(), 6)
    assert len(html) < clean.bytes < 80_000  # the page and its CSS and scripts, compressed
    assert with_photo.photo_bytes > 0 and abs(with_photo.bytes - clean.bytes) < 5_000  # photos are counted apart
    assert foreign.elsewhere == ["http://cdn.example.invalid/pixel.png"]
    # The request is counted even though the site's CSP blocks it, and the block is an error too.
    assert foreign.errors == ["Loading the image 'http://cdn.example.invalid/pixel.png' violates the following "
                              "Content Security Policy directive: \"img-src 'self' data:\". The action has been blocked.",
                              "failed: http://cdn.example.invalid/pixel.png"]
    assert [v.split(" at ")[0] for v in foreign.violations] == ["image-alt"]  # no alt text: axe says so


def test_a_check_without_its_tool_names_the_tool_and_what_installs_it(site, tmp_path, monkeypatch):
    # Every npm tool moved away, so the lines are the same whether or not ./run installed them
    # (the fast tier does not).
    for name in ("VNU", "AXE", "LIGHTHOUSE"):
        monkeypatch.setattr(audit, name, tmp_path / name)
    with pytest.raises(MissingTool) as vnu:
        html_errors(site)  # before, a JSONDecodeError from the checker's absent output
    assert str(vnu.value) == ("not installed: vnu.jar (the Nu HTML Checker: npm's vnu-jar in .cache/npm/). "
                              "`./run test` installs what is missing")
    monkeypatch.setenv("PATH", str(tmp_path))  # no java, no node
    monkeypatch.setattr(audit, "CHROMIUM", str(tmp_path / "chromium"))
    with pytest.raises(MissingTool) as browser:
        check_in_browser("http://127.0.0.1:1/", ["p/mat-ong/"])
    assert str(browser.value) == ("not installed: axe-core (npm's axe-core in .cache/npm/); "
                                  "chromium (Debian's chromium at /usr/bin/chromium). `./run test` installs what is missing")
    with pytest.raises(MissingTool) as lighthouse:
        audit.lighthouse_scores("http://127.0.0.1:1/", 1)
    assert str(lighthouse.value) == ("not installed: node (runs Lighthouse: Debian's nodejs); lighthouse (npm's lighthouse "
                                     "in .cache/npm/); chromium (Debian's chromium at /usr/bin/chromium). "
                                     "`./run test` installs what is missing")
    with pytest.raises(SystemExit) as whole:
        audit.main([])
    assert str(whole.value).startswith("audit: not installed: java (runs vnu.jar: Debian's default-jre-headless); vnu.jar (")


def test_lighthouse_runs_on_every_page_of_two_languages_and_the_telling_pages_of_the_others():
    config = type("Config", (), {"languages": ["vi", "en", "ko"]})()
    catalogue = type("Catalogue", (), {"config": config})()
    pages = {f"{label} ({lang})": f"{lang}/{label}" for lang in ("vi", "en", "ko") for label in ("home", "browse", "expired", "no English")}
    assert list(audit.lighthouse_pages(catalogue, pages)) == [
        "home (vi)", "browse (vi)", "expired (vi)", "no English (vi)",
        "home (en)", "browse (en)", "expired (en)", "no English (en)",
        "browse (ko)", "no English (ko)",
    ]
