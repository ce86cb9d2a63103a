"""Where to buy a product that is no longer OCOP-certified: shops, not OCOP offers."""

import datetime
import json
import shutil

import pytest

from conftest import FIXTURE
from generator.build import build_site
from test_site import page, text

AFTER_EXPIRY = datetime.date(2028, 6, 2)  # mat-ong was valid until 2028-06-01


@pytest.fixture(scope="module")
def expired_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("expired") / "catalogue"
    shutil.copytree(FIXTURE, root)
    return build_site(root, root / "site", AFTER_EXPIRY).out


def listings(doc) -> list[tuple[str, str, bool]]:
    return [(text(a), a["href"], "md-button" in a["class"]) for a in doc.select(".ocop-buy a")]


def shops(doc) -> list | None:
    """The listings in JSON-LD: the product's pages elsewhere, never an Offer (no price)."""
    data = json.loads(doc.select_one('script[type="application/ld+json"]').string)
    assert "offers" not in data
    return data.get("sameAs")


def test_a_valid_product_has_buttons_and_no_note(site):
    doc = page(site, "p/mat-ong")
    assert listings(doc) == [("Mua trên Shopee", "https://shopee.vn/mat-ong-i.1.2", True), ("Trang web của chủ thể", "https://mat-ong.example.vn/mua", True)]
    assert doc.select_one(".ocop-buy-note").has_attr("hidden")
    assert shops(doc) == ["https://shopee.vn/mat-ong-i.1.2", "https://mat-ong.example.vn/mua"]


@pytest.mark.parametrize("lang, note, shopee", [
    ("", "Không còn là sản phẩm OCOP: các gian hàng này không được dùng nhãn OCOP cho sản phẩm.", "Gian hàng trên Shopee"),
    ("en/", "No longer OCOP-certified: these listings may not use the OCOP label.", "Listing on Shopee"),
])
def test_an_expired_product_shows_its_listings_as_what_they_are(expired_site, lang, note, shopee):
    doc = page(expired_site, f"{lang}p/mat-ong")
    buy = doc.select_one("#buy").find_parent("section")
    assert not buy.select_one(".ocop-buy-note").has_attr("hidden") and text(buy.select_one(".ocop-buy-note")) == note
    assert buy.select_one(".ocop-buy-note").find_next_sibling("ul") is buy.select_one(".ocop-buy")  # the note comes first
    assert listings(doc)[0] == (shopee, "https://shopee.vn/mat-ong-i.1.2", False)
    assert not any(button for _, _, button in listings(doc))
    assert shops(doc) is None  # not listed as where to buy an OCOP product, which it is not any more


def test_the_device_finding_an_expiry_turns_the_buttons_into_listings(browser, clock_server):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    for day, expired in ((datetime.date(2028, 4, 1), False), (AFTER_EXPIRY, True)):
        context.clock.set_fixed_time(datetime.datetime.combine(day, datetime.time(9)))
        page_ = context.new_page()
        page_.goto(clock_server + "p/mat-ong/")
        page_.wait_for_load_state("load")
        assert page_.locator(".ocop-buy-note").is_visible() == expired
        border = page_.locator(".ocop-buy__link--shopee").evaluate("a => getComputedStyle(a).borderTopWidth")
        assert (border == "0px") == expired, border  # a plain link, no longer a button
        page_.close()
    context.close()
