"""The browse page in Chromium: forgiving search, facets that combine, state in the URL."""

import unicodedata

import pytest
import yaml

from conftest import AS_OF, REPO
from test_browser import PHONE, open_page


def names(page):
    return [e.inner_text() for e in page.query_selector_all("#ocop-results .ocop-card__name")]


def search(page, text):
    page.fill("#ocop-q", text)
    page.wait_for_selector("#ocop-results:not([aria-busy])", state="attached")  # this query's results


@pytest.fixture
def browse(browser, server):
    def go(path="browse/", locale="vi-VN"):
        page, requests = open_page(browser, server + path, locale=locale, today=AS_OF)
        page.wait_for_selector("#ocop-browse:not(.ocop-browse--loading)")  # the data is in
        page.wait_for_selector("#ocop-results:not([aria-busy])", state="attached")  # and shown
        return page

    yield go


@pytest.mark.parametrize("query", ["nuoc mam", "NƯỚC MẮM", "nươc mam", "nước mắm", unicodedata.normalize("NFD", "nước mắm")])
def test_accents_and_case_do_not_matter_and_names_rank_first(browse, query):
    page = browse("browse/?st=all")
    search(page, query)
    assert names(page) == ["Nước mắm thử nghiệm", "Trà thử nghiệm"]  # the name, then a story that mentions it
    assert page.inner_text("#ocop-count") == "2 sản phẩm"
    page.context.close()


def test_only_valid_certificates_by_default(browse):
    page = browse()
    assert names(page) == ["Rượu cần thử nghiệm", "Mật ong rừng thử nghiệm"]
    search(page, "nuoc mam")
    assert names(page) == [] and page.inner_text("#ocop-count") == "0 sản phẩm"
    assert [o.inner_text() for o in page.query_selector_all("#ocop-st option")] == [
        "Còn hiệu lực (0)", "Mọi tình trạng (2)", "Sắp hết hiệu lực (0)", "Đã hết hiệu lực (1)", "Đã bị thu hồi (1)",
    ]
    page.context.close()


def test_d_without_stroke_and_places(browse):
    page = browse()
    search(page, "dong giang")
    assert names(page) == ["Rượu cần thử nghiệm"]
    search(page, "phuoc")
    assert names(page) == ["Mật ong rừng thử nghiệm"]
    page.context.close()


def test_english_words_find_english_names_and_stories(browse):
    page = browse("en/browse/?st=all", locale="en-GB")
    search(page, "fish sauce")
    assert names(page) == ["Test fish sauce", "Test tea"]
    search(page, "hollows")  # only in the honey's story
    assert names(page) == ["Test forest honey"]
    search(page, "mat ong")  # the Vietnamese name on the package
    assert names(page) == ["Test forest honey"]
    page.context.close()


def test_facets_combine_live_in_the_url_and_the_back_button_works(browse, server):
    page = browse()
    page.click("#ocop-filters-button")  # on a phone the filters are behind it
    assert [o.inner_text() for o in page.query_selector_all("#ocop-s option")] == ["Tất cả", "Sản phẩm 5 sao (1)", "Sản phẩm 4 sao (1)", "Sản phẩm 3 sao (0)"]
    page.select_option("#ocop-s", "4")
    page.wait_for_url(server + "browse/?s=4")
    assert names(page) == ["Mật ong rừng thử nghiệm"]
    page.select_option("#ocop-m", "shopee")
    page.wait_for_url(server + "browse/?s=4&m=shopee")
    assert names(page) == ["Mật ong rừng thử nghiệm"]
    page.select_option("#ocop-std", "organic")
    page.wait_for_url(server + "browse/?s=4&m=shopee&std=organic")
    assert names(page) == [] and page.inner_text("#ocop-count") == "0 sản phẩm"
    page.go_back()
    page.wait_for_url(server + "browse/?s=4&m=shopee")
    page.wait_for_selector("#ocop-results:not([aria-busy])", state="attached")
    assert names(page) == ["Mật ong rừng thử nghiệm"]
    assert page.eval_on_selector("#ocop-std", "e => e.value") == ""
    page.go_back()
    page.wait_for_url(server + "browse/?s=4")
    page.go_back()
    page.wait_for_url(server + "browse/")
    page.wait_for_selector("#ocop-results:not([aria-busy])", state="attached")
    assert names(page) == ["Rượu cần thử nghiệm", "Mật ong rừng thử nghiệm"]
    page.context.close()


