"""Product photos: checked while validating, resized to WebP copies (and a JPEG for link
previews) while building.

Copies are cached by a hash of the source bytes and the settings below, so an unchanged
photo is never processed twice (and copies found damaged in the cache are made again); their
names carry the hash, so hosts can cache them forever.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError

from .cache import Cache

CACHE_DIR = ".cache/images"  # under the catalogue's folder: web and print copies
AREA = "images"  # their keys and names in the cache
DIGESTS = "photos"  # each photo's digest, by its file state (.cache/photos.json)
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
    """Why this file cannot be used as a product photo, or None if it can. `cache_dir` is the
    catalogue's .cache/images."""
    if cache_dir is not None and Cache(cache_dir.parent).made(f"{AREA}/{_digest(path.read_bytes())}"):
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


def render_all(sources: set[Path], cache: Cache) -> dict[Path, Rendition]:
    """The copies of every photo. Each photo's digest is kept by its file state (size,
    modification time, inode, as make compares files): a build does not read every photo of
    several megabytes again. Their copies are still checked."""
    known = cache.load(DIGESTS)
    known = known if isinstance(known, dict) else {}
    digests: dict[str, list] = {}
    for source in sorted(sources):
        stat = source.stat()
        state = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
        kept: Any = known.get(str(source))
        fits = isinstance(kept, list) and len(kept) == 4 and kept[:3] == state and isinstance(kept[3], str)
        digests[str(source)] = kept if fits else [*state, _digest(source.read_bytes())]
    if digests != known:
        cache.store(DIGESTS, {}, digests)
    return {source: render(source, cache, digests[str(source)][3]) for source in sources}


def render(source: Path, cache: Cache, digest: str | None = None) -> Rendition:
    """Resize one photo into the cache (unless there already, intact) and describe the copies.
    `digest`: the photo's, when known."""
    data = None
    if digest is None:
        data = source.read_bytes()
        digest = _digest(data)
    if (cached := cache.load(f"{AREA}/{digest}")) is not None and "share" in cached:
        return Rendition(tuple(tuple(variant) for variant in cached["variants"]), cached["share"])
    if data is None:  # to be resized: the bytes read now are the ones named
        data = source.read_bytes()
        digest = _digest(data)
    with Image.open(io.BytesIO(data)) as opened:
        im = ImageOps.exif_transpose(opened)  # phones store rotation in EXIF; bake it in
        im = im.convert("RGBA" if im.mode in ("RGBA", "LA", "P") and _has_alpha(im) else "RGB")
        widths = sorted({min(w, im.width) for w in WIDTHS})
        variants, files = [], {}
        for width in widths:
            height = round(im.height * width / im.width)
            name = f"{digest}-{width}.webp"
            copy = im.resize((width, height), Image.Resampling.LANCZOS) if width != im.width else im
            buffer = io.BytesIO()
            copy.save(buffer, "WEBP", quality=QUALITY, method=6)
            files[f"{AREA}/{name}"] = buffer.getvalue()
            variants.append((width, height, name))
        share = f"{digest}-share.jpg"
        files[f"{AREA}/{share}"] = share_jpeg(im)
    cache.store(f"{AREA}/{digest}", files, {"variants": variants, "share": share})
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


def print_copy(source: Path, cache: Cache, longest: int = 1600) -> Path:
    """A JPEG copy for print (300 dpi at 13.5 cm), cached like the web copies."""
    data = source.read_bytes()
    key = f"{AREA}/{hashlib.sha256(SETTINGS + b' print' + data).hexdigest()[:16]}-print"
    if cache.load(key) is None:
        with Image.open(io.BytesIO(data)) as opened:
            im = ImageOps.exif_transpose(opened).convert("RGB")
            im.thumbnail((longest, longest))
            buffer = io.BytesIO()
            im.save(buffer, "JPEG", quality=85)
        cache.store(key, {f"{key}.jpg": buffer.getvalue()}, {})
    return cache.path(f"{key}.jpg")


def _has_alpha(im: Image.Image) -> bool:
    return im.mode in ("RGBA", "LA") or (im.mode == "P" and "transparency" in im.info)
