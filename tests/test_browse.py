"""The browse page in Chromium: forgiving search, facets that combine, state in the URL."""

import contextlib
import json
import re
import unicodedata

import pytest
import yaml

from conftest import browse_file_names, AS_OF, REPO
from test_browser import PHONE, open_page
from test_site import page as built_page, text


def names(page):
    return [e.inner_text() for e in page.query_selector_all("#ocop-results .ocop-card__name")]


def search(page, text):
    page.fill("#ocop-q", text)
    page.wait_for_selector("#ocop-results:not([aria-busy])", state="attached")  # this query's results


def drawn(page, url):
    """Waits for the address to be `url` and its view drawn (the list is busy until then)."""
    page.wait_for_url(url)
    page.wait_for_selector("#ocop-results:not([aria-busy])", state="attached")


def with_config(route, change, first_script=True):
    """Answers a browse page with its script's config changed in place by `change` (as a page
    saved on a device by another build would be); without its inline first script
    (ocop-search.js) if not `first_script`, as pages before it were."""
    html = route.fetch().text()
    if not first_script:
        html = re.sub(r"<script data-src=[^>]*>.*?</script>", "", html, count=1, flags=re.S)
    found = re.search(r'(<script type="application/json" id="ocop-browse-config">)(.*?)(</script>)', html, re.S)
    config = json.loads(found.group(2))
    change(config)
    route.fulfill(body=html[: found.start(2)] + json.dumps(config) + html[found.end(2) :], content_type="text/html")


def held_soon(page, held, seconds=5):
    """Waits for a request to reach its route (held), which happens just after it is asked for."""
    for _ in range(seconds * 50):
        if held:
            return
        page.wait_for_timeout(20)


def data_asked(page, server, lang="en"):
    """The names of the browse files the page asks for, in the order it asks (a list that grows)."""
    data, asked = f"{server}data/search/{lang}/", []
    page.on("request", lambda request: asked.append(request.url[len(data):]) if request.url.startswith(data) else None)
    return asked


@pytest.fixture
def browse(browser, server):
    def go(path="browse/", locale="vi-VN"):
        page, requests = open_page(browser, server + path, locale=locale, today=AS_OF)
        # the view in the address shown: the page's own, or the one its script draws (busy till then)
        page.wait_for_selector("#ocop-results:not([aria-busy])", state="attached")
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
    page.click("#ocop-filters-button")  # on a phone the filters, and their counts, are behind it
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
    drawn(page, server + "browse/?s=4")
    assert names(page) == ["Mật ong rừng thử nghiệm"]
    page.select_option("#ocop-m", "shopee")
    drawn(page, server + "browse/?s=4&m=shopee")
    assert names(page) == ["Mật ong rừng thử nghiệm"]
    page.select_option("#ocop-std", "organic")
    drawn(page, server + "browse/?s=4&m=shopee&std=organic")
    assert names(page) == [] and page.inner_text("#ocop-count") == "0 sản phẩm"
    page.go_back()
    drawn(page, server + "browse/?s=4&m=shopee")
    assert names(page) == ["Mật ong rừng thử nghiệm"]
    assert page.eval_on_selector("#ocop-std", "e => e.value") == ""
    page.go_back()
    drawn(page, server + "browse/?s=4")
    page.go_back()
    drawn(page, server + "browse/")
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
    assert page.is_hidden("#ocop-browse") and page.is_hidden("#ocop-more")  # nothing that cannot work
    assert names(page) == ["Rượu cần thử nghiệm", "Mật ong rừng thử nghiệm"]  # the first results, in the page
    assert page.inner_text("#ocop-count") == "2 sản phẩm" and page.is_visible("#ocop-all")
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


