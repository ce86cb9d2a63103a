"""`ocop import`: the office's sheet into records (step 3, after sheets.py and sheet_layout.py).

Each product row becomes a record, a draft when the sheet lacks something a record needs
(public lists give no group and often no decision), or an update of the record of the same
product (same id, or same name and producer, spelling aside). Every row is checked as a whole
record before anything is written; the writes happen together and are undone if the
catalogue would not load afterwards. Hand-edited records keep their comments and layout.
"""

from __future__ import annotations

import datetime
import difflib
import io
import json
import os
import re
import sys
from dataclasses import dataclass, field
from typing import Any
from pathlib import Path

import yaml

from .editing import ID_LENGTH, producer_kind
from .load import FAST_LOADER, read_yaml
from .problems import ContentError, Problem
from .sheet_layout import Layout, LayoutError, SheetRow, read_layout
from .sheet_values import Keywords, Places, cell_text, identity, parse_date, parse_decision, parse_stars, section_stars
from .sheets import SheetError, read_grid
from .text import fold
from .validate import ID_PATTERN, PRODUCTS_DIR, Catalogue, load_catalogue, record_problems

KEYWORDS_FILE = "content/category-keywords.yml"
KINDS = {"hop tac xa": "cooperative", "htx": "cooperative", "doanh nghiep": "enterprise", "cong ty": "enterprise",
         "ho kinh doanh": "household", "ho gia dinh": "household", "ca nhan": "household", "ho": "household"}
SIMILAR = 0.85  # names this alike, with the same producer, are likely one product

