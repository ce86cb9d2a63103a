"""Machine-readable trust: schema.org JSON-LD, meta description and Open Graph."""

import json

from bs4 import BeautifulSoup

BASE = "https://example.org/ocop/"

# The schema.org properties each type we use may carry (schema.org, including the
# Certification vocabulary of issue 3230; inherited Thing and CreativeWork properties).
SCHEMA = {
    "Product": {"@context", "@id", "name", "url", "image", "category", "gtin", "hasGS1DigitalLink", "manufacturer", "brand", "countryOfOrigin", "hasCertification", "description", "sameAs"},
    "Organization": {"name", "address", "telephone", "email", "url", "taxID"},
    "Brand": {"name"},
    "PostalAddress": {"streetAddress", "addressRegion", "addressLocality", "addressCountry"},
    "Country": {"name"},
    "Certification": {"name", "issuedBy", "certificationIdentification", "certificationRating", "validFrom", "expires", "certificationStatus", "about", "description", "dateModified"},
    "Rating": {"ratingValue", "bestRating", "worstRating"},
}


def json_ld(site, path):
    doc = BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")
    blocks = doc.select('script[type="application/ld+json"]')
    assert len(blocks) == 1
    return json.loads(blocks[0].string), doc


def check_types(node, path="$"):
    if isinstance(node, list):
        for i, item in enumerate(node):
            check_types(item, f"{path}[{i}]")
    elif isinstance(node, dict):
        kind = node.get("@type")
        assert kind in SCHEMA, f"{path}: unexpected type {kind}"
        unknown = set(node) - SCHEMA[kind] - {"@type"}
        assert not unknown, f"{path}: {kind} has no properties {unknown}"
        for key, value in node.items():
            if isinstance(value, (dict, list)) and key != "image":
                check_types(value, f"{path}.{key}")


def test_product_json_ld(site):
    data, _ = json_ld(site, "p/mat-ong")
    check_types(data)
    assert data["@context"] == "https://schema.org" and data["url"] == BASE + "p/mat-ong/"
    assert "aggregateRating" not in json.dumps(data)  # stars are a certification level, not reviews
    cert = data["hasCertification"]
    assert cert["certificationIdentification"] == "100/QĐ-UBND"
    assert cert["issuedBy"]["name"] == "Ủy ban nhân dân tỉnh Quảng Nam"
    assert cert["certificationRating"] == {"@type": "Rating", "ratingValue": 4, "bestRating": 5, "worstRating": 3}
    assert (cert["validFrom"], cert["expires"]) == ("2025-06-01", "2028-06-01")
    assert cert["certificationStatus"] == "https://schema.org/CertificationActive"
    assert data["gtin"] == "8930000000019" and data["hasGS1DigitalLink"] == BASE + "01/08930000000019"
    assert data["manufacturer"]["name"] == "HTX Mật ong Thử Nghiệm" and data["manufacturer"]["taxID"] == "4000000001"
    assert "offers" not in data  # records have no price, and an Offer without one fails Google's product checks
    assert data["sameAs"] == ["https://shopee.vn/mat-ong-i.1.2", "https://mat-ong.example.vn/mua"]
    assert data["brand"] == {"@type": "Brand", "name": "HTX Mật ong Thử Nghiệm"}
    assert data["description"] == "Mật ong được thu từ rừng già Phước Sơn. Ong làm tổ trong hốc cây."  # the story, as plain text
    assert "dateModified" not in cert and "description" not in cert
    assert data["image"][0].startswith(BASE + "img/") and data["image"][0].endswith("-960.webp")


def test_inactive_and_five_star_certificates(site):
    expired, _ = json_ld(site, "p/nuoc-mam")
    check_types(expired)
    assert expired["hasCertification"]["certificationStatus"] == "https://schema.org/CertificationInactive"
    assert "offers" not in expired and "sameAs" not in expired and "gtin" not in expired
    assert expired["hasCertification"]["expires"] == "2025-12-09" and "dateModified" not in expired["hasCertification"]
    assert expired["description"] == "Nước mắm thử nghiệm: 3 sao OCOP, đã hết hiệu lực. Cơ sở Nước mắm Thử Nghiệm, Thăng Bình."  # no story: the page's description
    national, _ = json_ld(site, "en/p/ruou-can")
    assert national["hasCertification"]["issuedBy"]["name"] == "Ministry of Agriculture and Environment"
    assert national["name"] == "Rượu cần thử nghiệm"  # the Vietnamese name, for want of an English one


def test_meta_description_and_open_graph(site):
    _, doc = json_ld(site, "en/p/mat-ong")
    meta = {m.get("property") or m.get("name"): m["content"] for m in doc.select("meta[content]")}
    assert meta["description"] == "Test forest honey: 4-star OCOP, valid. HTX Mật ong Thử Nghiệm, Phuoc Son."
    assert meta["og:title"] == "Test forest honey" and meta["og:description"] == meta["description"]
    assert meta["og:url"] == BASE + "en/p/mat-ong/" and meta["og:locale"] == "en_GB"
    assert meta["og:image"].startswith(BASE + "img/") and meta["og:image"].endswith("-share.jpg")
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")


def test_a_revoked_certificate_is_told_from_an_expired_one(site):
    revoked, _ = json_ld(site, "en/p/tra-thu")
    check_types(revoked)
    cert = revoked["hasCertification"]
    assert cert["certificationStatus"] == "https://schema.org/CertificationInactive"
    assert (cert["expires"], cert["dateModified"]) == ("2025-05-02", "2025-05-02")  # ended on its revocation day
    assert cert["description"] == ("The certificate was revoked on 2 May 2025 by decision 301/QĐ-UBND. This is no longer an OCOP product. "
                                   "Reason for revocation: Failed a food-safety inspection.")
    assert cert["certificationIdentification"] == "300/QĐ-UBND"  # the recognition decision it revoked


def test_a_long_story_is_cut_between_words():
    from generator.shown import plain_text, story_html

    text = plain_text(story_html("**Mật ong** " + "rừng già " * 60 + "\n\nĐoạn hai."))
    assert len(text) <= 300 and text.startswith("Mật ong rừng già rừng") and text.endswith("già…")
