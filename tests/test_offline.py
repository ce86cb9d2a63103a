"""Offline: the manifests, the service worker's list of files, the offline page, and the whole
thing in Chromium with the network off."""

import hashlib
import json
import re
import shutil
import time
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from conftest import AS_OF, FIXTURE, REPO
from generator import offline
from generator.build import build_site
from tools.audit import serve
from test_browser import PHONE

BASE = "https://example.org/ocop/"  # the fixture's base_url
PREFIXES = {"vi": "", "en": "en/"}


def worker_settings(site: Path) -> dict:
    first_line = (site / "sw.js").read_text(encoding="utf-8").split("\n", 1)[0]
    return json.loads(re.fullmatch(r"self\.OCOP = (.*);", first_line).group(1))


def built_file(site: Path, path: str) -> Path:
    path = path.split("?v=")[0]  # an asset's URL carries its digest (fingerprint)
    return site / path / "index.html" if path.endswith("/") else site / path


def fingerprint(file: Path) -> str:
    return hashlib.sha256(file.read_bytes()).hexdigest()[:10]


ASSETS = {f"assets/{p.name}": f"assets/{p.name}?v={fingerprint(p)}" for p in (REPO / "theme/assets").iterdir()}


def html_pages(site: Path) -> list[Path]:
    """Every page of the engine: the GS1 entry pages are a redirect each, with nothing to install."""
    return [p for p in sorted(site.rglob("*.html")) if "01" not in p.relative_to(site).parts]


def test_every_page_links_its_languages_manifest_and_registers_the_worker(site):
    for path in html_pages(site):
        relative = path.relative_to(site).as_posix()
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        lang = doc.html["lang"]
        # the 404 page is served at any depth: its links start from the site's root (/ocop/)
        page_url = BASE + relative if relative != "404.html" and not relative.endswith("/404.html") else "https://example.org/"
        assert urljoin(page_url, doc.select_one('link[rel="manifest"]')["href"]) == BASE + PREFIXES[lang] + "manifest.webmanifest", relative
        assert doc.select_one('meta[name="theme-color"]')["content"] == offline.THEME_COLOUR, relative
        register = doc.select_one('script[src*="assets/ocop-register.js"]')
        assert urljoin(page_url, register["data-root"]) == BASE, relative  # the worker's scope: the whole site
        assert urljoin(page_url, register["src"]) == BASE + PREFIXES[lang] + ASSETS["assets/ocop-register.js"], relative


def test_the_theme_colour_is_the_headers(site):
    css = (REPO / "theme" / "assets" / "ocop.css").read_text(encoding="utf-8")
    assert f"--md-primary-fg-color: {offline.THEME_COLOUR};" in css