MESSAGES: dict[str, dict[str, Any]] = {  # words, and "kinds" by kind of row
    "vi": {
        "row": "{sheet}: dòng {row}: {problems}",
        "cell": "ô {ref} ({heading}{merged})",
        "merged": ", ô gộp",
        "no_name": "không có tên sản phẩm ({where} trống)",
        "stars": "không đọc được hạng sao {found!r}: ghi 3, 4 hoặc 5 (vd. \"4 sao\")",
        "date": "không đọc được ngày {found!r}: ghi ngày/tháng/năm (vd. 29/12/2022)",
        "decision": "không đọc được số quyết định {found!r}: ghi như 3610/QĐ-UBND",
        "area": "không tìm thấy địa phương {found!r}{hint} trong content/areas.yml: sửa ô, hoặc thêm tên này vào aliases của địa phương đúng",
        "section_area": "dòng mục {row} ({found!r}) không phải địa phương nào trong content/areas.yml: sửa dòng mục, hoặc thêm tên này vào aliases của địa phương đúng",
        "bad_id": "mã {found!r} không dùng được: mã gồm 3-64 ký tự a-z, 0-9 và '-'",
        "other_product": "mã {id!r} là hồ sơ của sản phẩm khác ({name}, {producer}): không cập nhật; sửa mã, hoặc bỏ trống để tạo hồ sơ mới",
        "same_id": "mã {id!r} cũng có ở dòng {other}: mỗi sản phẩm một mã",
        "same_product": "cùng sản phẩm và chủ thể với dòng {other}: bỏ một dòng",
        "likely": "có thể trùng với {path} ({name}, {producer}): nếu đúng là một sản phẩm, ghi mã {id} vào cột 'Mã'; nếu là sản phẩm khác, ghi cho nó một mã mới vào cột 'Mã'",
        "invalid": "{field}: {message}",
        "created": "{verb}tạo {path} (dòng {row}){draft}",
        "updated": "{verb}cập nhật {path} (dòng {row}): {changes}",
        "draft": ", bản nháp, còn thiếu: {missing}",
        "numbered": " (mã đánh số: tên không phân biệt được với sản phẩm khác; hãy chọn mã tốt hơn)",
        "would": "sẽ ",
        "summary": "{verb}tạo {created} ({drafts} bản nháp), cập nhật {updated}, không đổi {unchanged}; bỏ qua {skipped} dòng ({kinds}); {failed} dòng lỗi{tail}",
        "kind_count": "{n} {kind}",
        "kinds": {"section": "dòng mục", "total": "dòng tổng", "note": "dòng ghi chú", "signature": "dòng chữ ký"},
        "tail_failed": ": sửa các dòng lỗi rồi nhập lại (các dòng đúng đã được ghi, nhập lại không tạo trùng)",
        "tail_dry": " (chạy thử: chưa ghi gì)",
        "nothing": "không có dòng sản phẩm nào dưới dòng tiêu đề (dòng {row})",
        "unused": "{sheet}: các cột không dùng: {headings}",
        "caption": "{sheet}: quyết định ở đầu bảng: {decision} ngày {date}",
        "rolled_back": "không ghi gì ({error}): các tệp đã được trả lại như cũ",
        "unsafe": "không ghi được hồ sơ này an toàn (đọc lại khác với nội dung đã kiểm tra): báo cho người quản trị",
        "draft_comment": "# Bản nháp: còn thiếu {missing}. Điền đủ, rồi xoá dòng 'draft: true' để xuất bản.",
        "suggested_comment": "# gợi ý theo tên (\"{keyword}\"): kiểm tra, rồi xoá '{field}' khỏi 'suggested'",
        "imported": "# Nhập từ {sheet}, dòng {row}, ngày {day}.",
        "sheet_note": "# Ghi chú trong bảng: {note}",
        "suggested_missing": "{field} (gợi ý, cần xác nhận)",
    },
    "en": {
        "row": "{sheet}: row {row}: {problems}",
        "cell": "cell {ref} ({heading}{merged})",
        "merged": ", merged cell",
        "no_name": "no product name ({where} is empty)",
        "stars": "cannot read the stars {found!r}: write 3, 4 or 5 (e.g. \"4 sao\")",
        "date": "cannot read the date {found!r}: write day/month/year (e.g. 29/12/2022)",
        "decision": "cannot read the decision number {found!r}: write it like 3610/QĐ-UBND",
        "area": "no area {found!r}{hint} in content/areas.yml: fix the cell, or add this name to the right area's aliases",
        "section_area": "section row {row} ({found!r}) names no area in content/areas.yml: fix the section row, or add this name to the right area's aliases",
        "bad_id": "the id {found!r} cannot be used: an id is 3-64 characters a-z, 0-9 and '-'",
        "other_product": "the id {id!r} is the record of another product ({name}, {producer}): not updated; fix the id, or leave it empty for a new record",
        "same_id": "the id {id!r} is also on row {other}: one id per product",
        "same_product": "the same product and producer as row {other}: remove one of the rows",
        "likely": "likely the same product as {path} ({name}, {producer}): if it is, put {id} in an 'id' column; if it is another product, give it a new id there",
        "invalid": "{field}: {message}",
        "created": "{verb}create {path} (row {row}){draft}",
        "updated": "{verb}update {path} (row {row}): {changes}",
        "draft": ", a draft, lacking: {missing}",
        "numbered": " (a numbered id: nothing in the name tells it apart from another product; choose a better id)",
        "would": "would ",
        "summary": "{verb}create {created} ({drafts} drafts), update {updated}, unchanged {unchanged}; skipped rows: {skipped} ({kinds}); failed rows: {failed}{tail}",
        "kind_count": "{kind}: {n}",
        "kinds": {"section": "section rows", "total": "total rows", "note": "note rows", "signature": "signature rows"},
        "tail_failed": ": fix the failed rows and import again (the good rows were written; a second import makes no duplicates)",
        "tail_dry": " (a dry run: nothing was written)",
        "nothing": "no product rows below the heading row (row {row})",
        "unused": "{sheet}: columns not used: {headings}",
        "caption": "{sheet}: the decision above the table: {decision} of {date}",
        "rolled_back": "nothing was written ({error}): every file is as it was",
        "unsafe": "this record cannot be written safely (read back, it differs from what was checked): tell the maintainers",
        "draft_comment": "# A draft, lacking {missing}. Fill them in, then remove the line 'draft: true' to publish it.",
        "suggested_comment": "# suggested by the name (\"{keyword}\"): check it, then remove '{field}' from 'suggested'",
        "imported": "# Imported from {sheet}, row {row}, on {day}.",
        "sheet_note": "# The sheet's note: {note}",
        "suggested_missing": "{field} (suggested: confirm it)",
    },
}


