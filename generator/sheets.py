"""`ocop import`, step 1: an office's spreadsheet file (.xlsx, .xls, .csv) as a grid of cells.

Merged cells are filled: a merged range's value is copied into every cell of the range, and
`merged_from` remembers where it came from, so a message can say "merged cell". Files are
checked against limits before they are parsed: a small .xlsx can declare or unzip into
gigabytes.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_FILE_BYTES = 50_000_000
MAX_UNZIPPED_BYTES = 64_000_000  # an office sheet of 20,000 rows unzips to about 10 MB
MAX_ROWS = 50_000  # the whole country has about 18,000 OCOP products
MAX_COLUMNS = 200
MAX_CELL_CHARS = 5_000

Cell = str | int | float | datetime.date | datetime.datetime


class SheetError(Exception):
    """The file cannot be read as a sheet: one line that says why and what to do."""


@dataclass
class Grid:
    name: str  # the file's name, for messages
    rows: list[list[Cell]]  # rows[i][j] is the cell at row i+1, column j+1; "" when empty
    merged_from: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)  # 0-based


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, as the office's spreadsheet program names columns."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_grid(path: Path) -> Grid:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise SheetError(f"{path.name}: {size:,} bytes; a sheet may have at most {MAX_FILE_BYTES:,}: split it into several files")
    suffix = path.suffix.lower()
    data = path.read_bytes()
    if suffix == ".xlsx":
        grid = _read_xlsx(path.name, data)
    elif suffix == ".xls":
        grid = _read_xls(path.name, data)
    elif suffix == ".csv":
        grid = Grid(path.name, _read_csv(path.name, data))
    else:
        raise SheetError(f"{path.name}: expected an .xlsx, .xls or .csv file")
    for r, row in enumerate(grid.rows):
        for c, cell in enumerate(row):
            if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
                raise SheetError(f"{path.name}: cell {column_letter(c)}{r + 1} holds {len(cell):,} characters; at most {MAX_CELL_CHARS:,}: shorten it")
    return grid


def _check_size(name: str, rows: int, columns: int) -> None:
    if rows > MAX_ROWS or columns > MAX_COLUMNS:
        raise SheetError(
            f"{name}: the sheet reaches row {rows:,} and column {column_letter(columns - 1)}; at most {MAX_ROWS:,} rows "
            f"and {MAX_COLUMNS} columns: delete stray cells far from the table, or copy the table into a new file")


def _fill_merged(rows: list[list[Cell]], ranges, merged_from: dict) -> None:
    """ranges: (first row, last row, first column, last column), 0-based and inclusive."""
    for r0, r1, c0, c1 in ranges:
        if r0 >= len(rows):
            continue
        value = rows[r0][c0] if c0 < len(rows[r0]) else ""
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            for c in range(c0, min(c1, len(rows[r]) - 1) + 1):
                if (r, c) != (r0, c0):
                    rows[r][c] = value
                    merged_from[(r, c)] = (r0, c0)


def _read_xlsx(name: str, data: bytes) -> Grid:
    from openpyxl import load_workbook
    from openpyxl.worksheet.worksheet import Worksheet
    from openpyxl.xml import DEFUSEDXML

    # openpyxl parses XML with defusedxml when it is installed (a declared dependency):
    # entity expansion and external entities are refused, not merely unlikely.
    assert DEFUSEDXML, "defusedxml is a dependency of ocop-catalogue"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise SheetError(f"{name}: not an .xlsx file (an .xlsx is a zip archive): open it in Excel and save it as .xlsx again") from None
    if unzipped > MAX_UNZIPPED_BYTES:
        raise SheetError(f"{name}: unzips to {unzipped:,} bytes; a sheet may unzip to at most {MAX_UNZIPPED_BYTES:,}: split it into several files")
    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a damaged file: one line, whatever the kind
        raise SheetError(f"{name}: cannot read this .xlsx file ({type(e).__name__}: {_one_line(e)}): open it in Excel and save it again") from None
    sheet = book.active
    if not isinstance(sheet, Worksheet):
        raise SheetError(f"{name}: the sheet shown when the file opens is not a table (a chart?): show the table's sheet, save, and import again")
    _check_size(name, sheet.max_row, sheet.max_column)
    # openpyxl's values: Cell's kinds and a few more (bool, Decimal, time) that cell_text writes as text
    rows: list[list[Any]] = [["" if v is None else v for v in row] for row in sheet.iter_rows(max_col=sheet.max_column, values_only=True)]
    grid = Grid(name, rows)
    ranges = [(m.min_row - 1, m.max_row - 1, m.min_col - 1, m.max_col - 1) for m in sheet.merged_cells.ranges]
    _fill_merged(rows, ranges, grid.merged_from)
    return grid


def _read_xls(name: str, data: bytes) -> Grid:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
        sheet = book.sheet_by_index(0)
    except Exception as e:  # xlrd's errors for a damaged or mislabelled file
        hint = "it is an .xlsx file: rename it to .xlsx" if data[:2] == b"PK" else "open it in Excel and save it as .xlsx"
        raise SheetError(f"{name}: cannot read this .xls file ({_one_line(e)}): {hint}") from None
    _check_size(name, sheet.nrows, sheet.ncols)
    rows: list[list[Cell]] = []
    for r in range(sheet.nrows):
        row: list[Cell] = []
        for c in range(sheet.ncols):
            kind, raw = sheet.cell_type(r, c), sheet.cell_value(r, c)
            value: Cell = raw
            if kind == xlrd.XL_CELL_DATE:
                value = xlrd.xldate.xldate_as_datetime(float(raw), book.datemode)
            elif kind == xlrd.XL_CELL_NUMBER and float(raw).is_integer():
                value = int(float(raw))
            elif kind not in (xlrd.XL_CELL_TEXT, xlrd.XL_CELL_NUMBER):
                value = ""  # empty, blank, error and boolean cells
            row.append(value)
        rows.append(row)
    grid = Grid(name, rows)
    _fill_merged(rows, [(r0, r1 - 1, c0, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells], grid.merged_from)
    return grid


SAVE_AS_CSV = "in Excel, choose File > Save As > 'CSV UTF-8 (Comma delimited)', or save the sheet as .xlsx"


def _decode(name: str, data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 (with BOM, or without from its zero bytes), else
    Windows-1258, the Vietnamese code page of older Excel versions."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif len(data) > 1 and data[1::2].count(0) > len(data) // 4:
        encoding = "utf-16-le"
    elif len(data) > 1 and data[0::2].count(0) > len(data) // 4:
        encoding = "utf-16-be"
    else:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        if encoding != "utf-8":
            raise SheetError(f"{name}: not readable as {encoding.upper()} text: {SAVE_AS_CSV}") from None
        text = data.decode("cp1258", errors="replace")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0") or "\x00" in text or "\ufffd" in text:
        raise SheetError(f"{name}: this is not a CSV text file (it may be an Excel file renamed .csv): {SAVE_AS_CSV}")
    return text


def _read_csv(name: str, data: bytes) -> list[list[Cell]]:
    import unicodedata

    text = unicodedata.normalize("NFC", _decode(name, data))
    sample = text[:20_000]
    # The delimiter that splits the first lines into the most cells, consistently.
    best, best_score = ",", -1
    for delimiter in (",", ";", "\t"):
        try:
            widths = [len(row) for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)][:50]
        except csv.Error:
            continue
        score = max(widths, default=0) if widths and max(widths) > 1 else 0
        if score > best_score:
            best, best_score = delimiter, score
    csv.field_size_limit(MAX_CELL_CHARS + 1)
    rows: list[list[Cell]] = []
    try:
        # From a stream, not line by line: a quoted cell may hold a line break.
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=best):
            rows.append(list(row))
            if len(rows) > MAX_ROWS or len(row) > MAX_COLUMNS:
                _check_size(name, len(rows), len(row))
    except csv.Error as e:
        raise SheetError(f"{name}: row {len(rows) + 1}: cannot read the CSV ({e}): {SAVE_AS_CSV}") from None
    return rows


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())[:160]
