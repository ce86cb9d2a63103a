"""Folding for search, the browse data, and the open data files read back."""

import csv
import gzip
import io
import json
import unicodedata
import xml.etree.ElementTree as ET

import pytest
import yaml

from conftest import FIXTURE
from generator import search
from generator.text import fold

BASE = "https://example.org/ocop/"


@pytest.mark.parametrize("text", ["nuoc mam", "NƯỚC MẮM", "nươc mam", "nước mắm", unicodedata.normalize("NFD", "Nước Mắm")])
def test_fold_forgives_accents_case_and_decomposed_text(text):
    assert fold(text) == "nuoc mam"


def test_fold_reads_d_for_dd_and_drops_punctuation():
    assert fold("Đại Lộc") == "dai loc"
    assert fold("Quế Trà My, 100g!") == "que tra my 100g"


def test_browse_index_lists_every_product_with_its_facets(site):
    index = json.loads((site / "data/search/en/index.json").read_text(encoding="utf-8"))
    cards = json.loads((site / "data/search/en/cards-0.json").read_text(encoding="utf-8"))["cards"]  # [id, name, photo, place], 16 a file
    ids = [card[0] for card in cards]  # a product's number is its place in the cards
    assert sorted(ids) == ["mat-ong", "nuoc-mam", "ruou-can", "tra-thu"] and index["cards"] == 16
    columns = search.columns({name: (site / "data/search/en" / name).read_bytes() for name in search.COLUMNS})
    rows = {product_id: {field: values[number] for field, values in columns.items()} for number, product_id in enumerate(ids)}
    honey = rows["mat-ong"]
    assert cards[ids.index("mat-ong")][1] == "Test forest honey"
    assert index["subgroups"][honey["subgroup"]] == "thuc-pham.mat-ong"
    assert index["areas"][honey["area"]] == ["phuoc-son", "Phuoc Son"] and cards[ids.index("mat-ong")][3] == honey["area"]
    assert (honey["stars"], index["dates"][honey["valid_until"]], index["dates"][honey["revoked_on"]]) == (4, "2028-06-01", "")
    assert [m for i, (m, _) in enumerate(index["markets"]) if honey["markets"] & (1 << i)] == ["shopee", "website"]
    assert [s for i, (s, _) in enumerate(index["standards"]) if honey["standards"] & (1 << i)] == ["vietgap", "haccp"]
    assert index["dates"][rows["tra-thu"]["revoked_on"]] == "2025-05-02"
    # story words, split by their first two letters; a word of the name is not repeated
    fish = json.loads((site / "data/search/en/words-fi.json").read_text(encoding="utf-8"))
    assert fish["fish"] == [ids.index("tra-thu")]  # product numbers, as gaps
    assert "fi" in index["words"] and "fi" in index["names"]  # "Test fish sauce"


@pytest.mark.parametrize("built, name, key", [
    ("site", "products.json", "products"),
    pytest.param("sample_site", "shops.json", "shops", marks=pytest.mark.slow),  # the fixture has no shops
])
def test_open_data_has_one_item_a_line(request, built, name, key):
    """A change to a product shows, in a diff of the file, as that product's line."""
    text = (request.getfixturevalue(built) / "data" / name).read_text(encoding="utf-8")
    head, *lines, end = text.splitlines()
    document = json.loads(text)
    assert json.loads(head + "]}") == {**document, key: []} and end == "]}"
    assert [json.loads(line.removesuffix(",")) for line in lines] == document[key] and len(lines) == document["count"] > 0


def test_open_data_lines_are_not_broken_by_unicode_line_separators():
    from generator.opendata import _one_item_a_line

    items = [{"story": "một\u2028hai\x85ba\u2029bốn \\u2028"}, {"story": "năm"}]
    text = _one_item_a_line({"count": 2}, "products", items).decode("utf-8")
    assert len(text.splitlines()) == 4 and json.loads(text)["products"] == items


def test_products_json_has_every_field_of_every_record(site):
    data = json.loads((site / "data/products.json").read_text(encoding="utf-8"))
    assert data["count"] == 4 and data["base_url"] == BASE and data["generated_for"] == "2026-11-29"
    by_id = {p["id"]: p for p in data["products"]}
    record = yaml.safe_load((FIXTURE / "content/products/mat-ong.yml").read_text(encoding="utf-8"))
    honey = by_id["mat-ong"]
    for key, value in record.items():
        if key == "certification":
            assert honey[key]["decision"] == value["decision"] and honey[key]["date"] == value["date"].isoformat()
        else:
            assert honey[key] == value, key
    assert honey["urls"] == {"vi": BASE + "p/mat-ong/", "en": BASE + "en/p/mat-ong/"}
    assert honey["qr"] == {"data": BASE + "01/08930000000019", "svg": BASE + "p/mat-ong/qr.svg", "png": BASE + "p/mat-ong/qr.png"}
    assert by_id["nuoc-mam"]["status"] == {"code": "expired", "valid_until": "2025-12-09", "as_of": "2026-11-29"}