@dataclass
class Value:
    """A field's value for a record, and where it came from: a cell, a section row or the
    caption state it; an address, a keyword or a producer's name only suggest it."""

    value: Any  # a text, a number of stars, a day or a flag, by field
    source: str  # "cell", "section", "caption", "address", "keyword", "guess"
    note: str = ""  # e.g. the keyword that suggested a group

    @property
    def stated(self) -> bool:
        return self.source in ("cell", "section", "caption")


RECORD_PATH = {  # field -> where it goes in a record
    "name_vi": ("name", "vi"), "name_en": ("name", "en"), "category": ("category",), "stars": ("stars",),
    "decision": ("certification", "decision"), "date": ("certification", "date"), "valid_until": ("certification", "valid_until"),
    "potential": ("certification", "potential_five_star"), "producer": ("producer", "name"), "kind": ("producer", "kind"),
    "address": ("producer", "address"), "registration": ("producer", "registration"), "phone": ("producer", "phone"),
    "email": ("producer", "email"), "area": ("area",),
}
FIELD_OF = {".".join(path): name for name, path in RECORD_PATH.items()}


@dataclass
class Outcome:
    row: SheetRow
    values: dict[str, Value] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    id: str | None = None
    action: str = ""  # "create", "update", "unchanged"
    text: str = ""  # the record's new text
    changes: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    numbered: bool = False


