"""Languages are data: one file per language, texts in any configured language, the fallback
chain, one note per page, safety warnings in every language, open data in every language, and
the offer of a language to a browser whose languages the site lacks."""

import csv
import datetime
import functools
import io
import json
import re
import string
import subprocess
import xml.etree.ElementTree as ET
from typing import get_args

import pytest
from bs4 import BeautifulSoup

from conftest import AS_OF
from generator import languages
from generator.model import MARKETPLACES, Area, LocalText, Producer, SafetyWarning, Shop, SiteConfig, Standard
from generator.shown import local
from generator.status import STATUSES
from test_browser import PHONE, open_page

CONFIG = {"title": {"vi": "T"}, "base_url": "https://example.org/", "owner": {"name": {"vi": "O"}, "report": {"phone": "1"}}}


def placeholders(text: str) -> list[str]:
    return sorted({name for _, name, _, _ in string.Formatter().parse(text) if name})


def keys(tree, prefix="") -> dict[str, list[str]]:
    """Every key of a strings tree (lists by index), with the {placeholders} of its text. A
    text with a count written in plural forms is one key: its forms must have the same."""
    if isinstance(tree, dict) and prefix.rstrip(".") in languages.COUNTED:
        found = {tuple(placeholders(form)) for form in tree.values()}
        return {prefix: list(found.pop()) if len(found) == 1 else sorted(found)}
    if isinstance(tree, dict):
        return {k: v for key, item in tree.items() for k, v in keys(item, f"{prefix}{key}.").items()}
    if isinstance(tree, list):
        return {k: v for i, item in enumerate(tree) for k, v in keys(item, f"{prefix}{i}.").items()}
    return {prefix: placeholders(tree)}


def test_every_language_has_exactly_the_strings_of_vietnamese():
    assert languages.available() == ["en", "ja", "ko", "vi", "zh"]
    reference = keys(languages.get("vi").strings)
    for code in languages.available():
        found = keys(languages.get(code).strings)
        assert sorted(found) == sorted(reference), code
        assert found == reference, code  # the same {placeholders} in every text
        assert all(str(text).strip() for text in found), code


def counted_texts(code: str) -> dict[str, str | dict]:
    strings = languages.get(code).strings
    return {key: functools.reduce(lambda tree, part: tree[part], key.split("."), strings) for key in languages.COUNTED}


@pytest.mark.parametrize("code", languages.available())
def test_a_text_with_a_count_is_one_text_or_plural_forms(code):
    for key, text in counted_texts(code).items():
        assert isinstance(text, str) or ("other" in text and set(text) <= languages.PLURAL_FORMS), (code, key, text)


def test_a_count_is_worded_as_its_number_needs():
    english, vietnamese = languages.get("en"), languages.get("vi")
    products = english.strings["products_count"]
    assert [english.counted(products, n).format(n=n) for n in (0, 1, 2, 21)] == ["0 products", "1 product", "2 products", "21 products"]
    days = english.strings["status_short"]["expiring"]
    assert [english.counted(days, n).format(days=n, until="x") for n in (0, 1, 2)] == ["0 days left, until x", "1 day left, until x", "2 days left, until x"]
    assert vietnamese.counted(vietnamese.strings["products_count"], 1).format(n=1) == "1 sản phẩm"


def test_built_english_pages_count_one_product_in_the_singular(site):
    pages = {str(path.relative_to(site)): path.read_text(encoding="utf-8") for path in (site / "en").rglob("*.html")}
    assert [path for path, html in pages.items() if re.search(r"\b1 (products|days)\b", html)] == []
    home = BeautifulSoup(pages["en/index.html"], "html.parser")
    assert [el.get_text() for el in home.select(".ocop-count") if "product" in el.get_text()] == ["3 products", "1 product", "0 products", "0 products", "0 products", "0 products"]
    one = [path for path, html in pages.items() if '<meta name="description" content="' in html and re.search(r'content="[^"]*: 1 product\."', html)]
    assert one, "no list page of one product"  # a list page's description: "Honey: 1 product."


