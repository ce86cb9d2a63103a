"""Product photos: checked while validating, resized to WebP copies (and a JPEG for link
previews) while building.

Copies are cached by a hash of the source bytes and the settings below, so an unchanged
photo is never processed twice; their names carry the hash, so hosts can cache them forever.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

CACHE_DIR = ".cache/images"  # under the catalogue's folder: web and print copies
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_RATIO = 5  # a thinner strip cannot be resized to our widths (and is no product photo)
MAX_PIXELS = 40_000_000  # a 40-megapixel photo is plenty; beyond that it is likely a bomb
WIDTHS = (480, 960, 1440)
QUALITY = 78
# Link previews (og:image): JPEG, which every chat app shows (not all show WebP), at the size
# Facebook and Zalo crop to, under the 300 KB some of them accept.
SHARE_SIZE = (1200, 630)
SHARE_MAX_BYTES = 300_000
SETTINGS = f"v1 {WIDTHS} q{QUALITY}".encode()  # change it to redo every cached copy
# (A manifest from before link previews lists no share copy: the photo is then done again.)

Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def inspect(path: Path, cache_dir: Path | None = None) -> str | None:
    """Why this file cannot be used as a product photo, or None if it can."""
    if cache_dir is not None and _cached(cache_dir, _digest(path.read_bytes())):
        return None  # these very bytes were decoded whole when their copies were made
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: make it an error.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                if im.format not in ACCEPTED_FORMATS:
                    return f"a photo must be JPEG, PNG or WebP, this is {im.format}"
                width, height = im.size
                if max(width, height) > MAX_RATIO * min(width, height):
                    return f"the photo is {width}×{height} px: one side may be at most {MAX_RATIO} times the other"
                im.load()  # decode it all: verify() alone lets a truncated JPEG through
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"the image has too many pixels (more than {MAX_PIXELS:,}): resize it"
    except UnidentifiedImageError:
        return "not an image Pillow can read: a photo must be JPEG, PNG or WebP"
    except (OSError, SyntaxError, ValueError) as e:
        return f"the image file is damaged: {e}"
    return None


@dataclass(frozen=True)
class Rendition:
    """The resized copies of one photo, smallest first: (width, height, file name under img/)."""

    variants: tuple[tuple[int, int, str], ...]
    share: str  # the 1200×630 JPEG for link previews, under img/

    @property
    def largest(self) -> tuple[int, int, str]:
        return self.variants[-1]


def render(source: Path, cache_dir: Path) -> Rendition:
    """Resize one photo into the cache (unless already there) and describe the copies."""
    data = source.read_bytes()
    digest = _digest(data)
    if cached := _cached(cache_dir, digest):
        return cached
    with Image.open(io.BytesIO(data)) as im:
        im = ImageOps.exif_transpose(im)  # phones store rotation in EXIF; bake it in
        im = im.convert("RGBA" if im.mode in ("RGBA", "LA", "P") and _has_alpha(im) else "RGB")
        widths = sorted({min(w, im.width) for w in WIDTHS})
        variants = []
        for width in widths:
            height = round(im.height * width / im.width)
            name = f"{digest}-{width}.webp"
            target = cache_dir / name
            if not target.exists():
                copy = im.resize((width, height), Image.Resampling.LANCZOS) if width != im.width else im
                buffer = io.BytesIO()
                copy.save(buffer, "WEBP", quality=QUALITY, method=6)
                _write(target, buffer.getvalue())
            variants.append((width, height, name))
        share = f"{digest}-share.jpg"
        if not (cache_dir / share).exists():
            _write(cache_dir / share, share_jpeg(im))
    manifest = "".join(f"{w} {h} {name}\n" for w, h, name in variants) + f"share {share}\n"
    _write(cache_dir / f"{digest}.txt", manifest.encode())
    return Rendition(tuple(variants), share)


def share_jpeg(im: Image.Image) -> bytes:
    """The photo cropped about its centre to 1200×630 (a transparent one on white), as a JPEG
    under SHARE_MAX_BYTES."""
    if _has_alpha(im):
        flat = Image.new("RGB", im.size, "white")
        flat.paste(im, mask=im.convert("RGBA"))
        im = flat
    cropped = ImageOps.fit(im.convert("RGB"), SHARE_SIZE, Image.Resampling.LANCZOS)
    for quality in (85, 75, 65, 55, 45):  # a noisy photo needs a lower quality to fit
        buffer = io.BytesIO()
        cropped.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
        if buffer.tell() <= SHARE_MAX_BYTES:
            break
    return buffer.getvalue()


def _digest(data: bytes) -> str:
    return hashlib.sha256(SETTINGS + data).hexdigest()[:16]


def _cached(cache_dir: Path, digest: str) -> Rendition | None:
    """The copies made before from the same bytes and settings, if they are all still there.
    A manifest, written last, lists them: reading it costs nothing, decoding the photo does."""
    try:
        lines = (cache_dir / f"{digest}.txt").read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    rows = [line.split() for line in lines]
    variants = tuple((int(w), int(h), name) for w, h, name in (row for row in rows if len(row) == 3))
    share = next((row[1] for row in rows if row[0] == "share"), None)
    if share is None or not all((cache_dir / name).is_file() for name in [share, *(name for _, _, name in variants)]):
        return None
    return Rendition(variants, share)


def _write(target: Path, content: bytes) -> None:
    """Write a cache file whole or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(content)
    tmp.replace(target)


def print_copy(source: Path, cache_dir: Path, longest: int = 1600) -> Path:
    """A JPEG copy for print (300 dpi at 13.5 cm), cached like the web copies."""
    data = source.read_bytes()
    target = cache_dir / f"{hashlib.sha256(SETTINGS + b' print' + data).hexdigest()[:16]}-print.jpg"
    if not target.exists():
        with Image.open(io.BytesIO(data)) as im:
            im = ImageOps.exif_transpose(im).convert("RGB")
            im.thumbnail((longest, longest))
            buffer = io.BytesIO()
            im.save(buffer, "JPEG", quality=85)
        _write(target, buffer.getvalue())
    return target


def _has_alpha(im: Image.Image) -> bool:
    return im.mode in ("RGBA", "LA") or (im.mode == "P" and "transparency" in im.info)
