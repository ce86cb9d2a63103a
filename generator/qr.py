"""QR codes for packaging: what each product's code encodes, and the SVG and PNG files.

A printed code can never change, so the payload is the product's permanent URL, or its GS1
Digital Link URI when it has a GTIN (`<base_url>01/<gtin14>`), which shop scanners read too.
"""

from __future__ import annotations

import hashlib
import io
import math
from dataclasses import dataclass
from pathlib import Path

import qrcode
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q

from .cache import Cache
from .model import Product, SiteConfig, gtin14
from .problems import Problem
from .validate import Catalogue

LEVELS = {"L": ERROR_CORRECT_L, "M": ERROR_CORRECT_M, "Q": ERROR_CORRECT_Q, "H": ERROR_CORRECT_H}
QUIET_ZONE = 4  # modules of white around the symbol, on every side
PNG_MIN_PIXELS = 1200  # 10 cm at 300 dpi
MODULE_MM = 0.5  # smallest module we recommend printing; GS1 accepts 0.396-0.990 mm
MAX_VERSION = 4  # above this, modules get small on a label: ids should be kept short
AREA = "qr"  # the codes' keys and names in the cache


@dataclass(frozen=True)
class Code:
    """A product's QR code as built: what it encodes and its files in the cache, unchecked:
    whoever reads them calls checked_files first."""

    data: str
    level: str  # error correction: L, M, Q or H
    version: int
    modules: int  # per side, without the quiet zone
    svg: Path
    png: Path

    @property
    def print_mm(self) -> int:
        """Width of the printed code, quiet zone included, at the smallest module we recommend."""
        return math.ceil((self.modules + 2 * QUIET_ZONE) * MODULE_MM)


def render(data: str, level: str, cache: Cache) -> Code:
    """Find in the cache, or make, the SVG and PNG files of one code. Finding the smallest
    version takes milliseconds per code, which adds up over thousands: hence the cache. Their
    bytes are not read here: an edit keeps the site's copies of nearly all of them."""
    key = _key(data, level)
    if (cached := cache.meta(key)) is None:
        cached = _make(data, level, cache)
    modules = cached["modules"]
    return Code(data, level, (modules - 17) // 4, modules, cache.path(f"{key}.svg"), cache.path(f"{key}.png"))


def checked_files(code: Code, cache: Cache) -> None:
    """Before the code's files are read: made again if they are not the bytes they were made
    with (the cache notes them as damaged)."""
    if cache.load(_key(code.data, code.level)) is None:
        _make(code.data, code.level, cache)


def _key(data: str, level: str) -> str:
    return f"{AREA}/{hashlib.sha256(f'v1 {level} {data}'.encode()).hexdigest()[:20]}"


def _make(data: str, level: str, cache: Cache) -> dict:
    key, code = _key(data, level), symbol(data, level)
    meta = {"modules": code.modules_count}
    cache.store(key, {f"{key}.png": png(code), f"{key}.svg": svg(code)}, meta)
    return meta


def payload(config: SiteConfig, product_id: str, product: Product) -> str:
    if product.gtin and config.qr.gs1_digital_link:
        return f"{config.base_url}01/{gtin14(product.gtin)}"
    return f"{config.base_url}p/{product_id}/"


def symbol(data: str, level: str) -> qrcode.QRCode:
    code = qrcode.QRCode(version=None, error_correction=LEVELS[level], box_size=1, border=QUIET_ZONE)
    code.add_data(data, optimize=0)
    code.make(fit=True)
    return code


def svg(code: qrcode.QRCode) -> bytes:
    """A vector code: one path, one unit per module, sized for print at MODULE_MM."""
    matrix = code.get_matrix()  # quiet zone included
    size = len(matrix)
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            x += 1
    mm = f"{size * MODULE_MM:g}mm"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{mm}" height="{mm}" viewBox="0 0 {size} {size}" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{"".join(runs)}"/></svg>\n'
    ).encode("ascii")


def png(code: qrcode.QRCode) -> bytes:
    code.box_size = math.ceil(PNG_MIN_PIXELS / (code.modules_count + 2 * QUIET_ZONE))
    buffer = io.BytesIO()
    code.make_image().save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def product_codes(catalogue: Catalogue, cache: Cache) -> tuple[dict[str, Code], list[Problem]]:
    """Every product's QR code, and a warning for each that needs a large version."""
    config = catalogue.config
    codes, warnings = {}, []
    for record in catalogue.records:
        code = render(payload(config, record.id, record.product), config.qr.error_correction, cache)
        codes[record.id] = code
        if code.version > MAX_VERSION:
            warnings.append(Problem(record.path, 0, "", f"the QR code needs version {code.version} ({code.modules} modules) for {code.data}: a shorter id keeps it at version {MAX_VERSION} or below, easier to scan on a small label", warning=True))
    return codes, warnings
