"""Long lists in pages: a group of 130 products is three pages of at most 60, each saying
where it is, linked to its neighbours, in the sitemap; no product is missing or shown twice.
The same for the stats page's certificates ending soon."""

import datetime
import json
import shutil
from types import SimpleNamespace
from xml.etree import ElementTree

import pytest
import yaml

from conftest import AS_OF, FIXTURE
from generator.build import build_site
from generator import languages
from generator.render import LIST_PAGE_SIZE, Renderer
from test_site import BASE, page, resolve, text

# Copies of the honey (its photo is their link preview: no card to draw for each) in two more
# subgroups: with the fixture's three, 130 products in the group "thuc-pham".
COPIES = {"gia-vi": 60, "che": 67}
GROUP = "groups/thuc-pham/"
PAGES = [GROUP, GROUP + "page/2/", GROUP + "page/3/"]
pytestmark = pytest.mark.slow  # a catalogue of 131 products built


@pytest.fixture(scope="module")
def long_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("paging") / "catalogue"
    shutil.copytree(FIXTURE, root)
    products = root / "content/products"
    honey = yaml.safe_load((products / "mat-ong.yml").read_text(encoding="utf-8"))
    del honey["gtin"]  # a GTIN is one product's
    for subgroup, count in COPIES.items():
        for i in range(count):
            name = {lang: f"{text} {i:03d}" for lang, text in honey["name"].items()}
            copy = {**honey, "name": name, "category": f"thuc-pham.{subgroup}"}
            if subgroup == "che":  # certified in March 2024: ends on 1 March 2027, within the stats page's six months
                copy["certification"] = {**honey["certification"], "date": datetime.date(2024, 3, 1)}
            (products / f"{subgroup}-{i:03d}.yml").write_text(yaml.safe_dump(copy, allow_unicode=True), encoding="utf-8")
    return build_site(root, root / "site", AS_OF).out


def cards(doc) -> list[str]:
    return [a["href"] for a in doc.select(".ocop-cards .ocop-card__link")]


def test_a_list_of_130_is_three_pages_that_show_each_product_once(long_site):
    assert LIST_PAGE_SIZE == 60
    shown = []
    for number, path in enumerate(PAGES, 1):
        doc = page(long_site, path)
        assert [len(cards(doc))] == [[60, 60, 10][number - 1]], path
        shown += [resolve(long_site, path, href).parent.name for href in cards(doc)]
        assert text(doc.select_one(".ocop-pager__position")) == f"Trang {number}/3"
        assert doc.select_one(".ocop-pager [aria-current=page]").get_text() == str(number)
        assert doc.select_one('link[rel="canonical"]')["href"] == BASE + path
    assert not (long_site / GROUP / "page/4").exists()
    expected = {"mat-ong", "nuoc-mam", "tra-thu"} | {f"{subgroup}-{i:03d}" for subgroup, count in COPIES.items() for i in range(count)}
    assert len(shown) == 130 and set(shown) == expected


def test_each_page_links_its_neighbours_in_the_head_and_the_pager(long_site):
    for number, path in enumerate(PAGES):
        doc = page(long_site, path)
        before = PAGES[number - 1] if number else None
        after = PAGES[number + 1] if number + 1 < len(PAGES) else None
        assert [link["href"] for link in doc.select('head link[rel="prev"]')] == ([BASE + before] if before else [])
        assert [link["href"] for link in doc.select('head link[rel="next"]')] == ([BASE + after] if after else [])
        pager = doc.select_one("nav.ocop-pager")
        assert pager["aria-label"] == "Các trang của danh sách"
        assert [resolve(long_site, path, a["href"]) for a in pager.select('a[rel="prev"]')] == ([long_site / before / "index.html"] if before else [])
        assert [resolve(long_site, path, a["href"]) for a in pager.select('a[rel="next"]')] == ([long_site / after / "index.html"] if after else [])
        numbers = [(text(a), resolve(long_site, path, a["href"])) for a in pager.select("a:not([rel])")]
        assert numbers == [(str(n), long_site / p / "index.html") for n, p in enumerate(PAGES, 1)]


