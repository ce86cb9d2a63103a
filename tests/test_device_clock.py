"""The status script on a phone whose clock may be wrong: the device can only make the status
worse than the build's, never better, and ignores a day before the build day."""

import datetime

import pytest

from conftest import CLOCK_BUILD_DAY as BUILD_DAY

PHONE = {"width": 360, "height": 740}

# product: (status on the build day, its last valid day)
PRODUCTS = {
    "ruou-can": ("valid", datetime.date(2029, 1, 10)),
    "mat-ong": ("expiring", datetime.date(2028, 6, 1)),
    "nuoc-mam": ("expired", datetime.date(2025, 12, 9)),
    "tra-thu": ("revoked", datetime.date(2027, 5, 1)),
}


def status_on_phone(browser, url, day):
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    context.clock.set_fixed_time(datetime.datetime.combine(day, datetime.time(9, 0)))
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    shown = {
        "code": page.locator(".ocop-product").get_attribute("data-status"),
        "class": page.locator(".ocop-head .ocop-status").get_attribute("class"),
        "label": page.locator(".ocop-head .ocop-status strong").inner_text(),
        "short": page.locator(".ocop-head .ocop-status span").inner_text(),
        "alert": page.locator(".ocop-alert").is_visible(),
        "explain": page.locator(".ocop-alert p:not(.ocop-alert__title)").text_content(),
        "as_of": page.locator(".ocop-asof--top [data-ocop-as-of]").inner_text(),
    }
    context.close()
    return shown


CLOCKS = {
    "1980": lambda until: datetime.date(1980, 1, 1),
    "day before the build": lambda until: BUILD_DAY - datetime.timedelta(days=1),
    "build day": lambda until: BUILD_DAY,
    "day after expiry": lambda until: until + datetime.timedelta(days=1),
    "three years ahead": lambda until: BUILD_DAY.replace(year=BUILD_DAY.year + 3),
}

# What the page must say: the build's status unless the device's day is later than the build
# day and the certificate has run out by then.
EXPECTED = {
    ("ruou-can", "day after expiry"): "expired by its validity",
    ("ruou-can", "three years ahead"): "expired by its validity",
    ("mat-ong", "day after expiry"): "expired by its validity",
    ("mat-ong", "three years ahead"): "expired by its validity",
}

BUILT = {
    "ruou-can": ("Còn hiệu lực", "Hiệu lực đến 10/01/2029"),
    "mat-ong": ("Sắp hết hiệu lực", "Còn 61 ngày, đến 01/06/2028"),
    "nuoc-mam": ("Đã hết hiệu lực", "Hết hiệu lực sau ngày 09/12/2025"),
    "tra-thu": ("Đã bị thu hồi", "Thu hồi ngày 02/05/2025"),
}


@pytest.mark.parametrize("clock", CLOCKS)
@pytest.mark.parametrize("product", PRODUCTS)
def test_the_device_can_only_make_the_status_worse(browser, clock_server, product, clock):
    built, until = PRODUCTS[product]
    day = CLOCKS[clock](until)
    shown = status_on_phone(browser, f"{clock_server}p/{product}/", day)
    assert shown["as_of"] == "Thông tin cập nhật ngày 01/04/2028."  # the data's day, never the device's
    if EXPECTED.get((product, clock)) == "expired by its validity":
        expired_on = until + datetime.timedelta(days=1)
        assert shown["code"] == "expired" and shown["class"] == "ocop-status ocop-status--expired"
        assert shown["label"] == "Đã hết hiệu lực"
        assert shown["short"] == f"Hết hạn ngày {expired_on:%d/%m/%Y} theo thời hạn hiệu lực"
        assert shown["alert"]
        # It says what the dates say, and that a renewal after the build day is not known.
        assert shown["explain"] == (
            f"Theo thời hạn hiệu lực (đến hết ngày {until:%d/%m/%Y}), chứng nhận đã hết hạn ngày {expired_on:%d/%m/%Y}. "
            "Thông tin của danh mục cập nhật ngày 01/04/2028: nếu chứng nhận chưa được gia hạn, sản phẩm không được dùng nhãn OCOP."
        )
    else:
        assert shown["code"] == built and shown["class"] == f"ocop-status ocop-status--{built}"
        assert (shown["label"], shown["short"]) == BUILT[product]
        assert shown["alert"] == (built in ("expired", "revoked"))


def test_a_later_day_counts_down_an_expiring_certificate(browser, clock_server):
    shown = status_on_phone(browser, f"{clock_server}p/mat-ong/", datetime.date(2028, 5, 1))
    assert (shown["code"], shown["short"]) == ("expiring", "Còn 31 ngày, đến 01/06/2028")
    # a day before the build day counts from the build day
    shown = status_on_phone(browser, f"{clock_server}p/mat-ong/", datetime.date(2028, 1, 1))
    assert (shown["code"], shown["short"]) == ("expiring", "Còn 61 ngày, đến 01/06/2028")


