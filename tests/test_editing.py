"""Editors' tools: ocop new, ocop import, ocop report, the JSON Schema."""

import csv
import json
import shutil

import pytest
import yaml

from conftest import REPO
from generator.editing import propose_id, schema_text
from generator.validate import load_catalogue

SHEET = REPO / "samples" / "danh-sach-ocop-mau.csv"


@pytest.fixture
def sample(tmp_path):
    """A copy of the repository's sample catalogue."""
    root = tmp_path / "sample"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "site_config.yml", root)
    return root


def test_new_writes_a_valid_record_from_options(catalogue, ocop):
    code, out, err = ocop(
        "--root", catalogue, "new", "--name-vi", "Nước mắm cá cơm Bình Minh", "--category", "thuc-pham.gia-vi",
        "--area", "thang-binh", "--stars", "3", "--decision", "12/QĐ-UBND", "--date", "2026-10-01",
        "--producer", "HTX Thủy sản Bình Minh", "--address", "xã Bình Minh, huyện Thăng Bình", "--name-en", "",
    )
    assert (code, out, err) == (0, ["wrote content/products/nuoc-mam-ca-com.yml"], [])  # at most 19 characters
    path = catalogue / "content/products/nuoc-mam-ca-com.yml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert record == {
        "name": {"vi": "Nước mắm cá cơm Bình Minh"}, "category": "thuc-pham.gia-vi", "stars": 3,
        "certification": {"decision": "12/QĐ-UBND", "date": __import__("datetime").date(2026, 10, 1)},
        "producer": {"name": "HTX Thủy sản Bình Minh", "kind": "cooperative", "address": "xã Bình Minh, huyện Thăng Bình"},
        "area": "thang-binh",
    }
    assert "# listings:" in path.read_text(encoding="utf-8")  # optional fields offered as comments
    assert ocop("--root", catalogue, "check")[0] == 0
    text = path.read_text(encoding="utf-8").replace('  # phone: "0235 3xxx xxx"         # in quotes', '  phone: "0235 3000 111"')
    path.write_text(text.replace("# gtin:", "gtin:").replace('"8930000000000"              # in quotes; 8, 12, 13 or 14 digits', '"8930000000002"'), encoding="utf-8")
    assert ocop("--root", catalogue, "check")[:2] == (0, ["ok: 5 products, 6 groups, 18 areas"])  # uncommented in place: valid


def test_new_refuses_a_taken_id_and_bad_answers(catalogue, ocop):
    base = ["--root", catalogue, "new", "--name-vi", "Mật ong", "--category", "thuc-pham.mat-ong", "--area", "phuoc-son",
            "--decision", "1/QĐ-UBND", "--date", "2026-01-01", "--producer", "Hộ Lê Văn A", "--address", "x", "--name-en", ""]
    code, out, err = ocop(*base, "--stars", "3", "--id", "mat-ong")
    assert code == 2 and err[-1] == "ocop: error: the id 'mat-ong' is taken: content/products/mat-ong.yml exists"
    code, out, err = ocop(*base, "--stars", "6")
    assert code == 2 and err[-1] == "ocop: error: --stars: expected 3, 4 or 5 (found '6')"


def test_proposed_ids_are_short_ascii_and_free():
    assert propose_id("Nước mắm cá cơm Cửa Khe", set()) == "nuoc-mam-ca-com-cua"
    assert propose_id("Đẳng sâm", {"dang-sam"}) == "dang-sam-2"
    assert len(propose_id("Du lịch cộng đồng rừng dừa Bảy Mẫu Cẩm Thanh", set())) <= 19