def test_one_day_left_is_singular_in_the_built_page_and_on_the_readers_day(catalogue, browser, server):
    from generator.build import build_site

    day_before = datetime.date(2028, 5, 31)  # the honey's certificate is valid until 1 June 2028
    out = build_site(catalogue, catalogue / "site", day_before).out
    page = BeautifulSoup((out / "en/p/mat-ong/index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select_one(".ocop-head .ocop-status span").get_text() == "1 day left, until 1 June 2028"
    assert page.select_one("[data-ocop-status-explain]").get_text() == "The certificate is valid until 1 June 2028: 1 day left."
    for today, short in ((day_before, "1 day left, until 1 June 2028"), (day_before - datetime.timedelta(days=1), "2 days left, until 1 June 2028")):
        page_, _ = open_page(browser, server + "en/p/mat-ong/", today=today)  # built on AS_OF: the script counts the days
        assert page_.locator(".ocop-head .ocop-status span").inner_text() == short
        page_.context.close()


@pytest.mark.parametrize("prefix, code", [("", "vi"), ("en/", "en"), ("ko/", "ko"), ("zh/", "zh"), ("ja/", "ja")])
def test_the_script_picks_the_plural_form_python_picks(browser, sample_server, prefix, code):
    page_, _ = open_page(browser, sample_server + prefix + "browse/", today=AS_OF)
    numbers = [*range(0, 200), 1001, 100000, 1000000]
    language = languages.get(code)
    script = page_.evaluate("numbers => numbers.map(n => new Intl.PluralRules(document.documentElement.lang).select(n))", numbers)
    differ = [n for n, form in zip(numbers, script, strict=True) if form != language.plural_form(n)]
    # A language whose texts have plural forms needs the same rule in both; one that writes
    # one text for every count may differ (Vietnamese: Babel's CLDR has "one" for 0 and 1).
    assert differ == [] or all(isinstance(text, str) for text in counted_texts(code).values()), differ
    for key, text in counted_texts(code).items():
        chosen = page_.evaluate("([text, numbers]) => numbers.map(n => window.ocopStatus.counted(text, n))", [text, numbers])
        assert chosen == [language.counted(text, n) for n in numbers], key
    page_.context.close()


def choices(model, field: str) -> tuple:
    return get_args(model.model_fields[field].annotation)


# Every value the code or a record can name, by the strings that word it: the lists are defined
# once (the model, status.py), and a value added there without its words fails here, not in a build.
NAMED = {
    "marketplace": MARKETPLACES, "status": STATUSES, "status_short": STATUSES, "status_explain": STATUSES,
    "standard": get_args(Standard), "warning": get_args(SafetyWarning), "producer_kind": choices(Producer, "kind"),
    "shop_kind": choices(Shop, "kind"), "area_kind": choices(Area, "kind"),
}


@pytest.mark.parametrize("code", languages.available())
def test_every_named_value_has_its_words_in_every_language(code):
    strings = languages.get(code).strings
    assert {key: sorted(strings[key]) for key in NAMED} == {key: sorted(values) for key, values in NAMED.items()}


def test_each_language_writes_dates_its_own_way():
    day = datetime.date(2026, 3, 7)
    assert {code: languages.get(code).format_date(day) for code in languages.available()} == {
        "vi": "07/03/2026", "en": "7 March 2026", "ko": "2026년 3월 7일", "zh": "2026年3月7日", "ja": "2026年3月7日",
    }
    assert [(languages.get(c).html_lang, languages.get(c).og_locale) for c in ("vi", "en", "ko", "zh", "ja")] == [
        ("vi", "vi_VN"), ("en", "en_GB"), ("ko", "ko_KR"), ("zh-Hans", "zh_CN"), ("ja", "ja_JP"),
    ]


def test_texts_fall_back_along_the_chain():
    config = SiteConfig.model_validate({**CONFIG, "languages": ["vi", "en", "ko", "ja"], "fallback": {"ja": ["ko"]}})
    assert config.chain("ko") == ["ko", "en", "vi"]  # the default: English, then Vietnamese
    assert config.chain("ja") == ["ja", "ko", "vi"]  # configured; Vietnamese always last
    assert config.chain("vi") == ["vi", "en"]
    text = LocalText(vi="Quế", en="Cinnamon", ko="계피")
    assert (local(text, "ko", config.chain("ko")).text, local(text, "ko", config.chain("ko")).fallback) == ("계피", False)
    shown = local(text, "ja", config.chain("ja"))
    assert (shown.text, shown.lang, shown.fallback) == ("계피", "ko", True)
    shown = local(LocalText(vi="Quế", en="Cinnamon"), "ja", config.chain("ja"))
    assert (shown.text, shown.lang, shown.fallback) == ("Quế", "vi", True)
    assert config.offered() == "en"
    assert SiteConfig.model_validate({**CONFIG, "languages": ["vi", "ko"]}).offered() is None
    assert SiteConfig.model_validate({**CONFIG, "languages": ["vi", "ko"]}).chain("ko") == ["ko", "vi"]


@pytest.mark.parametrize("edit, expected", [
    ({"languages: [vi, en]": "languages: [vi, en, th]"},
     "site_config.yml:3: languages[2]: must be 'en', 'ja', 'ko', 'vi' or 'zh' (found th)"),
    ({"languages: [vi, en]": "languages: [vi, en]\nfallback: {en: [ko]}"},
     "site_config.yml:4: fallback: 'ko' is not one of the site's languages: list it under languages (vi, en)"),
    ({"languages: [vi, en]": "languages: [vi, en]\noffer: ja"},
     "site_config.yml:4: offer: 'ja' is not one of the site's languages: list it under languages (vi, en) (found ja)"),
    ({"name: {vi: Rượu cần thử nghiệm}": "name: {vi: Rượu cần thử nghiệm, ko: 술}"},  # a warning: the check passes
     "content/products/ruou-can.yml:2: warning: name.ko: is not one of the site's languages (vi, en), so it is never shown: add it to languages in site_config.yml, or remove this text (found ko)"),
    ({"label: {vi: Nồng độ}": "label: {vi: Nồng độ, vn: Nong do}"},
     "content/products/ruou-can.yml:14: details[0].label: 'vn' is not a language: write the text under one of en, ja, ko, vi, zh"),
])
def test_a_language_the_site_lacks_is_one_clear_line(catalogue, ocop, edit, expected):
    for old, new in edit.items():
        path = catalogue / ("site_config.yml" if "languages" in old else "content/products/ruou-can.yml")
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    code, out, err = ocop("--root", catalogue, "check")
    assert code == (0 if "warning" in expected else 1)
    assert [line for line in out + err if line.startswith(("site_config", "content"))] == [expected]


def page(site, path) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_a_korean_page_shows_korean_then_english_then_vietnamese_with_one_note(sample_site):
    named = page(sample_site, "ko/p/que-tra-my")  # a Korean name, an English story
    assert named.html["lang"] == "ko" and named.h1.get_text(strip=True) == "짜미 계피 (말린 계피 껍질)"
    assert named.select_one(".ocop-story > div")["lang"] == "en"
    assert [n.get_text() for n in named.select(".ocop-fallback-note")] == ["이 페이지의 일부 내용은 아직 번역되지 않아 원래 언어(English)로 표시됩니다."]
    vietnamese_only = page(sample_site, "ko/p/ruou-can-co-tu")  # no English either: Vietnamese
    assert vietnamese_only.h1.select_one('span[lang="vi"]').get_text() == "Rượu cần Cơ Tu"
    assert len(vietnamese_only.select(".ocop-fallback-note")) == 1
    chinese = page(sample_site, "zh/p/cao-sam-ngoc-linh")
    assert chinese.html["lang"] == "zh-Hans" and chinese.h1.get_text(strip=True) == "玉灵参膏"
    assert [m["content"] for m in chinese.select('meta[property="og:locale"]')] == ["zh_CN"]
    assert sorted(m["content"] for m in chinese.select('meta[property="og:locale:alternate"]')) == ["en_GB", "ja_JP", "ko_KR", "vi_VN"]
    assert {link["hreflang"] for link in chinese.select('link[rel="alternate"][hreflang]')} == {"vi", "en", "ko", "zh-Hans", "ja", "x-default"}
    sitemap = ET.fromstring((sample_site / "sitemap.xml").read_bytes())
    assert {link.get("hreflang") for link in sitemap.iter("{http://www.w3.org/1999/xhtml}link")} == {"vi", "en", "ko", "zh-Hans", "ja"}
    assert 'xml:lang="zh-Hans"' in (sample_site / "zh/feed.xml").read_text(encoding="utf-8")
    assert page(sample_site, "").select(".ocop-fallback-note") == []  # Vietnamese never falls back


def test_safety_warnings_are_the_interfaces_words_in_every_language(sample_site, site):
    expected = {"": "Đồ uống có cồn.", "en/": "Contains alcohol.", "ko/": "주류입니다.", "zh/": "含酒精饮料。", "ja/": "アルコール飲料です。"}
    for prefix, opening in expected.items():
        row = page(sample_site, f"{prefix}p/ruou-can-co-tu").select_one(".ocop-warning td")  # the record is Vietnamese only
        assert row.get_text().startswith(opening) and row.find(attrs={"lang": True}) is None, prefix
    row = page(site, "en/p/ruou-can").select_one(".ocop-warning")
    assert row.get_text(" ", strip=True) == "Warning Contains alcohol. Not for anyone under 18 or pregnant women. Do not drink and drive."


def test_open_data_carries_every_language(sample_site):
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO((sample_site / "data/products.csv").read_text(encoding="utf-8-sig")))}
    cinnamon = rows["que-tra-my"]
    assert [cinnamon[f"name_{c}"] for c in ("vi", "en", "ko", "zh", "ja")] == [
        "Quế Trà My (vỏ quế khô)", "Tra My cinnamon bark", "짜미 계피 (말린 계피 껍질)", "茶眉肉桂（干桂皮）", "チャーミー・シナモン（乾燥桂皮）"]
    assert cinnamon["url_zh"] == "https://ocop.example.vn/zh/p/que-tra-my/" and cinnamon["area_ko"] == "Bắc Trà My"
    assert rows["ruou-can-co-tu"]["name_ko"] == ""  # a Vietnamese-only record: never a fallback
    products = {p["id"]: p for p in json.loads((sample_site / "data/products.json").read_text(encoding="utf-8"))["products"]}
    assert products["cao-sam-ngoc-linh"]["name"]["zh"] == "玉灵参膏"
    assert products["cao-sam-ngoc-linh"]["urls"]["ja"] == "https://ocop.example.vn/ja/p/cao-sam-ngoc-linh/"


