"""The browse page carries its first script inline (generator/page_script.py): a search link
asks for its data while the page is still arriving, and the page's policy still lets no
inline script run but that one."""

import base64
import hashlib
import re

import pytest
from bs4 import BeautifulSoup

from conftest import browse_file_names, REPO
from generator import page_script
from test_browse import data_asked
from test_browser import PHONE
from test_page_css import nginx_script_src

SCRIPT = REPO / "theme" / "assets" / "ocop-search.js"


def policy_scripts(head):
    policy = head.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    return next(part.split()[1:] for part in policy.split(";") if part.split()[0] == "script-src")


@pytest.mark.parametrize("path", ["browse/index.html", "en/browse/index.html"])
def test_the_browse_page_carries_ocop_search_js_named_by_its_hash(site, path):
    head = BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser").head
    inline = [s for s in head.find_all("script") if not s.has_attr("src") and not s.has_attr("type")]
    assert [s.string for s in inline] == [SCRIPT.read_text(encoding="utf-8")]
    assert re.fullmatch(r"(\.\./)+assets/ocop-search\.js\?v=[0-9a-f]{10}", inline[0]["data-src"])  # the file, saved for offline use
    digest = base64.b64encode(hashlib.sha256(SCRIPT.read_text(encoding="utf-8").encode()).digest()).decode()
    assert policy_scripts(head) == ["'self'", f"'sha256-{digest}'"]
    # after the scripts' tags (asked for first: every view the script draws waits for them), and
    # after the settings it reads
    scripts = head.find_all("script")
    assert scripts.index(head.find("script", src=re.compile("ocop-browse"))) < scripts.index(head.find(id="ocop-browse-config")) < scripts.index(inline[0])


def test_other_pages_allow_no_inline_script(site):
    for path in ["index.html", "p/mat-ong/index.html", "en/groups/do-uong/index.html"]:
        head = BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser").head
        assert policy_scripts(head) == ["'self'"]


POLICY = '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src \'self\'">'
LINKED = '<script src="../assets/ocop-search.js?v=0123456789" defer></script>'


def test_the_script_linked_is_carried_inline_and_named(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "ocop-search.js").write_text("var a = 1;", encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(b"var a = 1;").digest()).decode()
    assert page_script.inline_script(POLICY + LINKED, tmp_path, "ocop-search.js") == POLICY.replace(
        "script-src 'self'", f"script-src 'self' 'sha256-{digest}'") + '<script data-src="../assets/ocop-search.js?v=0123456789">var a = 1;</script>'


@pytest.mark.parametrize(("html", "text"), [
    (LINKED, "var a = 1;"),  # no policy to name it in
    (POLICY + LINKED + LINKED, "var a = 1;"),  # linked twice: not as ours links it
    (POLICY + LINKED, 'var a = "</SCRIPT>";'),  # would end the element early
    (POLICY + LINKED, "var a = '<!--';"),  # would change how the element's text is read
])
def test_a_page_or_script_that_cannot_be_carried_keeps_it_linked(tmp_path, html, text):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "ocop-search.js").write_text(text, encoding="utf-8")
    assert page_script.inline_script(html, tmp_path, "ocop-search.js") == html


@pytest.mark.parametrize(("query", "early"), [
    ("hollows", {"index.json", "names-ho.json", "words-ho.json", "cards-0.json"}),  # its terms, then the likeliest cards
    ("phuoc", {"index.json", "area-tien-phuoc", "area-phuoc-son"}),  # places' names: their area files
    ("", {"index.json"}),  # a filter only: the index
])
def test_a_search_link_asks_for_its_data_before_ocop_browse_js_is_in(browser, server, site, query, early):
    """On a slow phone ocop-browse.js comes half a second after the page's head: the data of a
    view in the address is asked for by the page's first script, without waiting for it."""
    early = browse_file_names(site, "en", early)
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    held, asked = [], data_asked(page, server)
    page.route(re.compile(r".*/assets/ocop-browse\.js\?v=[0-9a-f]+$"), lambda route: held.append(route))
    page.goto(server + "en/browse/?" + (f"q={query}" if query else "s=5"), wait_until="commit")
    for _ in range(250):
        if held and early <= set(asked):
            break
        page.wait_for_timeout(20)
    assert len(held) == 1 and early <= set(asked)  # all asked for while ocop-browse.js is held
    held[0].continue_()
    view = f"q={query}" if query else "s=5"
    page.wait_for_function("view => { const list = document.getElementById('ocop-results'); "
                           "return list.dataset.view === view && !list.hasAttribute('aria-busy'); }", arg=view)  # that view drawn
    if query == "hollows":
        assert page.inner_text("#ocop-results .ocop-card__name") == "Test forest honey"
    context.close()


@pytest.mark.parametrize("how", ["refused by the host's header", "linked after ocop-browse.js"])
def test_the_browse_page_searches_when_its_inline_copy_does_not_run(browser, server, how):
    """A host's Content-Security-Policy header with `script-src 'self'` alone refuses the inline
    copy: ocop-browse.js asks for the file. A catalogue's own theme may leave it linked, after
    ocop-browse.js: that waits for it."""
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    asked = []
    page.on("request", lambda request: asked.append(request.url) if "ocop-search.js" in request.url else None)

    def answer(route):
        response = route.fetch()
        html = response.text()
        if how == "linked after ocop-browse.js":
            html = re.sub(r"<script data-src=[^>]*>.*?</script>", '<script src="../../assets/ocop-search.js?v=0" defer></script>', html, count=1, flags=re.S)
            route.fulfill(response=response, body=html)
        else:
            route.fulfill(response=response, body=html, headers=response.headers | {"content-security-policy": "script-src 'self'"})

    page.route("**/en/browse/?q=hollows", answer)
    page.goto(server + "en/browse/?q=hollows")
    page.wait_for_function("() => { const list = document.getElementById('ocop-results'); "
                           "return list.dataset.view === 'q=hollows' && !list.hasAttribute('aria-busy'); }")
    assert page.inner_text("#ocop-results .ocop-card__name") == "Test forest honey"
    assert page.evaluate("typeof window.ocopSearch.ask") == "function" and len(asked) == 1  # the file, once
    context.close()


def test_behind_nginx_only_the_named_inline_script_runs(browser, server):
    """deploy/nginx.conf's header allows inline scripts on the browse pages; the page's meta tag
    names only ocop-search.js, and a browser enforces both: an inline script the page did not
    name (as injected text would be) does not run."""
    conf = (REPO / "deploy/nginx.conf").read_text(encoding="utf-8")
    header = re.search(r'add_header Content-Security-Policy "([^"]+)"', conf).group(1).replace("$ocop_script_src", nginx_script_src("/en/browse/"))
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()

    def answer(route):
        response = route.fetch()
        html = response.text().replace("<body", "<script>window.ocopInjected = true;</script><body", 1)
        route.fulfill(response=response, body=html, headers=response.headers | {"content-security-policy": header})

    page.route("**/en/browse/?q=hollows", answer)
    page.goto(server + "en/browse/?q=hollows")
    page.wait_for_function("() => document.getElementById('ocop-results').dataset.view === 'q=hollows'")
    assert page.inner_text("#ocop-results .ocop-card__name") == "Test forest honey"
    assert page.evaluate("[window.ocopInjected, typeof window.ocopSearch]") == [None, "object"]
    context.close()
