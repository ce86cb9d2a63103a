"""Reporting a fake: from the status on the first screen, from the 404 page, by phone, e-mail and Zalo."""

import datetime

from bs4 import BeautifulSoup

from conftest import AS_OF
from generator.build import build_site
from test_browser import PHONE
from test_site import page, text
from test_validation import replace


def checks(doc) -> list[str]:
    return [text(li) for li in doc.select("#report ~ ol.ocop-checks li")]


def ways(doc) -> dict[str, str]:
    return {text(li).split(":")[0]: li.a["href"] for li in doc.select(".ocop-report__ways li")}


def test_the_status_box_leads_to_what_to_check_then_how_to_report(site):
    doc = page(site, "p/mat-ong")
    link = doc.select_one(".ocop-trust .ocop-asof--top a")
    assert (link["href"], text(link)) == ("#report", "Nghi hàng giả?")
    assert text(doc.select_one("#report")) == "Nghi hàng giả?"
    assert checks(doc) == [
        "Thanh địa chỉ của trình duyệt phải hiện đúng tên miền example.org . Mã QR sao chép có thể dẫn đến một trang giả giống hệt trang này.",
        "Bao bì phải ghi đúng như trang này: tên sản phẩm (Mật ong rừng thử nghiệm), chủ thể (HTX Mật ong Thử Nghiệm), hạng sao (4 sao OCOP) và quyết định công nhận (100/QĐ-UBND).",
        "Tình trạng chứng nhận ở đầu trang: sản phẩm chỉ được dùng nhãn OCOP khi chứng nhận còn hiệu lực.",
    ]
    assert text(doc.select_one(".ocop-host")) == "example.org"
    assert ways(doc) == {"Điện thoại": "tel:02353000000", "Thư điện tử": "mailto:bao-cao@example.vn?subject=OCOP%20mat-ong"}
    en = page(site, "en/p/tra-thu")
    assert text(en.select_one(".ocop-asof--top a")) == "Suspect a fake?"
    assert checks(en)[1] == "The package must say what this page says: the product's name (Test tea), the producer (Công ty TNHH Trà Thử Nghiệm), the star rating (3-star OCOP) and the recognition decision (300/QĐ-UBND)."


def test_the_404_page_says_what_to_check_and_how_to_report(site):
    for path, heading, unknown in (
        ("404.html", "Nghi hàng giả?", "Nếu bạn quét mã QR trên bao bì mà đến trang này, mã đó không dẫn đến sản phẩm nào của danh mục: sản phẩm có thể không phải là sản phẩm OCOP."),
        ("en/404.html", "Suspect a fake?", "If a QR code on a package brought you here, it leads to no product of this catalogue: the product may not be an OCOP product."),
    ):
        doc = BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")
        assert text(doc.select_one("#report")) == heading
        assert len(checks(doc)) == 2 and checks(doc)[1] == unknown and "example.org" in checks(doc)[0]
        assert "tel:02353000000" in ways(doc).values()


def test_a_zalo_number_is_offered_when_the_owner_gives_one(catalogue):
    replace(catalogue, "site_config.yml", 'email: bao-cao@example.vn}', 'email: bao-cao@example.vn, zalo: "0905 123 456"}')
    site = build_site(catalogue, catalogue / "site", AS_OF).out
    assert ways(page(site, "p/mat-ong"))["Zalo"] == "https://zalo.me/0905123456"
    doc = BeautifulSoup((site / "en/404.html").read_text(encoding="utf-8"), "html.parser")
    assert ways(doc)["Zalo"] == "https://zalo.me/0905123456"


def test_a_zalo_number_must_be_a_phone_number(catalogue, ocop):
    replace(catalogue, "site_config.yml", 'email: bao-cao@example.vn}', "email: bao-cao@example.vn, zalo: zalo.me/ocop}")
    code, out, err = ocop("--root", catalogue, "check")
    assert code == 1
    assert err[0] == "site_config.yml:7: owner.report.zalo: expected the phone number of a Zalo account, digits and spaces, like 0905 123 456 (found zalo.me/ocop)"


def test_the_report_link_is_on_the_first_screen(browser, server):
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    context.clock.set_fixed_time(datetime.datetime.combine(AS_OF, datetime.time(9)))
    page_ = context.new_page()
    for path in ("p/mat-ong/", "p/tra-thu/", "en/p/nuoc-mam/"):
        page_.goto(server + path)
        box = page_.locator(".ocop-asof--top a").bounding_box()
        assert box["y"] + box["height"] <= PHONE["height"], path
        page_.locator(".ocop-asof--top a").click()
        assert page_.locator("#report").bounding_box()["y"] < 100  # scrolled to the section
    context.close()
