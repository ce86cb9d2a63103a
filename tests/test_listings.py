"""Where to buy a product that is no longer OCOP-certified: shops, not OCOP offers."""

import csv
import datetime
import io
import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import FIXTURE, REPO
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


@pytest.mark.slow  # a whole build, in a copy of the generator
def test_a_marketplace_is_one_field_and_its_words(tmp_path, catalogue):
    """CONTRIBUTING's recipe, followed in a copy of the generator: a field on Listings and its
    label in each language, and nothing else, put the marketplace in the record format, on the
    page, in the CSV, in the browse facet and in JSON-LD."""
    package = tmp_path / "package"
    shutil.copytree(REPO / "generator", package / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "theme", package / "theme")
    voso = '    voso: Annotated[HttpsUrl, _on_host("voso.vn")] | None = None\n'
    edit(package / "generator/model.py", voso, voso + '    ocopmart: Annotated[HttpsUrl, _on_host("ocopmart.vn")] | None = None\n')
    for words in (package / "generator/languages").glob("*.yml"):
        edit(words, "    voso: Voso\n", "    voso: Voso\n    ocopmart: OCOP Mart\n")
    shopee = "  shopee: https://shopee.vn/mat-ong-i.1.2\n"
    edit(catalogue / "content/products/mat-ong.yml", shopee, shopee + "  ocopmart: https://ocopmart.vn/mat-ong\n")
    built = subprocess.run([sys.executable, "-m", "generator", "--root", catalogue, "build", "--date", "2026-11-29"],
                           env={**os.environ, "PYTHONPATH": str(package)}, cwd=tmp_path, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    site = catalogue / "site"
    assert listings(page(site, "p/mat-ong"))[1] == ("Mua trên OCOP Mart", "https://ocopmart.vn/mat-ong", True)
    assert listings(page(site, "en/p/mat-ong"))[1][0] == "Buy on OCOP Mart"
    assert "https://ocopmart.vn/mat-ong" in shops(page(site, "p/mat-ong"))
    rows = list(csv.DictReader(io.StringIO((site / "data/products.csv").read_text(encoding="utf-8-sig"))))
    assert {row["id"]: row["listing_ocopmart"] for row in rows}["mat-ong"] == "https://ocopmart.vn/mat-ong"
    index = json.loads((site / "data/search/vi/index.json").read_text(encoding="utf-8"))
    assert ["ocopmart", "OCOP Mart"] in index["markets"]


def edit(path, old, new) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, path
    path.write_text(text.replace(old, new), encoding="utf-8")
