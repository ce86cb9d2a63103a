"""`ocop import`: the office's spreadsheet (one row per product) into records.

Column headings are matched without accents or case ("Tên sản phẩm", "TEN SAN PHAM");
area and group names likewise ("Quế Sơn", "huyện Que Son", "que-son"). A row becomes a
new record, or updates the record of the same product (same id, or same name and producer)
keeping every field the sheet does not have. Rows that cannot be mapped are reported with
their row and column, and written nowhere.
"""

from __future__ import annotations

import csv
import datetime
import difflib
import io
import re
import sys
from pathlib import Path

import yaml

from .editing import producer_kind, propose_id
from .problems import ContentError
from .text import fold
from .validate import ID_PATTERN, PRODUCTS_DIR, Catalogue, load_catalogue

# Field -> the headings it may have in the office's sheets, folded.
HEADINGS = {
    "id": ["ma", "ma san pham", "id"],
    "name_vi": ["ten san pham", "san pham", "ten"],
    "name_en": ["ten tieng anh", "ten san pham tieng anh", "english name"],
    "producer": ["chu the", "ten chu the", "chu the san xuat", "co so san xuat"],
    "kind": ["loai hinh", "loai hinh chu the"],
    "address": ["dia chi", "dia chi chu the"],
    "area": ["huyen thi xa thanh pho", "huyen thi xa tp", "huyen", "dia phuong", "dia ban"],
    "category": ["nhom san pham", "phan nhom", "nhom", "bo san pham"],
    "stars": ["hang sao", "so sao", "xep hang", "sao"],
    "decision": ["so quyet dinh", "quyet dinh", "so qd"],
    "date": ["ngay quyet dinh", "ngay cong nhan", "ngay qd"],
    "registration": ["ma so thue", "ma so dang ky", "mst"],
    "phone": ["dien thoai", "so dien thoai", "sdt"],
    "email": ["email", "thu dien tu"],
}
REQUIRED = ["name_vi", "producer", "address", "area", "category", "stars", "decision", "date"]
AREA_PREFIXES = ("thanh pho ", "tp ", "thi xa ", "tx ", "huyen ", "h ")
KINDS = {"hop tac xa": "cooperative", "htx": "cooperative", "doanh nghiep": "enterprise", "cong ty": "enterprise", "ho kinh doanh": "household", "ho": "household"}


