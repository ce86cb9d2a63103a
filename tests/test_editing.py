"""Editors' tools: ocop new, ocop import, ocop report, the JSON Schema."""

import csv
import json

import yaml

from conftest import REPO
from generator.editing import propose_id, schema_text
from generator.validate import load_catalogue



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
