"""Booth materials: PDFs read back (sizes, pages, fonts, text), QR codes decoded from rendered pages."""

import re
import unicodedata

import pypdfium2
import pytest
import zxingcpp
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import AS_OF
from generator.printing import fair_materials
from generator.shown import strings
from generator.validate import load_catalogue

BASE = "https://example.org/ocop/"
A6 = (419.53, 297.64)  # points, landscape
A4 = (595.28, 841.89)


@pytest.fixture(scope="module")
def materials(tmp_path_factory):
    import shutil

    from conftest import FIXTURE

    root = tmp_path_factory.mktemp("print") / "catalogue"
    shutil.copytree(FIXTURE, root)
    catalogue, _ = load_catalogue(root)
    return fair_materials(catalogue, "hoi-cho", AS_OF)


def sizes(pdf: bytes) -> list[tuple[float, float]]:
    return [(round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2)) for p in PdfReader_(pdf).pages]


def PdfReader_(pdf: bytes) -> PdfReader:
    import io

    return PdfReader(io.BytesIO(pdf))


def decoded(pdf: bytes, dpi: int) -> list[list[str]]:
    document = pypdfium2.PdfDocument(pdf)
    pages = []
    for page in document:
        image = page.render(scale=dpi / 72).to_pil().convert("L")
        pages.append(sorted(r.text for r in zxingcpp.read_barcodes(image) if r.valid))
    return pages


def test_exact_paper_sizes_and_page_counts(materials):
    assert sizes(materials.shelf_cards) == [A6, A6]  # a card a product
    assert sizes(materials.cards_a4) == [A4]  # two cards a sheet
    assert sizes(materials.posters) == [A4, A4]
    assert sizes(materials.catalogue) == [A4, A4, A4]  # cover, the booth, the index


def test_fonts_are_embedded(materials):
    for pdf in (materials.shelf_cards, materials.cards_a4, materials.posters, materials.catalogue):
        for page in PdfReader_(pdf).pages:
            fonts = page["/Resources"]["/Font"]
            assert fonts, "no fonts"
            for font in fonts.values():
                descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                assert "/FontFile2" in descriptor  # the TrueType font program is in the file
                assert "+NotoSans" in descriptor["/FontName"]  # a subset of the font we ship


def test_vietnamese_text_comes_back_exactly(materials):
    text = PdfReader_(materials.shelf_cards).pages[0].extract_text()
    assert unicodedata.is_normalized("NFC", text)
    text = " ".join(text.split())  # lines wrap where the card is narrow
    for expected in ("Mật ong rừng thử nghiệm", "Test forest honey", "HTX Mật ong Thử Nghiệm", "Huyện Phước Sơn · Phuoc Son District", "Hiệu lực đến · Valid until: 01/06/2028",
                     "Dữ liệu mẫu, không phải danh mục chính thức · Sample data, not the official list"):  # on one line, across the card
        assert expected in text, expected
    second = " ".join(PdfReader_(materials.shelf_cards).pages[1].extract_text().split())
    assert "Rượu cần thử nghiệm" in second and "Test forest honey" not in second
    catalogue = " ".join(" ".join(p.extract_text().split()) for p in PdfReader_(materials.catalogue).pages)
    for expected in ("Hội chợ thử nghiệm", "Test fair", "Nhà văn hoá Phước Sơn", "01/12/2026 – 03/12/2026", "2 sản phẩm · 2 products", "Gian miền núi · Mountain booth", "Mục lục · Index"):
        assert expected in catalogue, expected
    poster = " ".join(PdfReader_(materials.posters).pages[0].extract_text().split())
    assert "Mật ong được thu từ rừng già Phước Sơn." in poster and "Honey gathered in the old forest of Phuoc Son." in poster


