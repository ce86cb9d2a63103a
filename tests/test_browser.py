"""In Chromium at phone size: the first screen, the status script, the language offer."""

import base64
import datetime
import hashlib

import pytest

from conftest import AS_OF, REPO

PHONE = {"width": 360, "height": 740}


def open_page(browser, url, locale="vi-VN", today=None, viewport=PHONE):
    context = browser.new_context(viewport=viewport, locale=locale)
    page = context.new_page()
    if today:
        page.clock.set_fixed_time(datetime.datetime.combine(today, datetime.time(9, 0)))
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url)
    page.wait_for_load_state("load")
    return page, requests


@pytest.mark.parametrize("path", ["p/mat-ong/", "p/nuoc-mam/", "p/tra-thu/", "en/p/mat-ong/", "en/p/nuoc-mam/", "en/p/tra-thu/"])
def test_first_screen_shows_name_stars_status_and_producer(browser, server, path):
    page, _ = open_page(browser, server + path, today=AS_OF)
    for selector in (".ocop-head h1", ".ocop-head .ocop-stars", ".ocop-head .ocop-status", ".ocop-maker"):
        box = page.locator(selector).bounding_box()
        assert box is not None and box["width"] > 0, selector
        assert 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"], (selector, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (selector, box)
    if "mat-ong" not in path:  # expired and revoked: the warning comes first
        alert = page.locator(".ocop-alert").bounding_box()
        assert alert["y"] < page.locator(".ocop-head h1").bounding_box()["y"]
    page.context.close()


SAMPLE_IDS = sorted(path.stem for path in (REPO / "content" / "products").glob("*.yml"))


@pytest.mark.parametrize("lang", ["", "en/"])
def test_first_screen_of_every_sample_product(browser, sample_server, lang):
    """Every product of the sample catalogue, with its real names, stories and warnings."""
    context = browser.new_context(viewport=PHONE, locale="en-US" if not lang else "vi-VN")  # the offer shows too
    context.clock.set_fixed_time(datetime.datetime(2026, 11, 29, 9))
    page = context.new_page()
    low = {}
    for product_id in SAMPLE_IDS:
        page.goto(f"{sample_server}{lang}p/{product_id}/")
        for selector in (".ocop-head h1", ".ocop-head .ocop-stars", ".ocop-head .ocop-status", ".ocop-maker"):
            box = page.locator(selector).bounding_box()
            if box["y"] + box["height"] > PHONE["height"] or box["x"] + box["width"] > PHONE["width"]:
                low[product_id] = (selector, box)
    context.close()
    assert low == {}


@pytest.mark.parametrize(
    "today, status, short",
    [
        (datetime.date(2028, 3, 2), "valid", "Hiệu lực đến 01/06/2028"),  # 91 days before the end
        (datetime.date(2028, 3, 3), "expiring", "Còn 90 ngày, đến 01/06/2028"),
        (datetime.date(2028, 6, 1), "expiring", "Còn 0 ngày, đến 01/06/2028"),
        (datetime.date(2028, 6, 2), "expired", "Hết hạn ngày 02/06/2028 theo thời hạn hiệu lực"),
    ],
)
def test_the_status_is_re_evaluated_on_the_readers_day(browser, server, today, status, short):
    page, _ = open_page(browser, server + "p/mat-ong/", today=today)
    assert page.locator(".ocop-product").get_attribute("data-status") == status
    assert page.locator(".ocop-head .ocop-status span").inner_text() == short
    assert page.locator(".ocop-head .ocop-status").get_attribute("class") == f"ocop-status ocop-status--{status}"
    assert page.locator(".ocop-alert").is_visible() == (status == "expired")
    assert page.locator(".ocop-chip--potential").is_visible() == (status != "expired")
    assert page.locator(".ocop-asof--top [data-ocop-as-of]").inner_text() == "Thông tin cập nhật ngày 29/11/2026."  # the build's day, whatever the device's
    page.context.close()


