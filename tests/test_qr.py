"""QR codes: decoded by an independent decoder (zxing-cpp), at print size and damaged."""


import zxingcpp
from bs4 import BeautifulSoup
from PIL import Image, ImageDraw

from generator import qr

BASE = "https://example.org/ocop/"


def decode(image: Image.Image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(image) if r.valid]


def test_png_codes_encode_the_permanent_url_or_the_digital_link(site):
    expected = {"mat-ong": BASE + "01/08930000000019", "nuoc-mam": BASE + "p/nuoc-mam/", "tra-thu": BASE + "p/tra-thu/", "ruou-can": BASE + "p/ruou-can/"}
    for product_id, url in expected.items():
        with Image.open(site / "p" / product_id / "qr.png") as im:
            assert im.width >= 1200 and im.width == im.height
            assert decode(im.convert("L")) == [url]


def test_quiet_zone_is_four_modules(site):
    svg = (site / "p/nuoc-mam/qr.svg").read_text()
    size = int(svg.split('viewBox="0 0 ')[1].split()[0])
    with Image.open(site / "p/nuoc-mam/qr.png") as im:
        module = im.width / size
        margin = im.convert("L").crop((0, 0, im.width, int(4 * module)))
        assert margin.getextrema() == (255, 255)  # all white
        first_dark_row = next(y for y in range(im.height) if im.convert("L").crop((0, y, im.width, y + 1)).getextrema()[0] == 0)
        assert first_dark_row == int(4 * module)


def test_codes_scan_at_15_mm_and_with_a_fifth_covered(site):
    with Image.open(site / "p/nuoc-mam/qr.png") as im:
        small = im.convert("L").resize((177, 177), Image.Resampling.BOX)  # 15 mm at 300 dpi
        assert decode(small) == [BASE + "p/nuoc-mam/"]
        covered = im.convert("L")
        draw = ImageDraw.Draw(covered)
        w = covered.width
        # a sticker over 20 % of the symbol's area, away from the three finder patterns
        side = int(w * 0.447 * 0.85)  # the symbol is 85 % of the width with its quiet zone
        draw.rectangle((w - side - int(w * 0.06), w - side - int(w * 0.06), w - int(w * 0.06), w - int(w * 0.06)), fill=0)
        assert decode(covered) == [BASE + "p/nuoc-mam/"]


def test_svg_is_a_vector_of_the_same_code(site):
    svg = (site / "p/mat-ong/qr.svg").read_text()
    doc = BeautifulSoup(svg, "html.parser").svg
    size = int(doc["viewbox"].split()[2])
    assert doc["width"] == f"{size * qr.MODULE_MM:g}mm"
    # rasterise the path ourselves (it is only rectangles) and decode it independently
    scale = 10
    image = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(image)
    for part in doc.path["d"].split("z")[:-1]:
        x, rest = part[1:].split(" ")
        y, width = rest.split("h")[0], rest.split("h")[1].split("v")[0]
        draw.rectangle((int(x) * scale, int(y) * scale, (int(x) + int(width)) * scale - 1, (int(y) + 1) * scale - 1), fill=0)
    assert decode(image) == [BASE + "01/08930000000019"]


def test_gs1_digital_link_page_leads_to_the_product(site):
    doc = BeautifulSoup((site / "01/08930000000019/index.html").read_text(encoding="utf-8"), "html.parser")
    assert doc.select_one('link[rel="canonical"]')["href"] == BASE + "p/mat-ong/"
    # from the site's root: the code's URL (…/01/<gtin>, no slash) and a host's …/01/<gtin>/ both work
    assert doc.select_one('meta[http-equiv="refresh"]')["content"] == "0; url=/ocop/p/mat-ong/"
    assert doc.a["href"] == "/ocop/p/mat-ong/" and doc.a.get_text() == "Mật ong rừng thử nghiệm"


def test_product_page_offers_the_files_and_a_print_size(site):
    doc = BeautifulSoup((site / "en/p/nuoc-mam/index.html").read_text(encoding="utf-8"), "html.parser")
    section = doc.select_one("#qr").parent
    assert [a["href"] for a in section.select("a")] == ["../../../p/nuoc-mam/qr.svg", "../../../p/nuoc-mam/qr.png"]
    code = qr.symbol(BASE + "p/nuoc-mam/", "Q")
    mm = -(-(code.modules_count + 8) * 5 // 10)
    assert f"at least {mm} mm wide" in section.get_text()


def test_check_warns_when_a_code_needs_a_large_version(catalogue, ocop):
    long_id = "nuoc-mam-ca-com-thu-nghiem-dac-biet"
    (catalogue / "content/products/nuoc-mam.yml").rename(catalogue / f"content/products/{long_id}.yml")
    code, out, err = ocop("--root", catalogue, "check")
    assert code == 0
    assert err == [f"content/products/{long_id}.yml: warning: the QR code needs version 6 (41 modules) for {BASE}p/{long_id}/: a shorter id keeps it at version 4 or below, easier to scan on a small label"]


def test_gtin_check_digits_of_real_codes():
    from generator.model import gtin_check_digit

    for gtin in ("4006381333931", "036000291452", "96385074", "08938500000003", "10614141000415", "8934588063060"):
        assert gtin_check_digit(gtin[:-1]) == int(gtin[-1]), gtin
    assert qr.gtin14("96385074") == "00000096385074" and qr.gtin14("036000291452") == "00036000291452"


def test_every_code_scans_at_print_size(site):
    for png in sorted(site.glob("p/*/qr.png")):
        with Image.open(png) as im:
            small = im.convert("L").resize((177, 177), Image.Resampling.BOX)  # 15 mm at 300 dpi
            assert len(decode(small)) == 1, png