class Importer:
    def __init__(self, catalogue: Catalogue, sheet: str, layout: Layout, options: dict, lang: str, keywords: Keywords):
        self.catalogue, self.sheet, self.layout, self.lang = catalogue, sheet, layout, lang
        self.say = MESSAGES[lang]
        self.places = Places(catalogue.areas)
        self.keywords = keywords
        self.decision = options.get("decision") or (layout.caption or (None, None))[0]
        self.date = options.get("date") or (layout.caption or (None, None))[1]
        self.decision_source = "cell" if options.get("decision") else "caption"
        self.subgroups: dict[str, str] = {}
        self.groups: dict[str, str] = {}
        for group_id, group in catalogue.groups.items():
            for label in (group_id, group.name.vi, group.name.en or ""):
                self.groups[fold(label)] = group_id
            for sub_id, name in group.subgroups.items():
                for label in (f"{group_id}.{sub_id}", sub_id, name.vi, name.en or ""):
                    self.subgroups[fold(label)] = f"{group_id}.{sub_id}"
        # every product the catalogue knows, published or draft: (id, name, producer)
        self.known = [(r.id, r.product.name.vi, r.product.producer.name) for r in catalogue.records]
        self.known += [(d.id, d.product.name.vi, d.product.producer.name if d.product.producer and d.product.producer.name else "") for d in catalogue.drafts]
        self.by_key = {(identity(n), identity(p)): i for i, n, p in self.known}
        self.by_name: dict[str, list[tuple[str, str, str]]] = {}
        self.by_producer: dict[str, list[tuple[str, str, str]]] = {}
        for entry in self.known:
            self.by_name.setdefault(identity(entry[1]), []).append(entry)
            self.by_producer.setdefault(identity(entry[2]), []).append(entry)
        self.names = {i: (n, p) for i, n, p in self.known}
        self.taken = set(self.names) | {p.stem for p in (catalogue.root / PRODUCTS_DIR).glob("*.yml")}
        self.next_number: dict[str, int] = {}

    # --- reading a row ----------------------------------------------------------------

    def where(self, row: SheetRow, name: str) -> str:
        merged = self.say["merged"] if name in row.merged else ""
        return self.say["cell"].format(ref=row.refs[name], heading=self.layout.headings[name], merged=merged)

    def read(self, row: SheetRow) -> Outcome:
        out = Outcome(row)
        cells, values, say = row.cells, out.values, self.say

        def fail(name: str, key: str, **kw) -> None:
            out.problems.append(f"{self.where(row, name)}: {say[key].format(found=cell_text(cells[name]), **kw)}")

        for name in ("name_vi", "name_en", "producer", "address", "registration", "email"):
            if name in cells:
                values[name] = Value(cell_text(cells[name]), "cell")
        if "name_vi" not in values:
            where = self.where(row, "name_vi") if "name_vi" in self.layout.columns else "'Tên sản phẩm'"
            out.problems.append(say["no_name"].format(where=where))
            return out
        if "phone" in cells:
            phone = cell_text(cells["phone"])
            # a number cell loses the leading 0 of Vietnamese numbers: 905123456 -> 0905123456
            values["phone"] = Value("0" + phone if phone.isdigit() and len(phone) in (9, 10) and phone[0] != "0" else phone, "cell")
        if "kind" in cells:
            values["kind"] = Value(KINDS.get(fold(cell_text(cells["kind"]))) or producer_kind(cell_text(cells["kind"])), "cell")
        elif "producer" in values:
            values["kind"] = Value(producer_kind(values["producer"].value), "guess")
        if "stars" in cells:
            stars = parse_stars(cells["stars"])
            if stars is None:
                fail("stars", "stars")
            else:
                values["stars"] = Value(stars[0], "cell")
                if stars[1]:
                    values["potential"] = Value(True, "cell")
        elif "stars" in row.sections:
            values["stars"] = Value(section_stars(row.sections["stars"].text), "section")
        self.read_decision(row, out, fail)
        self.read_date(row, out, fail, "valid_until")
        self.read_area(row, out, fail)
        self.read_category(row, out)
        return out

    def read_decision(self, row: SheetRow, out: Outcome, fail) -> None:
        cells, values = row.cells, out.values
        for name in ("decision_date", "decision"):
            if name in cells:
                found = parse_decision(cells[name])
                if found is None:
                    fail(name, "decision")
                    return
                values["decision"] = Value(found[0], "cell")
                if found[1]:
                    values["date"] = Value(found[1], "cell")
                break
        self.read_date(row, out, fail, "date")
        if "decision" not in values and self.decision:
            values["decision"] = Value(self.decision, self.decision_source)
        if "date" not in values and self.date:
            values["date"] = Value(self.date, self.decision_source)

    @staticmethod
    def read_date(row: SheetRow, out: Outcome, fail, name: str) -> None:
        if name in row.cells:
            day = parse_date(row.cells[name])
            if day is None:
                fail(name, "date")
            else:
                out.values[name] = Value(day, "cell")

    def read_area(self, row: SheetRow, out: Outcome, fail) -> None:
        if "area" in row.cells:
            area = self.places.area(cell_text(row.cells["area"]))
            if area is None:
                close = self.places.suggest(cell_text(row.cells["area"]))
                fail("area", "area", hint=f" ({close}?)" if close else "")
            else:
                out.values["area"] = Value(area, "cell")
        elif "area" in row.sections:
            section = row.sections["area"]
            area = self.places.area(section.text)
            if area is None:
                out.problems.append(self.say["section_area"].format(row=section.row, found=section.text))
            else:
                out.values["area"] = Value(area, "section")
        else:  # a commune column, else the address
            places = [f"xã {cell_text(row.cells['commune'])}"] if "commune" in row.cells else []
            places += [out.values["address"].value] if "address" in out.values else []
            for place in places:
                if area := self.places.from_address(place):
                    out.values["area"] = Value(area, "address")
                    break

    def read_category(self, row: SheetRow, out: Outcome) -> None:
        """A subgroup the sheet names is taken; a group, or a grouping of the office's own
        ("Dược liệu"), only narrows the subgroup suggested from the product's name."""
        group = None
        if "category" in row.cells:
            text = fold(cell_text(row.cells["category"]))
            if text in self.subgroups:
                out.values["category"] = Value(self.subgroups[text], "cell")
                return
            group = self.groups.get(text)
        suggestion = self.keywords.suggest(out.values["name_vi"].value)
        if suggestion and (group is None or suggestion[0].startswith(group + ".")):
            out.values["category"] = Value(suggestion[0], "keyword", suggestion[1])

    # --- matching and ids ---------------------------------------------------------------

    def key(self, out: Outcome) -> tuple[str, str]:
        producer = out.values.get("producer")
        return identity(out.values["name_vi"].value), identity(producer.value if producer else "")

    def match(self, out: Outcome) -> None:
        """Which record the row is: its id cell, else the same name and producer; a likely
        duplicate is reported, never made into a second record."""
        say, row = self.say, out.row
        given = cell_text(row.cells["id"]) if "id" in row.cells else ""
        name, producer = self.key(out)
        if given:
            if not ID_PATTERN.fullmatch(given):
                out.problems.append(f"{self.where(row, 'id')}: {say['bad_id'].format(found=given)}")
            elif given in self.names:
                known_name, known_producer = self.names[given]
                if identity(known_name) != name or (producer and identity(known_producer) != producer):
                    out.problems.append(f"{self.where(row, 'id')}: {say['other_product'].format(id=given, name=known_name, producer=known_producer)}")
                else:
                    out.id, out.action = given, "update"
            elif given in self.taken:
                out.problems.append(f"{self.where(row, 'id')}: {say['bad_id'].format(found=given)}")
            else:
                out.id, out.action = given, "create"
            return
        if (name, producer) in self.by_key:
            out.id, out.action = self.by_key[(name, producer)], "update"
            return
        candidates = self.by_name.get(name, []) + self.by_producer.get(producer, []) if producer else self.by_name.get(name, [])
        for known_id, known_name, known_producer in candidates:
            same_name = identity(known_name) == name
            near_name = same_name or difflib.SequenceMatcher(None, identity(known_name), name).ratio() >= SIMILAR
            near_producer = not producer or not known_producer or difflib.SequenceMatcher(None, identity(known_producer), producer).ratio() >= SIMILAR
            if near_name and near_producer:
                out.problems.append(say["likely"].format(path=f"{PRODUCTS_DIR}/{known_id}.yml", name=known_name, producer=known_producer or "?", id=known_id))
                return
        out.action = "create"

    def propose_id(self, out: Outcome) -> str:
        """A short id that keeps the words that tell products apart: the name's, then its
        area's or producer's when the name alone is taken. Linear: a few tries per row."""
        words = fold(out.values["name_vi"].value).split() or ["san", "pham"]
        area = out.values.get("area")
        extra = [area.value.split("-")] if area else []
        if "producer" in out.values:
            producer = identity(out.values["producer"].value)
            for form in LEGAL_FORMS:  # "Hộ Trần Văn Tư" -> "tran van tu"
                producer = producer.removeprefix(form + " ")
            extra.append(producer.split()[-2:])
        tries = [words, *(words[:2] + e for e in extra), words[:2] + words[-2:], *(words[:3] + e for e in extra)]
        for choice in tries:
            candidate = _short_id(choice)
            if candidate not in self.taken:
                return candidate
        base = _short_id(words)[: ID_LENGTH - 3].rstrip("-")
        n = self.next_number.get(base, 2)
        while f"{base}-{n}" in self.taken:
            n += 1
        self.next_number[base] = n + 1
        out.numbered = True
        return f"{base}-{n}"


