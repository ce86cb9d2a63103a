"""ocop init: a new catalogue from nothing, and the site of a catalogue with no products yet."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from typing import get_args

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import AS_OF, REPO
from generator.build import build_site
from generator.model import Area
from generator import search
from generator.shown import strings
from generator.validate import load_catalogue
from tools.audit import audited_pages, broken_links, check_in_browser, html_errors, serve

OPTIONS = ["--title-vi", "Sản phẩm OCOP Đà Nẵng", "--title-en", "Da Nang OCOP products", "--base-url", "https://ocop.example.vn/danh-muc",
           "--owner-vi", "Văn phòng Điều phối OCOP thành phố Đà Nẵng", "--owner-en", "Da Nang OCOP Coordination Office",
           "--phone", "0236 3000 000", "--email", "ocop@danang.example.vn"]
FILES = [".gitignore", "content/categories.yml", "content/areas.yml", "content/category-keywords.yml", "content/products/.gitkeep", "content/published.txt", "site_config.yml"]
DA_NANG = {"hai-chau": ("urban-district", "Hải Châu"), "thanh-khe": ("urban-district", "Thanh Khê"), "son-tra": ("urban-district", "Sơn Trà"),
           "ngu-hanh-son": ("urban-district", "Ngũ Hành Sơn"), "lien-chieu": ("urban-district", "Liên Chiểu"),
           "cam-le": ("urban-district", "Cẩm Lệ"), "hoa-vang": ("district", "Hòa Vang")}
NOTHING = {lang: strings()[lang]["nothing_published"] for lang in ("vi", "en")}


def test_init_writes_a_catalogue_from_options(tmp_path, ocop):
    folder = tmp_path / "ocop-da-nang"
    code, out, err = ocop("init", folder, *OPTIONS)
    assert (code, err) == (0, [])
    assert out == [f"wrote {folder / name}" for name in FILES] + ["ok: a new catalogue with 6 groups, 25 areas and no products yet"]
    config_text = (folder / "site_config.yml").read_text(encoding="utf-8")
    assert yaml.safe_load(config_text) == {
        "title": {"vi": "Sản phẩm OCOP Đà Nẵng", "en": "Da Nang OCOP products"},
        "base_url": "https://ocop.example.vn/danh-muc/",  # as the site's settings want it: ending in '/'
        "languages": ["vi", "en"],
        "sample_data": False,
        "owner": {"name": {"vi": "Văn phòng Điều phối OCOP thành phố Đà Nẵng", "en": "Da Nang OCOP Coordination Office"},
                  "report": {"phone": "0236 3000 000", "email": "ocop@danang.example.vn"}},
        "certification": {"validity_months": 36, "expiring_soon_days": 90},
        "qr": {"error_correction": "Q", "gs1_digital_link": True},
    }
    lines = config_text.splitlines()
    for number, line in enumerate(lines):  # every setting is explained just above it
        if line[:1].isalpha():
            assert lines[number - 1].startswith("#"), line
    # The groups, areas and keywords are the sample's; the areas are Quang Nam's 18 and the former Da Nang city's 7.
    for name in ("categories.yml", "areas.yml", "category-keywords.yml"):
        assert (folder / "content" / name).read_bytes() == (REPO / "content" / name).read_bytes(), name
    areas = yaml.safe_load((folder / "content/areas.yml").read_text(encoding="utf-8"))
    assert list(areas)[18:] == list(DA_NANG) and len(areas) == 25
    assert {a: (areas[a]["kind"], areas[a]["name"]["vi"]) for a in DA_NANG} == DA_NANG
    assert all(len(area["communes"]) >= 5 for area in areas.values())  # so that an import places addresses
    assert list((folder / "content/products").iterdir()) == [folder / "content/products/.gitkeep"]
    assert all(line.startswith("# ") for line in (folder / "content/published.txt").read_text(encoding="utf-8").splitlines())
    assert (folder / ".gitignore").read_text(encoding="utf-8") == "/site/\n/print/\n/.cache/\n"
    assert ocop("--root", folder, "check") == (0, ["ok: 0 products, 6 groups, 25 areas"], [])
    # The settings offered as comments are valid once their '#' is removed.
    for key in ("# description:", "  # issuer:", "  # national_issuer:"):
        config_text = config_text.replace(key, key.replace("# ", ""))
    (folder / "site_config.yml").write_text(config_text, encoding="utf-8")
    assert ocop("--root", folder, "check") == (0, ["ok: 0 products, 6 groups, 25 areas"], [])
    assert load_catalogue(folder)[0].config.certification.issuer.vi == "Ủy ban nhân dân thành phố Đà Nẵng"


def test_init_asks_in_vietnamese_and_asks_again_after_a_wrong_answer(tmp_path, ocop, monkeypatch):
    answers = iter(["Sản phẩm OCOP Đà Nẵng", "", "ocop.example.vn", "https://ocop.example.vn/", "Văn phòng OCOP", "",
                    "", "", "ocop@danang.example.vn", "vi, fr", ""])
    questions = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda question: questions.append(question) or next(answers))
    code, out, err = ocop("init", tmp_path / "moi")
    assert code == 0 and out[-1] == "ok: a new catalogue with 6 groups, 25 areas and no products yet"
    assert questions[:3] == ["Tên trang (tiếng Việt), vd: Sản phẩm OCOP Đà Nẵng: ", "Tên trang (tiếng Anh, có thể bỏ trống): ",
                             "Địa chỉ công bố trang, mã QR dẫn đến đây (vd: https://ocop.danang.gov.vn/): "]
    assert len(questions) == 11  # base_url, e-mail and languages asked twice
    assert err == [
        "  expected an absolute address like https://ocop.example.vn/",
        "  give a phone or an e-mail: every product page tells readers how to report a fake",
        "  expected 'en', 'ja', 'ko', 'vi' or 'zh'",  # every language with a file in generator/languages/
    ]
    config = yaml.safe_load((tmp_path / "moi/site_config.yml").read_text(encoding="utf-8"))
    assert config["title"] == {"vi": "Sản phẩm OCOP Đà Nẵng"} and config["languages"] == ["vi", "en"]
    assert config["owner"] == {"name": {"vi": "Văn phòng OCOP"}, "report": {"email": "ocop@danang.example.vn"}}


def test_init_asks_in_english_only_what_the_options_leave_out(tmp_path, ocop, monkeypatch):
    questions = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda question: questions.append(question) or "vi")
    code, out, err = ocop("init", tmp_path / "new", "--lang", "en", *OPTIONS)
    assert (code, err) == (0, [])
    assert questions == ["The site's languages, separated by commas (Enter: vi, en): "]
    assert yaml.safe_load((tmp_path / "new/site_config.yml").read_text(encoding="utf-8"))["languages"] == ["vi"]


@pytest.mark.parametrize("holding", ["site_config.yml", "content"])
def test_init_never_overwrites_a_catalogue(tmp_path, ocop, holding):
    folder = tmp_path / "old"
    (folder / "content").mkdir(parents=True)
    if holding == "site_config.yml":
        (folder / "content").rmdir()
        (folder / "site_config.yml").write_text("title: {vi: Cũ}\n", encoding="utf-8")
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    code, out, err = ocop("init", folder, *OPTIONS)
    assert (code, out) == (2, [])
    assert err == [f"ocop: error: {folder} already holds a catalogue (site_config.yml or content/): ocop init never overwrites one; name a new folder"]
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before


def test_init_keeps_a_folder_s_own_files(tmp_path, ocop):
    folder = tmp_path / "repo"
    folder.mkdir()
    (folder / ".gitignore").write_text("*.bak\n", encoding="utf-8")
    code, out, err = ocop("init", folder, *OPTIONS)
    assert code == 0 and f"wrote {folder / '.gitignore'}" not in out
    assert (folder / ".gitignore").read_text(encoding="utf-8") == "*.bak\n"


@pytest.mark.parametrize("change, line", [
    (("--base-url", "ocop.example.vn"), "--base-url: expected an absolute address like https://ocop.example.vn/ (found 'ocop.example.vn')"),
    (("--title-vi", ""), "--title-vi: required"),
    (("--email", "ocop-at-danang"), "--email: expected an e-mail address like name@example.vn (found 'ocop-at-danang')"),
    (("--languages", "vi en vi"), "--languages: list each language once; vi, the language of the records, is required (found 'vi en vi')"),
])
def test_init_refuses_a_bad_option_in_one_line_and_writes_nothing(tmp_path, ocop, change, line):
    options = list(OPTIONS)
    if change[0] in options:
        options[options.index(change[0]) + 1] = change[1]
    else:
        options += change
    code, out, err = ocop("init", tmp_path / "new", *options)
    assert (code, out, err) == (2, [], [f"ocop: error: {line}"])
    assert not (tmp_path / "new").exists()


def test_init_without_a_terminal_needs_the_required_options(tmp_path, ocop):
    assert ocop("init", tmp_path / "new", "--title-vi", "OCOP") == (2, [], ["ocop: error: --base-url is needed when ocop init is not asked interactively"])
    no_contact = [o for o in OPTIONS if o not in ("--phone", "0236 3000 000", "--email", "ocop@danang.example.vn")]
    assert ocop("init", tmp_path / "new", *no_contact) == (2, [], ["ocop: error: --email: give a phone or an e-mail: every product page tells readers how to report a fake"])
    assert not (tmp_path / "new").exists()
    (tmp_path / "notes.txt").write_text("", encoding="utf-8")
    assert ocop("init", tmp_path / "notes.txt", *OPTIONS) == (2, [], [f"ocop: error: {tmp_path / 'notes.txt'} is a file: name a new or empty folder"])


def test_a_catalogue_needs_its_products_folder_even_empty(tmp_path, ocop):
    folder = tmp_path / "catalogue"
    assert ocop("init", folder, *OPTIONS)[0] == 0
    (folder / "content/products/.gitkeep").unlink()
    assert ocop("--root", folder, "check")[:2] == (0, ["ok: 0 products, 6 groups, 25 areas"])
    (folder / "content/products").rmdir()
    code, out, err = ocop("--root", folder, "check")
    assert (code, err) == (1, ["content/products: folder is missing: records go in it, one file per product", "1 problem in 1 file; nothing was written."])


def test_every_kind_of_area_is_named_in_every_language():
    for lang in ("vi", "en"):
        assert sorted(strings()[lang]["area_kind"]) == sorted(get_args(Area.model_fields["kind"].annotation))


@pytest.fixture(scope="module")
def empty(tmp_path_factory):
    """A catalogue as `ocop init` writes it, built: (its folder, its site)."""
    from generator.cli import main

    folder = tmp_path_factory.mktemp("init") / "catalogue"
    options = [o.replace("/danh-muc", "") for o in OPTIONS]  # at the host's root, as the audit serves it (the 404 page's links are absolute)
    assert main(["init", str(folder), *options]) == 0
    return folder, build_site(folder, folder / "site", AS_OF, publish=True).out


LISTS = ["", "groups/", "groups/thuc-pham/", "groups/du-lich/", "areas/", "areas/tam-ky/", "areas/cam-le/", "stars/", "stars/5/", "stars/3/",
         "browse/", "stats/"]


@pytest.mark.parametrize("path", LISTS)
def test_every_page_of_an_empty_catalogue_says_nothing_is_published_yet(empty, path):
    folder, site = empty
    for prefix, lang in (("", "vi"), ("en/", "en")):
        page = BeautifulSoup((site / prefix / path / "index.html").read_text(encoding="utf-8"), "html.parser")
        notices = page.select("article .ocop-empty")
        assert [n.get_text(strip=True) for n in notices] == [NOTHING[lang]]
        assert page.select(".ocop-cards, .ocop-tally, #ocop-browse, .ocop-chart, script[src*=browse]") == []


def test_an_empty_catalogue_publishes_empty_data_and_feeds(empty):
    folder, site = empty
    data = json.loads((site / "data/products.json").read_text(encoding="utf-8"))
    assert data == {"generated_for": "2026-11-29", "base_url": "https://ocop.example.vn/", "sample_data": False, "count": 0, "products": []}
    rows = list(csv.reader(io.StringIO((site / "data/products.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == 1 and rows[0][:3] == ["id", "name_vi", "name_en"]
    for prefix, lang in (("", "vi"), ("en/", "en")):
        feed, ns = ET.fromstring((site / prefix / "feed.xml").read_bytes()), {"a": "http://www.w3.org/2005/Atom"}
        assert feed.find("a:subtitle", ns).text == NOTHING[lang] and feed.findall("a:entry", ns) == []
        assert feed.find("a:updated", ns).text == "2026-11-29T00:00:00+07:00"  # the build day, not 1970
    index = json.loads((site / "data/search/vi/index.json").read_text(encoding="utf-8"))
    columns = search.columns({name: (site / "data/search/vi" / name).read_bytes() for name in search.COLUMNS})
    assert set(columns) == set(search.FIELDS) and {values == [] for values in columns.values()} == {True}  # no product in any column
    assert (index["names"], index["words"], len(index["areas"])) == ([], [], 25)
    # no cards, no terms; each place's file of its products, empty
    assert sorted(p.name for p in (site / "data/search/vi").iterdir() if p.suffix == ".json") == sorted([*search.COLUMNS, *(f"area-{n}.json" for n in range(25))])
    assert [json.loads((site / f"data/search/vi/area-{n}.json").read_text(encoding="utf-8"))["products"] for n in range(25)] == [[]] * 25
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/p/" not in sitemap and "<loc>https://ocop.example.vn/areas/cam-le/</loc>" in sitemap
    assert (folder / "content/published.txt").read_text(encoding="utf-8").count("\n") == 4  # the header: no URL, base_url still free


def test_urban_districts_are_named_as_quan_and_district(empty):
    folder, site = empty
    titles = {}
    for path in ("areas/cam-le/", "en/areas/cam-le/", "areas/hoa-vang/", "en/areas/hoa-vang/"):
        titles[path] = BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser").h1.get_text(strip=True)
    assert titles == {"areas/cam-le/": "Quận Cẩm Lệ", "en/areas/cam-le/": "Cam Le District",
                      "areas/hoa-vang/": "Huyện Hòa Vang", "en/areas/hoa-vang/": "Hoa Vang District"}


def test_the_empty_site_passes_the_audit_checks(empty, browser):
    folder, site = empty
    catalogue, _ = load_catalogue(folder)
    pages = audited_pages(catalogue, AS_OF)
    assert pages == {"home (vi)": "", "list (vi)": "groups/do-uong/", "browse (vi)": "browse/", "statistics (vi)": "stats/", "not found (vi)": "404.html",
                     "home (en)": "en/", "list (en)": "en/groups/do-uong/", "browse (en)": "en/browse/", "statistics (en)": "en/stats/",
                     "not found (en)": "en/404.html", "offline (vi)": "offline/", "offline (en)": "en/offline/"}
    assert html_errors(site) == []
    assert broken_links(site, catalogue.config.base_url) == []
    with serve(site) as url:
        checks = check_in_browser(url, [*pages.values(), "areas/cam-le/"], browser=browser)
    assert [(c.path, c.viewport, c.violations, c.elsewhere, c.errors) for c in checks if c.violations or c.elsewhere or c.errors] == []


def test_records_added_to_a_new_catalogue_build(tmp_path, ocop):
    folder = tmp_path / "catalogue"
    assert ocop("init", folder, *OPTIONS)[0] == 0
    code, out, err = ocop("--root", folder, "new", "--name-vi", "Nước mắm Nam Ô", "--category", "thuc-pham.gia-vi", "--area", "lien-chieu",
                          "--stars", "4", "--decision", "12/QĐ-UBND", "--date", "2026-10-01", "--producer", "HTX Nước mắm Nam Ô",
                          "--address", "phường Hải Vân, thành phố Đà Nẵng", "--name-en", "")
    assert (code, out, err) == (0, ["wrote content/products/nuoc-mam-nam-o.yml"], [])
    site = build_site(folder, folder / "site", AS_OF, publish=True).out
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.select(".ocop-empty") == [] and [a.get_text(strip=True) for a in home.select("#recent ~ .ocop-cards .ocop-card__name")] == ["Nước mắm Nam Ô"]
    area = BeautifulSoup((site / "areas/lien-chieu/index.html").read_text(encoding="utf-8"), "html.parser")
    assert area.h1.get_text(strip=True) == "Quận Liên Chiểu" and len(area.select(".ocop-card")) == 1
    assert (folder / "content/published.txt").read_text(encoding="utf-8").splitlines()[-1] == "p/nuoc-mam-nam-o/ | Nước mắm Nam Ô | HTX Nước mắm Nam Ô"
