"""The built fixture site, page by page, parsed as HTML."""

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import REPO
from generator.shown import PAGE_KINDS, Page
from tools.audit import broken_links, html_errors

BASE = "https://example.org/ocop/"


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def resolve(site: Path, from_path: str, href: str) -> Path:
    """The built file a relative link on the page at from_path leads to."""
    target = urljoin("http://x/" + from_path, href)
    path = urlsplit(target).path.lstrip("/")
    return site / path / "index.html" if path.endswith("/") or not path else site / path


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


def test_product_page_shows_what_a_shopper_needs(site):
    doc = page(site, "p/mat-ong")
    assert doc.html["lang"] == "vi"
    assert text(doc.h1) == "Mật ong rừng thử nghiệm"
    stars = doc.select_one(".ocop-head .ocop-stars")
    assert stars["role"] == "img" and stars["aria-label"] == "4 sao OCOP"
    assert len(stars.select(".ocop-star--on")) == 4 and len(stars.select(".ocop-star--off")) == 1
    status = doc.select_one(".ocop-head .ocop-status")
    assert "ocop-status--valid" in status["class"]
    assert text(status) == "Còn hiệu lực Hiệu lực đến 01/06/2028"
    assert text(doc.select_one(".ocop-maker")) == "HTX Mật ong Thử Nghiệm · Phước Sơn"
    assert doc.select_one(".ocop-chip--potential") is not None
    assert doc.select_one(".ocop-alert").has_attr("hidden")  # shown by the script if the certificate lapses
    facts = {text(dt): text(dt.find_next_sibling("dd")) for dt in doc.select("#cert ~ dl dt")}
    assert facts["Quyết định công nhận"] == "100/QĐ-UBND"
    assert facts["Ngày công nhận"] == "01/06/2025"
    assert facts["Hiệu lực đến"] == "01/06/2028"
    assert facts["Mã số mã vạch (GTIN)"] == "8930000000019"
    assert facts["Tiêu chuẩn, chứng nhận khác"] == "VietGAP, HACCP"
    buy = [(a["href"], text(a)) for a in doc.select(".ocop-buy a")]
    assert buy == [("https://shopee.vn/mat-ong-i.1.2", "Mua trên Shopee"), ("https://mat-ong.example.vn/mua", "Trang web của chủ thể")]
    producer = {text(dt): text(dt.find_next_sibling("dd")) for dt in doc.select(".ocop-producer dt")}
    assert producer["Mã số đăng ký"] == "4000000001"
    assert producer["Điện thoại"] == "0235 3000 001"
    assert doc.select_one('.ocop-producer a[href="tel:02353000001"]') is not None
    assert [text(td) for td in doc.select(".ocop-details td")] == ["500 g"]
    story = doc.select_one(".ocop-story div")
    assert [str(p) for p in story.find_all("p")] == ["<p>Mật ong được thu từ <strong>rừng già</strong> Phước Sơn.</p>", "<p>Ong làm tổ trong hốc cây.</p>"]
    report = doc.select_one(".ocop-report")
    assert "100/QĐ-UBND" in text(report) and report.select_one('a[href^="mailto:bao-cao@example.vn"]') is not None


def test_cover_photo_has_resized_copies_and_fixed_size(site):
    doc = page(site, "p/mat-ong")
    cover = doc.select_one("img.ocop-cover")
    assert (cover["width"], cover["height"]) == ("1440", "1080")  # 1600x1200 source, capped at 1440
    sources = [part.split() for part in cover["srcset"].split(", ")]
    assert [w for _, w in sources] == ["480w", "960w", "1440w"]
    for href, _ in sources:
        assert resolve(site, "p/mat-ong/", href).is_file()
    assert cover.get("loading") is None  # the cover is above the fold: not lazy
    assert cover["alt"] == "Hũ mật ong"