def test_import_creates_updates_and_reports_what_it_cannot_map(sample, ocop):
    before = (sample / "content/products/tieu-tien-phuoc.yml").read_text(encoding="utf-8")
    code, out, err = ocop("--root", sample, "import", SHEET)
    assert code == 1  # some rows could not be imported
    assert out == [
        "create content/products/banh-it-la-gai-que.yml (row 5)",
        "create content/products/che-xanh-tien-loc.yml (row 6)",
        "create content/products/mat-ong-rung-tra.yml (row 7)",
        "create content/products/gui-may-co-tu.yml (row 8)",
        "update content/products/nuoc-mam-tam-thanh.yml (row 3): stars: 3 -> 4; certification.decision: 3054/QĐ-UBND -> 2102/QĐ-UBND; certification.date: 2024-11-26 -> 2026-09-12",
        "4 created, 1 updated, 1 unchanged, 3 rows not imported",
    ]
    assert err == [
        "danh-sach-ocop-mau.csv: row 9, column 'Huyện/thị xã/thành phố': cannot map 'Quế Sơnn' to an area in content/areas.yml (did you mean que-son?)",
        "danh-sach-ocop-mau.csv: row 10, column 'Nhóm sản phẩm': 'Thực phẩm' is a group: name one of its subgroups (thuc-pham.tuoi-song, thuc-pham.gao-ngu-coc, thuc-pham.mat-ong, thuc-pham.che-bien, thuc-pham.gia-vi, thuc-pham.che, thuc-pham.ca-phe-ca-cao)",
        "danh-sach-ocop-mau.csv: row 11, column 'Hạng sao': expected 3, 4 or 5 stars, found 'năm'",
        "danh-sach-ocop-mau.csv: row 11, column 'Ngày quyết định': expected a date like 18/06/2024 or 2024-06-18, found '2026-13-01'",
    ]
    catalogue, _ = load_catalogue(sample)  # everything written is valid
    records = {r.id: r.product for r in catalogue.records}
    assert records["gui-may-co-tu"].area == "dong-giang"  # 'Hiên', the old name of Đông Giang
    assert records["gui-may-co-tu"].producer.kind == "cooperative"  # "Tổ hợp tác", a cooperative group
    assert records["banh-it-la-gai-que"].producer.kind == "household"
    assert records["mat-ong-rung-tra"].area == "nam-tra-my" and records["mat-ong-rung-tra"].category == "thuc-pham.mat-ong"
    updated = records["nuoc-mam-tam-thanh"]
    original = next(r.product for r in load_catalogue(REPO)[0].records if r.id == "nuoc-mam-tam-thanh")
    assert updated.stars == 4 and original.stars == 3
    assert updated.model_copy(update={"stars": 3, "certification": original.certification}) == original  # nothing else lost
    assert updated.producer.phone == "0235 3843 617"
    assert (sample / "content/products/nuoc-mam-tam-thanh.yml").read_text(encoding="utf-8").startswith("# Sample record")
    assert (sample / "content/products/tieu-tien-phuoc.yml").read_text(encoding="utf-8") == before  # unchanged row: untouched