@pytest.mark.parametrize("prefix, lang, locale", [("", "vi", "vi-VN"), ("en/", "en", "en-GB")])
def test_nothing_asked_the_page_shows_its_own_first_results_and_the_script_agrees(browser, server, prefix, lang, locale):
    """The first view comes with the page (render.browse_page): no data fetched until the
    visitor begins to search; then the script, drawing the same view from the data, leaves
    the list as it is (the same cards, statuses and order), and the count and every facet's
    choices are what it counts."""
    page, requests = open_page(browser, server + prefix + "browse/", locale=locale, today=AS_OF)
    page.wait_for_load_state("networkidle")
    data = server + f"data/search/{lang}/"
    assert [r for r in requests if "/data/" in r] == []
    assert page.get_attribute("#ocop-results", "data-view") == "" and page.is_visible("#ocop-results .ocop-card")

    def view():
        return page.evaluate("""() => [document.getElementById('ocop-count').textContent,
            [...document.querySelectorAll('#ocop-browse select')].map(s => [s.name, s.value, [...s.options].map(o => o.value + '=' + o.textContent)])]""")

    own = view()
    page.evaluate("window.ocopFirstCard = document.querySelector('#ocop-results .ocop-card')")
    with page.expect_response(data + "index.json"):
        page.focus("#ocop-q")  # about to search: the index is fetched
    assert [r[len(data):] for r in requests if "/data/" in r] == ["index.json"]
    page.evaluate("window.dispatchEvent(new PopStateEvent('popstate'))")  # the script draws the view in the address
    page.wait_for_selector("#ocop-results:not([aria-busy])", state="attached")
    assert view() == own and own[1][0][2][:2] == ["=" + ("Tất cả" if lang == "vi" else "All"), "thuc-pham=Thực phẩm (1)" if lang == "vi" else "thuc-pham=Food (1)"]
    assert page.evaluate("document.querySelector('#ocop-results .ocop-card') === window.ocopFirstCard")  # not drawn again
    page.context.close()


def test_a_search_fetches_the_index_then_only_the_files_of_its_terms_and_results(browser, server, site):
    page, requests = open_page(browser, server + "en/browse/?st=all", locale="en-GB", today=AS_OF)
    page.wait_for_selector("#ocop-results li")
    data = server + "data/search/en/"
    # no names, no words; nor the other columns: the filters, closed on a phone, are not counted
    assert [r[len(data):] for r in requests if r.startswith(data)] == ["index.json", "cards-0.json"]
    search(page, "hollows")
    assert names(page) == ["Test forest honey"]
    assert sorted(r[len(data):] for r in requests if r.startswith(data)) == ["cards-0.json", "index.json", "names-ho.json", "words-ho.json"]
    assert len(list((site / "data/search/en").glob("words-*.json"))) > 10  # the others were there, and not fetched
    page.context.close()


@pytest.mark.parametrize(("query", "beside"), [("hollows", {"words-ho.json", "names-ho.json"}), ("phuoc", {"area-tien-phuoc", "area-phuoc-son"})])
def test_a_search_asks_for_its_files_beside_the_index_not_after_it(browser, server, site, query, beside):
    """The page holds the keys of the terms' files and the places' names (search.lookup): a
    shared search asks for its terms' files, and for the area files of the places it names
    (only those), at once, while the index is still on its way (a round trip less on a slow
    network)."""
    beside = browse_file_names(site, "en", beside)
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    held, asked, data = [], data_asked(page, server), server + "data/search/en/"
    page.route("**/data/search/en/index.json", lambda route: held.append(route))  # the index does not come until released
    with contextlib.ExitStack() as expected:
        for name in beside:
            expected.enter_context(page.expect_request(data + name))
        page.goto(server + f"en/browse/?q={query}", wait_until="domcontentloaded")
    held_soon(page, held)
    assert len(held) == 1 and page.get_attribute("#ocop-results", "aria-busy") == "true"
    assert {name for name in asked if name.startswith("area-")} == {name for name in beside if name.startswith("area-")}
    held[0].continue_()
    page.wait_for_selector("#ocop-results:not([aria-busy])", state="attached")
    assert names(page) == ["Test forest honey"]
    assert "places.json" not in asked  # every product's place: not for a query, on a phone
    context.close()