def test_a_fair_of_one_product_says_so_in_each_language(catalogue):
    fair = catalogue / "content/fairs/hoi-cho.yml"
    fair.write_text(fair.read_text(encoding="utf-8").replace("products: [mat-ong, ruou-can]", "products: [mat-ong]"), encoding="utf-8")
    cover = " ".join(PdfReader_(fair_materials(load_catalogue(catalogue)[0], "hoi-cho", AS_OF).catalogue).pages[0].extract_text().split())
    assert "1 sản phẩm · 1 product" in cover and "products" not in cover


def test_every_qr_code_scans_at_300_dpi_and_cards_at_150(materials):
    honey, wine = [BASE + "01/08930000000019"], [BASE + "p/ruou-can/"]
    assert decoded(materials.shelf_cards, 300) == [honey, wine]
    assert decoded(materials.shelf_cards, 150) == [honey, wine]
    assert decoded(materials.cards_a4, 150) == [sorted(honey + wine)]
    assert decoded(materials.posters, 300) == [honey, wine]
    assert decoded(materials.catalogue, 300) == [[], sorted(honey + wine), []]


def test_the_same_content_gives_the_same_pdf(materials, tmp_path):
    import shutil

    from conftest import FIXTURE

    root = tmp_path / "again"
    shutil.copytree(FIXTURE, root)
    catalogue, _ = load_catalogue(root)
    assert fair_materials(catalogue, "hoi-cho", AS_OF) == materials


def test_ocop_print_writes_the_four_files(catalogue, ocop, tmp_path):
    code, out, err = ocop("--root", catalogue, "print", "hoi-cho", "--out", tmp_path / "pdf", "--date", "2026-11-29")
    assert code == 0 and err == []
    assert sorted(p.name for p in (tmp_path / "pdf").iterdir()) == [
        "hoi-cho-catalogue-a4.pdf", "hoi-cho-posters-a4.pdf", "hoi-cho-shelf-cards-a4.pdf", "hoi-cho-shelf-cards-a6.pdf",
    ]
    code, out, err = ocop("--root", catalogue, "print", "hoi-cho-2030")
    assert code == 2 and err[-1] == "ocop: error: no fair 'hoi-cho-2030' in content/fairs/ (there are: hoi-cho)"


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("products: [mat-ong, ruou-can]", "products: [mat-ong, ruou-cann]",
         "content/fairs/hoi-cho.yml:7: booths[0].products[1]: no such product in content/products/ (did you mean ruou-can?) (found ruou-cann)"),
        ("products: [mat-ong, ruou-can]", "products: [nuoc-mam, ruou-can]",
         "content/fairs/hoi-cho.yml:7: booths[0].products[0]: its certificate is valid only until 2025-12-09: it may not be shown as OCOP at a fair on 2026-12-01 (found nuoc-mam)"),
        ("products: [mat-ong, ruou-can]", "products:\n      - mat-ong\n      - tra-thu",
         "content/fairs/hoi-cho.yml:9: booths[0].products[1]: its certificate is revoked on 2025-05-02: it may not be shown as OCOP at a fair on 2026-12-01 (found tra-thu)"),
        ("end: 2026-12-03", "end: 2026-11-03", "content/fairs/hoi-cho.yml:4: end: must not be before the start (2026-12-01) (found 2026-11-03)"),
        ("start: 2026-12-01", "start: 2026-12-01\nbooth: 3",
         "content/fairs/hoi-cho.yml:4: booth: unknown field (a typo?); expected one of: name, place, start, end, products, booths"),
    ],
)
def test_fair_problems_are_reported_with_their_line(catalogue, ocop, old, new, expected):
    path = catalogue / "content/fairs/hoi-cho.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    code, out, err = ocop("--root", catalogue, "check")
    assert code == 1 and err[0] == expected


