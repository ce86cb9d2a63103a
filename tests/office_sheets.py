"""Sheets laid out the way offices publish them, written as .xlsx, .xls or .csv for tests."""

from __future__ import annotations

import csv
import datetime
import io
import unicodedata
from pathlib import Path

from openpyxl.utils.cell import range_boundaries

# An annex to a decision: title rows, the decision in the caption, a heading over two rows,
# a row numbering the columns, products under area sections, a total and a signature.
ANNEX = [
    ["UỶ BAN NHÂN DÂN", "", "", "", "", "", ""],
    ["TỈNH QUẢNG NAM", "", "", "", "", "", ""],
    ["DANH SÁCH SẢN PHẨM ĐẠT CHỨNG NHẬN OCOP NĂM 2022", "", "", "", "", "", ""],
    ["(Kèm theo Quyết định số 3610/QĐ-UBND ngày 29/12/2022 của UBND tỉnh Quảng Nam)", "", "", "", "", "", ""],
    ["STT", "Tên sản phẩm OCOP", "Chủ thể", "Địa chỉ", "Phân nhóm", "Kết quả", ""],
    ["", "", "", "", "", "Điểm", "Hạng sao"],
    ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
    ["I", "HUYỆN TÂY GIANG", "", "", "", "", ""],
    [1, "Rượu ba kích A Zứt", "HTX Nông nghiệp A Zứt", "thôn A Zứt, xã A Tiêng", "Rượu", 72, "3 sao"],
    [2, "Đẳng sâm Tây Giang", "Cty TNHH MTV Dược liệu Tây Giang", "xã Lăng", "Dược liệu", 76, "★★★★"],
    ["II", "THÀNH PHỐ HỘI AN", "", "", "", "", ""],
    [3, "Đèn lồng Hội An", "Hộ kinh doanh Lê Văn Tám", "phường Minh An", "Thủ công mỹ nghệ", 71, "Ba sao"],
    ["", "Tổng cộng: 03 sản phẩm", "", "", "", "", ""],
    ["", "", "", "", "KT. CHỦ TỊCH", "", ""],
    ["", "", "", "", "PHÓ CHỦ TỊCH", "", ""],
    ["", "", "", "", "Nguyễn Văn A", "", ""],
]
ANNEX_MERGES = ["A1:C1", "A2:C2", "A3:G3", "A4:G4", "A5:A6", "B5:B6", "C5:C6", "D5:D6", "E5:E6", "F5:G5", "B8:G8", "B11:G11", "B13:D13"]


def write_xlsx(path: Path, rows: list[list], merges: list[str] = ()) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value != "":
                sheet.cell(r, c, value)
    for merge in merges:
        min_col, min_row, max_col, max_row = range_boundaries(merge)
        for r in range(min_row, max_row + 1):  # Excel keeps only the first cell of a merged range
            for c in range(min_col, max_col + 1):
                if (r, c) != (min_row, min_col):
                    sheet.cell(r, c).value = None
        sheet.merge_cells(merge)
    book.save(path)
    return path


def write_xls(path: Path, rows: list[list], merges: list[str] = ()) -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Phu luc")
    dates = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    covered = set()
    for merge in merges:
        min_col, min_row, max_col, max_row = range_boundaries(merge)
        sheet.write_merge(min_row - 1, max_row - 1, min_col - 1, max_col - 1, rows[min_row - 1][min_col - 1])
        covered |= {(r, c) for r in range(min_row - 1, max_row) for c in range(min_col - 1, max_col)}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if (r, c) in covered or value == "":
                continue
            if isinstance(value, datetime.date):
                sheet.write(r, c, value, dates)
            else:
                sheet.write(r, c, value)
    book.save(str(path))
    return path


def write_csv(path: Path, rows: list[list], encoding: str = "utf-8", delimiter: str = ",") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    text = buffer.getvalue()
    if encoding == "cp1258":  # Windows-1258 has the vowels with their hats, and tones as separate marks
        text = "".join(_cp1258_letter(c) for c in text)
    path.write_bytes(text.encode(encoding))
    return path


TONES = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258_letter(letter: str) -> str:
    parts = unicodedata.normalize("NFD", letter)
    return unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES)) + "".join(c for c in parts if c in TONES)
