"""Link previews for pages without a photo: a 1200×630 PNG card drawn at build time with
Pillow, in the catalogue's colours and Noto Sans (Vietnamese; Noto Sans CJK for Korean, Chinese
and Japanese), cached by what it shows.

A product's card shows its name, stars, group and the catalogue's name; every other page
shares the site's card (the catalogue's title and description). Chat apps (Zalo, Facebook)
show a link with its og:image: this is what travels when a shopper shares a product.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import re
import shutil
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlsplit

from PIL import Image, ImageDraw, ImageFont

from . import parallel
from .cache import write_atomic
from .images import SHARE_MAX_BYTES, SHARE_SIZE

FONTS = Path(__file__).parent / "fonts"
# Korean, Chinese and Japanese, which Noto Sans lacks: Debian's fonts-noto-cjk (./run installs
# it), one collection holding the Japanese (0), Korean (1) and Simplified Chinese (2) forms.
CJK_FONTS = Path("/usr/share/fonts/opentype/noto")
CJK_FACE = ((re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]"), 1), (re.compile(r"[\u3040-\u30ff]"), 0))
CACHE_DIR = ".cache/cards"  # under the catalogue's folder
VERSION = "cards v2"  # change it to redraw every cached card
GREEN, DARK, STAR, STAR_OFF, PAPER, GREY, RED = "#0b5d33", "#1d1d1d", "#d99a00", "#cfcfcf", "#fbf8ef", "#555555", "#b3261e"
MARGIN = 64


@dataclass(frozen=True)
class Card:
    title: str  # the product's name, or the catalogue's title
    kicker: str  # above the title: "Sản phẩm OCOP" or the catalogue's name
    stars: int | None  # a product's stars; None for the site's card
    stars_label: str  # "4 sao OCOP", said beside the stars
    lines: tuple[str, ...]  # below: the group, or the catalogue's description
    footer: str  # at the bottom: the catalogue's name and host
    warning: str = ""  # "Đã bị thu hồi": a product that may not carry the label, said in red

    @functools.cached_property  # asked for several times a card: 37,000 times at 2,000 products
    def name(self) -> str:
        """The card's file name under img/: its content's hash, so hosts may cache it forever."""
        content = {field.name: getattr(self, field.name) for field in fields(self)}  # dataclasses.asdict's, without its deep copy
        digest = hashlib.sha256(json.dumps([VERSION, content], ensure_ascii=False).encode()).hexdigest()[:16]
        return f"{digest}-card.png"


def site_card(title: str, description: str, owner: str, base_url: str) -> Card:
    """The preview of every page that is not a product's."""
    return Card(title, urlsplit(base_url).netloc, None, "", (description,), owner)


def product_card(name: str, kicker: str, stars: int, stars_label: str, group: str, title: str, base_url: str, warning: str = "") -> Card:
    """The preview of a product without a photo."""
    return Card(name, kicker, stars, stars_label, (group,), f"{title} · {urlsplit(base_url).netloc}", warning)


def copy_cards(cards: set[Card], cache_dir: Path, target: Path) -> None:
    """Draw (or take from the cache) every card into the site's img/ folder, on every core
    (a product's card in each language: drawing them is most of a first build)."""
    target.mkdir(exist_ok=True)
    ordered = sorted(cards, key=lambda card: card.name)
    shares = max(1, min(os.cpu_count() or 1, len(ordered)))

    def copy(share: list[Card]) -> None:
        for card in share:
            shutil.copyfile(draw(card, cache_dir), target / card.name)

    parallel.map_in_processes(copy, [ordered[k::shares] for k in range(shares)])


def draw(card: Card, cache_dir: Path) -> Path:
    """The card's PNG in the cache, drawn unless it is already there."""
    target = cache_dir / card.name
    if not _intact(target):
        write_atomic(target, _png(card))
    return target


def _intact(path: Path) -> bool:
    """A cached card is published only if it is still a whole PNG (a cache is not trusted)."""
    try:
        with Image.open(path) as im:
            im.verify()
        return True
    except (OSError, SyntaxError, ValueError):
        return False