def test_a_shared_view_opens_as_it_was(browse):
    page = browse("browse/?g=do-uong&st=all")
    assert names(page) == ["Rượu cần thử nghiệm"]
    assert page.eval_on_selector("#ocop-g", "e => e.value") == "do-uong"
    page.context.close()
    page = browse("browse/?g=thuc-pham.gia-vi&st=expired")
    assert names(page) == ["Nước mắm thử nghiệm"]
    page.context.close()


def test_without_script_the_groups_lead_to_every_product(browser, server):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "browse/")
    assert page.is_hidden("#ocop-browse") and page.is_hidden("#ocop-count")  # nothing that cannot work, no gap
    groups = [(a.inner_text(), a.get_attribute("href")) for a in page.query_selector_all("#ocop-all li a")]
    assert groups == [("I. Thực phẩm", "../groups/thuc-pham/"), ("II. Đồ uống", "../groups/do-uong/")]
    assert [s.inner_text() for s in page.query_selector_all("#ocop-all li .ocop-count")] == ["3 sản phẩm", "1 sản phẩm"]
    context.close()


def test_product_pages_never_load_the_browse_data(browser, server):
    for path in ("p/mat-ong/", "en/p/tra-thu/", "", "groups/thuc-pham/"):
        page, requests = open_page(browser, server + path, today=AS_OF)
        page.wait_for_load_state("networkidle")
        assert [r for r in requests if "/data/" in r] == [], path
        page.context.close()
    page, requests = open_page(browser, server + "browse/", today=AS_OF)
    page.wait_for_selector("#ocop-results li")
    assert server + "data/search/vi/index.json" in requests
    page.context.close()


def test_a_search_fetches_the_index_then_only_the_files_of_its_terms_and_results(browser, server, site):
    page, requests = open_page(browser, server + "en/browse/?st=all", locale="en-GB", today=AS_OF)
    page.wait_for_selector("#ocop-results li")
    data = server + "data/search/en/"
    assert [r[len(data):] for r in requests if r.startswith(data)] == ["index.json", "cards-0.json"]  # no names, no words
    search(page, "hollows")
    assert names(page) == ["Test forest honey"]
    assert sorted(r[len(data):] for r in requests if r.startswith(data)) == ["cards-0.json", "index.json", "names-ho.json", "words-ho.json"]
    assert len(list((site / "data/search/en").glob("words-*.json"))) > 10  # the others were there, and not fetched
    page.context.close()