def test_expired_and_revoked_say_so_at_the_top(site):
    expired = page(site, "p/nuoc-mam")
    alert = expired.select_one(".ocop-product > .ocop-alert")
    assert alert is not None and alert.find_previous_sibling() is None  # first thing in the article
    assert text(alert.select_one(".ocop-alert__title")) == "Đã hết hiệu lực"
    assert "09/12/2025" in text(alert)
    revoked = page(site, "en/p/tra-thu")
    alert = revoked.select_one(".ocop-product > .ocop-alert")
    assert text(alert) == "Revoked The certificate was revoked on 2 May 2025 by decision 301/QĐ-UBND. This is no longer an OCOP product."
    facts = {text(dt): text(dt.find_next_sibling("dd")) for dt in revoked.select("#cert ~ dl dt")}
    assert facts["Revocation decision"] == "301/QĐ-UBND, 2 May 2025"
    assert facts["Reason for revocation"] == "Failed a food-safety inspection"
    assert text(revoked.select_one(".ocop-head .ocop-status")) == "Revoked Revoked on 2 May 2025"


def test_english_falls_back_to_vietnamese_with_one_note_for_the_page(site):
    doc = page(site, "en/p/ruou-can")
    assert doc.html["lang"] == "en"
    assert doc.h1.select_one('span[lang="vi"]').get_text() == "Rượu cần thử nghiệm"
    assert doc.select_one('.ocop-story div[lang="vi"]') is not None
    assert doc.select_one(".ocop-details th span[lang=vi]").get_text() == "Nồng độ"
    notes = [text(note) for note in doc.select(".ocop-fallback-note")]
    assert notes == ["Some of this page's content is not yet translated and is shown in its original language (Tiếng Việt)."]
    # a page with every translation has no fallback note
    assert page(site, "en/p/mat-ong").select(".ocop-fallback-note") == []


def test_language_switch_lands_on_the_same_page(site):
    for vi_path, en_path in [("p/mat-ong/", "en/p/mat-ong/"), ("", "en/"), ("groups/thuc-pham/", "en/groups/thuc-pham/")]:
        vi, en = page(site, vi_path), page(site, en_path)
        to_en = vi.select_one("a.ocop-lang__link")
        assert to_en["hreflang"] == "en" and text(to_en) == "English"
        assert resolve(site, vi_path, to_en["href"]) == site / en_path / "index.html"
        to_vi = en.select_one("a.ocop-lang__link")
        assert text(to_vi) == "Tiếng Việt"
        assert resolve(site, en_path, to_vi["href"]) == site / vi_path / "index.html"
        for doc in (vi, en):
            alternates = {link["hreflang"]: link["href"] for link in doc.select('link[rel="alternate"][hreflang]')}
            assert alternates == {"vi": BASE + vi_path, "en": BASE + en_path, "x-default": BASE + vi_path}


def test_every_page_has_the_sample_notice_and_internal_links_resolve(site):
    pages = sorted(p for p in site.rglob("index.html") if not p.is_relative_to(site / "01"))
    assert len(pages) == 2 * (1 + 4 + (1 + 6) + (1 + 18) + (1 + 3) + 2 + 2 + 1)  # + browse, statistics, fairs, offline
    for path in pages:
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert doc.select_one(".md-banner .ocop-sample") is not None, path
    assert broken_links(site, BASE) == []


def test_lists_by_group_area_and_stars(site):
    group = page(site, "groups/thuc-pham")
    assert text(group.h1) == "I. Thực phẩm"
    sections = {text(h2): [text(c.select_one(".ocop-card__name")) for c in h2.find_next_sibling("ul").select(".ocop-card")] for h2 in group.select("article h2")}
    assert sections == {
        "Mật ong và sản phẩm sơ chế khác": ["Mật ong rừng thử nghiệm"],
        "Gia vị, nước mắm, tương": ["Nước mắm thử nghiệm"],
        "Chè và trà thảo mộc": ["Trà thử nghiệm"],
    }
    card = group.select_one(".ocop-card")
    assert card.select_one(".ocop-stars")["aria-label"] == "4 sao OCOP"
    assert text(card.select_one(".ocop-chip")) == "Còn hiệu lực"
    assert text(card.select_one(".ocop-card__area")) == "Phước Sơn"
    assert card.select_one("img")["src"].endswith("-480.webp")
    three = page(site, "en/stars/3")
    # usable certificates first, then by name
    assert [text(c.select_one(".ocop-card__name")) for c in three.select(".ocop-card")] == ["Test fish sauce", "Test tea"]
    assert [text(c.select_one(".ocop-chip")) for c in three.select(".ocop-card")] == ["Expired", "Revoked"]
    area = page(site, "areas/dong-giang")
    assert text(area.h1) == "Huyện Đông Giang"
    assert [text(c.select_one(".ocop-card__name")) for c in area.select(".ocop-card")] == ["Rượu cần thử nghiệm"]