@pytest.mark.parametrize("locale, offered", [
    ("ko-KR", "이 페이지의 English 버전도 있습니다 →"),  # the site (vi, en) lacks Korean: English, in Korean
    ("th-TH", "This page is also in English →"),  # no strings for Thai: English, in English
    ("de-DE", "This page is also in English →"),
])
def test_a_browser_whose_languages_the_site_lacks_is_offered_english(browser, server, locale, offered):
    page_, _ = open_page(browser, server + "p/mat-ong/", locale=locale, today=AS_OF)
    shown = [el for el in page_.locator(".ocop-offer").all() if el.is_visible()]
    assert [el.inner_text() for el in shown] == [offered]
    assert shown[0].locator("a").get_attribute("href").endswith("en/p/mat-ong/")
    page_.context.close()


def test_a_korean_browser_is_offered_the_korean_page(browser, sample_server):
    page_, _ = open_page(browser, sample_server + "p/que-tra-my/", locale="ko-KR", today=AS_OF)
    shown = [el for el in page_.locator(".ocop-offer").all() if el.is_visible()]
    assert [el.inner_text() for el in shown] == ["이 페이지는 한국어로도 볼 수 있습니다 →"]
    page_.goto(sample_server + "en/p/que-tra-my/")  # on a page in none of its languages, the same
    assert [el.inner_text() for el in page_.locator(".ocop-offer").all() if el.is_visible()] == ["이 페이지는 한국어로도 볼 수 있습니다 →"]
    page_.context.close()