def test_later_pages_say_their_position_in_the_title_and_repeat_a_cut_section(long_site):
    first, second = page(long_site, GROUP), page(long_site, PAGES[1])
    assert text(first.h1) == "I. Thực phẩm"
    assert text(second.h1) == "I. Thực phẩm · Trang 2/3"
    assert second.title.get_text().startswith("I. Thực phẩm · Trang 2/3 - ")
    assert second.select_one('meta[name="description"]')["content"] == "I. Thực phẩm: 130 sản phẩm. Trang 2/3."
    # subgroups in their order: honey (1), condiments (61: 59 on the first page, 2 on the second), teas (68)
    assert [text(h) for h in first.select("h2")] == ["Mật ong và sản phẩm sơ chế khác", "Gia vị, nước mắm, tương"]
    assert [text(h) for h in second.select("h2")] == ["Gia vị, nước mắm, tương", "Chè và trà thảo mộc"]
    assert [len(ul.select(".ocop-card")) for ul in second.select("ul.ocop-cards")] == [2, 58]


def test_english_pages_say_their_position_in_english(long_site):
    doc = page(long_site, "en/" + PAGES[2])
    assert text(doc.select_one(".ocop-pager__position")) == "Page 3 of 3"
    assert [link["href"] for link in doc.select('head link[rel="prev"]')] == [BASE + "en/" + PAGES[1]]
    assert text(doc.select_one('.ocop-pager a[rel="prev"]')) == "← Previous page"


