"""Shops and showrooms (content/shops/): their checks, their pages, where they are listed and
their map links; and the fairs a product page lists."""

import datetime
import json
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conftest import AS_OF, FIXTURE, REPO
from generator.build import build_site
from generator.model import Coordinates
from generator.shops import map_links
from generator.validate import load_catalogue
from test_browser import open_page
from test_site import BASE, page, resolve, text
from tools.audit import broken_links

SHOP = """\
name: {vi: Cửa hàng OCOP thử nghiệm, en: Test OCOP shop}
kind: showroom
address: {vi: "1 đường Thử Nghiệm, xã Phước Xuân", en: "1 Test Street, Phuoc Xuan"}
area: phuoc-son
hours: {vi: 7:30–21:00 hằng ngày, en: 7:30 am to 9 pm daily}
coordinates: {lat: 15.4012, lon: 107.8534}
phone: "0235 3000 101"
website: https://cua-hang.example.vn/
products:
  - mat-ong
  - tra-thu
"""
WORKSHOP = """\
name: {vi: Xưởng rượu cần thử nghiệm}
kind: producer
address: {vi: "xã Sông Kôn, huyện Đông Giang"}
area: dong-giang
hours: {vi: "8:00–17:00, trừ Chủ nhật"}
coordinates: {lat: 15.9101, lon: 107.7702}
products: [ruou-can]
"""
# Around the build day AS_OF (2026-11-29): one fair over, one under way; the fixture's own
# fair (hoi-cho, 1-3 December, booth "Gian miền núi") is to come.
PAST_FAIR = "name: {vi: Hội chợ đã qua}\nplace: {vi: Tam Kỳ}\nstart: 2026-10-01\nend: 2026-11-28\nproducts: [mat-ong]\n"
CURRENT_FAIR = "name: {vi: Hội chợ đang diễn ra, en: Fair under way}\nplace: {vi: Hội An, en: Hoi An}\nstart: 2026-11-29\nend: 2026-11-30\nproducts: [mat-ong]\n"

SHOP_FILE = "content/shops/cua-hang.yml"
MAT_ONG_GEO = ("geo:15.4012,107.8534?q=15.4012,107.8534"
               "(C%E1%BB%ADa%20h%C3%A0ng%20OCOP%20th%E1%BB%AD%20nghi%E1%BB%87m)")
MAT_ONG_OSM = "https://www.openstreetmap.org/?mlat=15.4012&mlon=107.8534#map=17/15.4012/107.8534"
MAT_ONG_GOOGLE = "https://www.google.com/maps/search/?api=1&query=15.4012,107.8534"


def add_shops(root: Path) -> None:
    (root / "content/shops").mkdir()
    (root / SHOP_FILE).write_text(SHOP, encoding="utf-8")
    (root / "content/shops/xuong-ruou-can.yml").write_text(WORKSHOP, encoding="utf-8")


@pytest.fixture(scope="module")
def shop_site(tmp_path_factory) -> Path:
    """The fixture catalogue with two shops and two more fairs, built as of AS_OF."""
    root = tmp_path_factory.mktemp("shops") / "catalogue"
    shutil.copytree(FIXTURE, root)
    add_shops(root)
    (root / "content/fairs/cho-da-qua.yml").write_text(PAST_FAIR, encoding="utf-8")
    (root / "content/fairs/cho-dang-mo.yml").write_text(CURRENT_FAIR, encoding="utf-8")
    return build_site(root, root / "site", AS_OF).out


# --- checks ---------------------------------------------------------------------------------

DRAFT = "draft: true\nname: {vi: Trà mới}\n"


COORDINATES = "{lat: 15.4012, lon: 107.8534}"


