"""Link previews: every page has an og:image in JPEG or PNG, 1200×630, under 300 KB."""

import dataclasses
import hashlib
import io
import json
import random

from bs4 import BeautifulSoup
from PIL import Image

from generator.images import share_jpeg
from generator.previews import VERSION, draw, product_card

BASE = "https://example.org/ocop/"


def previews(site) -> dict[str, dict[str, str]]:
    found = {}
    for path in sorted(site.rglob("*.html")):
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        found[path.relative_to(site).as_posix()] = {m["property"]: m["content"] for m in doc.select('meta[property^="og:image"]')}
    return found


def test_every_page_has_a_preview_chat_apps_show(site):
    pages = previews(site)
    assert len(pages) > 70
    for path, meta in pages.items():
        assert meta.get("og:image", "").startswith(BASE + "img/"), path
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630"), path
        assert meta["og:image:alt"], path
    for url in {meta["og:image"] for meta in pages.values()}:
        data = (site / url.removeprefix(BASE)).read_bytes()
        assert len(data) < 300_000, url
        with Image.open(io.BytesIO(data)) as im:
            assert im.format == ("JPEG" if url.endswith(".jpg") else "PNG") and im.size == (1200, 630), url


def test_which_preview_each_page_has(site):
    pages = previews(site)
    assert pages["p/mat-ong/index.html"]["og:image"].endswith("-share.jpg")  # the photo, cropped
    assert pages["p/mat-ong/index.html"]["og:image:alt"] == "Hũ mật ong"
    card_vi, card_en = pages["p/nuoc-mam/index.html"], pages["en/p/nuoc-mam/index.html"]
    assert card_vi["og:image"].endswith("-card.png") and card_vi["og:image"] != card_en["og:image"]  # drawn per language
    assert card_vi["og:image:alt"] == "Nước mắm thử nghiệm: 3 sao OCOP"
    site_vi = pages["index.html"]["og:image"]
    assert site_vi.endswith("-card.png") and {pages[p]["og:image"] for p in ("groups/index.html", "browse/index.html", "404.html")} == {site_vi}
    assert pages["en/index.html"]["og:image"] != site_vi


def test_a_cropped_photo_keeps_its_middle(site):
    url = previews(site)["p/mat-ong/index.html"]["og:image"]
    with Image.open(site / url.removeprefix(BASE)) as im:
        assert im.mode == "RGB"


def test_a_noisy_photo_still_fits_in_300_kb():
    rng = random.Random(1)
    noise = Image.frombytes("RGB", (1600, 1200), bytes(rng.randrange(256) for _ in range(1600 * 1200 * 3)))
    data = share_jpeg(noise)
    assert len(data) <= 300_000
    with Image.open(io.BytesIO(data)) as im:
        assert (im.format, im.size) == ("JPEG", (1200, 630))


def test_a_transparent_photo_is_shown_on_white():
    logo = Image.new("RGBA", (800, 800), (0, 0, 0, 0))
    with Image.open(io.BytesIO(share_jpeg(logo))) as im:
        assert im.getpixel((600, 315)) == (255, 255, 255)


def test_cards_are_drawn_once_and_fit_any_name(tmp_path):
    long = product_card("Nước mắm " * 40, "Sản phẩm OCOP", 5, "5 sao OCOP", "Thực phẩm · " + "Gia vị " * 30, "Sản phẩm OCOP Quảng Nam", BASE)
    path = draw(long, tmp_path)
    mtime = path.stat().st_mtime_ns
    assert draw(long, tmp_path) == path and path.stat().st_mtime_ns == mtime  # from the cache
    with Image.open(path) as im:
        assert (im.format, im.size) == ("PNG", (1200, 630)) and path.stat().st_size < 300_000
    other = product_card("Nước mắm", "Sản phẩm OCOP", 4, "4 sao OCOP", "Thực phẩm", "Sản phẩm OCOP Quảng Nam", BASE)
    assert other.name != long.name


def red_pixels(path) -> int:
    with Image.open(path) as im:
        rgb = im.convert("RGB").tobytes()
    return sum(1 for i in range(0, len(rgb), 3) if rgb[i] > 150 and rgb[i + 1] < 80 and rgb[i + 2] < 80)


def test_the_card_of_a_product_no_longer_certified_says_so_in_red(site, tmp_path):
    pages = previews(site)
    expired = site / pages["p/nuoc-mam/index.html"]["og:image"].removeprefix(BASE)  # expired on the build day
    revoked = site / pages["en/p/tra-thu/index.html"]["og:image"].removeprefix(BASE)
    valid = site / pages["p/ruou-can/index.html"]["og:image"].removeprefix(BASE)
    assert red_pixels(expired) > 2000 and red_pixels(revoked) > 2000 and red_pixels(valid) == 0
    plain = product_card("Nước mắm thử nghiệm", "Sản phẩm OCOP", 3, "3 sao OCOP", "Thực phẩm · Gia vị, nước mắm, tương", "Sản phẩm OCOP thử nghiệm", BASE)
    assert red_pixels(draw(plain, tmp_path)) == 0


def test_a_cards_name_is_the_one_earlier_versions_gave_it():
    """The name is the card's key in the cache (.cache/cards): a new way to make it must not
    change it, or every card (61,398 at 20,000 products) is drawn again."""
    card = product_card("Mật ong rừng", "Sản phẩm OCOP", 4, "4 sao OCOP", "Thực phẩm · Mật ong", "OCOP Quảng Nam", "https://ocop.example.vn/", "Đã bị thu hồi")
    asdict = json.dumps([VERSION, dataclasses.asdict(card)], ensure_ascii=False)
    assert card.name == hashlib.sha256(asdict.encode()).hexdigest()[:16] + "-card.png"
