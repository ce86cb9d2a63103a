"""CSV files that a spreadsheet opens as the text they hold, never as formulas.

Excel, LibreOffice and Google Sheets run a cell that starts with = + - @ (or a tab or carriage
return before one) as a formula: `=HYPERLINK(…)` in a producer's name would be a live link,
`=cmd|…` worse. Such text gets a leading apostrophe, which they show as text. A phone number
("+84 235 …", digits and separators only, so nothing it could run) gets a leading space
instead: it stays readable, and no formula starts with a space.
"""

from __future__ import annotations

import csv
import io
import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PHONE = re.compile(r"\+[0-9][0-9 .()-]*")


def cell(value):
    if not isinstance(value, str) or not value.startswith(FORMULA_START):
        return value
    return " " + value if PHONE.fullmatch(value) else "'" + value


def table(columns: list[str], rows: list[dict]) -> bytes:
    """The rows as CSV, UTF-8 with a byte order mark (Excel then reads Vietnamese right)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({key: cell(value) for key, value in row.items()} for row in rows)
    return "\ufeff".encode("utf-8") + buffer.getvalue().encode("utf-8")