@pytest.mark.parametrize("edits, expected", [
    ([("  - mat-ong\n", "  - mat-ongg\n")],
     [f"{SHOP_FILE}:10: products[0]: no such product in content/products/ (did you mean mat-ong?) (found mat-ongg)"]),
    ([("  - tra-thu\n", "  - tra-moi\n")],
     [f"{SHOP_FILE}:11: products[1]: is a draft, which is not published: complete it and remove 'draft: true', or leave it out of the shop's products (found tra-moi)"]),
    ([("  - tra-thu\n", "  - mat-ong\n")],
     [f"{SHOP_FILE}:11: products[1]: listed twice (first on line 10): list each product once (found mat-ong)"]),
    ([("products:\n  - mat-ong\n  - tra-thu\n", "products: []\n")],
     [f"{SHOP_FILE}:9: products: list the products sold or shown there, at least one"]),
    ([("area: phuoc-son", "area: phuoc-sn")],
     [f"{SHOP_FILE}:4: area: unknown area; expected an id from content/areas.yml (did you mean phuoc-son?) (found phuoc-sn)"]),
    ([(COORDINATES, "{lat: 107.8534, lon: 15.4012}")],
     [f"{SHOP_FILE}:6: coordinates.lat: must be a latitude in Vietnam, between 8 and 23.5 (are lat and lon swapped?) (found 107.8534)",
      f"{SHOP_FILE}:6: coordinates.lon: must be a longitude in Vietnam, between 102 and 117.5 (are lat and lon swapped?) (found 15.4012)"]),
    ([(COORDINATES, "{lat: 95, lon: 107.8534}")],
     [f"{SHOP_FILE}:6: coordinates.lat: must be a latitude in Vietnam, between 8 and 23.5 (are lat and lon swapped?) (found 95)"]),
    ([(COORDINATES, '{lat: "15.4012", lon: 107.8534}')],
     [f"{SHOP_FILE}:6: coordinates.lat: expected a number like 15.8794, without quotes (found 15.4012)"]),
    ([(COORDINATES, "{lat: 15.4012}")],
     [f"{SHOP_FILE}:6: coordinates.lon: required field is missing"]),
    ([("kind: showroom", "kind: shop")],
     [f"{SHOP_FILE}:2: kind: must be 'showroom', 'producer', 'market' or 'other' (found shop)"]),
    ([("https://cua-hang.example.vn/", "http://cua-hang.example.vn/")],
     [f"{SHOP_FILE}:8: website: expected a full https:// address (found http://cua-hang.example.vn/)"]),
    # the area and the products are checked even when other fields have problems
    ([("area: phuoc-son", "area: phuoc-sn"), ("hours:", "hour:"), ("  - mat-ong\n", "  - mat-ongg\n")],
     [f"{SHOP_FILE}:1: hours: required field is missing",
      f"{SHOP_FILE}:4: area: unknown area; expected an id from content/areas.yml (did you mean phuoc-son?) (found phuoc-sn)",
      f"{SHOP_FILE}:5: hour: unknown field (a typo?); expected one of: name, kind, address, area, hours, coordinates, phone, website, products",
      f"{SHOP_FILE}:10: products[0]: no such product in content/products/ (did you mean mat-ong?) (found mat-ongg)"]),
])
def test_shop_problems_are_reported_with_their_line(catalogue, ocop, edits, expected):
    add_shops(catalogue)
    (catalogue / "content/products/tra-moi.yml").write_text(DRAFT, encoding="utf-8")
    path = catalogue / SHOP_FILE
    shop = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in shop
        shop = shop.replace(old, new)
    path.write_text(shop, encoding="utf-8")
    code, out, err = ocop("--root", catalogue, "check")
    assert code == 1
    assert err == [*expected, f"{len(expected)} problem{'s' if len(expected) > 1 else ''} in 1 file; nothing was written."]


def test_a_shop_file_name_is_its_id(catalogue, ocop):
    add_shops(catalogue)
    (catalogue / SHOP_FILE).rename(catalogue / "content/shops/Cua_Hang.yml")
    code, out, err = ocop("--root", catalogue, "check")
    assert err[0] == "content/shops/Cua_Hang.yml: the file name is the shop's id: use 3-64 characters a-z, 0-9 and '-' (found 'Cua_Hang')"


def test_the_sample_shops_are_in_hoi_an_tam_ky_and_da_nang_and_say_they_are_samples():
    catalogue, _ = load_catalogue(REPO)
    assert 5 <= len(catalogue.shops) <= 7
    assert {shop.area for shop in catalogue.shops.values()} == {"hoi-an", "tam-ky", "hai-chau"}
    assert {shop.kind for shop in catalogue.shops.values()} >= {"showroom", "producer", "market"}
    for path in (REPO / "content/shops").glob("*.yml"):
        assert path.read_text(encoding="utf-8").startswith("# Sample shop: made-up name, address, hours, phone and coordinates.\n"), path
    assert catalogue.config.sample_data  # every page says so


