"""Drafts: records still being completed are checked for what they have and never published."""

import csv
import json

import jsonschema

from conftest import AS_OF
from generator.build import build_site
from generator.editing import product_schema
from generator.validate import load_catalogue
from office_sheets import write_csv

DRAFT = """\
draft: true
name: {vi: Trà gừng Quế Sơn}
stars: 3
producer: {name: Hộ kinh doanh Trần Văn Bảy}
suggested: [category]
category: thuc-pham.che
"""


def write(catalogue, name, text):
    (catalogue / "content/products" / name).write_text(text, encoding="utf-8")


def test_a_draft_is_checked_for_what_it_has_and_says_what_it_lacks(catalogue, ocop):
    write(catalogue, "tra-gung.yml", DRAFT)
    code, out, err = ocop("--root", catalogue, "check")
    assert (code, out, err) == (0, ["ok: 4 products, 1 draft (not published), 6 groups, 18 areas"], [])
    draft = load_catalogue(catalogue)[0].drafts[0]
    assert draft.id == "tra-gung" and draft.missing == [
        "certification", "producer.kind", "producer.address", "area", "category (suggested: confirm it)"]
    write(catalogue, "tra-gung.yml", DRAFT.replace("stars: 3", "stars: 6").replace("Bảy}", "Bảy, email: bay-at-gmail}"))
    code, out, err = ocop("--root", catalogue, "check")
    assert (code, err) == (1, [
        "content/products/tra-gung.yml:3: stars: must be 3, 4 or 5 (found 6)",
        "content/products/tra-gung.yml:4: producer.email: expected an e-mail address like name@example.vn (found bay-at-gmail)",
        "2 problems in 1 file; nothing was written.",
    ])


def test_a_record_without_draft_needs_every_field_and_no_suggestion(catalogue, ocop):
    write(catalogue, "tra-gung.yml", DRAFT.replace("draft: true\n", ""))
    code, out, err = ocop("--root", catalogue, "check")
    assert code == 1 and err == [
        "content/products/tra-gung.yml:1: area: required field is missing",
        "content/products/tra-gung.yml:1: certification: required field is missing",
        "content/products/tra-gung.yml:3: producer.address: required field is missing",
        "content/products/tra-gung.yml:3: producer.kind: required field is missing",
        "content/products/tra-gung.yml:4: suggested: a published record has no suggested values: check category, then remove this line (or add 'draft: true') (found category)",
        "5 problems in 1 file; nothing was written.",
    ]


def test_a_draft_is_never_published(catalogue):
    write(catalogue, "tra-gung.yml", DRAFT)
    site = build_site(catalogue, catalogue / "site", AS_OF, publish=True).out
    assert not (site / "p/tra-gung").exists() and not (site / "en/p/tra-gung").exists()
    every_text = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*") if p.suffix in (".html", ".xml", ".json", ".csv", ".txt"))
    assert "tra-gung" not in every_text and "Trà gừng" not in every_text
    data = json.loads((site / "data/products.json").read_text(encoding="utf-8"))
    assert data["count"] == 4 == len(list(csv.DictReader((site / "data/products.csv").read_text(encoding="utf-8-sig").splitlines())))
    assert "p/tra-thu/ | Trà thử nghiệm | Công ty TNHH Trà Thử Nghiệm" in (catalogue / "content/published.txt").read_text(encoding="utf-8").splitlines()
    assert "tra-gung" not in (catalogue / "content/published.txt").read_text(encoding="utf-8")