LEGAL_FORMS = [identity(form) for form in (  # longest first
    "Công ty TNHH MTV", "Công ty TNHH", "Công ty cổ phần", "Công ty", "Doanh nghiệp tư nhân", "Hợp tác xã", "Tổ hợp tác",
    "Hộ kinh doanh", "Hộ gia đình", "Cơ sở sản xuất", "Cơ sở", "Hộ")]


def _short_id(words: list[str]) -> str:
    """At most ID_LENGTH characters, keeping the first words (what the product is) and the
    last (usually its place or brand): "Bánh tráng mè Đại Lộc" -> banh-trang-dai-loc."""
    for head in (len(words), 3, 2):
        text = "-".join(words[:head] + words[max(head, len(words) - 2):])
        if len(text) <= ID_LENGTH:
            break
    else:  # as many first words as fit
        text = words[0][:ID_LENGTH]
        for word in words[1:]:
            if len(text) + 1 + len(word) > ID_LENGTH:
                break
            text += "-" + word
    return text if ID_PATTERN.fullmatch(text) else (text + "-sp")[:ID_LENGTH]


# --- writing ------------------------------------------------------------------------


def _record(values: dict[str, Value]) -> dict:
    record: dict = {}
    for name, path in RECORD_PATH.items():
        if name in values:
            node = record
            for key in path[:-1]:
                node = node.setdefault(key, {})
            node[path[-1]] = values[name].value
    return record


def _missing(problems: list[Problem]) -> list[str]:
    return [p.field for p in problems if p.message == "required field is missing"]


