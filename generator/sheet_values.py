"""`ocop import`: reading the values offices write in their sheets.

Stars as "4 sao", "★★★★", "Bốn sao"; dates as 29/12/22, "ngày 29/12/2022", "29 tháng 12 năm
2022" or Excel serial numbers; decision numbers as "Số 3610/QD-UBND"; places from addresses
("xã Tiên Phong, huyện Tiên Phước", "H. Thăng Bình", "phường Hội An Tây"); a subgroup
suggested from a product's name. Each reader returns None for what it cannot read.
"""

from __future__ import annotations

import datetime
import difflib
import re
import unicodedata

from .load import INVISIBLE
from .text import fold

EXCEL_EPOCH = datetime.date(1899, 12, 30)  # day 0 of Excel's (Windows) date serial numbers


def cell_text(cell) -> str:
    """A cell as one line of text: whole numbers without '.0', spaces collapsed."""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, datetime.datetime):
        cell = cell.date() if cell.time() == datetime.time() else cell
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    # invisible characters pasted from web pages (zero-width spaces, bidi marks) are dropped
    return " ".join(INVISIBLE.sub("", unicodedata.normalize("NFC", str(cell))).split())


STAR_WORDS = {"ba": 3, "bon": 4, "tu": 4, "nam": 5}


def parse_stars(cell) -> tuple[int, bool] | None:
    """(stars, potential five stars) from "4", 4.0, "4 sao", "Hạng 4 sao", "★★★★", "Bốn sao",
    "4 sao (tiềm năng 5 sao)"."""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return (int(cell), False) if cell in (3, 4, 5) else None
    text = cell_text(cell)
    if re.fullmatch(r"\d+\.0+", text):
        text = text.split(".")[0]
    potential = "tiem nang" in fold(text)
    if "★" in text or "☆" in text:  # filled stars count; hollow ones pad to five
        stars = text.count("★")
    else:
        folded = fold(text.split("(")[0]) if potential else fold(text)
        words = folded.replace("sao", " sao ").split()
        numbers = [int(w) for w in words if w.isdigit()] + [STAR_WORDS[w] for w in words if w in STAR_WORDS and "sao" in words]
        extra = set(words) - {"hang", "sao", "dat", "san", "pham", "xep", "loai", "ocop"} - set(STAR_WORDS) - {str(n) for n in numbers}
        if len(numbers) != 1 or extra:
            return None
        stars = numbers[0]
    return (stars, potential) if stars in (3, 4, 5) else None


SECTION_STARS = re.compile(r"\b([345]|ba|bon|nam)\s*sao\b")


def section_stars(text: str) -> int | None:
    """The stars a section row names: "SẢN PHẨM ĐẠT 4 SAO", "B. Nhóm sản phẩm 3 sao"."""
    found = {STAR_WORDS.get(m, None) or int(m) for m in SECTION_STARS.findall(fold(text.split("(")[0]))}
    return found.pop() if len(found) == 1 else None


DATE = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2,4})\b")
ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
WORDY_DATE = re.compile(r"(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")


def parse_date(cell) -> datetime.date | None:
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        # an Excel serial number: 36526 is 2000-01-01, 73051 is 2100-01-01
        return EXCEL_EPOCH + datetime.timedelta(days=int(cell)) if 36526 <= cell < 73051 else None
    return find_date(cell_text(cell))


def find_date(text: str) -> datetime.date | None:
    """The first date written in a text, day first as Vietnamese writes it."""
    folded = fold(text.replace("/", " / ").replace("-", " - ").replace(".", " . "))
    parts = None
    if match := ISO_DATE.search(text):
        year, month, day = (int(g) for g in match.groups())
        parts = (year, month, day)
    elif match := DATE.search(text):
        day, month, year = (int(g) for g in match.groups())
        parts = (year + 2000 if year < 100 else year, month, day)
    elif match := WORDY_DATE.search(folded):
        day, month, year = (int(g) for g in match.groups())
        parts = (year, month, day)
    if parts is None or not 1990 <= parts[0] <= 2100:
        return None
    try:
        return datetime.date(*parts)
    except ValueError:
        return None


# "3610/QĐ-UBND", "Số 3610/QD-UBND", "QĐ số 3610/QĐ-UBND ngày 29/12/2022", "1234 /QĐ - UBND";
# the part after the slash has a letter, so that a date (29/12/2022) is never taken for one.
DECISION = re.compile(r"(?<![\w:/.-])(\d+[A-Za-z]?)\s*/\s*([0-9A-Za-zĐđÐð]*[A-Za-zĐđÐð][0-9A-Za-zĐđÐð]*(?:\s*[-–]\s*[0-9A-Za-zĐđÐð]+)*)")


def parse_decision(cell) -> tuple[str, datetime.date | None] | None:
    """(the decision's number, its date if the cell gives one): "Quyết định số 3610/QD-UBND
    ngày 29/12/2022" -> ("3610/QĐ-UBND", 2022-12-29)."""
    text = cell_text(cell)
    match = DECISION.search(text)
    if not match:
        return None
    suffix = re.sub(r"\s*[-–]\s*", "-", match.group(2)).upper().replace("Ð", "Đ")
    suffix = "-".join("QĐ" if part == "QD" else part for part in suffix.split("-"))
    rest = text[match.end():]
    return f"{match.group(1)}/{suffix}", find_date(rest) if rest.strip() else None


CAPTION = re.compile(r"(?:quyet dinh|qd)\s*so\s*[:.]?\s*\d")