def test_import_dry_run_writes_nothing_and_reads_xlsx(sample, ocop, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    rows = list(csv.reader(SHEET.read_text(encoding="utf-8").splitlines()))
    for row in rows:
        book.active.append(row)
    book.save(tmp_path / "sheet.xlsx")
    files = sorted(p.name for p in (sample / "content/products").iterdir())
    code, out, err = ocop("--root", sample, "import", tmp_path / "sheet.xlsx", "--dry-run")
    assert out[0] == "would create content/products/banh-it-la-gai-que.yml (row 5)"
    assert out[-1] == "4 to create, 1 to update, 1 unchanged, 3 rows not imported"
    assert sorted(p.name for p in (sample / "content/products").iterdir()) == files


def test_report_lists_what_needs_attention(sample, ocop, tmp_path):
    record = sample / "content/products/lang-bho-hoong.yml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text[: text.index("listings:")], encoding="utf-8")
    code, out, err = ocop("--root", sample, "report", "--days", "90", "--date", "2026-11-29", "--csv", tmp_path / "report.csv")
    assert code == 0
    rows = list(csv.DictReader((tmp_path / "report.csv").read_text(encoding="utf-8-sig").splitlines()))
    issues = [(r["issue"], r["id"]) for r in rows]
    assert issues[:4] == [("expired", "nuoc-mam-cua-khe"), ("expires soon", "dang-sam"), ("revoked", "mat-ong-tien-phuoc"), ("no English name", "ruou-can-co-tu")]
    assert ("no photo", "tra-la-vang") in issues and ("no listing", "lang-bho-hoong") in issues
    assert out[1].split() == ["issue", "id", "name", "stars", "valid_until", "days_left", "producer", "phone", "missing"]


def test_the_published_schema_is_generated_from_the_model():
    catalogue, _ = load_catalogue(REPO)
    assert (REPO / "schema/product.schema.json").read_text(encoding="utf-8") == schema_text(catalogue), "run: ocop schema"
    schema = json.loads(schema_text(catalogue))
    assert schema["additionalProperties"] is False and "thuc-pham.gia-vi" in schema["properties"]["category"]["enum"]
    settings = json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {"./schema/product.schema.json": "content/products/*.yml"}


def test_the_schema_accepts_the_sample_records():
    import jsonschema

    catalogue, _ = load_catalogue(REPO)
    validator = jsonschema.Draft202012Validator(json.loads(schema_text(catalogue)))
    for path in sorted((REPO / "content/products").glob("*.yml")):
        record = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        assert list(validator.iter_errors(record)) == [], path


def test_import_refuses_ids_that_are_not_ids_and_adds_missing_fields(sample, ocop, tmp_path):
    sheet = tmp_path / "sheet.csv"
    header = "Mã,Tên sản phẩm,Tên tiếng Anh,Chủ thể,Địa chỉ,Huyện,Nhóm sản phẩm,Hạng sao,Số quyết định,Ngày quyết định,Điện thoại"
    same = "Hộ kinh doanh Alăng Thị Mai,\"thôn Bhờ Hôồng, xã Sông Kôn, huyện Đông Giang\",Đông Giang,Đồ uống có cồn,3,1129/QĐ-UBND,09/06/2026"
    sheet.write_text("\n".join([
        header,
        f"../../outside,Rượu cần Cơ Tu,,{same},",
        f"ruou-can-co-tu,Rượu cần Cơ Tu,Co Tu rice wine,{same},0235 3898 000",
    ]), encoding="utf-8")
    code, out, err = ocop("--root", sample, "import", sheet)
    assert err == ["sheet.csv: row 2, column 'Mã': not a product id (3-64 characters a-z, 0-9 and '-'): '../../outside'"]
    assert out[0] == "update content/products/ruou-can-co-tu.yml (row 3): name.en: + Co Tu rice wine; producer.phone: 0235 3898 573 -> 0235 3898 000"
    assert not (sample.parent / "outside.yml").exists() and not (sample / "outside.yml").exists()


def test_publishing_workflows_check_build_and_deploy():
    github = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    triggers = github[True]  # YAML 1.1 reads the key `on` as true
    assert "push" in triggers and triggers["schedule"][0]["cron"] and "workflow_dispatch" in triggers
    steps = [step.get("run", step.get("uses", "")) for job in github["jobs"].values() for step in job.get("steps", [])]
    assert "ocop check" in steps and "ocop build --out public" in steps
    assert any(s.startswith("actions/deploy-pages") for s in steps)
    gitlab = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    script = gitlab["pages"]["script"]
    assert "ocop check" in script and "ocop build --out public" in script
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]
    nginx = (REPO / "deploy/nginx.conf").read_text(encoding="utf-8")
    assert "gzip on;" in nginx and "Content-Security-Policy" in nginx and "immutable" in nginx


def test_new_asks_in_english_and_asks_again_after_a_wrong_answer(catalogue, ocop, monkeypatch, capsys):
    answers = iter(["Honey wine", "", "do-uong.ruou", "nowhere", "phuoc-son", "6", "4", "7/QĐ-UBND", "2026-02-30", "2026-02-28", "HTX Rượu Phước Sơn", "xã Phước Xuân"])
    questions = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda question: questions.append(question) or next(answers))
    code, out, err = ocop("--root", catalogue, "new", "--lang", "en")
    assert code == 0 and out == ["wrote content/products/honey-wine.yml"]
    assert questions[0] == "Product name in Vietnamese: " and questions[3] == "Area, an id from content/areas.yml (e.g. thang-binh): "
    assert err[0].startswith("  expected one of: tam-ky, hoi-an") and err[1:] == ["  expected 3, 4 or 5", "  expected a date like 2024-06-18"]
    record = yaml.safe_load((catalogue / "content/products/honey-wine.yml").read_text(encoding="utf-8"))
    assert (record["area"], record["stars"], record["producer"]["kind"]) == ("phuoc-son", 4, "cooperative")