STR_TAG, RESOLVER = "tag:yaml.org,2002:str", yaml.resolver.Resolver()
NOT_PLAIN = re.compile(r"^[\s\-?:,\[\]{}#&*!|>'\"%@`]|: | #|:$|\s$|[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _scalar(value) -> str:
    """A value as YAML writes it: text plain when YAML reads it back as that same text (not
    as a number, date or true/false), else in double quotes; dates as 2022-12-29."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, datetime.date)):
        return str(value)
    if not value or NOT_PLAIN.search(value) or RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) != STR_TAG:
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
    return value


def _yaml_lines(mapping: dict, indent: str = "") -> list[str]:
    lines = []
    for key, value in mapping.items():
        if isinstance(value, dict):
            lines += [f"{indent}{key}:", *_yaml_lines(value, indent + "  ")]
        else:
            lines.append(f"{indent}{key}: {_scalar(value)}")
    return lines


def new_record_text(out: Outcome, record: dict, say: dict, sheet: str, today: datetime.date) -> str:
    order = ["draft", "name", "category", "stars", "certification", "producer", "area", "suggested"]
    ordered = {k: record[k] for k in order if k in record}
    lines = [say["imported"].format(sheet=sheet, row=out.row.number, day=today.isoformat())]
    if "note" in out.row.cells:  # the sheet's own note on the row, kept for the editor
        lines.append(say["sheet_note"].format(note=cell_text(out.row.cells["note"])))
    if record.get("draft"):
        lines.append(say["draft_comment"].format(missing=", ".join(out.missing)))
    suggested = ordered.pop("suggested", [])
    for line in _yaml_lines(ordered):
        if line.startswith("category:") and "category" in suggested:
            line += "  " + say["suggested_comment"].format(keyword=out.values["category"].note, field="category")
        lines.append(line)
    if suggested:
        lines.append(f"suggested: [{', '.join(suggested)}]")
    return "\n".join(lines) + "\n"


def _round_trip():
    from ruamel.yaml import YAML

    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 4096
    rt.indent(mapping=2, sequence=4, offset=2)
    return rt


def _plain(value):
    """ruamel's commented containers and scalars as plain Python values, for the schema."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, datetime.date):
        return datetime.date(value.year, value.month, value.day)
    return value


def _says_no_more(old, new) -> bool:
    """A text the record already says, spelled differently or more fully: "Cty TNHH …" for
    "Công ty TNHH …", "xã Tam Lãnh" for "xã Tam Lãnh, huyện Phú Ninh"."""
    return isinstance(old, str) and isinstance(new, str) and f" {identity(new)} " in f" {identity(old)} "


def _as_written(value):
    """Text that YAML 1.1 (which ocop reads) would take for something else, in quotes:
    ruamel.yaml writes YAML 1.2, where "NO" or "0905 …" may stay plain."""
    if isinstance(value, str) and _scalar(value) != value:
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString

        return DoubleQuotedScalarString(value)
    return value


def apply_row(data, out: Outcome) -> None:
    """Set the row's values on a record read with ruamel (comments kept): stated values
    replace what is there, suggested ones only fill what is missing."""
    for name, value in out.values.items():
        path = RECORD_PATH[name]
        node = data
        for key in path[:-1]:
            if key not in node:
                node[key] = {}
            node = node[key]
        old = _plain(node.get(path[-1]))
        if old == value.value or (old is not None and not value.stated) or _says_no_more(old, value.value):
            continue
        node[path[-1]] = _as_written(value.value)
        out.changes.append(f"{'.'.join(path)}: {old} -> {value.value}" if old is not None else f"{'.'.join(path)}: + {value.value}")


def import_sheet(root: Path, sheet: Path, dry_run: bool, decision: str | None = None, date: datetime.date | None = None,
                 lang: str = "vi", today: datetime.date | None = None) -> int:
    say = MESSAGES[lang]
    catalogue, _ = load_catalogue(root)
    keywords = _keywords(root, catalogue.groups)
    try:
        grid = read_grid(sheet)
        places = Places(catalogue.areas)
        layout = read_layout(grid, lambda text: places.area(text) is not None)
    except (SheetError, LayoutError) as e:
        print(str(e) if str(e).startswith(sheet.name) else f"{sheet.name}: {e}", file=sys.stderr)
        return 1
    if layout.caption:
        day = layout.caption[1]
        print(say["caption"].format(sheet=sheet.name, decision=layout.caption[0], date=(day.strftime("%d/%m/%Y") if lang == "vi" else day.isoformat()) if day else "?"))
    if layout.unused:
        print(say["unused"].format(sheet=sheet.name, headings=", ".join(repr(h) for h in layout.unused)))
    importer = Importer(catalogue, sheet.name, layout, {"decision": decision, "date": date}, lang, keywords)
    outcomes = [importer.read(row) for row in layout.rows]
    if not outcomes:
        print(f"{sheet.name}: {say['nothing'].format(row=layout.heading_row)}", file=sys.stderr)
        return 1
    _same_twice(outcomes, importer)
    rt = _round_trip()
    writes: dict[Path, str] = {}
    for out in outcomes:
        if out.problems:
            continue
        importer.match(out)
        if out.problems:
            continue
        if out.action == "create":
            _create(out, importer, sheet.name, today or datetime.date.today())
        else:
            _update(out, root, rt, importer)
        if out.problems or out.action == "unchanged":
            continue
        assert out.id is not None  # _create and _update give it one
        importer.taken.add(out.id)
        writes[root / PRODUCTS_DIR / f"{out.id}.yml"] = out.text
    verb = say["would"] if dry_run else ""
    for out in outcomes:
        if out.problems:
            print(say["row"].format(sheet=sheet.name, row=out.row.number, problems="; ".join(out.problems)), file=sys.stderr)
        elif out.action == "create":
            draft = say["draft"].format(missing=", ".join(out.missing)) if out.missing else ""
            print(say["created"].format(verb=verb, path=f"{PRODUCTS_DIR}/{out.id}.yml", row=out.row.number, draft=draft) + (say["numbered"] if out.numbered else ""))
        elif out.action == "update":
            print(say["updated"].format(verb=verb, path=f"{PRODUCTS_DIR}/{out.id}.yml", row=out.row.number, changes="; ".join(out.changes)))
    if writes and not dry_run and not _write_all(writes, say):
        return 1
    failed = sum(1 for o in outcomes if o.problems)
    good = [o for o in outcomes if not o.problems]
    kinds = ", ".join(say["kind_count"].format(n=n, kind=say["kinds"][k]) for k, n in sorted(layout.skipped.items())) or "-"
    tail = say["tail_dry"] if dry_run else say["tail_failed"] if failed else ""
    print(say["summary"].format(
        verb=verb, created=sum(o.action == "create" for o in good), drafts=sum(o.action == "create" and bool(o.missing) for o in good),
        updated=sum(o.action == "update" for o in good), unchanged=sum(o.action == "unchanged" for o in good),
        skipped=sum(layout.skipped.values()), kinds=kinds, failed=failed, tail=tail))
    return 1 if failed else 0


def _same_twice(outcomes: list[Outcome], importer: Importer) -> None:
    """The same id, or the same product and producer, on two rows: an error on both."""
    first_id: dict[str | tuple[str, str], Outcome] = {}
    first_key: dict[str | tuple[str, str], Outcome] = {}
    for out in outcomes:
        if out.problems:
            continue
        given = cell_text(out.row.cells.get("id", ""))
        for seen, key, message in ((first_id, given, "same_id"), (first_key, importer.key(out), "same_product")):
            if not key:
                continue
            if key in seen:
                other = seen[key]
                out.problems.append(importer.say[message].format(id=given, other=other.row.number))
                if not any(f"{out.row.number}" in p for p in other.problems):
                    other.problems.append(importer.say[message].format(id=given, other=out.row.number))
            else:
                seen[key] = out


def _check(out: Outcome, record: dict, importer: Importer, relpath: str) -> bool:
    """Check the row's record as a whole; one that lacks what a record needs is a draft (its
    other fields are checked exactly as a record's)."""
    problems = record_problems(relpath, dict(record, draft=False))
    missing = _missing(problems)
    if missing or record.get("suggested"):
        record["draft"] = True  # never published until an editor completes it
    for problem in problems:
        if problem.field in missing:
            continue
        name = FIELD_OF.get(problem.field)
        where = importer.where(out.row, name) if name in out.row.refs else problem.field
        out.problems.append(importer.say["invalid"].format(field=where, message=problem.message + (f" ({problem.found})" if problem.found else "")))
    out.missing = missing + [importer.say["suggested_missing"].format(field=name) for name in record.get("suggested", [])]
    return not out.problems


def _reads_back(out: Outcome, text: str, record: dict, importer: Importer) -> None:
    """The text, read as `ocop` reads records, must be the record that was checked."""
    if yaml.load(text, Loader=FAST_LOADER) == record:
        out.text = text
    else:
        out.problems.append(importer.say["unsafe"])


def _create(out: Outcome, importer: Importer, sheet: str, today: datetime.date) -> None:
    record = _record(out.values)
    suggested = [name for name, v in out.values.items() if v.source == "keyword"]
    if suggested:
        record["suggested"] = suggested
    out.id = out.id or importer.propose_id(out)
    if _check(out, record, importer, f"{PRODUCTS_DIR}/{out.id}.yml"):
        _reads_back(out, new_record_text(out, record, importer.say, sheet, today), record, importer)


def _update(out: Outcome, root: Path, rt, importer: Importer) -> None:
    """Only a record that changes is read with ruamel.yaml (slower, but it keeps comments)."""
    text = (root / PRODUCTS_DIR / f"{out.id}.yml").read_text(encoding="utf-8")
    for data in (yaml.load(text, Loader=FAST_LOADER), None):
        if data is None:
            out.changes.clear()
            data = rt.load(text)
        apply_row(data, out)
        plain = _plain(data)
        if plain.get("draft") is True and not plain.get("suggested") and not _missing(record_problems("", dict(plain, draft=False))):
            del data["draft"]  # complete now: published from the next build
            out.changes.append("draft: true -> -")
        if not out.changes:
            out.action = "unchanged"
            return
    plain = _plain(data)
    if _check(out, plain, importer, f"{PRODUCTS_DIR}/{out.id}.yml"):
        buffer = io.StringIO()
        rt.dump(data, buffer)
        _reads_back(out, buffer.getvalue(), plain, importer)


def _write_all(writes: dict[Path, str], say: dict) -> bool:
    """Write every record, or none: after a failure (a full disk, a read-only folder) every
    file is put back. A new record is created exclusively (never over a file that appeared
    meanwhile); an updated one is replaced whole, through a temporary file."""
    before: dict[Path, bytes | None] = {}
    try:
        for path, text in writes.items():
            before[path] = path.read_bytes() if path.exists() else None
            write_record(path, text, new=before[path] is None)
        return True
    except OSError as e:
        for path, old in before.items():
            if old is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(old)
        print(say["rolled_back"].format(error=f"{e.filename}: {e.strerror}"), file=sys.stderr)
        return False


def write_record(path: Path, text: str, new: bool) -> None:
    if new:
        with path.open("x", encoding="utf-8") as file:
            file.write(text)
    else:
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)


def _keywords(root: Path, groups: dict) -> Keywords:
    """The office's keyword table; an error in it is a content problem with its line."""
    path = root / KEYWORDS_FILE
    if not path.is_file():
        return Keywords({})
    problems: list[Problem] = []
    doc = read_yaml(root, KEYWORDS_FILE, problems)
    if doc is None or not isinstance(doc.data, dict):
        raise ContentError(problems or [Problem(KEYWORDS_FILE, 1, "", "expected 'subgroup id: [keyword, keyword, …]' lines")])
    for subgroup, words in doc.data.items():
        group_id, _, sub_id = subgroup.partition(".")
        if group_id not in groups or sub_id not in groups[group_id].subgroups:
            problems.append(Problem(KEYWORDS_FILE, doc.line_of((subgroup,)), subgroup, "unknown subgroup; expected a subgroup id from content/categories.yml"))
        elif not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            problems.append(Problem(KEYWORDS_FILE, doc.line_of((subgroup,)), subgroup, "expected a list of keywords: [nước mắm, mắm, …]"))
    if problems:
        raise ContentError(problems)
    return Keywords(doc.data)
