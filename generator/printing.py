"""Booth materials for a fair, as PDF: shelf cards (A6 landscape), the same cards two to an
A4 sheet with crop marks, a poster per product (A4) and the fair's catalogue (A4).

Text is real text in Noto Sans, embedded (generator/fonts/, SIL OFL), so Vietnamese is set
the same on every machine; Korean, Chinese and Japanese in Noto Sans CJK (Debian's
fonts-noto-cjk), each in its own regional face. Fonts are embedded as subsets: only the glyphs
used. QR codes are drawn as vectors from the same payload as the site's.
The languages of site_config.yml's print.languages stand on every page, the first largest.
"""

from __future__ import annotations

import datetime
import errno
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from PIL import Image

from . import images, languages, qr
from .cache import CACHE_DIR, Cache
from .model import MARKETPLACES, Fair, LocalText
from .shown import Shown, format_date, local, material_names, strings
from .text import sort_key
from .status import valid_until
from .validate import IMAGES_DIR, Catalogue, Record

FONTS = Path(__file__).parent / "fonts"
CJK_FONTS = Path("/usr/share/fonts/opentype/noto")  # Debian's fonts-noto-cjk
# The faces of NotoSansCJK-*.ttc a language is set in: a Han character is drawn the way its
# readers write it (the same code point differs between Chinese, Japanese and Korean).
CJK_FACES = {"ja": 0, "ko": 1, "zh": 2}
GREEN = (11, 93, 51)
GOLD = (217, 154, 0)
GREY = (90, 90, 90)
LIGHT = (205, 205, 205)
A6_LANDSCAPE = (148.0, 105.0)
PAPER = {"A4": (210.0, 297.0), "A6": (105.0, 148.0)}  # mm, portrait
MARGIN = 7.0  # mm; office printers cannot print the outer 4-5 mm


@dataclass
class Materials:
    shelf_cards: bytes
    cards_a4: bytes
    posters: bytes
    catalogue: bytes

    def files(self, slug: str) -> dict[str, bytes]:
        return dict(zip(material_names(slug), (self.shelf_cards, self.cards_a4, self.posters, self.catalogue), strict=True))


PRINT_VERSION = "3"  # change it when the layout changes: cached PDFs are then redrawn
CACHE_AREA = "print"  # the PDFs' keys and names in the cache


def cached_fair_materials(catalogue: Catalogue, slug: str, as_of: datetime.date, cache: Cache) -> dict[str, bytes]:
    """The fair's PDF files, redrawn only when what they show has changed (it takes seconds)."""
    fair = catalogue.fairs[slug]
    shown = sorted({pid for _, ids in fair.booth_list() for pid in ids})
    records = {r.id: r.product for r in catalogue.records if r.id in shown}
    photos = [images.print_copy(catalogue.root / IMAGES_DIR / p.images[0].src, cache).name for p in records.values() if p.images]
    inputs = {
        "version": PRINT_VERSION, "as_of": as_of.isoformat(), "fair": fair.model_dump(mode="json"),
        "records": {pid: p.model_dump(mode="json") for pid, p in records.items()}, "photos": photos,
        "config": catalogue.config.model_dump(mode="json"),
        "groups": {g: v.model_dump(mode="json") for g, v in catalogue.groups.items()},
        "areas": {a: v.model_dump(mode="json") for a, v in catalogue.areas.items()},
    }
    key = f"{CACHE_AREA}/{hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:20]}"
    names = material_names(slug)
    if cache.load(key) is None:
        files = fair_materials(catalogue, slug, as_of).files(slug)
        cache.store(key, {f"{key}/{name}": content for name, content in files.items()}, {})
    return {name: cache.path(f"{key}/{name}").read_bytes() for name in names}


def fair_materials(catalogue: Catalogue, slug: str, as_of: datetime.date) -> Materials:
    fair = catalogue.fairs[slug]
    records = {r.id: r for r in catalogue.records}
    shown = [records[pid] for _, ids in fair.booth_list() for pid in ids]
    printer = Printer(catalogue, fair, as_of)
    return Materials(
        shelf_cards=printer.document("A6", "L", lambda pdf: printer.each_on_a_page(pdf, shown, lambda r: printer.shelf_card(pdf, r, 0, 0))),
        cards_a4=printer.document("A4", "P", lambda pdf: printer.card_sheets(pdf, shown)),
        posters=printer.document("A4", "P", lambda pdf: printer.posters(pdf, fair, records)),
        catalogue=printer.document("A4", "P", lambda pdf: printer.fair_catalogue(pdf, records)),
    )