def test_every_page_of_a_list_is_in_the_sitemap_with_its_translations(long_site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = ElementTree.parse(long_site / "sitemap.xml").getroot()
    alternates = {
        u.find("s:loc", ns).text: [(a.get("hreflang"), a.get("href")) for a in u.findall("x:link", ns)]
        for u in urls.findall("s:url", ns)
    }
    for path in PAGES:
        for prefix in ("", "en/"):
            assert alternates[BASE + prefix + path] == [("vi", BASE + path), ("en", BASE + "en/" + path)]


def test_a_short_list_is_one_page_without_a_pager(long_site):
    doc = page(long_site, "groups/do-uong/")
    assert len(cards(doc)) == 1
    assert doc.select_one(".ocop-pager") is None and doc.select('link[rel="next"], link[rel="prev"]') == []
    assert not (long_site / "groups/do-uong/page").exists()


def test_certificates_ending_soon_are_in_pages_after_the_figures(long_site):
    first, second = page(long_site, "stats/"), page(long_site, "stats/page/2/")
    rows = {path: doc.select("#expiring + table tr") for path, doc in (("stats/", first), ("stats/page/2/", second))}
    assert [len(rows["stats/"]), len(rows["stats/page/2/"])] == [60, 7]
    ends = [text(row.select("td")[1]) for doc_rows in rows.values() for row in doc_rows]
    assert set(ends) == {"01/03/2027"}
    shown = [resolve(long_site, path, row.a["href"]).parent.name for path, doc_rows in rows.items() for row in doc_rows]
    assert shown == [f"che-{i:03d}" for i in range(67)]  # by end date, then id
    assert first.select(".ocop-chart") and not second.select(".ocop-chart")  # the figures on the first page only
    assert text(first.select_one("h1")) == "Thống kê" and text(second.select_one("h1")) == "Thống kê · Trang 2/2"
    assert first.select_one('link[rel="next"]')["href"] == BASE + "stats/page/2/"
    assert second.select_one('link[rel="prev"]')["href"] == BASE + "stats/"
    assert text(second.select_one(".ocop-pager__position")) == "Trang 2/2"
    assert not (long_site / "stats/page/3").exists()


def test_the_pager_of_a_long_list_links_the_first_the_last_and_the_pages_near_and_marks_gaps():
    renderer = SimpleNamespace(t=languages.get("en").strings)  # the pager needs only the words
    paths = ["stars/4/", *(f"stars/4/page/{n}/" for n in range(2, 21))]
    pager = Renderer.pager(renderer, paths, 9)
    assert pager["position"] == "Page 9 of 20"
    assert (pager["prev"], pager["next"]) == ("stars/4/page/8/", "stars/4/page/10/")
    assert [link and (link["number"], link["current"]) for link in pager["links"]] == [
        (1, False), None, (7, False), (8, False), (9, True), (10, False), (11, False), None, (20, False),
    ]
    assert [link["number"] for link in Renderer.pager(renderer, paths, 2)["links"] if link] == [1, 2, 3, 4, 20]
    assert Renderer.pager(renderer, paths[:1], 1) is None


def test_the_browse_page_opens_on_the_first_48_and_more_brings_the_next(long_site, browser):
    """The browse page's own first view is the first 48 products in force in the lists' order
    (the stars list's, which has them all); "more" is there and brings the next 48 from the data."""
    from tools.audit import serve
    from test_browser import open_page

    def in_force(doc):
        return [href.split("/")[-2] for href in cards(doc) if "nuoc-mam" not in href and "tra-thu" not in href]

    order = []
    for path in ("stars/5/", "stars/4/"):  # each stars list, page after page
        while path:
            doc = page(long_site, path)
            order += in_force(doc)
            after = doc.select_one('head link[rel="next"]')
            path = after["href"][len(BASE):] if after else None
    browse = page(long_site, "browse/")
    assert [href.split("/")[-2] for href in cards(browse)] == order[:48] and len(order) == 129
    assert text(browse.select_one("#ocop-count")) == "129 sản phẩm" and not browse.select_one("#ocop-more").has_attr("hidden")
    with serve(long_site) as url:
        tab, requests = open_page(browser, url + "browse/", today=AS_OF)
        first = tab.locator("#ocop-results .ocop-card").count()
        tab.click("#ocop-more")
        tab.wait_for_function("() => document.querySelectorAll('#ocop-results .ocop-card').length === 96")
        shown = [a.split("/")[-2] for a in tab.eval_on_selector_all("#ocop-results .ocop-card__link", "links => links.map(a => a.getAttribute('href'))")]
        assert first == 48 and shown[:48] == order[:48] and shown[48:] == order[48:96]
        assert not tab.is_hidden("#ocop-more") and tab.inner_text("#ocop-count") == "129 sản phẩm"
        assert url + "data/search/vi/index.json" in requests
        tab.context.close()


def test_a_view_s_first_cards_are_drawn_before_its_later_cards_files_come(long_site, browser):
    """The results on screen come from several cards files (16 products each): each card is
    drawn as soon as it and those before it are in, so a slow file holds back only the cards
    from it on; the list says it is busy until the last."""
    from tools.audit import serve

    later = {row[0] for row in json.loads((long_site / "data/search/vi/cards-1.json").read_text(encoding="utf-8"))["cards"]}
    with serve(long_site) as url:
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
        tab = context.new_page()
        held = []
        tab.route("**/data/search/vi/cards-1.json", lambda route: held.append(route))
        tab.goto(url + "browse/?st=all")
        tab.wait_for_function("() => document.querySelectorAll('#ocop-results .ocop-card').length > 0")
        tab.wait_for_timeout(300)  # nothing else comes while the file is held
        before = tab.eval_on_selector_all("#ocop-results .ocop-card__link", "links => links.map(a => a.getAttribute('href').split('/').slice(-2)[0])")
        assert len(held) == 1 and tab.get_attribute("#ocop-results", "aria-busy") == "true"
        held[0].continue_()
        tab.wait_for_selector("#ocop-results:not([aria-busy])", state="attached")
        after = tab.eval_on_selector_all("#ocop-results .ocop-card__link", "links => links.map(a => a.getAttribute('href').split('/').slice(-2)[0])")
        context.close()
    first_later = next(k for k, product in enumerate(after) if product in later)
    assert len(after) == 48 and 0 < first_later and before == after[:first_later]


def test_a_new_view_does_not_show_the_cards_of_the_one_before_while_its_own_come(long_site, browser):
    """Searching from a drawn view whose results are in cards files not yet fetched: the view
    before's cards go at once (they are none of the new results), not when the new ones come;
    the new count stands over an empty, busy list, then the new results."""
    from tools.audit import serve

    with serve(long_site) as url:
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
        tab = context.new_page()
        tab.goto(url + "browse/?st=all")  # drawn by the script: the first 48, from cards-0 to cards-2
        tab.wait_for_selector("#ocop-results:not([aria-busy])", state="attached")
        assert tab.locator("#ocop-results .ocop-card").count() == 48
        held, released = [], []
        tab.route("**/data/search/vi/cards-*.json", lambda route: route.continue_() if released else held.append(route))
        tab.fill("#ocop-q", "040")  # the copies numbered 040: after the 80th product, in files not fetched yet
        tab.wait_for_function("() => document.getElementById('ocop-count').textContent === '2 sản phẩm'")
        assert tab.locator("#ocop-results .ocop-card").count() == 0 and tab.get_attribute("#ocop-results", "aria-busy") == "true"
        released.append(True)
        for route in held:
            route.continue_()
        tab.wait_for_selector("#ocop-results:not([aria-busy])", state="attached")
        names = tab.eval_on_selector_all("#ocop-results .ocop-card__name", "names => names.map(n => n.textContent)")
        context.close()
    assert len(names) == 2 and all(name.endswith(" 040") for name in names) and held