def test_the_script_follows_the_python_rule(browser, server):
    from generator.model import Certification
    from generator.status import certificate_status

    page, _ = open_page(browser, server + "p/mat-ong/", today=AS_OF)
    cert = Certification.model_validate({"decision": "1", "date": datetime.date(2023, 2, 28), "revoked": {"date": datetime.date(2025, 3, 1), "decision": "2", "reason": {"vi": "x"}}})
    start = datetime.date(2025, 2, 20)
    for offset in range(0, 800, 3):
        day = start + datetime.timedelta(days=offset)
        for revoked in (True, False):
            c = cert if revoked else cert.model_copy(update={"revoked": None})
            expected = certificate_status(c, day, 36, 90)
            js = page.evaluate(
                "([d, u, r]) => window.ocopStatus.statusOn(d, u, r, 90)",
                [day.isoformat(), expected.valid_until.isoformat(), "2025-03-01" if revoked else ""],
            )
            assert js == expected.code, (day, revoked)
    page.context.close()


def test_english_is_offered_to_english_readers_without_redirecting(browser, server):
    page, _ = open_page(browser, server + "p/mat-ong/", locale="en-US")
    offer = page.locator('[data-ocop-offer="en"]')
    assert offer.is_visible() and offer.inner_text() == "This page is also in English →"
    assert page.url == server + "p/mat-ong/"
    offer.locator("a").click()
    page.wait_for_url(server + "en/p/mat-ong/")
    assert page.locator('[data-ocop-offer="vi"]').is_hidden()  # the reader is where they want to be
    page.context.close()
    page, _ = open_page(browser, server + "p/mat-ong/", locale="vi-VN")
    assert page.locator('[data-ocop-offer="en"]').is_hidden()
    page.context.close()


def test_a_product_page_requests_nothing_from_elsewhere(browser, server):
    page, requests = open_page(browser, server + "p/mat-ong/", today=AS_OF)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(200)
    elsewhere = [url for url in requests if not url.startswith(server)]
    assert requests and elsewhere == []
    page.context.close()


@pytest.mark.parametrize("path", ["", "p/mat-ong/", "en/p/tra-thu/", "browse/?q=mat", "fairs/hoi-cho/", "stats/"])
def test_the_content_security_policy_blocks_nothing_of_ours(browser, server, path):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    messages = []
    page.on("console", lambda m: messages.append(m.text))
    page.on("pageerror", lambda e: messages.append(str(e)))
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert "script-src 'self'" in policy and "default-src 'self'" in policy
    assert messages == []  # no violation reported, no script error
    # no inline script but the browse page's first, which the policy names (page_script.py)
    inline = page.evaluate("[...document.querySelectorAll('script:not([src]):not([type])')].map(s => s.textContent)")
    assert len(inline) == (1 if path.startswith("browse/") else 0)
    assert all(f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'" in policy for text in inline)
    context.close()


@pytest.mark.parametrize("path", ["p/mat-ong/", "en/groups/thuc-pham/"])
def test_the_menu_button_opens_the_navigation_on_a_phone(browser, server, path):
    """Below 76.25em Material's tabs are gone: the drawer is a phone's only navigation."""
    page, _ = open_page(browser, server + path)

    def links_on_screen():
        links = page.locator(".md-sidebar--primary .md-nav__link")
        return [link.inner_text() for link in links.all() if (box := link.bounding_box()) and box["x"] >= 0 and box["width"] > 0]

    assert links_on_screen() == []
    page.click('label.md-header__button[for="__drawer"]')
    page.wait_for_timeout(500)  # it slides in
    expected = {"p/mat-ong/": ["Trang chủ", "Tìm sản phẩm", "Nhóm sản phẩm", "Địa phương", "Hạng sao", "Thống kê", "Hội chợ"],
                "en/groups/thuc-pham/": ["Home", "Find products", "Product groups", "Places", "Star ratings", "Statistics", "Fairs"]}
    assert links_on_screen() == expected[path]
    page.context.close()


def test_no_page_of_the_sample_scrolls_sideways_at_320_px(browser, sample_server, sample_site):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    wide = {}
    for path in sorted(sample_site.rglob("*.html")):
        if 'http-equiv="refresh"' in path.read_text(encoding="utf-8"):
            continue  # a GS1 Digital Link page: it sends the reader to the product page at once
        page.goto(sample_server + path.relative_to(sample_site).as_posix())
        width, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if width > client:
            wide[path.relative_to(sample_site).as_posix()] = width
    context.close()
    assert wide == {}