def test_the_english_page_says_the_same(browser, clock_server):
    shown = status_on_phone(browser, f"{clock_server}en/p/mat-ong/", datetime.date(2031, 4, 1))
    assert shown["as_of"] == "Information as of 1 April 2028."
    assert shown["short"] == "Expired on 2 June 2028 by its validity"
    assert shown["explain"] == (
        "By its validity (until 1 June 2028), the certificate expired on 2 June 2028. The catalogue's information "
        "is as of 1 April 2028: unless the certificate has been renewed since, the product may not carry the OCOP label."
    )
    shown = status_on_phone(browser, f"{clock_server}en/p/tra-thu/", datetime.date(1980, 1, 1))
    assert (shown["code"], shown["label"], shown["short"]) == ("revoked", "Revoked", "Revoked on 2 May 2025")


# Lists show cards of many products, each with its status chip: read offline months after the
# build, they must not say "valid" of a certificate that has run out since, and a clock set
# in the past must not make an expired or revoked one valid again (browse's results drawn by
# its script from the data included).
LIST_VIEWS = {
    "group pages": ["groups/thuc-pham/", "groups/do-uong/"],
    "home page": [""],
    "browse, its own first view": ["browse/"],
    "browse, drawn from its data": ["browse/?st=all"],
}
LABELS = {"valid": "Còn hiệu lực", "expiring": "Sắp hết hiệu lực", "expired": "Đã hết hiệu lực", "revoked": "Đã bị thu hồi"}
LIST_CLOCKS = {
    "1980": datetime.date(1980, 1, 1),
    "build day": BUILD_DAY,
    "a month before the last certificate ends": PRODUCTS["ruou-can"][1] - datetime.timedelta(days=31),
    "three years ahead": BUILD_DAY.replace(year=BUILD_DAY.year + 3),
}


def chips_on_phone(browser, base, views, day, index_without_build_day=False):
    """Each card's status chip as the reader sees it: product id -> (status class, label)."""
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    context.clock.set_fixed_time(datetime.datetime.combine(day, datetime.time(9, 0)))
    if index_without_build_day:  # as a browse index saved on the device by an older build is

        def older_index(route):
            response = route.fetch()
            index = response.json()
            del index["as_of"]
            route.fulfill(response=response, json=index)

        context.route("**/index.json", older_index)
    page = context.new_page()
    chips = {}
    for view in views:
        page.goto(base + view)
        page.wait_for_load_state("load")
        if "?" in view:  # the view in the address, drawn by the script
            page.wait_for_function("() => { const list = document.getElementById('ocop-results');"
                                   " return list.dataset.view === location.search.slice(1) && !list.hasAttribute('aria-busy'); }")
        cards = page.eval_on_selector_all(".ocop-card", "cards => cards.map(c => [c.querySelector('a').getAttribute('href'), "
                                                        "c.querySelector('.ocop-chip').className, c.querySelector('.ocop-chip').textContent])")
        for href, classes, label in cards:
            chips[href.rstrip("/").rsplit("/", 1)[1]] = (classes.removeprefix("ocop-chip ocop-chip--"), label)
    context.close()
    return chips


def status_seen(product: str, day: datetime.date) -> str:
    """The build's status, or the worse one a day after the build day leads to (status.py's rule)."""
    built, until = PRODUCTS[product]
    if day <= BUILD_DAY or built in ("expired", "revoked"):
        return built
    if day > until:
        return "expired"
    return "expiring" if (until - day).days <= 90 else "valid"


@pytest.mark.parametrize("clock", LIST_CLOCKS)
@pytest.mark.parametrize("view", LIST_VIEWS)
def test_list_cards_say_the_status_on_the_readers_day(browser, clock_server, view, clock):
    day = LIST_CLOCKS[clock]
    chips = chips_on_phone(browser, clock_server, LIST_VIEWS[view], day)
    # the home page and browse's first view show the products in force on the build day; the others all four
    assert set(chips) == ({"ruou-can", "mat-ong"} if view in ("home page", "browse, its own first view") else set(PRODUCTS))
    assert chips == {product: (status_seen(product, day), LABELS[status_seen(product, day)]) for product in chips}


def test_browse_results_keep_the_build_day_with_an_index_that_lacks_it(browser, clock_server):
    # the page's own build day then stands: a clock set in 1980 still cannot make them valid
    chips = chips_on_phone(browser, clock_server, ["browse/?st=all"], datetime.date(1980, 1, 1), index_without_build_day=True)
    assert chips == {product: (built, LABELS[built]) for product, (built, _) in PRODUCTS.items()}