# --- pages ----------------------------------------------------------------------------------

def test_map_links_carry_the_point_and_an_encoded_label():
    links = map_links(Coordinates(lat=15.8766, lon=108.3281), 'Quán "Ba" (chợ) & <b>')
    assert links == {
        "geo": "geo:15.8766,108.3281?q=15.8766,108.3281(Qu%C3%A1n%20%22Ba%22%20%28ch%E1%BB%A3%29%20%26%20%3Cb%3E)",
        "osm": "https://www.openstreetmap.org/?mlat=15.8766&mlon=108.3281#map=17/15.8766/108.3281",
        "google": "https://www.google.com/maps/search/?api=1&query=15.8766,108.3281",
    }


def facts(doc) -> dict[str, str]:
    return {text(dt): text(dt.find_next_sibling("dd")) for dt in doc.select("article dl dt")}


def test_a_shop_page_says_where_when_and_what(shop_site):
    doc = page(shop_site, "shops/cua-hang")
    assert text(doc.h1) == "Cửa hàng OCOP thử nghiệm"
    assert text(doc.select_one("article .ocop-kicker")) == "Điểm giới thiệu và bán sản phẩm OCOP"
    assert facts(doc) == {
        "Địa chỉ": "1 đường Thử Nghiệm, xã Phước Xuân",
        "Địa phương": "Huyện Phước Sơn",
        "Giờ mở cửa": "7:30–21:00 hằng ngày",
        "Điện thoại": "0235 3000 101",
        "Trang web": "https://cua-hang.example.vn/",
    }
    assert doc.select_one('article a[href="tel:02353000101"]') is not None
    assert resolve(shop_site, "shops/cua-hang/", doc.select_one('article dd a[href*="areas"]')["href"]) == shop_site / "areas/phuoc-son/index.html"
    assert [a["href"] for a in doc.select(".ocop-maps a")] == [MAT_ONG_GEO, MAT_ONG_OSM, MAT_ONG_GOOGLE]
    assert [text(a) for a in doc.select(".ocop-maps a")] == ["Ứng dụng bản đồ", "OpenStreetMap", "Google Maps"]
    # the products it sells, as cards: those that may carry the label first
    cards = doc.select(".ocop-card")
    assert [text(c.select_one(".ocop-card__name")) for c in cards] == ["Mật ong rừng thử nghiệm", "Trà thử nghiệm"]
    assert text(cards[1].select_one(".ocop-chip")) == "Đã bị thu hồi"
    assert resolve(shop_site, "shops/cua-hang/", cards[0].a["href"]) == shop_site / "p/mat-ong/index.html"
    # sample data, said site-wide and on the shop itself
    assert doc.select_one(".md-banner .ocop-sample") is not None
    assert text(doc.select_one("article .ocop-sample-note")).startswith("Dữ liệu mẫu: tên, địa chỉ, giờ mở cửa")
    english = page(shop_site, "en/shops/cua-hang")
    assert text(english.h1) == "Test OCOP shop"
    assert facts(english)["Opening hours"] == "7:30 am to 9 pm daily"
    assert [a["href"] for a in english.select(".ocop-maps a")] == [
        MAT_ONG_GEO.replace("C%E1%BB%ADa%20h%C3%A0ng%20OCOP%20th%E1%BB%AD%20nghi%E1%BB%87m", "Test%20OCOP%20shop"), MAT_ONG_OSM, MAT_ONG_GOOGLE]


def test_a_shop_page_carries_schema_org_store_data(shop_site):
    data = json.loads(page(shop_site, "en/shops/cua-hang").select_one('script[type="application/ld+json"]').string)
    assert data == {
        "@context": "https://schema.org", "@type": "Store", "name": "Test OCOP shop", "url": f"{BASE}en/shops/cua-hang/",
        "address": {"@type": "PostalAddress", "streetAddress": "1 Test Street, Phuoc Xuan", "addressLocality": "Phuoc Son District", "addressCountry": "VN"},
        "geo": {"@type": "GeoCoordinates", "latitude": 15.4012, "longitude": 107.8534},
        "telephone": "0235 3000 101", "sameAs": ["https://cua-hang.example.vn/"],
    }
    workshop = json.loads(page(shop_site, "shops/xuong-ruou-can").select_one('script[type="application/ld+json"]').string)
    assert "telephone" not in workshop and "sameAs" not in workshop and workshop["name"] == "Xưởng rượu cần thử nghiệm"