def test_the_fair_page_lists_its_products_and_links_the_pdfs(site):
    doc = BeautifulSoup((site / "en/fairs/hoi-cho/index.html").read_text(encoding="utf-8"), "html.parser")
    assert doc.h1.get_text() == "Test fair"
    links = [a["href"] for a in doc.select("#print ~ ul a")]
    assert links == [f"../../../fairs/hoi-cho/hoi-cho-{kind}.pdf" for kind in ("shelf-cards-a6", "shelf-cards-a4", "posters-a4", "catalogue-a4")]
    for href in links:
        assert (site / "fairs/hoi-cho" / href.rsplit("/", 1)[1]).is_file()
    assert doc.select_one(".ocop-fair h3") is None and doc.select_one("h3").get_text() == "Mountain booth"
    items = doc.select(".ocop-fair__item")
    assert [i.strong.get_text() for i in items] == ["Test forest honey", "Rượu cần thử nghiệm"]
    assert items[1].strong.span["lang"] == "vi" and len(doc.select(".ocop-fallback-note")) == 1  # noted once, for the page
    assert [i.img["src"] for i in items] == ["../../../p/mat-ong/qr.svg", "../../../p/ruou-can/qr.svg"]


def test_the_fair_page_prints_without_navigation(browser, server):
    page = browser.new_page(viewport={"width": 800, "height": 1000})
    page.goto(server + "fairs/hoi-cho/")
    page.emulate_media(media="print")
    assert page.is_hidden(".md-header") and page.is_hidden(".md-tabs") and page.is_hidden("#print")
    assert page.is_visible(".ocop-sample")
    assert all(img.is_visible() for img in page.query_selector_all(".ocop-fair__qr"))
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
    page.close()


def test_the_longest_text_allowed_leaves_every_qr_code_readable(catalogue):
    import yaml

    from generator.model import MAX_LINE, MAX_NAME

    def longest(words: str, limit: int) -> str:
        return (words * limit)[: limit - 1] + "x"  # never ends with a space, which YAML would keep

    for product in ("mat-ong", "ruou-can"):
        path = catalogue / "content/products" / f"{product}.yml"
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        record["name"] = {"vi": longest("Mật ong rừng nguyên chất ", MAX_NAME), "en": longest("Pure wild forest honey ", MAX_NAME)}
        record["producer"]["name"] = longest("Hợp tác xã nông nghiệp dịch vụ ", MAX_LINE)
        record["producer"]["address"] = longest("thôn Trung Phước, xã Quế Trung ", MAX_LINE)
        record["certification"]["decision"] = longest("1234/QĐ-UBND ", MAX_LINE)
        path.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    catalogue_, _ = load_catalogue(catalogue)
    assert len(catalogue_.records[0].product.name.vi) == MAX_NAME
    long = fair_materials(catalogue_, "hoi-cho", AS_OF)
    honey, wine = [BASE + "01/08930000000019"], [BASE + "p/ruou-can/"]
    assert decoded(long.shelf_cards, 150) == [honey, wine]
    assert decoded(long.cards_a4, 150) == [sorted(honey + wine)]
    assert decoded(long.posters, 300) == [honey, wine]
    assert decoded(long.catalogue, 300)[1] == sorted(honey + wine)


def poster_words(materials, page: int) -> str:
    return " ".join(PdfReader_(materials.posters).pages[page].extract_text().split())


@pytest.mark.parametrize("page", [0, 1])
def test_a_poster_says_where_it_hangs_and_every_label_in_both_languages(materials, page):
    words = poster_words(materials, page)
    for expected in ("SẢN PHẨM OCOP · OCOP PRODUCT", "Hội chợ thử nghiệm · Test fair", "Gian hàng: Gian miền núi · Booth: Mountain booth",
                     "Chứng nhận OCOP hiệu lực đến · OCOP certificate valid until", "Quét để kiểm tra · Scan to verify",
                     "Nơi mua · Where to buy", "Chủ thể · Producer", "Quyết định · Decision"):
        assert expected in words, expected
    assert "Shopee, Trang web của chủ thể · Producer's website" in poster_words(materials, 0)  # where to buy, in both
    assert "Liên hệ chủ thể · Contact the producer" in poster_words(materials, 1)