def test_products_csv_opens_in_excel_with_vietnamese(site):
    raw = (site / "data/products.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 4
    honey = next(r for r in rows if r["id"] == "mat-ong")
    assert honey["name_vi"] == "Mật ong rừng thử nghiệm" and honey["area_vi"] == "Phước Sơn"
    assert honey["standards"] == "vietgap;haccp" and honey["listing_shopee"] == "https://shopee.vn/mat-ong-i.1.2"
    assert honey["status"] == "valid" and honey["valid_until"] == "2028-06-01" and honey["gtin"] == "8930000000019"
    assert next(r for r in rows if r["id"] == "tra-thu")["revoked_decision"] == "301/QĐ-UBND"


def test_atom_feed_lists_the_newest_certificates_first(site):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring((site / "en/feed.xml").read_bytes())
    assert feed.find("a:title", ns).text == "Test OCOP products"
    entries = feed.findall("a:entry", ns)
    assert [e.find("a:title", ns).text for e in entries] == ["Rượu cần thử nghiệm", "Test forest honey", "Test tea", "Test fish sauce"]
    assert entries[0].find("a:link", ns).get("href") == BASE + "en/p/ruou-can/"
    assert entries[0].find("a:updated", ns).text == "2026-01-10T00:00:00+07:00"
    assert feed.find("a:updated", ns).text == "2026-01-10T00:00:00+07:00"  # the newest recognition, not the build time
    vi = ET.fromstring((site / "feed.xml").read_bytes())
    assert vi.findall("a:entry", ns)[1].find("a:title", ns).text == "Mật ong rừng thử nghiệm"


def test_browse_data_of_the_sample_stays_small(sample_site):
    for lang in ("vi", "en"):
        files = sorted(f for f in (sample_site / "data/search" / lang).iterdir() if f.suffix not in (".gz", ".br"))  # not the precompressed copies
        total = sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)
        assert total < 42_000, (lang, total)  # en: 39.8 KB, and 1.3 KB for its 25 places' area files


def test_statistics_page(site):
    from bs4 import BeautifulSoup

    doc = BeautifulSoup((site / "stats/index.html").read_text(encoding="utf-8"), "html.parser")
    def table(section_id):
        section = doc.select_one(f"#{section_id}").parent
        return {tr.find_all("td")[0].get_text(): tr.find_all("td")[1].get_text() for tr in section.select("tbody tr")}
    assert table("by-stars") == {"Sản phẩm 5 sao": "1", "Sản phẩm 4 sao": "1", "Sản phẩm 3 sao": "0"}
    assert table("by-status") == {"Còn hiệu lực": "2", "Sắp hết hiệu lực": "0", "Đã hết hiệu lực": "1", "Đã bị thu hồi": "1"}
    assert table("by-year") == {"2022": "1", "2024": "1", "2025": "1", "2026": "1"}
    bars = doc.select_one("#by-stars").parent.select("svg rect")
    assert [float(b["width"]) for b in bars] == [140.0, 140.0, 0.0]
    assert doc.select_one("#expiring").find_next("p").get_text() == "Không có."


def test_vietnamese_alphabetical_order():
    from generator.text import sort_key

    names = ["Đẳng sâm", "Dầu phộng", "Ăn", "An", "Bưởi", "Ân", "Ưu", "uống", "ương", "Em", "Ê"]
    assert sorted(names, key=sort_key) == ["An", "Ăn", "Ân", "Bưởi", "Dầu phộng", "Đẳng sâm", "Em", "Ê", "uống", "ương", "Ưu"]


def test_csv_cells_are_never_formulas(catalogue, tmp_path):
    from generator.build import build_site
    from conftest import AS_OF

    record = catalogue / "content/products/nuoc-mam.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("name: Cơ sở Nước mắm Thử Nghiệm", 'name: "=HYPERLINK(\\"https://evil.example\\")"'), encoding="utf-8")
    site = build_site(catalogue, tmp_path / "site", AS_OF).out
    rows = list(csv.DictReader(io.StringIO((site / "data/products.csv").read_bytes().decode("utf-8-sig"))))
    assert next(r for r in rows if r["id"] == "nuoc-mam")["producer_name"] == "'=HYPERLINK(\"https://evil.example\")"
    assert not (catalogue / "content/published.txt").exists()  # only `ocop build` publishes URLs