def test_home_counts_usable_products_by_stars(site):
    home = page(site, "")
    assert text(home.h1) == "Sản phẩm OCOP thử nghiệm"
    counts = {li.select_one(".ocop-stars")["aria-label"]: text(li.strong) for li in home.select(".ocop-tally li")}
    assert counts == {"5 sao OCOP": "1 sản phẩm", "4 sao OCOP": "1 sản phẩm", "3 sao OCOP": "0 sản phẩm"}
    recent = [text(c.select_one(".ocop-card__name")) for c in home.select("#recent + ul .ocop-card")]
    assert recent == ["Rượu cần thử nghiệm", "Mật ong rừng thử nghiệm"]


def test_no_requests_to_third_parties(site):
    for path in site.rglob("*"):
        if path.suffix not in (".html", ".css", ".js"):
            continue
        content = path.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in content and "fonts.gstatic" not in content, path
        if path.suffix == ".html":
            doc = BeautifulSoup(content, "html.parser")
            for node in doc.select("script[src], link[href], img[src], iframe"):
                url = node.get("src") or node.get("href") or ""
                assert not urlsplit(url).scheme or url.startswith(BASE), (path, url)


def test_404_and_sitemap(site):
    doc = BeautifulSoup((site / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert text(doc.h1) == "Không tìm thấy trang"
    assert doc.select_one("article a")["href"] == "/ocop/"  # absolute: a 404 is served at any depth
    assert doc.title.get_text() == "Không tìm thấy trang - Sản phẩm OCOP thử nghiệm"
    assert doc.select_one('meta[name="description"]')["content"].startswith("Trang bạn tìm không có trong danh mục.")
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert len(locs) == 2 * 39 and BASE + "p/mat-ong/" in locs and BASE + "en/p/mat-ong/" in locs
    assert not (site / "en" / "sitemap.xml").exists()
    assert (site / "robots.txt").read_text() == f"User-agent: *\nAllow: /\nSitemap: {BASE}sitemap.xml\n"


def test_every_kind_of_page_is_a_template_of_the_theme():
    assert sorted(PAGE_KINDS) == sorted({p.name for p in (REPO / "theme").glob("*.html")} - {"main.html", "404.html"})
    with pytest.raises(ValueError, match=r"^prodcut.html: not a kind of page \(shown.PAGE_KINDS\)$"):
        Page("p/x/", "prodcut.html", "x", "x")


def test_product_pages_stay_out_of_the_navigation(site):
    nav_links = [a["href"] for a in page(site, "").select(".md-tabs a, .md-nav a")]
    assert nav_links and not any("p/" in href for href in nav_links)


def test_a_product_page_without_photos_stays_under_80_kb_compressed(sample_site):
    """HTML, CSS and scripts of every sample product page, gzipped as a server would send them."""
    import gzip

    for page in sorted(sample_site.glob("p/*/index.html")) + sorted(sample_site.glob("en/p/*/index.html")):
        from_path = page.parent.relative_to(sample_site).as_posix() + "/"
        html = page.read_bytes()
        total = len(gzip.compress(html, 6))
        for node in BeautifulSoup(html, "html.parser").select("link[rel=stylesheet], script[src]"):
            total += len(gzip.compress(resolve(sample_site, from_path, node.get("href") or node.get("src")).read_bytes(), 6))
        assert total <= 80_000, (from_path, total)


@pytest.mark.slow  # Java and the Nu HTML Checker
def test_every_page_is_valid_html(site):
    """The Nu HTML Checker over the whole fixture site (Material's own markup included)."""
    assert html_errors(site) == []


def test_a_change_in_materials_page_opening_is_noticed():
    import pytest

    from generator.engine import mend_material_toggles

    with pytest.raises(RuntimeError, match="Material's base.html changed"):
        mend_material_toggles('<input class="md-toggle" type="checkbox" id="__drawer" autocomplete="off">')