def test_the_shops_are_open_data_in_every_language_they_are_written_in(shop_site):
    document = json.loads((shop_site / "data/shops.json").read_text(encoding="utf-8"))
    assert (document["count"], document["base_url"], document["generated_for"]) == (2, BASE, AS_OF.isoformat())
    shop, workshop = document["shops"]
    assert shop == {
        "id": "cua-hang", "name": {"vi": "Cửa hàng OCOP thử nghiệm", "en": "Test OCOP shop"}, "kind": "showroom",
        "address": {"vi": "1 đường Thử Nghiệm, xã Phước Xuân", "en": "1 Test Street, Phuoc Xuan"}, "area": "phuoc-son",
        "hours": {"vi": "7:30–21:00 hằng ngày", "en": "7:30 am to 9 pm daily"}, "coordinates": {"lat": 15.4012, "lon": 107.8534},
        "phone": "0235 3000 101", "website": "https://cua-hang.example.vn/", "products": ["mat-ong", "tra-thu"],
        "urls": {"vi": f"{BASE}shops/cua-hang/", "en": f"{BASE}en/shops/cua-hang/"},
    }
    assert workshop["id"] == "xuong-ruou-can" and "phone" not in workshop and workshop["name"] == {"vi": "Xưởng rượu cần thử nghiệm"}


def test_a_shop_without_english_falls_back_visibly(shop_site):
    doc = page(shop_site, "en/shops/xuong-ruou-can")
    assert doc.h1.select_one('span[lang="vi"]').get_text() == "Xưởng rượu cần thử nghiệm"
    assert text(doc.select_one("article .ocop-kicker")) == "Producer's shop or workshop, open to visitors"
    assert "Phone" not in facts(doc) and "Website" not in facts(doc)


def test_a_product_page_says_where_to_buy_in_person(shop_site):
    doc = page(shop_site, "p/mat-ong")
    section = doc.select_one("#in-person").parent
    assert text(doc.select_one("#in-person")) == "Mua trực tiếp"
    shops = section.select(".ocop-shop")
    assert len(shops) == 1
    shop = shops[0]
    assert resolve(shop_site, "p/mat-ong/", shop.select_one(".ocop-shop__name")["href"]) == shop_site / "shops/cua-hang/index.html"
    assert text(shop.select_one(".ocop-shop__name")) == "Cửa hàng OCOP thử nghiệm"
    assert text(shop.select_one(".ocop-shop__address")) == "1 đường Thử Nghiệm, xã Phước Xuân"
    assert text(shop.select_one(".ocop-shop__hours")) == "Giờ mở cửa: 7:30–21:00 hằng ngày"
    assert shop.select_one(".ocop-shop__phone a")["href"] == "tel:02353000101"
    links = shop.select(".ocop-maps a")
    assert [a["href"] for a in links] == [MAT_ONG_GEO, MAT_ONG_OSM, MAT_ONG_GOOGLE]
    assert [a["aria-label"] for a in links] == [f"{name}: Cửa hàng OCOP thử nghiệm" for name in ("Ứng dụng bản đồ", "OpenStreetMap", "Google Maps")]
    assert section.select_one(".ocop-shops-note[data-ocop-unusable-only]").has_attr("hidden")  # a valid certificate
    # a revoked product's shops may not sell it as OCOP: said at once
    note = page(shop_site, "p/tra-thu").select_one("#in-person").parent.select_one(".ocop-shops-note[data-ocop-unusable-only]")
    assert not note.has_attr("hidden")
    assert text(note) == "Không còn là sản phẩm OCOP: các điểm bán này không được bán sản phẩm với nhãn OCOP."
    # a product no shop sells has no such section
    assert page(shop_site, "p/nuoc-mam").select_one("#in-person") is None


def test_an_area_page_lists_its_shops(shop_site):
    doc = page(shop_site, "en/areas/phuoc-son")
    assert text(doc.select_one("#in-person")) == "Where to buy in person"
    shops = doc.select("#in-person ~ .ocop-shops .ocop-shop")
    assert [text(s.select_one(".ocop-shop__name")) for s in shops] == ["Test OCOP shop"]
    assert [a["href"] for a in shops[0].select(".ocop-maps a")][1:] == [MAT_ONG_OSM, MAT_ONG_GOOGLE]
    assert page(shop_site, "areas/tam-ky").select_one("#in-person") is None  # no shop there


