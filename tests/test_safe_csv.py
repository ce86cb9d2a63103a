"""Every CSV the tool writes opens in a spreadsheet as the text it holds, never as formulas."""

import csv
import io

import pytest

from generator.build import build_site
from generator.safe_csv import cell

from conftest import AS_OF


@pytest.mark.parametrize("value, written", [
    ("=HYPERLINK(\"https://evil.example\")", "'=HYPERLINK(\"https://evil.example\")"),
    ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
    ("@SUM(A1)", "'@SUM(A1)"), ("-2+3", "'-2+3"), ("\t=1", "'\t=1"), ("+1+cmd|x", "'+1+cmd|x"),
    ("+84 235 3812 345", " +84 235 3812 345"), ("+84 (235) 3812-345", " +84 (235) 3812-345"),
    ("0235 3812 345", "0235 3812 345"), ("Mật ong", "Mật ong"), (5, 5),
])
def test_a_cell_is_never_a_formula_and_a_phone_stays_readable(value, written):
    assert cell(value) == written


def rows(data: bytes) -> list[dict]:
    assert data.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def hostile_producer(catalogue):
    record = catalogue / "content/products/nuoc-mam.yml"
    text = record.read_text(encoding="utf-8")
    text = text.replace("name: Cơ sở Nước mắm Thử Nghiệm", "name: \"=cmd|' /C calc'!A0\"")
    text = text.replace("  kind: household\n", '  kind: household\n  phone: "+84 235 3000 002"\n')
    record.write_text(text, encoding="utf-8")


def test_the_report_csv_escapes_formulas(catalogue, ocop, tmp_path):
    hostile_producer(catalogue)
    code, _, _ = ocop("--root", catalogue, "report", "--days", "3650", "--date", "2026-11-29", "--csv", tmp_path / "report.csv")
    assert code == 0
    row = next(r for r in rows((tmp_path / "report.csv").read_bytes()) if r["id"] == "nuoc-mam")
    assert (row["producer"], row["phone"]) == ("'=cmd|' /C calc'!A0", " +84 235 3000 002")


def test_open_data_keeps_phone_numbers_readable(catalogue, tmp_path):
    hostile_producer(catalogue)
    site = build_site(catalogue, tmp_path / "site", AS_OF).out
    row = next(r for r in rows((site / "data/products.csv").read_bytes()) if r["id"] == "nuoc-mam")
    assert (row["producer_name"], row["producer_phone"]) == ("'=cmd|' /C calc'!A0", " +84 235 3000 002")