def test_a_published_product_cannot_become_a_draft_nor_a_fair_show_one(catalogue, ocop):
    build_site(catalogue, catalogue / "site", AS_OF, publish=True)
    path = catalogue / "content/products/tra-thu.yml"
    path.write_text("draft: true\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = ocop("--root", catalogue, "check")
    published = (catalogue / "content/published.txt").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(published, start=1) if text.startswith("p/tra-thu/ "))
    assert code == 1 and err[0] == (
        f"content/published.txt:{line}: p/tra-thu/ was published (printed QR codes may point at it) but nothing makes it any more: "
        "a published product cannot become a draft again: remove 'draft: true' from content/products/tra-thu.yml "
        "(mark it revoked if it is no longer certified)")
    (catalogue / "content/published.txt").write_text("", encoding="utf-8")
    (catalogue / "content/fairs").mkdir(exist_ok=True)
    (catalogue / "content/fairs/cho-tet.yml").write_text(
        "name: {vi: Chợ Tết}\nplace: {vi: Tam Kỳ}\nstart: 2026-12-01\nend: 2026-12-03\nproducts: [tra-thu]\n", encoding="utf-8")
    code, out, err = ocop("--root", catalogue, "check")
    assert err == [
        "content/fairs/cho-tet.yml:5: products[0]: is a draft, which is not published: complete it and remove 'draft: true', or leave it out of the fair (found tra-thu)",
        "1 problem in 1 file; nothing was written."]


def test_report_lists_each_draft_with_what_it_lacks(catalogue, ocop, tmp_path):
    write(catalogue, "tra-gung.yml", DRAFT)
    code, out, err = ocop("--root", catalogue, "report", "--date", str(AS_OF), "--csv", tmp_path / "r.csv")
    rows = list(csv.DictReader((tmp_path / "r.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == {"issue": "draft", "id": "tra-gung", "name": "Trà gừng Quế Sơn", "stars": "3", "valid_until": "", "days_left": "",
                       "producer": "Hộ kinh doanh Trần Văn Bảy", "phone": "",
                       "missing": "certification, producer.kind, producer.address, area, category (suggested: confirm it)"}
    assert out[2].split()[:2] == ["draft", "tra-gung"]


def test_the_json_schema_accepts_drafts_and_requires_the_rest(catalogue):
    import yaml

    schema = product_schema(load_catalogue(catalogue)[0])
    draft = yaml.safe_load(DRAFT)
    jsonschema.validate(draft, schema)
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(dict(draft, draft=False)))
    assert sorted(e.message for e in errors) == sorted(f"'{f}' is a required property" for f in ("address", "area", "certification", "kind"))


def test_confirm_accepts_suggestions_and_publishes_what_lacks_nothing_more(catalogue, ocop, tmp_path):
    rows = [["STT", "Tên sản phẩm", "Chủ thể", "Địa chỉ", "Huyện", "Hạng sao", "Số, ngày quyết định"],
            ["1", "Nước mắm Cửa Khe", "HTX Cửa Khe", "xã Bình Dương", "Thăng Bình", "4 sao", "12/QĐ-UBND ngày 1/2/2025"],
            ["2", "Bánh tráng Phú Chiêm", "Hộ Lê Thị Ba", "xã Điện Phương", "Điện Bàn", "3 sao", ""]]
    assert ocop("--root", catalogue, "import", write_csv(tmp_path / "s.csv", rows))[0] == 0
    code, out, err = ocop("--root", catalogue, "confirm", "--all")
    assert (code, err) == (0, [])
    assert out == [
        "content/products/banh-trang-phu.yml: confirmed category: thuc-pham.che-bien; still a draft, lacking certification",
        "content/products/nuoc-mam-cua-khe.yml: confirmed category: thuc-pham.gia-vi; published by the next build",
    ]
    text = (catalogue / "content/products/nuoc-mam-cua-khe.yml").read_text(encoding="utf-8")
    assert "draft" not in text and "suggested" not in text and "category: thuc-pham.gia-vi\n" in text
    assert text.startswith("# Nhập từ s.csv, dòng 2")  # the rest is left as it was
    assert ocop("--root", catalogue, "check")[1] == ["ok: 5 products, 1 draft (not published), 6 groups, 18 areas"]
    assert ocop("--root", catalogue, "confirm", "tra-thu") == (1, [], ["not drafts: tra-thu (the drafts are: banh-trang-phu)"])
    assert ocop("--root", catalogue, "confirm")[0] == 2  # names or --all
