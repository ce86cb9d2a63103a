"""`ocop import`, step 2: the layout of an office's sheet, as offices publish them.

Above the table, title rows and a caption that may name the decision ("Kèm theo Quyết định
số 3610/QĐ-UBND ngày 29/12/2022 …"); a heading over one or two rows ("Quyết định công nhận"
merged over "Số" and "Ngày"), sometimes followed by a row numbering the columns; then product
rows grouped under section rows ("I. HUYỆN TÂY GIANG", "SẢN PHẨM ĐẠT 4 SAO"); at the end
total, note and signature rows. This module finds the columns and tells the rows apart.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from .sheet_values import AREA_MARK, SECTION_NUMBER, caption_decision, cell_text, section_stars
from .sheets import Cell, Grid, column_letter
from .text import fold


def heading_field(heading: str) -> str | None:
    """The record field a column heading names ("Tên sản phẩm OCOP" -> name_vi), or None."""
    text = fold(heading)
    words = set(text.split())
    if not text:
        return None
    if text in ("stt", "tt", "so tt", "so thu tu", "thu tu"):
        return "number"
    if "ghi chu" in text:
        return "note"
    if "tieng anh" in text or "english" in words:
        return "name_en"
    if text in ("ma", "ma san pham", "ma sp", "id", "ma so san pham"):
        return "id"
    if "quyet dinh" in text or "qd" in words or text in ("so", "ngay", "so ngay", "so hieu"):
        if "hieu luc" in text or "het han" in text:
            return "valid_until"
        if "so" in words and "ngay" in words:
            return "decision_date"
        return "date" if "ngay" in words else "decision"
    if text.startswith("ngay") and ("cong nhan" in text or "ban hanh" in text or "ky" in words or "cap" in words):
        return "date"
    if "hieu luc" in text or "het han" in text or "thoi han" in text:
        return "valid_until"
    if "sao" in words or "phan hang" in text or "xep hang" in text or text in ("hang", "ket qua danh gia", "ket qua xep hang"):
        return "stars"
    if "ma so thue" in text or "mst" in words or "dang ky kinh doanh" in text or "ma so doanh nghiep" in text:
        return "registration"
    if "dien thoai" in text or "sdt" in words or "so dt" in text:
        return "phone"
    if "email" in words or "e mail" in text or "thu dien tu" in text:
        return "email"
    if "dia chi" in text:
        return "address"
    if "loai hinh" in text:
        return "kind"
    if words & {"huyen", "quan", "thi", "tp", "tx"} or "dia phuong" in text or "dia ban" in text or "don vi hanh chinh" in text:
        return "area"
    if words & {"xa", "phuong"}:  # "Xã/phường": the commune, which places the product like an address
        return "commune"
    if "chu the" in text or "don vi" in text or "co so" in text or "doanh nghiep" in text or "to chuc" in text or "nha san xuat" in text:
        return "producer"
    if "nhom" in words or "bo san pham" in text or "nganh hang" in text or "phan loai" in text:
        return "category"
    if "san pham" in text or text in ("ten", "ten goi"):
        return "name_vi"
    return None


@dataclass
class Section:
    """Context a section row gives the rows below it."""

    kind: str  # "area" or "stars"
    text: str  # the row's text as written
    row: int  # its number


@dataclass
class SheetRow:
    number: int  # as the office sees it
    cells: dict[str, Cell]  # field -> cell value, for the columns the sheet has
    refs: dict[str, str]  # field -> cell reference, e.g. "E12"
    merged: set[str]  # fields whose value was filled from a merged cell above
    sections: dict[str, Section] = field(default_factory=dict)  # "area" / "stars" -> the section row


@dataclass
class Layout:
    columns: dict[str, int]  # field -> column index
    headings: dict[str, str]  # field -> the heading as written (two-row headings joined)
    heading_row: int  # the number of the (first) heading row
    caption: tuple[str, datetime.date | None] | None  # (decision, date) named above the table
    rows: list[SheetRow]
    skipped: Counter  # "section", "total", "note", "signature" -> rows
    unused: list[str]  # headings of columns nothing reads


class LayoutError(Exception):
    pass


def read_layout(grid: Grid, is_area) -> Layout:
    """is_area(text): whether a text names an area of the catalogue (a section row's)."""
    texts = [[cell_text(c) for c in row] for row in grid.rows]
    top = _find_heading_row(texts)
    if top is None:
        raise LayoutError("no heading row: the sheet needs a row of column headings such as 'Tên sản phẩm', 'Chủ thể', 'Hạng sao' within its first 30 rows")
    headings, first_data = _headings(texts, top)
    columns: dict[str, int] = {}
    names: dict[str, str] = {}
    unused: list[str] = []
    for c, heading in enumerate(headings):
        name = heading_field(heading)
        if name in ("number", "note") or (name and name not in columns):
            columns.setdefault(name, c)
            names.setdefault(name, heading)
        elif heading:
            unused.append(heading)
    caption = None
    for row in texts[:top]:
        caption = caption or caption_decision(" ".join(row))
    layout = Layout(columns, names, top + 1, caption, [], Counter(), unused)
    _read_rows(grid, texts, first_data, layout, is_area)
    return layout


def _find_heading_row(texts: list[list[str]]) -> int | None:
    for r, row in enumerate(texts[:30]):
        found = {heading_field(t) for t in row} - {None, "number", "note"}
        if "name_vi" in found and len(found) >= 3:
            return r
    return None


def _headings(texts: list[list[str]], top: int) -> tuple[list[str], int]:
    """The heading of every column, and the index of the first row after the headings. A
    second heading row names the parts of a merged parent ("Quyết định công nhận" over "Số"
    and "Ngày"); in a CSV the parent stands only over its first part."""
    width = max(len(r) for r in texts)
    parent = texts[top] + [""] * (width - len(texts[top]))
    below = texts[top + 1] + [""] * (width - len(texts[top + 1])) if top + 1 < len(texts) else [""] * width
    parts = [c for c in range(width) if below[c] and below[c] != parent[c]]
    two_rows = bool(parts) and all(len(fold(below[c]).split()) <= 4 and not below[c][:1].isdigit() for c in parts) and not _is_number(below[0])
    headings, last = [], ""
    for c in range(width):
        last = parent[c] or (last if two_rows and below[c] else "")
        if two_rows and below[c] and below[c] != last:
            headings.append(f"{last} {below[c]}".strip())
        else:
            headings.append(parent[c] or (below[c] if two_rows else ""))
    first = top + (2 if two_rows else 1)
    if first < len(texts) and _numbers_columns(texts[first]):
        first += 1
    return headings, first


def _numbers_columns(row: list[str]) -> bool:
    """A row numbering the columns under the heading: (1) (2) (3) … or 1 2 3 …"""
    values = [re.sub(r"[()\s]", "", t) for t in row if t]
    return len(values) >= 3 and all(v.isdigit() for v in values) and [int(v) for v in values] == list(range(int(values[0]), int(values[0]) + len(values)))


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"\d{1,6}(\.0?)?", text))