def test_a_search_link_guesses_its_first_cards_from_the_names_files_before_the_stories(browser, server):
    """A name outranks a story, and the names files are smaller, so in sooner: the likeliest
    results' cards are asked for once the query's names files are in, while its words files
    (and the index) are still on their way, and the names files are asked for first."""
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    held, asked = [], data_asked(page, server)
    page.route(re.compile(r".*/data/search/en/(index|words-.*)\.json$"), lambda route: held.append(route))
    with page.expect_request(server + "data/search/en/cards-0.json"):
        page.goto(server + "en/browse/?q=forest%20honey", wait_until="commit")
    assert asked[1:3] == ["names-fo.json", "names-ho.json"]  # after the index, before the words files
    assert "words-ho.json" in asked  # asked for, held (with the index): not in yet
    for route in held:
        route.continue_()
    page.wait_for_selector("#ocop-results:not([aria-busy])", state="attached")
    assert names(page) == ["Test forest honey"]
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}])
def test_a_search_links_first_screen_waits_for_no_column_it_does_not_use(browser, server, viewport):
    """A shared search that names no place is drawn from the index, its terms' and its cards'
    files. The filters' counts need the places' and the facets' columns: beside the results
    (a wide screen) they are asked for after the cards, the list busy until they are counted;
    on a phone, where the filters are closed, only when the filters are opened."""
    context = browser.new_context(viewport=viewport, locale="en-GB")
    page = context.new_page()
    held = {}
    page.route(re.compile(r".*/data/search/en/(places|facets)\.json$"), lambda route: held.setdefault(route.request.url.split("/")[-1], route))
    page.goto(server + "en/browse/?q=hollows", wait_until="domcontentloaded")
    page.wait_for_selector("#ocop-results .ocop-card")
    assert names(page) == ["Test forest honey"]
    assert page.inner_text("#ocop-results .ocop-card__area") == "Phuoc Son"  # the place from the cards' file
    if viewport == PHONE:
        page.wait_for_selector("#ocop-results:not([aria-busy])", state="attached")
        page.wait_for_timeout(300)
        assert held == {}  # not asked for
        page.click("#ocop-filters-button")
    held_soon(page, held)
    assert page.get_attribute("#ocop-results", "aria-busy") == ("true" if viewport != PHONE else None)
    assert page.inner_text("#ocop-g option[value='do-uong']") == "Drinks (1)"  # the page's own count, still
    for route in list(held.values()):
        route.continue_()
    page.wait_for_function("() => document.querySelector(\"#ocop-g option[value='do-uong']\").textContent === 'Drinks (0)'")  # the search's
    assert sorted(held) == ["facets.json", "places.json"] and names(page) == ["Test forest honey"]
    page.wait_for_selector("#ocop-results:not([aria-busy])", state="attached")
    context.close()


@pytest.mark.parametrize(("name", "earlier", "query"), [
    ("names-ho.json", {"#": "0123abcd", "hollows": [0, 1, 1]}, "hollows"),  # another build's numbers
    ("cards-0.json", {"#": "0123abcd", "cards": [["tra-thu", "Test tea", "", 0]] * 4}, "hollows"),  # another build's products
    ("area-phuoc-son", {"#": "0123abcd", "products": [0, 1, 1, 1]}, "phuoc son"),  # another build's: every product there
])
def test_a_file_of_an_earlier_build_is_asked_for_again_once_the_index_is_in(browser, server, site, name, earlier, query):
    """A service worker may answer a terms', area or cards file from an earlier build's saved
    copy while the new index is on its way (it drops them only once it has that index): the
    script, seeing the file's build is not the index's, asks for it again and uses the new one."""
    (name,) = browse_file_names(site, "en", {name})
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    asked = []

    def earlier_build_first(route):
        asked.append(route.request.url)
        if len(asked) > 1:
            return route.continue_()
        route.fulfill(json=earlier)

    page.route("**/data/search/en/" + name, earlier_build_first)
    page.goto(server + f"en/browse/?q={query}&st=all")
    page.wait_for_selector("#ocop-results:not([aria-busy])", state="attached")
    assert names(page) == ["Test forest honey"] and len(asked) == 2
    context.close()


@pytest.mark.parametrize("earlier", [
    {"#": "0123abcd", "cards": [["tra-thu", "Test tea", "", 0]] * 4},
    [["tra-thu", "Test tea", ""]] * 4,  # before cards files carried the build
])
def test_a_cards_file_still_of_an_earlier_build_when_asked_again_is_not_shown(browser, server, earlier):
    """A cards file answered from an earlier build twice (a cache that still holds it): its
    products are not drawn under another build's numbers, and it is asked for again once for
    all the results that wait for it, not once each."""
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    asked = []
    page.route("**/data/search/en/cards-0.json", lambda route: asked.append(route.request.url) or route.fulfill(json=earlier))
    page.goto(server + "en/browse/?st=all")
    page.wait_for_selector("#ocop-results:not([aria-busy])", state="attached")
    assert names(page) == [] and page.inner_text("#ocop-count") == "4 products" and len(asked) == 2
    assert page.is_visible("#ocop-q")  # not the offline fallback
    context.close()