def import_sheet(root: Path, sheet: Path, dry_run: bool) -> int:
    catalogue, _ = load_catalogue(root)
    rows = read_rows(sheet)
    header_row, header = rows[0] if rows else (1, [])
    columns, names = map_headings(header)
    missing = [field for field in REQUIRED if field not in columns]
    if missing:
        print(f"{sheet.name}: row {header_row}: no column for: {', '.join(missing)} (headings found: {', '.join(h for h in header if h)})", file=sys.stderr)
        return 1
    mapper = Mapper(catalogue)
    taken = {r.id for r in catalogue.records}
    by_name = {(fold(r.product.name.vi), fold(r.product.producer.name)): r.id for r in catalogue.records}
    created, updated, unchanged, failed = [], [], 0, 0
    for number, cells in rows[1:]:
        if not any(str(c).strip() for c in cells):
            continue
        value = {field: cells[i] if i < len(cells) else "" for field, i in columns.items()}
        fields, problems = mapper.row(value, names)
        if problems:
            failed += 1
            for column, message in problems:
                print(f"{sheet.name}: row {number}, column '{column}': {message}", file=sys.stderr)
            continue
        product_id = str(value.get("id") or "").strip() or by_name.get((fold(fields["name_vi"]), fold(fields["producer"])))
        if product_id and not ID_PATTERN.fullmatch(product_id):
            failed += 1
            print(f"{sheet.name}: row {number}, column '{names['id']}': not a product id (3-64 characters a-z, 0-9 and '-'): {product_id!r}", file=sys.stderr)
            continue
        path = root / PRODUCTS_DIR / f"{product_id}.yml"
        if product_id and path.exists():
            text = path.read_text(encoding="utf-8")
            record = yaml.safe_load(text)
            changes = apply(record, fields)
            if changes:
                updated.append((product_id, number, changes))
                if not dry_run:  # rewritten in the standard layout: the opening comment is kept
                    path.write_text(leading_comment(text) + dump(record), encoding="utf-8")
            else:
                unchanged += 1
        else:
            product_id = product_id or propose_id(fields["name_vi"], taken)
            taken.add(product_id)
            by_name[(fold(fields["name_vi"]), fold(fields["producer"]))] = product_id
            record = {}
            apply(record, fields)
            created.append((product_id, number))
            if not dry_run:
                (root / PRODUCTS_DIR / f"{product_id}.yml").write_text("# Imported from " + sheet.name + "\n" + dump(record), encoding="utf-8")
    verb = "would " if dry_run else ""
    for product_id, number in created:
        print(f"{verb}create {PRODUCTS_DIR}/{product_id}.yml (row {number})")
    for product_id, number, changes in updated:
        print(f"{verb}update {PRODUCTS_DIR}/{product_id}.yml (row {number}): {'; '.join(changes)}")
    print(f"{len(created)} to create, {len(updated)} to update, {unchanged} unchanged, {failed} rows not imported" if dry_run
          else f"{len(created)} created, {len(updated)} updated, {unchanged} unchanged, {failed} rows not imported")
    if not dry_run and (created or updated):
        try:
            load_catalogue(root)  # what was written must be a valid catalogue
        except ContentError as e:
            for problem in e.problems:
                print(problem, file=sys.stderr)
            return 1
    return 1 if failed else 0


def leading_comment(text: str) -> str:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line + "\n")
    return "".join(lines)


def read_rows(sheet: Path) -> list[tuple[int, list]]:
    """(row number as the office sees it, cells) for every row, the first being the headings.
    Title rows above the headings (a sheet's caption) are skipped."""
    if sheet.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(sheet, read_only=True, data_only=True)
        rows = [(i, ["" if c is None else c for c in row]) for i, row in enumerate(book.active.iter_rows(values_only=True), start=1)]
    elif sheet.suffix.lower() == ".csv":
        text = sheet.read_text(encoding="utf-8-sig")
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
        # Read from a stream, not line by line: a quoted cell may hold a line break.
        rows = [(i, row) for i, row in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), start=1)]
    else:
        raise ValueError(f"{sheet}: expected an .xlsx or .csv file")
    for position, (number, cells) in enumerate(rows):
        if sum(1 for c in cells if fold(str(c)) in {h for hs in HEADINGS.values() for h in hs}) >= 3:
            return rows[position:]
    return rows


def map_headings(header: list) -> tuple[dict[str, int], dict[str, str]]:
    columns, names = {}, {}
    for i, heading in enumerate(header):
        folded = fold(str(heading))
        for field, options in HEADINGS.items():
            if folded in options and field not in columns:
                columns[field], names[field] = i, str(heading)
                break
    return columns, names


