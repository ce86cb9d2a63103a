"""Only real JPEG, PNG and WebP photos of a sane size are accepted."""

import io
import zlib

from PIL import Image

from generator import images
from generator.cache import Cache


def write_image(path, fmt, size=(64, 48)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 100, 50)).save(buffer, fmt)
    path.write_bytes(buffer.getvalue())
    return path


def test_accepted_formats(tmp_path):
    for fmt in ("JPEG", "PNG", "WEBP"):
        assert images.inspect(write_image(tmp_path / f"x.{fmt}", fmt)) is None


def test_other_formats_and_fakes_are_rejected(tmp_path):
    assert images.inspect(write_image(tmp_path / "x.gif", "GIF")) == "a photo must be JPEG, PNG or WebP, this is GIF"
    fake = tmp_path / "fake.jpg"
    fake.write_text("<svg onload=alert(1)>", encoding="utf-8")
    assert images.inspect(fake) == "not an image Pillow can read: a photo must be JPEG, PNG or WebP"


def test_decompression_bombs_are_rejected(tmp_path):
    # A tiny file that claims 10,000 x 10,000 pixels: Pillow alone would only warn below 2x its limit.
    bomb = write_image(tmp_path / "bomb.png", "PNG", (100, 100))
    data = bytearray(bomb.read_bytes())
    for width, height in ((10_000, 5_000), (50_000, 50_000)):  # 50 MP (a warning in Pillow), 2,500 MP
        data[16:24] = width.to_bytes(4, "big") + height.to_bytes(4, "big")  # the IHDR chunk's size
        data[29:33] = zlib.crc32(bytes(data[12:29])).to_bytes(4, "big")  # and its checksum
        bomb.write_bytes(bytes(data))
        assert images.inspect(bomb) == "the image has too many pixels (more than 40,000,000): resize it"


def test_copies_keep_the_aspect_ratio_and_never_upscale(tmp_path):
    small = write_image(tmp_path / "small.jpg", "JPEG", (600, 300))
    rendition = images.render(small, Cache(tmp_path / "cache"))
    assert [(w, h) for w, h, _ in rendition.variants] == [(480, 240), (600, 300)]
    for w, h, name in rendition.variants:
        with Image.open(tmp_path / "cache/images" / name) as im:
            assert (im.format, im.size) == ("WEBP", (w, h))


def test_a_truncated_photo_is_rejected(tmp_path):
    whole = write_image(tmp_path / "whole.jpg", "JPEG", (640, 480)).read_bytes()
    half = tmp_path / "half.jpg"
    half.write_bytes(whole[: len(whole) // 2])
    assert images.inspect(half).startswith("the image file is damaged: image file is truncated")


def test_an_unchanged_photo_is_not_read_again(tmp_path, monkeypatch):
    photo, cache = write_image(tmp_path / "photo.jpg", "JPEG", (600, 300)), Cache(tmp_path / "cache")
    first = images.render_all({photo}, cache)
    read = []
    real = images._digest
    monkeypatch.setattr(images, "_digest", lambda data: read.append(len(data)) or real(data))
    assert images.render_all({photo}, Cache(tmp_path / "cache")) == first
    assert read == []
    write_image(photo, "JPEG", (900, 300))  # replaced: another file state
    assert [(w, h) for w, h, _ in images.render_all({photo}, Cache(tmp_path / "cache"))[photo].variants] == [(480, 160), (900, 300)]
    assert read and set(read) == {photo.stat().st_size}  # read again, as it changed