class Printer:
    def __init__(self, catalogue: Catalogue, fair: Fair, as_of: datetime.date):
        self.catalogue = catalogue
        self.fair = fair
        self.as_of = as_of
        self.languages = catalogue.config.print.languages
        self.words = {lang: strings()[lang] for lang in self.languages}
        self.cjk = [lang for lang in self.languages if lang in CJK_FACES]
        for path in self.cjk_files().values():
            if not path.is_file():
                raise FileNotFoundError(errno.ENOENT, f"the font Noto Sans CJK, needed to print in {', '.join(self.cjk)}, is missing: install the Debian package fonts-noto-cjk", str(path))

    def cjk_files(self) -> dict[str, Path]:
        return {style: CJK_FONTS / f"NotoSansCJK-{weight}.ttc" for style, weight in (("", "Regular"), ("B", "Bold"))} if self.cjk else {}

    # --- documents and shared pieces ------------------------------------------------

    def document(self, paper: str, orientation: str, draw) -> bytes:
        pdf = FPDF(orientation=orientation, unit="mm", format=PAPER[paper])
        pdf.set_auto_page_break(False)
        pdf.add_font("Noto", "", FONTS / "NotoSans-Regular.ttf")
        pdf.add_font("Noto", "B", FONTS / "NotoSans-Bold.ttf")
        for lang in self.cjk:  # for the characters Noto Sans lacks: see text()
            for style, path in self.cjk_files().items():
                pdf.add_font(f"noto-{lang}", style, path, collection_font_number=CJK_FACES[lang])
        # the same content gives the same bytes: no build time in the file
        pdf.set_creation_date(datetime.datetime.combine(self.as_of, datetime.time(), datetime.timezone.utc))
        pdf.set_producer("ocop")
        pdf.set_title(local(self.fair.name, self.languages[0]).text)
        pdf.set_lang(self.languages[0])
        draw(pdf)
        return bytes(pdf.output())

    def posters(self, pdf: FPDF, fair: Fair, records: dict[str, Record]) -> None:
        for booth, ids in fair.booth_list():
            for product_id in ids:
                pdf.add_page()
                self.poster(pdf, records[product_id], booth)

    def each_on_a_page(self, pdf: FPDF, records: list[Record], draw) -> None:
        for record in records:
            pdf.add_page()
            draw(record)

    def text(self, pdf: FPDF, x, y, w, h, text, size, style="", color=(0, 0, 0), min_size=6.0, align="L", lang: str | None = None) -> float:
        """Write text in the box, shrinking the type until it fits, and cutting it (with "…")
        where it still does not: nothing ever runs over the QR code. Returns the height used.
        Characters Noto Sans lacks come from the CJK face of `lang`, else of the first print
        language that has one."""
        if self.cjk:
            pdf.set_fallback_fonts([f"noto-{code}" for code in sorted(self.cjk, key=lambda code: code != lang)])
        pdf.set_text_color(*color)
        while True:
            pdf.set_font("Noto", style, size)
            line = size * 0.42  # mm per line at 1.2 line spacing
            lines: list[str] = pdf.multi_cell(w, line, text, dry_run=True, output="LINES")  # type: ignore[assignment]  # fpdf2 types the results of every output= as one union
            if len(lines) * line <= h or size <= min_size:
                break
            size -= 0.5
        room = max(1, int(h / line + 1e-6))
        if len(lines) > room:
            lines = lines[: room - 1] + [self.cut(pdf, lines[room - 1], w)]
        pdf.set_xy(x, y)
        pdf.multi_cell(w, line, "\n".join(lines), align=align, new_x="LEFT", new_y="NEXT")
        return min(len(lines) * line, h)

    def cut(self, pdf: FPDF, text: str, w: float) -> str:
        """The line, shortened until it fits the width with an ellipsis after it (inside the
        cell's own margins, or multi_cell would wrap it onto a line of its own)."""
        shortened = text
        while shortened and pdf.get_string_width(shortened + "…") > w - 2 * pdf.c_margin:
            shortened = shortened[:-1]
        if shortened != text and " " in shortened:  # a word cut short goes whole
            shortened = shortened.rsplit(" ", 1)[0]
        return shortened.rstrip() + "…"

    def stars(self, pdf: FPDF, x, y, size, n) -> None:
        import math

        for i in range(5):
            cx, cy, r = x + i * size * 1.1 + size / 2, y + size / 2, size / 2
            points = [
                (cx + (r if k % 2 == 0 else r * 0.45) * math.sin(k * math.pi / 5), cy - (r if k % 2 == 0 else r * 0.45) * math.cos(k * math.pi / 5))
                for k in range(10)
            ]
            pdf.set_fill_color(*(GOLD if i < n else LIGHT))
            pdf.polygon(points, style="F")

    def qr_code(self, pdf: FPDF, record: Record, x, y, size) -> None:
        """A vector QR code, quiet zone included, `size` mm wide."""
        config = self.catalogue.config
        matrix = qr.symbol(qr.payload(config, record.id, record.product), config.qr.error_correction).get_matrix()
        module = size / len(matrix)
        pdf.set_fill_color(0, 0, 0)
        for row_number, row in enumerate(matrix):
            start = None
            for col, dark in enumerate([*row, False]):
                if dark and start is None:
                    start = col
                elif not dark and start is not None:
                    pdf.rect(x + start * module, y + row_number * module, (col - start) * module, module, style="F")
                    start = None

    def photo(self, record: Record) -> tuple[Path, int, int] | None:
        """The cover photo's print copy (cached in .cache/images) and its size in pixels."""
        if not record.product.images:
            return None
        path = images.print_copy(self.catalogue.root / IMAGES_DIR / record.product.images[0].src, Cache(self.catalogue.root / CACHE_DIR))
        with Image.open(path) as im:
            return path, im.width, im.height

    def each(self, text: LocalText) -> list[Shown]:
        """The text in each print language that has its own: the first language always."""
        shown = [local(text, self.languages[0])]
        for lang in self.languages[1:]:
            other = local(text, lang)
            if not other.fallback and other.text not in [s.text for s in shown]:
                shown.append(other)
        return shown

    def stacked(self, pdf: FPDF, text: LocalText, x, y, w, first: tuple[float, float, float, float], other: tuple[float, float, float, float]) -> float:
        """A name in the first print language, large and bold, then in the others, smaller and
        grey; (box height, size, smallest size, space after) for each. Three languages share
        the room of two. Returns the y below them."""
        shown = self.each(text)
        (h, size, smallest, after), (other_h, other_size, other_smallest, other_after) = first, other
        if len(shown) > 2:
            h, other_h = h - 0.6 * other_h, 0.8 * other_h
        y += self.text(pdf, x, y, w, h, shown[0].text, size, "B", min_size=smallest, lang=shown[0].lang) + after
        for name in shown[1:]:
            y += self.text(pdf, x, y, w, other_h, name.text, other_size, color=GREY, min_size=other_smallest, lang=name.lang) + other_after
        return y

    def label(self, key: str, **values) -> str:
        """An interface phrase (a dotted key of the strings) in each print language, joined."""
        return joined(self.phrase(lang, key, **values) for lang in self.languages)

    def phrase(self, lang: str, key: str, **values) -> str:
        """One language's phrase; a LocalText value is shown in that language, a count (n) in
        the plural form it needs."""
        text = self.words[lang]
        for part in key.split("."):
            text = text[part]
        if isinstance(text, dict):
            text = languages.get(lang).counted(text, values["n"])
        return text.format(**{name: local(value, lang).text if isinstance(value, LocalText) else value for name, value in values.items()})

    def until(self, record: Record) -> datetime.date:
        return valid_until(record.product.certification, self.catalogue.config.certification.validity_months)

    def area(self, record: Record) -> str:
        area = self.catalogue.areas[record.product.area]
        return joined(self.phrase(lang, "area_title", kind=self.phrase(lang, f"area_kind.{area.kind}"), name=area.name) for lang in self.languages)

    def sample_note(self, pdf: FPDF, x, y, w) -> None:
        if self.catalogue.config.sample_data:
            self.text(pdf, x, y, w, 4, self.label("print.sample"), 6, color=GREY)

    # --- a shelf card: A6 landscape ---------------------------------------------------

    def shelf_card(self, pdf: FPDF, record: Record, x0: float, y0: float) -> None:
        p = record.product
        width, height = A6_LANDSCAPE
        code = 62.0
        column = width - 2 * MARGIN - code - 4
        x, y = x0 + MARGIN, y0 + MARGIN
        _, group, subgroup = self.catalogue.subgroup(p.category)
        self.text(pdf, x, y, column, 4, self.header(), 7, "B", GREEN)
        y += 4.5
        y = self.stacked(pdf, p.name, x, y, column, (22, 16, 9, 1), (10, 10.5, 7, 1.5))
        self.stars(pdf, x, y, 5, p.stars)
        self.text(pdf, x + 29, y + 0.3, column - 29, 5, self.label("stars_short", n=p.stars), 9, "B")
        y += 7
        self.text(pdf, x, y, column, 8, " · ".join(s.text for s in self.each(subgroup)), 7.5, color=GREY)
        y += 8.5
        y += self.text(pdf, x, y, column, 9, p.producer.name, 8.5, "B", min_size=6.5) + 0.5
        self.text(pdf, x, y, column, 8, self.area(record), 7.5, min_size=6)
        self.text(pdf, x, y0 + height - MARGIN - 9, column, 5, f"{self.label('valid_until')}: {self.date(self.until(record))}", 8, "B", GREEN)
        self.sample_note(pdf, x, y0 + height - MARGIN - 3.5, width - 2 * MARGIN)  # under the code too
        qx = x0 + width - MARGIN - code
        self.qr_code(pdf, record, qx, y0 + MARGIN, code)
        payload = qr.payload(self.catalogue.config, record.id, p)
        self.text(pdf, qx, y0 + MARGIN + code + 1, code, 4, payload.split("://", 1)[1], 6.5, color=GREY, align="C")
        if p.gtin:
            self.text(pdf, qx, y0 + MARGIN + code + 5, code, 4, f"GTIN {qr.gtin14(p.gtin)}", 7, align="C")

    def card_sheets(self, pdf: FPDF, records: list[Record]) -> None:
        """Two A6 cards on each A4 sheet, centred, with crop marks outside the cards."""
        width, height = A6_LANDSCAPE
        x0 = (210 - width) / 2
        tops = ((297 - 2 * height) / 2, (297 - 2 * height) / 2 + height)
        for i, record in enumerate(records):
            if i % 2 == 0:
                pdf.add_page()
                self.crop_marks(pdf, x0, tops[0], width, 2 * height, middle=tops[1])
            self.shelf_card(pdf, record, x0, tops[i % 2])

    def crop_marks(self, pdf: FPDF, x, y, w, h, middle: float) -> None:
        pdf.set_draw_color(0, 0, 0)
        pdf.set_line_width(0.2)
        for ly in (y, middle, y + h):
            pdf.line(x - 8, ly, x - 2, ly)
            pdf.line(x + w + 2, ly, x + w + 8, ly)
        for lx in (x, x + w):
            pdf.line(lx, y - 8, lx, y - 2)
            pdf.line(lx, y + h + 2, lx, y + h + 8)

    # --- a poster: A4 portrait --------------------------------------------------------
    # Read from a few steps away at a booth: the name, the stars, how long the certificate is
    # valid, and the code to scan, large; every label in both languages. A product without a
    # photo gets a larger name and code, so the page is filled either way.

    def poster(self, pdf: FPDF, record: Record, booth: LocalText | None) -> None:
        p = record.product
        m, w = 15.0, 180.0
        pdf.set_fill_color(*GREEN)
        pdf.rect(0, 0, 210, 14, style="F")
        self.text(pdf, m, 4, w, 7, self.header(), 12, "B", (255, 255, 255))
        y = 17.0 + self.text(pdf, m, 17, w, 12, self.where(booth), 11, "B", GREY, min_size=7) + 3
        photo = self.photo(record)
        if photo:
            path, width, height = photo
            h = min(w * height / width, 85)
            iw = h * width / height
            pdf.image(path, x=m + (w - iw) / 2, y=y, w=iw, h=h)
            y += h + 5
        y = self.stacked(pdf, p.name, m, y, w, (26, 26, 14, 1) if photo else (40, 34, 14, 1), (12, 16, 10, 2) if photo else (18, 20, 10, 2))
        star = 9 if photo else 12
        self.stars(pdf, m, y, star, p.stars)
        self.text(pdf, m + star * 5.6 + 2, y + star * 0.2, 110, star, self.label("stars_label", n=p.stars), 13 if photo else 16, "B")
        y += star + 4
        y = self.validity(pdf, record, m, y, w) + 5
        code = 50.0 if photo else 80.0
        if photo:  # the story beside nothing: a column a language, then the code at the bottom right
            self.story(pdf, p.story, m, y, w, 222 - y)
            qx, qy = 210 - m - code, 233.0
        else:  # the code, large, in the middle of the page; the story below it
            qx, qy = (210 - code) / 2, y + 9
            y = qy + code + 9
            self.story(pdf, p.story, m, y, w, 232 - y)
        self.text(pdf, qx - 10, qy - 7, code + 20, 7, self.label("print.scan"), 13 if photo else 16, "B", GREEN, align="C")
        self.qr_code(pdf, record, qx, qy, code)
        url = qr.payload(self.catalogue.config, record.id, p).split("://", 1)[1]
        self.text(pdf, qx - 10, qy + code + 0.5, code + 20, 4, url, 7, color=GREY, align="C")
        left = (qx - m - 6) if photo else w
        y = 236.0
        buy = [self.label(f"marketplace.{market}") for market in MARKETPLACES if getattr(p.listings, market)]
        self.text(pdf, m, y, left, 6, self.label("where_to_buy"), 10, "B", GREEN)
        self.text(pdf, m, y + 6, left, 12, ", ".join(buy) if buy else self.label("print.contact_producer"), 10)
        self.text(pdf, m, y + 19, left, 6, self.label("print.producer"), 10, "B", GREEN)
        self.text(pdf, m, y + 25, left, 12, f"{p.producer.name}\n{self.area(record)}", 9, min_size=7)
        self.sample_note(pdf, m, 289, w)

    def story(self, pdf: FPDF, story, x, y, w, h) -> None:
        """The story's first paragraphs, a column for each print language that has it."""
        shown = self.each(story) if story else []
        column = (w - 8 * (len(shown) - 1)) / max(1, len(shown))
        for i, text in enumerate(shown):
            self.text(pdf, x + i * (column + 8), y, column, h, excerpt(text.text), 10, min_size=7.5, lang=text.lang)

    def header(self) -> str:
        return joined(self.phrase(lang, "ocop_product").upper() for lang in self.languages)

    def date(self, day: datetime.date) -> str:
        return format_date(day, self.languages[0])

    def where(self, booth: LocalText | None) -> str:
        """The fair, and the booth: where the poster hangs."""
        lines = [" · ".join(s.text for s in self.each(self.fair.name))]
        if booth:
            lines.append(self.label("print.booth", name=booth))
        return "\n".join(lines)

    def validity(self, pdf: FPDF, record: Record, x, y, w) -> float:
        """The certificate's last day in large type, with its decision; returns the box's bottom."""
        pdf.set_fill_color(232, 239, 233)
        pdf.rect(x, y, w, 24, style="F")
        pdf.set_fill_color(*GREEN)
        pdf.rect(x, y, 2, 24, style="F")
        self.text(pdf, x + 6, y + 2.5, w - 8, 6, self.label("print.certificate_valid_until"), 10, "B", GREEN)
        self.text(pdf, x + 6, y + 8.5, 70, 12, self.date(self.until(record)), 24, "B", GREEN)
        decision = record.product.certification.decision
        self.text(pdf, x + 80, y + 11.5, w - 84, 10, f"{self.label('print.decision')} {decision}", 9, color=GREY, min_size=7)
        return y + 24

    # --- the fair's catalogue: A4 ------------------------------------------------------

    def fair_catalogue(self, pdf: FPDF, records: dict[str, Record]) -> None:
        fair, m, w = self.fair, 15.0, 180.0
        pdf.add_page()
        pdf.set_fill_color(*GREEN)
        pdf.rect(0, 0, 210, 60, style="F")
        self.text(pdf, m, 18, w, 8, joined(self.phrase(lang, "print.catalogue").upper() for lang in self.languages), 12, "B", (255, 255, 255))
        y = self.stacked(pdf, fair.name, m, 70.0, w, (30, 26, 14, 2), (16, 16, 6, 6))
        lines = [s.text for s in self.each(fair.place)] + [f"{self.date(fair.start)} – {self.date(fair.end)}"]
        self.text(pdf, m, y, w, 20, "\n".join(lines), 12)
        count = sum(len(ids) for _, ids in fair.booth_list())
        self.text(pdf, m, 250, w, 8, self.label("products_count", n=count), 12, "B", GREEN)
        self.text(pdf, m, 260, w, 10, "\n".join(s.text for s in self.each(self.catalogue.config.owner.name)), 9, color=GREY)
        self.sample_note(pdf, m, 280, w)
        pages: list[tuple[str, int]] = []
        y = float("inf")  # below any page: the first booth starts one
        for booth, ids in fair.booth_list():
            if y > 297 - 30 - 52:
                y = self.new_catalogue_page(pdf)
            if booth:
                self.text(pdf, m, y, w, 8, " · ".join(s.text for s in self.each(booth)), 13, "B", GREEN)
                y += 10
            for product_id in ids:
                if y > 297 - 20 - 50:
                    y = self.new_catalogue_page(pdf)
                record = records[product_id]
                pages.append((local(record.product.name, self.languages[0]).text, pdf.page_no()))
                self.catalogue_entry(pdf, record, m, y)
                y += 52
        pdf.add_page()
        self.footer(pdf)
        self.text(pdf, m, 15, w, 10, self.label("print.index"), 16, "B", GREEN)
        y = 28.0
        for name, page in sorted(pages, key=lambda item: sort_key(item[0])):
            if y > 297 - 22:
                pdf.add_page()
                self.footer(pdf)
                y = 15.0
            self.text(pdf, m, y, w - 20, 5.5, name, 10, min_size=7)
            self.text(pdf, m + w - 20, y, 20, 5.5, str(page), 10, align="R")
            y += 6

    def new_catalogue_page(self, pdf: FPDF) -> float:
        pdf.add_page()
        self.footer(pdf)
        return 15.0

    def footer(self, pdf: FPDF) -> None:
        self.text(pdf, 15, 285, 150, 4, " · ".join(s.text for s in self.each(self.fair.name)), 7, color=GREY)
        self.text(pdf, 165, 285, 30, 4, str(pdf.page_no()), 8, align="R")

    def catalogue_entry(self, pdf: FPDF, record: Record, x, y) -> None:
        p = record.product
        photo = self.photo(record)
        if photo:
            path, width, height = photo
            h = min(40 * height / width, 46)
            pdf.image(path, x=x, y=y, w=h * width / height, h=h)
        else:
            pdf.set_fill_color(232, 239, 233)
            pdf.rect(x, y, 40, 30, style="F")
        tx, tw = x + 45, 95.0
        ty = self.stacked(pdf, p.name, tx, y, tw, (12, 13, 9, 0), (6, 10, 7, 0))
        self.stars(pdf, tx, ty + 1, 4, p.stars)
        self.text(pdf, tx + 24, ty + 0.8, 60, 5, self.label("stars_short", n=p.stars), 8.5, "B")
        ty += 6.5
        ty += self.text(pdf, tx, ty, tw, 9, p.producer.name, 9, min_size=7)
        ty += self.text(pdf, tx, ty, tw, 8, self.area(record), 8, color=GREY, min_size=6.5)
        self.text(pdf, tx, ty, tw, 5, f"{self.label('valid_until')} {self.date(self.until(record))}", 8.5, "B", GREEN)
        self.qr_code(pdf, record, x + 180 - 38, y, 38)
        pdf.set_draw_color(*LIGHT)
        pdf.line(x, y + 49, x + 180, y + 49)


def joined(phrases) -> str:
    """Phrases in several languages, each once (Shopee is Shopee in all)."""
    return " · ".join(dict.fromkeys(phrases))


def excerpt(story: str, limit: int = 650) -> str:
    """The first paragraphs of a story as plain text, cut at a sentence within `limit`."""
    text = re.sub(r"[*_`#>]|\[([^\]]*)\]\([^)]*\)", r"\1", story)  # Markdown marks, links' text kept
    text = "\n".join(" ".join(paragraph.split()) for paragraph in re.split(r"\n\s*\n", text.strip()))
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind(".\n"))
    return cut[: end + 1] if end > limit // 2 else cut.rsplit(" ", 1)[0] + " …"