TOTAL = re.compile(r"^(tong|cong)\b")
NOTE = re.compile(r"^(ghi chu|luu y|chu thich|chu y)\b")
SIGNATURE = re.compile(r"\b(chu tich|giam doc|kt|tm|nguoi lap|noi nhan|da ky|truong phong|pho truong phong|xac nhan|ky ten|ho ten)\b|\bngay \d+ thang \d+ nam\b|\bngay\s+thang\s+nam\b")


def _read_rows(grid: Grid, texts: list[list[str]], first: int, layout: Layout, is_area) -> None:
    number_col = layout.columns.get("number")
    name_col = layout.columns.get("name_vi")
    fields = {f: c for f, c in layout.columns.items() if f != "number"}
    sections: dict[str, Section] = {}
    order: list[str] = []  # kinds of section in the order they first appear: outer first
    footer = False
    for r in range(first, len(texts)):
        row = texts[r]
        distinct = list(dict.fromkeys(t for t in row if t))
        if not distinct:
            continue
        number = row[number_col] if number_col is not None and number_col < len(row) else ""
        head = fold(distinct[0])
        if footer and not _is_number(number):
            layout.skipped["signature"] += 1
            continue
        if TOTAL.match(head):
            layout.skipped["total"] += 1
            footer = True
            continue
        if NOTE.match(head) or distinct[0].startswith("*"):
            layout.skipped["note"] += 1
            continue
        name = row[name_col] if name_col is not None and name_col < len(row) else ""
        lettered = bool(re.fullmatch(r"[IVXLC]+\.?|[A-Z]\.?", number))  # "I", "II", "A": a section's number
        if not _is_number(number) and (len(distinct) == 1 or lettered or (number and not name)):
            text = distinct[1] if lettered and len(distinct) > 1 else distinct[0]
            if SIGNATURE.search(fold(text)):
                layout.skipped["signature"] += 1
                footer = True
                continue
            kind = _section_kind(text, is_area)
            if kind or text.isupper() or not name:
                layout.skipped["section"] += 1
                if kind:
                    if kind not in order:
                        order.append(kind)
                    for inner in order[order.index(kind) + 1:]:
                        sections.pop(inner, None)
                    sections[kind] = Section(kind, text, r + 1)
                continue
        if not name and SIGNATURE.search(head):
            layout.skipped["signature"] += 1
            footer = True
            continue
        cells = {f: grid.rows[r][c] if c < len(grid.rows[r]) else "" for f, c in fields.items()}
        cells = {f: v for f, v in cells.items() if cell_text(v)}
        refs = {f: f"{column_letter(c)}{r + 1}" for f, c in fields.items()}
        merged = {f for f, c in fields.items() if (r, c) in grid.merged_from and grid.merged_from[(r, c)][0] < r}
        layout.rows.append(SheetRow(r + 1, cells, refs, merged, dict(sections)))


def _section_kind(text: str, is_area) -> str | None:
    """'stars' for "SẢN PHẨM ĐẠT 4 SAO", 'area' for "I. HUYỆN TÂY GIANG" or "THÀNH PHỐ HỘI AN"
    (known or not: an unknown area must not leave the previous one in force)."""
    if section_stars(text):
        return "stars"
    if is_area(text) or AREA_MARK.match(fold(SECTION_NUMBER.sub("", text))):
        return "area"
    return None