def test_the_script_folds_like_python(browse):
    from generator.text import search_terms

    texts = []
    for path in sorted((REPO / "content/products").glob("*.yml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts += [record["name"]["vi"], record["name"].get("en", ""), record["producer"]["name"], record["producer"]["address"]]
        texts += [record.get("story", {}).get("vi", "")]
    texts += [unicodedata.normalize("NFD", t) for t in texts[:40]]
    page = browse()
    folded = page.evaluate("texts => texts.map(window.ocopTerms)", texts)
    assert folded == [search_terms(t) for t in texts]
    page.context.close()


@pytest.mark.parametrize("path", ["browse/", "en/browse/"])
def test_nothing_jumps_while_the_browse_page_loads(browser, server, path):
    """The form keeps its place while the data loads: a tap meant for a product lands on it."""
    # A reader whose browser prefers the page's language: for the others, the offer of their
    # language appears at the top once the script runs, and that moves the page (by design).
    page, _ = open_page(browser, server + path, locale="en-GB" if path.startswith("en/") else "vi-VN")
    page.wait_for_selector("#ocop-results li")
    shift = page.evaluate("""() => new Promise(done => {
        let sum = 0;  // buffered: every shift since the page began loading
        new PerformanceObserver(list => list.getEntries().forEach(e => sum += e.hadRecentInput ? 0 : e.value))
          .observe({type: "layout-shift", buffered: true});
        setTimeout(() => done(sum), 300);
      })""")
    assert shift < 0.01  # cumulative layout shift; Lighthouse counted 0.115 when the form appeared late
    page.context.close()


def test_on_a_phone_the_filters_wait_behind_one_button_that_counts_them(browse):
    page = browse("browse/?s=4&m=shopee")
    button = page.locator("#ocop-filters-button")
    assert button.inner_text() == "Bộ lọc (2)" and button.get_attribute("aria-expanded") == "false"
    assert button.get_attribute("aria-controls") == "ocop-filters"
    assert page.is_hidden("#ocop-s")
    assert page.locator("#ocop-results li").first.bounding_box()["y"] < PHONE["height"]  # on the first screen
    button.click()
    assert button.get_attribute("aria-expanded") == "true" and page.is_visible("#ocop-s")
    page.keyboard.press("Tab")  # the filters follow the button
    assert page.evaluate("document.activeElement.id") == "ocop-g"
    page.keyboard.press("Escape")  # closes them and gives the focus back to the button
    assert button.get_attribute("aria-expanded") == "false" and page.is_hidden("#ocop-s")
    assert page.evaluate("document.activeElement.id") == "ocop-filters-button"
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    page.select_option("#ocop-m", "")
    page.wait_for_function("document.getElementById('ocop-filters-button').textContent === 'Bộ lọc (1)'")
    page.context.close()


def test_the_button_says_filters_without_a_number_when_none_is_set_and_speaks_english(browse):
    page = browse()
    assert page.inner_text("#ocop-filters-button") == "Bộ lọc"
    page.context.close()
    page = browse("en/browse/?st=all", locale="en-GB")
    assert page.inner_text("#ocop-filters-button") == "Filters (1)"  # every status: not the default
    page.context.close()


def test_on_a_wide_screen_the_filters_are_shown_without_the_button(browser, server):
    page, _ = open_page(browser, server + "browse/", today=AS_OF, viewport={"width": 1280, "height": 900})
    page.wait_for_selector("#ocop-results li")
    assert page.is_hidden("#ocop-filters-button") and page.is_visible("#ocop-s") and page.is_visible("#ocop-std")
    page.context.close()


def test_the_language_switch_keeps_the_query_and_the_filters(browse, server):
    page = browse("browse/?s=4")
    page.click("#ocop-filters-button")
    page.select_option("#ocop-m", "shopee")
    search(page, "mật ong")
    view = "?q=m%E1%BA%ADt+ong&s=4&m=shopee"
    assert [a.evaluate("a => a.href") for a in page.locator("a[hreflang]").all()] == [server + "en/browse/" + view] * 5  # the switch, the offer, the offer worded in Korean, Chinese, Japanese
    page.click(".ocop-lang__link")
    page.wait_for_selector("#ocop-results li")
    assert page.url == server + "en/browse/" + view
    assert names(page) == ["Test forest honey"]
    assert page.eval_on_selector("#ocop-q", "e => e.value") == "mật ong"
    assert page.eval_on_selector("#ocop-m", "e => e.value") == "shopee"
    assert page.inner_text("#ocop-filters-button") == "Filters (2)"
    assert page.locator(".ocop-lang__link").evaluate("a => a.href") == server + "browse/" + view  # and back
    page.context.close()


def test_the_browse_page_asks_for_its_data_with_the_page_itself(site):
    """Preloaded with the page, not asked for once its script has run: the index, and the
    cards of the first results shown when nothing is asked."""
    import re

    for prefix, lang in (("", "vi"), ("en/", "en")):
        html = (site / prefix / "browse/index.html").read_text(encoding="utf-8")
        links = re.findall(r'<link rel="preload" href="([^"]+)" as="fetch" crossorigin>', html)
        up = "../" * prefix.count("/") + "../"
        assert links == [f"{up}data/search/{lang}/index.json", f"{up}data/search/{lang}/cards-0.json"]
        assert all((site / prefix / "browse" / link).resolve().is_file() for link in links)