def text_sizes(pdf: bytes, page: int) -> dict[str, float]:
    """Each piece of text on the page and the size it is set in, in points."""
    sizes = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes[text.strip()] = size * tm[0] * cm[0] if tm[0] and cm[0] else size

    PdfReader_(pdf).pages[page].extract_text(visitor_text=visit)
    return sizes


def test_the_validity_is_in_large_type(materials):
    assert text_sizes(materials.posters, 0)["01/06/2028"] >= 20
    assert text_sizes(materials.posters, 1)["10/01/2029"] >= 20


def qr_boxes_mm(pdf: bytes, page: int) -> list[tuple[float, float]]:
    """Each QR code's width and the height of its centre from the top, in mm."""
    dpi = 150
    image = pypdfium2.PdfDocument(pdf)[page].render(scale=dpi / 72).to_pil().convert("L")
    boxes = []
    for result in zxingcpp.read_barcodes(image):
        p = result.position
        xs, ys = [p.top_left.x, p.top_right.x, p.bottom_left.x, p.bottom_right.x], [p.top_left.y, p.top_right.y, p.bottom_left.y, p.bottom_right.y]
        boxes.append(((max(xs) - min(xs)) * 25.4 / dpi, (max(ys) + min(ys)) / 2 * 25.4 / dpi))
    return boxes


def test_a_poster_without_a_photo_fills_the_page_with_a_large_code(materials):
    [(with_photo, _)] = qr_boxes_mm(materials.posters, 0)  # the honey has a photo: its code at the bottom
    [(without, middle)] = qr_boxes_mm(materials.posters, 1)  # the rice wine has none
    assert 35 <= with_photo < 50 and without >= 60  # zxing measures between the corner patterns: less than the code
    assert 100 <= middle <= 200  # in the middle of the page, not in an empty half


# --- the print languages ------------------------------------------------------------------
# The site's languages are vi and en until languages are data: a test sets other print
# languages on the loaded catalogue, and gives records names in them through `translated`.

NAMES = {"ko": "시험용 숲꿀", "zh": "试验森林蜂蜜", "ja": "試験用の森のはちみつ"}


def labels(lang: str) -> tuple[str, str, str]:
    """The card's header, validity and stars words in a language, as its strings file has them."""
    words = strings()[lang]
    return words["ocop_product"].upper(), words["valid_until"], words["stars_short"].format(n=4)


FACES = {"ko": "NotoSansCJKKR", "zh": "NotoSansCJKSC", "ja": "NotoSansCJKJP"}  # the face of each language


def printed(root, languages: list[str]):
    import dataclasses

    from generator.model import PrintSettings

    catalogue, _ = load_catalogue(root)
    config = catalogue.config.model_copy(update={"print": PrintSettings(languages=languages)})
    return fair_materials(dataclasses.replace(catalogue, config=config), "hoi-cho", AS_OF)


def translated(monkeypatch, names: dict[str, str], vi: str = "Mật ong rừng thử nghiệm") -> None:
    """The honey (named `vi` in Vietnamese) named in more languages: {language: name}."""
    from generator import printing

    real = printing.local

    def local(text, lang):
        shown = real(text, lang)
        if shown is not None and real(text, "vi").text == vi and lang in names:
            return printing.Shown(names[lang], lang)
        return shown

    monkeypatch.setattr(printing, "local", local)


def page_words(pdf: bytes, page: int) -> str:
    """The page's text read by PDFium (pypdf misreads the CMap fpdf2 writes for CFF fonts)."""
    return " ".join(pypdfium2.PdfDocument(pdf)[page].get_textpage().get_text_range().split())