def _face(card: Card) -> tuple[Path, int] | None:
    """The CJK font and face for a card with Korean, Chinese or Japanese text; None for Noto Sans."""
    text = " ".join([card.title, card.kicker, card.stars_label, *card.lines, card.footer, card.warning])
    if not re.search(r"[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff00-\uffef]", text):
        return None
    if not (CJK_FONTS / "NotoSansCJK-Regular.ttc").is_file():
        return None  # a machine without fonts-noto-cjk still builds; ./run installs it
    return CJK_FONTS, next((index for pattern, index in CJK_FACE if pattern.search(text)), 2)


def _font(size: int, bold: bool = False, face: tuple[Path, int] | None = None) -> ImageFont.FreeTypeFont:
    if face:
        folder, index = face
        return ImageFont.truetype(str(folder / ("NotoSansCJK-Bold.ttc" if bold else "NotoSansCJK-Regular.ttc")), size, index=index)
    return ImageFont.truetype(str(FONTS / ("NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf")), size)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str] | None:
    """The text in lines no wider than `width`, or None if it needs more than max_lines."""
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    fits = len(lines) <= max_lines and all(font.getlength(line) <= width for line in lines)
    return lines if fits else None


def _cut(text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """The text in lines, cut with an ellipsis where it would need more than max_lines."""
    if lines := _wrap(text, font, width, max_lines):
        return lines
    words = text.split()
    while words and not _wrap(" ".join(words) + "…", font, width, max_lines):
        words.pop()
    return _wrap(" ".join(words) + "…", font, width, max_lines) or ["…"]


def _fitted(text: str, width: int, steps: tuple[tuple[int, int], ...], face: tuple[Path, int] | None = None) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The title at the first (size, lines) step it fits in; at the last, cut."""
    for size, max_lines in steps:
        font = _font(size, bold=True, face=face)
        if lines := _wrap(text, font, width, max_lines):
            return font, lines
    return font, _cut(text, font, width, max_lines)


def _star(draw_: ImageDraw.ImageDraw, x: float, y: float, size: float, colour: str) -> None:
    # The same five-pointed star as the site's badge (theme/partials/ocop.html), scaled from 24 units.
    points = [(12, 1.8), (15.1, 8.2), (22.1, 9.2), (17, 14.1), (18.2, 21.1), (12, 17.8), (5.8, 21.1), (7, 14.1), (1.9, 9.2), (8.9, 8.2)]
    draw_.polygon([(x + px * size / 24, y + py * size / 24) for px, py in points], fill=colour)


def _png(card: Card) -> bytes:
    width, height = SHARE_SIZE
    image = Image.new("RGB", SHARE_SIZE, PAPER)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, width, 24), fill=GREEN)  # the site's header colour
    pen.rectangle((0, height - 96, width, height), fill=GREEN)
    inner = width - 2 * MARGIN
    y = 64
    face = _face(card)
    kicker = _font(34, face=face)
    pen.text((MARGIN, y), card.kicker, font=kicker, fill=GREEN)
    y += 64
    font, lines = _fitted(card.title, inner, ((80, 2), (68, 2), (58, 3), (50, 3)), face)
    step = round(font.size * 1.2)
    for line in lines:
        pen.text((MARGIN, y), line, font=font, fill=DARK)
        y += step
    y += 16
    if card.stars:
        for i in range(5):
            _star(pen, MARGIN + i * 62, y, 58, STAR if i < card.stars else STAR_OFF)
        pen.text((MARGIN + 5 * 62 + 20, y + 4), card.stars_label, font=_font(40, bold=True, face=face), fill=DARK)
        y += 84
    if card.warning:
        pen.text((MARGIN, y), card.warning.upper(), font=_font(40, bold=True, face=face), fill=RED)
        y += 60
    small = _font(34, face=face)
    for text in card.lines:
        for line in _cut(text, small, inner, 2):
            if y + 44 > height - 110:
                break
            pen.text((MARGIN, y), line, font=small, fill=GREY)
            y += 46
    footer = _font(34, bold=True, face=face)
    pen.text((MARGIN, height - 48), card.footer, font=footer, fill="white", anchor="lm")
    buffer = io.BytesIO()
    image.quantize(64, dither=Image.Dither.NONE).save(buffer, "PNG", optimize=True)
    assert buffer.tell() <= SHARE_MAX_BYTES  # flat colours: a card is a few tens of kilobytes
    return buffer.getvalue()