def caption_decision(text: str) -> tuple[str, datetime.date | None] | None:
    """The decision a sheet's caption names: "Kèm theo Quyết định số 3610/QĐ-UBND ngày
    29/12/2022 của UBND tỉnh …". fold() keeps one character per letter, so a position in the
    folded text is a position in the text."""
    match = CAPTION.search(_fold_in_place(text))
    return parse_decision(text[match.start():]) if match else None


def _fold_in_place(text: str) -> str:
    """Lowercase, accents dropped, đ as d, one character for each character of `text`."""
    return "".join(fold(c) or (" " if not c.isalnum() else c.lower()) for c in unicodedata.normalize("NFC", text))


ABBREVIATIONS = {
    "cty": "cong ty", "ct": "cong ty", "htx": "hop tac xa", "tnhh": "trach nhiem huu han", "mtv": "mot thanh vien",
    "cp": "co phan", "dntn": "doanh nghiep tu nhan", "hkd": "ho kinh doanh", "csx": "co so san xuat",
    "cssx": "co so san xuat", "sx": "san xuat", "tm": "thuong mai", "dv": "dich vu", "tmdv": "thuong mai dich vu",
    "sxtm": "san xuat thuong mai", "xnk": "xuat nhap khau", "nn": "nong nghiep", "dl": "du lich", "tt": "thi tran",
}


def identity(text: str) -> str:
    """What two spellings of one name share: case, accents, spacing and common abbreviations
    ("Cty" = "Công ty", "HTX" = "Hợp tác xã", "TNHH MTV") ignored."""
    return " ".join(ABBREVIATIONS.get(word, word) for word in fold(text).split())


# The kind of unit before a name, folded: "Huyện", "H.", "TX", "Q." / "xã", "P.", "TT"
AREA_MARK = re.compile(r"^(?:huyen|quan|thi xa|thanh pho|tp|tx|h|q) ")
COMMUNE_MARK = re.compile(r"^(?:xa|phuong|thi tran|dac khu|tt|x|p) ")
SECTION_NUMBER = re.compile(r"^\s*(?:[IVXLC]+|[A-Z]|\d+)\s*[.)/:-]\s*")


class Places:
    """Areas by their names, aliases and communes (content/areas.yml): the office edits the
    list, not the code. A name shared by two areas is ambiguous and places nothing."""

    def __init__(self, areas: dict):
        self.areas: dict[str, set[str]] = {}
        self.communes: dict[str, set[str]] = {}
        self.names = {fold(area.name.vi): area.name.vi for area in areas.values()}
        for area_id, area in areas.items():
            for name in (area_id.replace("-", " "), area.name.vi, area.name.en or "", *area.aliases):
                self.areas.setdefault(fold(name), set()).add(area_id)
            for name in getattr(area, "communes", []):
                self.communes.setdefault(fold(name), set()).add(area_id)

    def area(self, text: str) -> str | None:
        """An area named by a cell or a section row: "Huyện Tiên Phước", "TP. Hội An",
        "I. HUYỆN TÂY GIANG (5 sản phẩm)"."""
        name = fold(re.sub(r"\(.*\)\s*$", "", SECTION_NUMBER.sub("", text)))
        found = self.areas.get(AREA_MARK.sub("", name), set())
        return next(iter(found)) if len(found) == 1 else None

    def suggest(self, text: str) -> str:
        """The closest area's name, for a message: "Quế Sơnn" -> "Quế Sơn"."""
        name = AREA_MARK.sub("", fold(SECTION_NUMBER.sub("", text)))
        close = difflib.get_close_matches(name, list(self.names), n=1, cutoff=0.75)
        return self.names[close[0]] if close else ""

    def from_address(self, address: str) -> str | None:
        """The area an address lies in: a part that names an area ("huyện Tiên Phước",
        "H. Thăng Bình", "TX Điện Bàn", "Q. Cẩm Lệ"), else a commune or ward it names,
        including those named from 1 July 2025 ("phường Hội An Tây")."""
        parts = [p.strip() for p in re.split(r"[,;]|\s[-–]\s", address) if p.strip()]
        for part in reversed(parts):  # the largest unit comes last
            if AREA_MARK.match(fold(part)) and (area := self.area(part)):
                return area
        for part in reversed(parts):
            match = COMMUNE_MARK.match(fold(part))
            if match:
                found = self.communes.get(fold(part)[match.end():], set())
                if len(found) == 1:
                    return next(iter(found))
        for part in reversed(parts):
            if area := self.area(part):
                return area
        return None


class Keywords:
    """Suggests a subgroup from a product's name (content/category-keywords.yml): the longest
    keyword wins, then the one that comes first in the name ("Trà sâm" is a tea)."""

    def __init__(self, table: dict[str, list[str]]):
        self.subgroup: dict[str, str] = {}
        for subgroup, words in table.items():
            for word in words:
                self.subgroup.setdefault(fold(word), subgroup)
        self.longest = max((len(k.split()) for k in self.subgroup), default=0)

    def suggest(self, name: str) -> tuple[str, str] | None:
        """(subgroup, the keyword that suggested it)."""
        words = fold(name).split()
        written = [w for w in re.split(r"\W+", name.lower()) if w]  # the same words, as written
        for n in range(min(self.longest, len(words)), 0, -1):
            for start in range(len(words) - n + 1):
                keyword = " ".join(words[start:start + n])
                if keyword in self.subgroup:
                    shown = " ".join(written[start:start + n]) if len(written) == len(words) else keyword
                    return self.subgroup[keyword], shown
        return None
