"""Product pages carry their stylesheet inline (generator/page_css.py): one round trip to a
painted status on a slow phone, the same look as with Material's linked stylesheets."""

import base64
import hashlib
import re
import shutil

import pytest
from bs4 import BeautifulSoup

from conftest import REPO
from generator import page_css
from tools.audit import serve

PHONE = {"width": 360, "height": 740}
MATERIAL_LINKS = ('<link rel="stylesheet" href="../../assets/stylesheets/main.57a0d79d.min.css">'
                  '<link rel="stylesheet" href="../../assets/stylesheets/palette.fb2fffe2.min.css">'
                  '<link rel="stylesheet" href="../../assets/ocop.css">')


def head_of(site, path):
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser").head


@pytest.mark.parametrize("path", ["p/mat-ong/index.html", "en/p/tra-thu/index.html"])
def test_a_product_page_loads_no_stylesheet_and_its_policy_names_its_style(site, path):
    head = head_of(site, path)
    assert head.select("link[rel=stylesheet]") == [] and len(head.find_all("style")) == 1
    css = head.style.string
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode()
    policy = head.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert f"style-src 'self' 'sha256-{digest}';" in policy and "script-src 'self';" in policy
    # ocop.css whole, after Material's rules for the page's own classes, and none for others
    ours = (REPO / "theme/assets/ocop.css").read_text(encoding="utf-8")
    assert css.endswith(ours)
    material = css.removesuffix(ours)
    assert ".md-header{" in material and ".md-search" not in material and ".admonition" not in material
    assert "summary" not in material and "--md-admonition-icon--note" not in material  # no <summary>; a property nothing reads
    assert "[data-md-color-primary=red]" not in material  # Material's other palettes
    assert len(css.encode()) < 80_000  # Material's main stylesheet alone is 137 KB


def test_the_status_script_is_asked_for_first_and_waits_for_no_stylesheet(site):
    head = head_of(site, "p/mat-ong/index.html")
    script = head.find("script", src=re.compile(r"ocop-status\.js\?v=[0-9a-f]{10}$"))
    assert script is not None and script.has_attr("defer") and script["fetchpriority"] == "high"
    assert head.find_all("script", src=True)[0] is script


def test_the_browse_page_carries_its_stylesheet_and_asks_for_its_scripts_first(site):
    """Its first results paint from its HTML alone (render.browse_page); its scripts come
    before their photos, so a search in the address is not held back."""
    for path in ("browse/index.html", "en/browse/index.html"):
        head = head_of(site, path)
        assert head.find_all("link", rel="stylesheet", recursive=False) == [] and len(head.find_all("style")) == 1
        scripts = head.find_all("script", src=True)
        assert [s["src"].rsplit("/", 1)[1].split("?v=")[0] for s in scripts] == ["ocop-status.js", "ocop-browse.js"]
        assert all(s.has_attr("defer") and s["fetchpriority"] == "high" for s in scripts)


def test_the_rules_for_what_a_script_adds_are_kept(site):
    html = re.sub(r"<img [^>]*>", "", (site / "index.html").read_text(encoding="utf-8"))  # no photo of its own
    without = head_of_html(page_css.inline_stylesheets(html, REPO / "theme")).style.string
    with_photos = head_of_html(page_css.inline_stylesheets(html, REPO / "theme", frozenset({"<img>"}))).style.string
    assert ".md-typeset img" not in without and ".md-typeset img" in with_photos


def head_of_html(html):
    return BeautifulSoup(html, "html.parser").head


def test_other_pages_keep_the_linked_stylesheets(site):
    for path in ["index.html", "groups/thuc-pham/index.html", "404.html"]:
        head = head_of(site, path)
        assert len(head.select("link[rel=stylesheet]")) == 3 and head.find("style") is None, path


def test_a_page_of_another_theme_linking_other_stylesheets_is_left_as_it_is(site):
    html = (site / "index.html").read_text(encoding="utf-8")  # links the three, but is no product page
    assert page_css.inline_stylesheets(html, REPO / "theme") != html
    extra = html.replace("</head>", '<link rel="stylesheet" href="../assets/stylesheets/main.57a0d79d.min.css"></head>')
    assert page_css.inline_stylesheets(extra, REPO / "theme") == extra


@pytest.mark.parametrize("selector, needs", [
    (".md-header__title .md-ellipsis", {"md-header__title", "md-ellipsis"}),
    (".md-typeset :is(.admonition,details)", {"md-typeset"}),
    (".md-nav__link:not(.md-nav__link--active)>p", {"md-nav__link", "<p>"}),
    ('a[href$=".pdf"]', {"<a>"}),
    (".md-typeset summary:after", {"md-typeset", "<summary>"}),
    ("[data-md-color-primary=red] .md-tabs", {"data-md-color-primary=red", "md-tabs"}),
])
def test_a_rule_needs_the_classes_elements_and_colours_outside_parentheses(selector, needs):
    assert page_css._needs(selector) == needs


@pytest.mark.parametrize("path", ["p/mat-ong/", "p/ruou-can/", "en/p/tra-thu/"])
def test_the_page_looks_the_same_as_with_materials_stylesheets(browser, site, tmp_path, path):
    """Every pixel of the whole page at 360×740, against the same page linking the three files."""
    copy = shutil.copytree(site, tmp_path / "site")
    page_file = copy / path / "index.html"
    html = page_file.read_text(encoding="utf-8")
    page_file.with_name("linked.html").write_text(re.sub(r"<style>.*?</style>", lambda _: MATERIAL_LINKS, html, flags=re.S)
                                                  .replace("style-src 'self' 'sha256-", "style-src 'self' 'x-"), encoding="utf-8")
    shots = []
    with serve(copy) as url:
        context = browser.new_context(viewport=PHONE, locale="vi-VN")
        page = context.new_page()
        for name in ("", "linked.html"):
            page.goto(url + path + name, wait_until="networkidle")
            assert page.evaluate("document.styleSheets.length") == (1 if not name else 3)
            shots.append(page.screenshot(full_page=True))
        context.close()
    assert shots[0] == shots[1]


def test_nginx_lets_the_named_style_and_script_through():
    """The header allows inline styles, and inline scripts on the browse pages only; every
    page's meta tag narrows that to what it names by hash (browsers enforce both), as
    test_page_script checks in the browser."""
    conf = (REPO / "deploy/nginx.conf").read_text(encoding="utf-8")
    policy = re.search(r'add_header Content-Security-Policy "([^"]+)"', conf).group(1)
    assert "style-src 'self' 'unsafe-inline';" in policy and "script-src $ocop_script_src;" in policy
    assert [nginx_script_src(uri) for uri in ("/browse/", "/en/browse/index.html", "/zh-hant/browse/")] == ["'self' 'unsafe-inline'"] * 3
    # a product, group or place whose id is "browse" is not the browse page
    assert [nginx_script_src(uri) for uri in ("/", "/p/mat-ong/", "/p/browse/", "/groups/browse/", "/en/areas/browse/", "/browse/x.js")] == ["'self'"] * 6


def nginx_script_src(uri: str) -> str:
    """What deploy/nginx.conf's $ocop_script_src map makes of a URI: the first regex that
    matches, else the default."""
    conf = (REPO / "deploy/nginx.conf").read_text(encoding="utf-8")
    block = re.search(r"map \$uri \$ocop_script_src \{(.*?)\n\}", conf, re.S).group(1)
    for pattern, value in re.findall(r'"~(.+?)"\s+"([^"]+)";', block):
        if re.search(pattern, uri):
            return value
    return re.search(r'default\s+"([^"]+)";', block).group(1)