def covering(lang: str) -> set[str]:
    """The system's font families that cover a language (fontconfig, which Chromium uses)."""
    listed = subprocess.run(["fc-list", f":lang={lang}", "family"], capture_output=True, text=True, check=True).stdout
    return {family for line in listed.splitlines() for family in line.split(",")}


@pytest.mark.parametrize("prefix, lang", [("ko/", "ko"), ("zh/", "zh-cn"), ("ja/", "ja")])
def test_cjk_names_are_drawn_in_a_font_that_has_their_glyphs(browser, sample_server, prefix, lang):
    """No boxes (tofu): every letter of the name is drawn by a font that covers the language."""
    page_, _ = open_page(browser, sample_server + prefix + "p/cao-sam-ngoc-linh/", today=AS_OF)
    cdp = page_.context.new_cdp_session(page_)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    h1 = cdp.send("DOM.querySelector", {"nodeId": cdp.send("DOM.getDocument")["root"]["nodeId"], "selector": "h1"})
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": h1["nodeId"]})["fonts"]
    letters = len(page_.locator("h1").inner_text().replace(" ", ""))
    assert sum(f["glyphCount"] for f in fonts if f["familyName"] in covering(lang)) >= letters, fonts
    assert page_.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page_.context.close()


def test_link_preview_cards_draw_korean_chinese_and_japanese(tmp_path):
    """A card's font has every letter it shows: none is drawn as the missing-glyph box."""
    from generator import previews

    for title, face in (("짜미 계피", 1), ("玉灵参膏", 2), ("ゴックリン人参エキス", 0), ("Quế Trà My", None)):
        card = previews.site_card(title, "OCOP", "OCOP", "https://ocop.example.vn/")
        assert (previews._face(card) or (None, None))[1] == face, title
        font = previews._font(80, bold=True, face=previews._face(card))
        missing = font.getmask("\U0010fffd").getbbox()  # no font has this one: the box
        assert all(font.getmask(letter).getbbox() != missing for letter in title if letter != " "), title