def fonts(pdf: bytes) -> dict[str, int]:
    """Each font embedded in the file, and the size of its font program in bytes."""
    found = {}
    for page in PdfReader_(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            program = descriptor.get("/FontFile2") or descriptor["/FontFile3"]  # TrueType, or CFF
            found[str(descriptor["/FontName"])] = len(program.get_object().get_data())
    return found


@pytest.mark.parametrize(
    "setting, expected",
    [
        ("[vi, ko]", "site_config.yml:10: print: languages: each must be one of the site's languages (vi, en) (found ko)"),
        ("[en]", "site_config.yml:11: print.languages: list each language once, 1 to 3 of them; vi, the language of the records, is required"),
        ("[vi, en, vi]", "site_config.yml:11: print.languages: list each language once, 1 to 3 of them; vi, the language of the records, is required"),
        ("[vi, en, en, vi]", "site_config.yml:11: print.languages: list should have at most 3 items after validation, not 4"),
    ],
)
def test_print_languages_are_checked(catalogue, ocop, setting, expected):
    with (catalogue / "site_config.yml").open("a", encoding="utf-8") as config:
        config.write(f"print:\n  languages: {setting}\n")
    code, out, err = ocop("--root", catalogue, "check")
    assert code == 1 and err[0] == expected


@pytest.mark.parametrize("lang", ["ko", "zh", "ja"])
def test_korean_chinese_and_japanese_are_set_in_their_own_face_subset(catalogue, monkeypatch, caplog, lang):
    translated(monkeypatch, NAMES)
    materials = printed(catalogue, ["vi", lang])
    header, valid, stars = labels(lang)
    card = page_words(materials.shelf_cards, 0)
    assert unicodedata.is_normalized("NFC", card)
    for expected in (f"SẢN PHẨM OCOP · {header}", "Mật ong rừng thử nghiệm", NAMES[lang], f"4 sao · {stars}", "HTX Mật ong Thử Nghiệm",
                     f"Hiệu lực đến · {valid}: 01/06/2028"):
        assert expected in card, expected
    wine = page_words(materials.shelf_cards, 1)
    assert "Rượu cần thử nghiệm" in wine and "Test" not in wine  # no name in Korean: the Vietnamese alone, never English
    for pdf in materials.files("hoi-cho").values():
        embedded = fonts(pdf)
        faces = {re.fullmatch(r"/[A-Z]{6}\+(\w+)", name)[1] for name in embedded}  # a subset's name starts with a tag
        assert FACES[lang] + "Bold" in faces and faces <= {"NotoSans", "NotoSansBold", FACES[lang], FACES[lang] + "Bold"}
        assert max(embedded.values()) < 60_000  # the glyphs used, not the 16 MB collection
        assert len(pdf) < 100_000
    assert "missing the following glyphs" not in caplog.text  # no empty boxes


def font_at(pdf: bytes, page: int, words: str) -> str:
    """The font the first character of `words` is set in."""
    import ctypes

    text = pypdfium2.PdfDocument(pdf)[page].get_textpage()
    name = ctypes.create_string_buffer(100)
    pypdfium2.raw.FPDFText_GetFontInfo(text, text.get_text_range().index(words), name, 100, None)
    return name.value.decode().split("+")[1]


def test_chinese_and_japanese_on_one_card_each_in_its_face(catalogue, monkeypatch):
    translated(monkeypatch, NAMES)
    cards = printed(catalogue, ["vi", "zh", "ja"]).shelf_cards
    assert [font_at(cards, 0, words) for words in ("Mật ong", NAMES["zh"], NAMES["ja"])] == ["NotoSansBold", "NotoSansCJKSC", "NotoSansCJKJP"]
    assert font_at(cards, 0, "4 sao") == "NotoSansBold" and font_at(cards, 0, "星 ·") == "NotoSansCJKSCBold"  # a joined label: the first CJK face


def test_three_print_languages_and_the_longest_names_fit(catalogue, monkeypatch):
    import yaml

    from generator.model import MAX_NAME

    path = catalogue / "content/products/mat-ong.yml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["name"] = {"vi": ("Mật ong rừng nguyên chất " * 9)[: MAX_NAME - 1] + "x", "en": ("Pure wild forest honey " * 9)[: MAX_NAME - 1] + "x"}
    path.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    translated(monkeypatch, {"ko": ("시험용 숲에서 딴 야생 꿀 " * 20)[:MAX_NAME]}, record["name"]["vi"])
    long = printed(catalogue, ["vi", "en", "ko"])
    honey, wine = [BASE + "01/08930000000019"], [BASE + "p/ruou-can/"]
    assert decoded(long.shelf_cards, 150) == [honey, wine]
    assert decoded(long.cards_a4, 150) == [sorted(honey + wine)]
    assert decoded(long.posters, 300) == [honey, wine]
    assert decoded(long.catalogue, 300)[1] == sorted(honey + wine)
    for pdf in (long.shelf_cards, long.cards_a4, long.posters, long.catalogue):
        assert overflowing(pdf) == []
    words = page_words(long.shelf_cards, 0)
    assert "시험용 숲에서" in words and "Pure wild forest" in words and "4 sao · 4 stars · 4성" in words


def overflowing(pdf: bytes) -> list[str]:
    """Characters that run off the page (3 mm in from each edge: the poster's header band runs to
    the top edge, the accents of its words 3.3 mm from it), over a QR code or over each other."""
    dpi, edge = 150, 3 * 72 / 25.4
    found = []
    for page in pypdfium2.PdfDocument(pdf):
        width, height = page.get_size()
        image = page.render(scale=dpi / 72).to_pil().convert("L")
        codes = []
        for result in zxingcpp.read_barcodes(image):
            p = result.position
            xs = [c.x * 72 / dpi for c in (p.top_left, p.top_right, p.bottom_left, p.bottom_right)]
            ys = [height - c.y * 72 / dpi for c in (p.top_left, p.top_right, p.bottom_left, p.bottom_right)]
            codes.append((min(xs), min(ys), max(xs), max(ys)))
        text = page.get_textpage()
        chars = [(text.get_text_range(i, 1), text.get_charbox(i)) for i in range(text.count_chars())]
        chars = [(char, box) for char, box in chars if char.strip()]
        for i, (char, (left, bottom, right, top)) in enumerate(chars):
            off_page = left < edge or bottom < edge or right > width - edge or top > height - edge
            on_code = any(overlap((left, bottom, right, top), code) > 0 for code in codes)
            on_text = any(overlap((left, bottom, right, top), other) > 0.25 * area(other) for _, other in chars[i + 1:])
            if off_page or on_code or on_text:
                found.append(char)
    return found


def overlap(a, b) -> float:
    """The area two boxes (left, bottom, right, top) share."""
    return max(0, min(a[2], b[2]) - max(a[0], b[0])) * max(0, min(a[3], b[3]) - max(a[1], b[1]))


def area(box) -> float:
    return (box[2] - box[0]) * (box[3] - box[1])


@pytest.mark.parametrize("command", ["print", "build"])
def test_a_missing_cjk_font_stops_with_one_line_naming_the_package(catalogue, ocop, monkeypatch, tmp_path, command):
    from generator import printing

    # English stands in for a language set in Noto Sans CJK until the site can have one
    monkeypatch.setitem(printing.CJK_FACES, "en", 1)
    monkeypatch.setattr(printing, "CJK_FONTS", tmp_path / "fonts")
    out = tmp_path / "out"
    code, _, err = ocop("--root", catalogue, command, *(["hoi-cho"] if command == "print" else []), "--out", out, "--date", "2026-11-29")
    missing = f"ocop: {tmp_path}/fonts/NotoSansCJK-Regular.ttc: the font Noto Sans CJK, needed to print in en, is missing: install the Debian package fonts-noto-cjk"
    assert code == 3 and err == [missing + (f"; {out} is as it was" if command == "build" else "")]
    assert not out.exists()