class Mapper:
    """Turns a row's cells into record fields, or says which cells it cannot read."""

    def __init__(self, catalogue: Catalogue):
        self.areas = {}
        for area_id, area in catalogue.areas.items():
            for name in (area_id, area.name.vi, area.name.en or "", *area.aliases):
                self.areas[fold(name).replace(" ", "")] = area_id
        self.categories, self.groups = {}, {}
        for group_id, group in catalogue.groups.items():
            for label in (group_id, group.name.vi, group.name.en or ""):
                self.groups[fold(label).replace(" ", "")] = [f"{group_id}.{s}" for s in group.subgroups]
            for sub_id, name in group.subgroups.items():
                for label in (f"{group_id}.{sub_id}", sub_id, name.vi, name.en or ""):
                    self.categories[fold(label).replace(" ", "")] = f"{group_id}.{sub_id}"

    def row(self, value: dict, names: dict[str, str]) -> tuple[dict, list[tuple[str, str]]]:
        fields, problems = {}, []
        for field in REQUIRED:
            if not str(value.get(field, "")).strip():
                problems.append((names[field], "empty"))
        if problems:
            return fields, problems
        for field in ("name_vi", "name_en", "producer", "address", "decision", "registration", "phone", "email"):
            text = " ".join(str(value.get(field) or "").split())
            if text:
                fields[field] = text
        area = fold(str(value["area"]))
        for prefix in AREA_PREFIXES:
            area = area.removeprefix(prefix)
        fields["area"] = self.areas.get(area.replace(" ", ""))
        if not fields["area"]:
            problems.append((names["area"], f"cannot map {value['area']!r} to an area in content/areas.yml{self.suggest(area, self.areas)}"))
        category = fold(str(value["category"])).replace(" ", "")
        fields["category"] = self.categories.get(category)
        if not fields["category"] and category in self.groups:
            problems.append((names["category"], f"{value['category']!r} is a group: name one of its subgroups ({', '.join(self.groups[category])})"))
        elif not fields["category"]:
            problems.append((names["category"], f"cannot map {value['category']!r} to a subgroup in content/categories.yml{self.suggest(category, self.categories)}"))
        stars = re.match(r"\s*([345])(\.0)?\s*(sao)?\s*$", fold(str(value["stars"])))
        if stars:
            fields["stars"] = int(stars.group(1))
        else:
            problems.append((names["stars"], f"expected 3, 4 or 5 stars, found {value['stars']!r}"))
        fields["date"] = parse_date(value["date"])
        if fields["date"] is None:
            problems.append((names["date"], f"expected a date like 18/06/2024 or 2024-06-18, found {value['date']!r}"))
        kind = fold(str(value.get("kind") or ""))
        fields["kind"] = KINDS.get(kind) or producer_kind(fields.get("producer", ""))
        return fields, problems

    @staticmethod
    def suggest(folded: str, known: dict[str, str]) -> str:
        close = difflib.get_close_matches(folded.replace(" ", ""), list(known), n=1, cutoff=0.75)
        return f" (did you mean {known[close[0]]}?)" if close else ""


def parse_date(cell) -> datetime.date | None:
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    text = str(cell).strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            pass
    return None


def apply(record: dict, fields: dict) -> list[str]:
    """Set the sheet's fields on a record (a plain dict from YAML); returns what changed."""
    targets = {
        "name_vi": ("name", "vi"), "name_en": ("name", "en"), "category": ("category",), "stars": ("stars",),
        "decision": ("certification", "decision"), "date": ("certification", "date"), "producer": ("producer", "name"),
        "kind": ("producer", "kind"), "address": ("producer", "address"), "registration": ("producer", "registration"),
        "phone": ("producer", "phone"), "email": ("producer", "email"), "area": ("area",),
    }
    changes = []
    for field, path in targets.items():
        if field not in fields or (field == "kind" and "kind" in record.get("producer", {})):
            continue  # the kind is only guessed for new records
        node = record
        for key in path[:-1]:
            node = node.setdefault(key, {})
        old = node.get(path[-1])
        if old != fields[field]:
            changes.append(f"{'.'.join(path)}: {old} -> {fields[field]}" if old is not None else f"{'.'.join(path)}: + {fields[field]}")
            node[path[-1]] = fields[field]
    return changes


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper, value: str):
    # stories stay readable block text; numbers-as-text stay quoted so YAML keeps them text
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump(record: dict) -> str:
    order = ["name", "category", "stars", "certification", "producer", "area"]
    ordered = {key: record[key] for key in order if key in record} | {k: v for k, v in record.items() if k not in order}
    return yaml.dump(ordered, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
