"""Record text is untrusted: it reaches pages escaped, stories sanitised."""

from bs4 import BeautifulSoup

from generator.build import build_site
from conftest import AS_OF

HOSTILE = '''name: {vi: "<script>alert('vi')</script>Mật ong", en: "Honey\\"><img src=x onerror=alert(1)>"}
category: thuc-pham.mat-ong
stars: 3
certification: {decision: "<b>1</b>/QĐ-UBND", date: 2025-01-01}
producer:
  name: "HTX <svg onload=alert(1)>"
  kind: cooperative
  address: "</p><iframe src=//evil.example>"
  phone: "0235\\" onclick=\\"alert(1)"
area: phu-ninh
details:
  - label: {vi: "<style>body{display:none}</style>Nhãn"}
    value: {vi: "<a href=javascript:alert(1)>x</a>"}
story:
  vi: |
    <script>alert(1)</script>

    <img src=x onerror=alert(1)> [bấm](javascript:alert(1)) [ok](https://example.vn/) **đậm**

    <div onclick="alert(1)">khối</div>
'''


def test_hostile_text_is_escaped_and_stories_sanitised(catalogue, tmp_path):
    (catalogue / "content/products/doc-hai.yml").write_text(HOSTILE, encoding="utf-8")
    site = build_site(catalogue, tmp_path / "site", AS_OF).out
    for path in ("p/doc-hai", "en/p/doc-hai", "", "en", "areas/phu-ninh", "stars/3"):
        html = (site / path / "index.html").read_text(encoding="utf-8")
        doc = BeautifulSoup(html, "html.parser")
        content = doc.select_one(".md-content")
        assert content.find_all(["script", "iframe", "style", "svg"], recursive=True) == [] or all(
            s.get("type") in ("application/json", "application/ld+json") or s.get("aria-hidden") == "true" for s in content.find_all(["script", "svg"])
        ), path
        for tag in doc.find_all(True):
            for attr, value in tag.attrs.items():
                assert not attr.startswith("on"), (path, tag.name, attr)
                assert "javascript:" not in str(value), (path, tag.name, attr)
        assert "<script>alert" not in html and "<img src=x" not in html and "<iframe" not in html
    page = BeautifulSoup((site / "p/doc-hai/index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.h1.get_text() == "<script>alert('vi')</script>Mật ong"  # shown as text, intact
    assert page.select_one(".ocop-maker").get_text(" ", strip=True).startswith("HTX <svg onload=alert(1)>")
    story = page.select_one(".ocop-story div")
    assert [a.get("href") for a in story.find_all("a")] == [None, "https://example.vn/"]  # the javascript: link loses its href
    assert story.find("strong").get_text() == "đậm"
    assert "<script>alert(1)</script>" in story.get_text()  # raw HTML in Markdown is shown as text
    assert story.find("img") is None and story.find("div") is None
    phone = page.select_one('.ocop-producer a[href^="tel:"]')
    assert phone.attrs.keys() == {"href"} and phone.get_text() == '0235" onclick="alert(1)'