def test_the_shops_index_groups_them_by_area(shop_site):
    doc = page(shop_site, "shops")
    assert text(doc.h1) == "Điểm bán và giới thiệu sản phẩm"
    areas = [(text(h2), [text(a) for a in h2.find_next_sibling("ul").select(".ocop-shop__name")]) for h2 in doc.select("article h2")]
    # in the order of content/areas.yml
    assert areas == [("Huyện Phước Sơn", ["Cửa hàng OCOP thử nghiệm"]), ("Huyện Đông Giang", ["Xưởng rượu cần thử nghiệm"])]
    nav = {text(a): a["href"] for a in doc.select(".md-tabs a")}
    assert resolve(shop_site, "shops/", nav["Điểm bán"]) == shop_site / "shops/index.html"
    assert "Shops" in {text(a) for a in page(shop_site, "en").select(".md-tabs a")}


def test_a_catalogue_without_shops_has_no_shop_pages(site):
    assert not (site / "shops").exists()
    assert "Điểm bán" not in {text(a) for a in page(site, "").select(".md-tabs a")}


def test_a_product_page_lists_the_fairs_to_come_not_those_past(shop_site):
    doc = page(shop_site, "p/mat-ong")
    fairs = doc.select("#fairs ~ ul li")
    assert text(doc.select_one("#fairs")) == "Trưng bày tại hội chợ"
    # under way, then to come; the fair that ended the day before the build is left out
    assert [text(li) for li in fairs] == [
        "Hội chợ đang diễn ra , 29/11/2026 – 30/11/2026 Hội An",
        "Hội chợ thử nghiệm , 01/12/2026 – 03/12/2026 Nhà văn hoá Phước Sơn · Gian hàng: Gian miền núi",
    ]
    assert [resolve(shop_site, "p/mat-ong/", li.a["href"]) for li in fairs] == [
        shop_site / "fairs/cho-dang-mo/index.html", shop_site / "fairs/hoi-cho/index.html"]
    assert "Hội chợ đã qua" not in text(doc)
    assert text(page(shop_site, "en/p/mat-ong").select_one("#fairs ~ ul li")) == "Fair under way , 29 November 2026 – 30 November 2026 Hoi An"
    assert page(shop_site, "p/nuoc-mam").select_one("#fairs") is None  # at no fair


def test_the_sitemap_lists_the_shop_pages_and_every_link_resolves(shop_site):
    sitemap = ElementTree.parse(shop_site / "sitemap.xml")
    locs = {loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    for path in ("shops/", "shops/cua-hang/", "shops/xuong-ruou-can/"):
        assert {BASE + path, BASE + "en/" + path} <= locs
    # the map links are plain links: the link check accepts them, and nothing else
    assert broken_links(shop_site, BASE) == []


def test_the_link_check_refuses_a_geo_uri_as_a_resource(tmp_path):
    (tmp_path / "index.html").write_text('<a href="geo:15.4,107.8">map</a><img src="geo:15.4,107.8" alt="">', encoding="utf-8")
    assert broken_links(tmp_path, BASE) == ["index.html: img 'geo:15.4,107.8': scheme 'geo' is not allowed"]


@pytest.fixture(scope="module")
def shop_server(shop_site):
    from tools.audit import serve

    with serve(shop_site) as url:
        yield url


def test_the_device_finding_an_expiry_says_the_shops_may_not_sell_it_as_ocop(browser, shop_server):
    for day, expired in ((AS_OF, False), (datetime.date(2028, 6, 2), True)):  # mat-ong is valid until 2028-06-01
        page_, _ = open_page(browser, shop_server + "p/mat-ong/", today=day)
        assert page_.locator("#in-person ~ .ocop-shops-note").is_visible() == expired
        page_.context.close()


@pytest.mark.parametrize("path", ["shops/cua-hang/", "p/mat-ong/", "en/shops/"])
def test_shop_pages_fit_a_phone_and_request_nothing_from_elsewhere(browser, shop_server, path):
    page_, requests = open_page(browser, shop_server + path, today=AS_OF)
    assert page_.evaluate("document.documentElement.scrollWidth") <= 360
    assert requests and [url for url in requests if not url.startswith(shop_server)] == []
    page_.context.close()