def test_a_page_saved_before_the_page_held_the_terms_keys_still_searches(browser, server):
    """A browse page saved on a device by an older build has no keys of the terms' files, and
    no ocop-search.js: the script asks for that file beside itself, and takes the keys from
    the index."""
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    page.route("**/en/browse/?q=hollows", lambda route: with_config(route, lambda config: config.pop("lookup"), first_script=False))
    page.goto(server + "en/browse/?q=hollows")
    page.wait_for_function("() => document.getElementById('ocop-results').dataset.view === 'q=hollows'")
    page.wait_for_selector("#ocop-results:not([aria-busy])", state="attached")
    assert names(page) == ["Test forest honey"]
    assert page.evaluate("document.querySelector('script[src*=\"ocop-search.js\"]').src") == server + "en/assets/ocop-search.js"  # beside ocop-browse.js
    context.close()


def test_places_are_scored_in_the_index_s_numbering_not_the_page_s(browser, server):
    """A browse page saved on a device by another build may list the places otherwise than the
    index the script gets: the page's names only say which area files to ask for early; the
    scores follow the index. "giang" is only in the rice wine's place (Đông Giang)."""
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()

    def places_moved(config):
        config["lookup"]["places"] = config["lookup"]["places"][1:] + config["lookup"]["places"][:1]  # another build's order

    page.route("**/browse/?q=giang", lambda route: with_config(route, places_moved))
    page.goto(server + "browse/?q=giang")
    page.wait_for_selector("#ocop-results:not([aria-busy])", state="attached")
    assert names(page) == ["Rượu cần thử nghiệm"]
    context.close()


def test_a_view_in_the_address_stops_the_photos_of_the_page_s_own_results(browser, server):
    """A shared search opens on the page's own first results until its script runs: their
    photos, on their way, are stopped (on a slow network they would hold the data back)."""
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    held, stopped = [], []
    page.route("**/img/*.webp", lambda route: held.append(route))  # the photos never arrive: still on their way when the script runs
    page.on("requestfailed", lambda r: stopped.append((r.url.rsplit("/", 1)[1], r.failure)))
    page.goto(server + "browse/?q=nuoc+mam&st=all", wait_until="domcontentloaded")
    page.wait_for_selector("#ocop-results:not([aria-busy])", state="attached")
    assert names(page) == ["Nước mắm thử nghiệm", "Trà thử nghiệm"]  # the tea's story: fish sauce
    assert stopped and {name for name, _ in stopped} <= {route.request.url.rsplit("/", 1)[1] for route in held}
    assert all(failure == "net::ERR_ABORTED" for _, failure in stopped)
    context.close()


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
    drawn(page, server + "en/browse/" + view)
    assert names(page) == ["Test forest honey"]
    assert page.eval_on_selector("#ocop-q", "e => e.value") == "mật ong"
    assert page.eval_on_selector("#ocop-m", "e => e.value") == "shopee"
    assert page.inner_text("#ocop-filters-button") == "Filters (2)"
    assert page.locator(".ocop-lang__link").evaluate("a => a.href") == server + "browse/" + view  # and back
    page.context.close()


def test_the_page_itself_holds_the_first_view_and_its_styles(site):
    """Nothing asked, the page paints its first results from its own HTML: the products in
    force in the lists' order, their count, the facets with theirs, the stylesheet inline; it
    asks for no data (the index waits for a search: test above)."""
    for prefix, names_shown, count in (("", ["Rượu cần thử nghiệm", "Mật ong rừng thử nghiệm"], "2 sản phẩm"),
                                       ("en/", ["Rượu cần thử nghiệm", "Test forest honey"], "2 products")):
        doc = built_page(site, prefix + "browse/")
        results = doc.select_one("#ocop-results")
        assert [text(n) for n in results.select(".ocop-card__name")] == names_shown and results["data-view"] == ""
        assert text(doc.select_one("#ocop-count")) == count and doc.select_one("#ocop-more").has_attr("hidden")
        status = [(o["value"], text(o), o.has_attr("selected")) for o in doc.select("#ocop-st option")]
        assert [(value, selected) for value, _, selected in status] == [("usable", True), ("all", False), ("expiring", False), ("expired", False), ("revoked", False)]
        assert [label.rsplit(" ", 1)[1] for _, label, _ in status] == ["(2)", "(4)", "(0)", "(1)", "(1)"]
        assert doc.select('link[rel="preload"]') == [] and doc.select('head > link[rel="stylesheet"]') == []
        assert doc.select_one("head style") is not None and doc.select_one("#ocop-all").has_attr("hidden")