@pytest.mark.parametrize("lang, name", [("vi", "Sản phẩm OCOP thử nghiệm"), ("en", "Test OCOP products")])
def test_each_language_has_a_manifest_of_same_origin_urls_with_its_icons(site, lang, name):
    url = BASE + PREFIXES[lang] + "manifest.webmanifest"
    manifest = json.loads((site / PREFIXES[lang] / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert (manifest["name"], manifest["short_name"], manifest["lang"], manifest["display"]) == (name, "OCOP", lang, "standalone")
    assert manifest["theme_color"] == offline.THEME_COLOUR
    assert urljoin(url, manifest["start_url"]) == BASE + PREFIXES[lang]
    assert urljoin(url, manifest["scope"]) == BASE
    icons = {(icon["sizes"], icon["purpose"]): urljoin(url, icon["src"]) for icon in manifest["icons"]}
    assert set(icons) == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}
    for (sizes, purpose), icon_url in icons.items():
        assert icon_url.startswith(BASE), icon_url
        image = Image.open(site / icon_url[len(BASE):])
        assert (image.format, f"{image.width}x{image.height}") == ("PNG", sizes)
        # a maskable icon fills its square: launchers cut it to their own shape
        corner = image.convert("RGBA").getpixel((0, 0))
        assert corner[3] == (255 if purpose == "maskable" else 0), purpose


def test_the_worker_names_only_files_of_the_site_that_exist(site):
    settings = worker_settings(site)
    sw_url = BASE + "sw.js"
    named = [*settings["shell"], *(f for lang in settings["languages"] for f in [lang["offline"], *lang["words"]])]
    assert named
    for path in named:
        assert urljoin(sw_url, path).startswith(BASE), path  # relative to the worker: the site's own
        assert built_file(site, path).is_file(), path
        assert "?" not in path or path.split("?", 1)[1] == f"v={fingerprint(built_file(site, path))}", path
    # each language's offline and browse pages, the browse index and everything the pages load
    for prefix in PREFIXES.values():
        assert {prefix + "offline/", prefix + "browse/", prefix + "manifest.webmanifest"} <= set(settings["shell"])
        browse = BeautifulSoup((site / prefix / "browse/index.html").read_text(encoding="utf-8"), "html.parser")
        # data-src: a script carried inline, its file saved for a host whose policy refuses that
        nodes = browse.select('link[rel="stylesheet"], script[src], script[data-src]')
        assert any(node.get("data-src") for node in nodes)
        for node in nodes:
            assert urljoin(BASE + prefix + "browse/", node.get("href") or node.get("src") or node["data-src"])[len(BASE):] in settings["shell"]
    for lang in ("vi", "en"):
        assert {f"data/search/{lang}/{name}" for name in ("index.json", "places.json", "facets.json")} <= set(settings["shell"])
        words = sorted(p.relative_to(site).as_posix() for p in (site / "data/search" / lang).glob("*.json") if p.name != "index.json")
        # the columns' files among them too: a new index drops them with the others, and they are saved again
        assert {name.split("/")[-1].split("-")[0] for name in words} == {"names", "words", "cards", "area", "places.json", "facets.json"}
        assert [entry["words"] for entry in settings["languages"] if entry["prefix"] == PREFIXES[lang]] == [words]
    assert [entry["offline"] for entry in settings["languages"]] == ["offline/", "en/offline/"]
    # and the code itself fetches nothing from anywhere else
    code = (site / "sw.js").read_text(encoding="utf-8")
    assert "importScripts" not in code and not re.search(r"https?://", code)


def test_our_scripts_and_stylesheets_are_loaded_by_their_digest(site):
    """A returning visitor's browser, and its service worker, hold the last build's scripts under
    their URLs: a page of a build that changed one asks for a URL they have not seen."""
    loaded = []
    for path in html_pages(site):
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        page_url = "https://example.org/" if path.name == "404.html" else BASE + path.relative_to(site).as_posix()  # 404: links from the root
        for node in doc.select('script[src], script[data-src], link[rel="stylesheet"]'):  # data-src: carried inline, the file saved
            url = urljoin(page_url, node.get("src") or node.get("data-src") or node["href"])
            if "/assets/ocop" in url:  # Material's stylesheets have a digest in their names
                file, _, digest = url.removeprefix(BASE).partition("?v=")
                assert digest == fingerprint(site / file), url
                loaded.append(file.rsplit("/", 1)[1])
    assert {"ocop-status.js", "ocop-browse.js", "ocop-search.js", "ocop-language.js", "ocop-register.js", "ocop-saved.js", "ocop-gs1.js", "ocop.css", "ocop-noscript.css"} <= set(loaded)


def test_the_offline_page_is_kept_out_of_search_engines(site):
    for prefix in PREFIXES.values():
        doc = BeautifulSoup((site / prefix / "offline/index.html").read_text(encoding="utf-8"), "html.parser")
        assert doc.select_one('meta[name="robots"]')["content"] == "noindex"
    assert "/offline/" not in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_the_worker_changes_with_the_build_and_only_then(catalogue, tmp_path):
    first = build_site(catalogue, tmp_path / "a", AS_OF).out
    again = build_site(catalogue, tmp_path / "b", AS_OF).out
    assert (first / "sw.js").read_bytes() == (again / "sw.js").read_bytes()
    assert (first / "icons/icon-512.png").read_bytes() == (again / "icons/icon-512.png").read_bytes()
    revoke(catalogue)
    changed = build_site(catalogue, tmp_path / "c", AS_OF).out
    assert worker_settings(changed)["version"] != worker_settings(first)["version"]


def revoke(catalogue: Path) -> None:
    record = catalogue / "content/products/mat-ong.yml"
    text = record.read_text(encoding="utf-8")
    revoked = "  potential_five_star: true\n  revoked:\n    date: 2026-11-28\n    decision: 999/QĐ-UBND\n    reason: {vi: Hàng giả, en: Counterfeit}\n"
    record.write_text(text.replace("  potential_five_star: true\n", revoked), encoding="utf-8")
    fair = catalogue / "content/fairs/hoi-cho.yml"  # a revoked product may not be shown at a fair
    fair.write_text(fair.read_text(encoding="utf-8").replace("[mat-ong, ruou-can]", "[ruou-can]"), encoding="utf-8")


# --- in Chromium, with the network off ------------------------------------------------------

WAIT_FOR_CONTROL = """() => navigator.serviceWorker.controller ? true :
    new Promise(done => navigator.serviceWorker.addEventListener("controllerchange", () => done(true)))"""
FORGET_WORDS = """() => caches.keys().then(names => caches.open(names.find(n => /^ocop-[0-9a-f]{16}$/.test(n))))
    .then(cache => cache.keys().then(keys => Promise.all(keys.filter(r => r.url.includes("/words-")).map(r => cache.delete(r)))))"""
SAVED_PAGES = "() => caches.open('ocop-pages').then(c => c.keys()).then(keys => keys.map(r => r.url))"


@pytest.fixture
def live_site(tmp_path):
    """The fixture catalogue built in a copy of its own, over HTTP: a test may rebuild it."""
    root = tmp_path / "catalogue"
    shutil.copytree(FIXTURE, root)
    out = build_site(root, root / "site", AS_OF).out
    with serve(out) as url:
        yield root, url


def names(page) -> list[str]:
    return [e.inner_text() for e in page.query_selector_all("#ocop-results .ocop-card__name")]


def test_the_catalogue_works_offline_and_is_fresh_online(browser, live_site):
    root, url = live_site
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    elsewhere, errors = [], []
    context.on("request", lambda request: request.url.startswith(url) or elsewhere.append(request.url))
    page = context.new_page()
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(url + "en/")  # an English reader's first page installs the worker
    page.evaluate(WAIT_FOR_CONTROL)
    page.goto(url + "p/mat-ong/")
    assert page.locator(".ocop-head .ocop-status strong").inner_text() == "Còn hiệu lực"
    page.wait_for_function("() => document.querySelector('.ocop-cover').complete")
    assert url + "p/mat-ong/" in page.evaluate(SAVED_PAGES)
    # its photo, saved once it has been shown (the worker writes it to its cache after the page has it)
    until(page, "() => caches.open('ocop-images').then(c => c.keys()).then(k => k.length >= 1)")

    assert errors == []
    context.set_offline(True)  # from now on, files the device lacks fail, as they should
    page.reload()  # the saved copy, with its date
    assert page.locator("h1").inner_text() == "Mật ong rừng thử nghiệm"
    assert page.locator(".ocop-asof--top [data-ocop-as-of]").inner_text() == "Thông tin cập nhật ngày 29/11/2026."
    assert page.locator(".ocop-cover").evaluate("img => img.naturalWidth") > 0

    page.goto(url + "en/browse/?st=all")  # never visited, saved at install: search works
    page.wait_for_selector("#ocop-results:not([aria-busy])", state="attached")  # its view drawn
    page.fill("#ocop-q", "hollows")  # a word of the honey's story only: its word file was saved too
    page.wait_for_function("() => document.querySelectorAll('#ocop-results .ocop-card').length === 1")
    assert names(page) == ["Test forest honey"]
    page.evaluate(FORGET_WORDS)  # word files the device lacks: the search still finds names
    page.fill("#ocop-q", "fish")  # online, the tea's story would match too
    page.wait_for_function("() => document.querySelector('#ocop-results .ocop-card__name').textContent === 'Test fish sauce'")
    assert names(page) == ["Test fish sauce"]

    page.goto(url + "en/p/tra-thu/")  # never visited: our offline page, in its language
    assert page.locator("h1").inner_text() == "You are offline"
    assert page.locator(".md-header").evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(11, 93, 51)"  # styled
    page.wait_for_selector("#ocop-saved:not([hidden])")
    saved = {a.inner_text(): a.get_attribute("href") for a in page.locator("#ocop-saved a").all()}
    assert saved["Mật ong rừng thử nghiệm"] == url + "p/mat-ong/"
    assert page.locator("#ocop-saved a", has_text="Mật ong").get_attribute("lang") == "vi"
    page.locator("article a", has_text="Find products: search").click()  # its links work from the address it was shown at
    page.wait_for_url(url + "en/browse/")
    page.screenshot(path=str(root / "offline.png"))

    honey = (root / "content/products/mat-ong.yml").read_text(encoding="utf-8")
    second = re.sub(r"\ngtin: .*", "", honey).replace("en: Test forest honey", "en: A second test honey")
    (root / "content/products/mat-ong-2.yml").write_text(second, encoding="utf-8")  # in force, 4 stars: the others move down
    revoke(root)
    last_worker = (root / "site/sw.js").read_bytes()
    build_site(root, root / "site", AS_OF)
    context.set_offline(False)
    errors.clear()
    page.goto(url + "p/mat-ong/")  # the network first: today's status, never the saved copy
    assert page.locator(".ocop-head .ocop-status strong").inner_text() == "Đã bị thu hồi"
    # The new index numbers the products afresh (the honey, revoked, now after the wine, in
    # force): the cards file saved with the last one must not name its results, or a product
    # would show another's status. The last build's worker still in charge, as for a page
    # loaded before the new one takes over: its sw.js put back, so the browser sees no update.
    (root / "site/sw.js").write_bytes(last_worker)
    page.goto(url + "en/browse/?st=all")
    page.wait_for_selector("#ocop-results:not([aria-busy])", state="attached")
    cards = page.eval_on_selector_all("#ocop-results .ocop-card", """cards => cards.map(c => [
        c.querySelector('a').getAttribute('href').split('/').at(-2), c.querySelector('.ocop-card__name').textContent,
        c.querySelector('.ocop-chip').className.split('--')[1]])""")
    pages = {c: BeautifulSoup((root / f"site/en/p/{c}/index.html").read_text(encoding="utf-8"), "html.parser") for c, _, _ in cards}
    assert sorted(c for c, _, _ in cards) == ["mat-ong", "mat-ong-2", "nuoc-mam", "ruou-can", "tra-thu"]
    assert [(name, status) for c, name, status in cards] == [(pages[c].h1.get_text(strip=True), pages[c].select_one(".ocop-product[data-status]")["data-status"]) for c, _, _ in cards]
    assert ("mat-ong", "revoked") in [(c, status) for c, _, status in cards]
    context.close()
    assert elsewhere == []
    assert errors == []


def until(page, script: str, seconds: float = 20) -> None:
    """Wait until `script`'s promise gives true (wait_for_function takes a promise for true)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(script):
        assert time.monotonic() < deadline, script
        page.wait_for_timeout(100)


def test_after_a_deploy_every_page_runs_the_scripts_of_its_build_and_offline_a_saved_one_runs_the_new(browser, tmp_path):
    """After a deploy that changes scripts, the first page a returning visitor opens is answered
    by the last build's worker, which saved that build's scripts: the new page must not run them
    on the new data (the old browse script cannot read a new index: no search at all). Once the
    new worker has replaced the saved scripts, a page saved before the deploy, opened offline,
    names the old ones: it gets the new build's (the status script checks a certificate's dates)."""
    root = tmp_path / "catalogue"
    shutil.copytree(FIXTURE, root)
    shutil.copytree(REPO / "theme", root / "theme")  # the catalogue's own theme: its scripts are changed below
    out = build_site(root, root / "site", AS_OF).out
    with serve(out) as url:
        context = browser.new_context(viewport=PHONE, locale="en-GB")
        page = context.new_page()
        page.goto(url + "en/browse/")
        page.evaluate(WAIT_FOR_CONTROL)  # the worker has saved the page's scripts
        page.goto(url + "p/mat-ong/")
        until(page, f"() => caches.open('ocop-pages').then(c => c.match('{url}p/mat-ong/')).then(Boolean)")
        for name, marker in (("ocop-browse.js", "ocopBrowseOfTheNewBuild"), ("ocop-status.js", "ocopStatusOfTheNewBuild")):
            script = root / "theme/assets" / name
            script.write_text(script.read_text(encoding="utf-8") + f"window.{marker} = true;\n", encoding="utf-8")
        last_worker = (out / "sw.js").read_bytes()
        build_site(root, out, AS_OF)
        new_worker = (out / "sw.js").read_bytes()
        (out / "sw.js").write_bytes(last_worker)  # the last build's worker still in charge, as for the first page
        page.goto(url + "en/browse/?q=honey")
        assert page.evaluate("() => window.ocopBrowseOfTheNewBuild") is True
        page.wait_for_selector("#ocop-results:not([aria-busy])", state="attached")
        assert names(page) == ["Test forest honey"]

        (out / "sw.js").write_bytes(new_worker)
        page.goto(url + "en/")  # the new worker installs and drops the last build's saved files
        new_files = "ocop-" + worker_settings(out)["version"]
        until(page, f"() => caches.keys().then(k => k.includes('{new_files}') && k.filter(n => /^ocop-[0-9a-f]{{16}}$/.test(n)).length === 1)")
        # the browser's own cache emptied: past nginx's 10 minutes, must-revalidate, it keeps no script offline
        context.new_cdp_session(page).send("Network.clearBrowserCache")
        context.set_offline(True)
        page.goto(url + "p/mat-ong/")  # the copy saved before the deploy
        saved_script = page.locator('script[src*="ocop-status.js"]').get_attribute("src")
        assert saved_script.endswith("?v=" + fingerprint(REPO / "theme/assets/ocop-status.js"))  # the last build's, no longer saved
        assert page.evaluate("() => window.ocopStatusOfTheNewBuild") is True
        context.close()


def test_the_offline_page_at_phone_size(browser, server, tmp_path):
    url = server
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    page.goto(url + "offline/")
    page.evaluate(WAIT_FOR_CONTROL)
    page.goto(url + "p/nuoc-mam/")
    context.set_offline(True)
    page.goto(url + "areas/")
    assert page.locator("h1").inner_text() == "Không có kết nối mạng"
    page.wait_for_selector("#ocop-saved:not([hidden])")
    assert page.locator("#ocop-saved a").all_inner_texts() == ["Nước mắm thử nghiệm"]  # not the offline page it was opened on
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(tmp_path / "offline-vi.png"), full_page=True)
    context.close()


def test_nginx_never_keeps_the_worker_or_the_browse_data_without_asking_and_types_the_manifests():
    conf = (REPO / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    block = re.search(r"map \$uri \$ocop_cache_control \{(.*?)\n\}", conf, re.S).group(1)
    default = re.search(r'default\s+"([^"]+)";', block).group(1)

    def cache_control(uri: str) -> str:  # nginx: the first regex that matches, else the default
        for pattern, value in re.findall(r'"~(.+?)"\s+"([^"]+)";', block):
            if re.search(pattern, uri):
                return value
        return default

    assert cache_control("/sw.js") == cache_control("/ocop/sw.js") == "no-cache"  # a sub-path too
    assert cache_control("/data/search/en/index.json") == cache_control("/data/search/vi/cards-3.json") == "no-cache"  # one build's numbering
    assert cache_control("/data/products.json") == default
    assert cache_control("/assets/ocop-register.js") == cache_control("/manifest.webmanifest") == default
    assert "types { application/manifest+json webmanifest; }" in conf


def test_the_audit_asks_no_search_score_of_the_offline_page_only(site):
    from tools.audit import not_for_search_engines

    assert not_for_search_engines(site, "offline/") and not_for_search_engines(site, "en/offline/")
    assert not any(not_for_search_engines(site, path) for path in ("", "en/", "browse/", "p/mat-ong/", "404.html", "en/404.html"))
