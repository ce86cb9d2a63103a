"""Records checked once: a product file whose state has not changed is taken as the last run
checked it, unless what its check depends on (settings, groups, areas, photos) changed."""

import os

import generator.validate
from generator.checked import CHECKED
from generator.validate import load_catalogue
from test_validation import replace


def _reading(monkeypatch) -> list[str]:
    """The product files read from now on."""
    read = []
    real = generator.validate.read_yaml

    def spy(root, relpath, problems):
        if relpath.startswith("content/products/"):
            read.append(relpath)
        return real(root, relpath, problems)

    monkeypatch.setattr(generator.validate, "read_yaml", spy)
    return read


def test_unchanged_records_are_not_read_again(catalogue, monkeypatch):
    first, warnings = load_catalogue(catalogue)
    read = _reading(monkeypatch)
    assert load_catalogue(catalogue) == (first, warnings)
    assert read == []
    replace(catalogue, "content/products/mat-ong.yml", "Mật ong rừng thử nghiệm", "Mật ong rừng già thử nghiệm")
    again, _ = load_catalogue(catalogue)
    assert read == ["content/products/mat-ong.yml"]
    assert next(r for r in again.records if r.id == "mat-ong").product.name.vi == "Mật ong rừng già thử nghiệm"


def test_a_record_s_problems_are_said_again_without_reading_it(catalogue, ocop, monkeypatch):
    replace(catalogue, "content/products/mat-ong.yml", "stars: 4", "stars: 6")
    code, _, err = ocop("--root", catalogue, "check")
    assert code == 1 and err[0].startswith("content/products/mat-ong.yml:6: stars:")
    read = _reading(monkeypatch)
    assert ocop("--root", catalogue, "check")[::2] == (code, err)
    assert read == []


def test_a_group_removed_makes_every_record_checked_again(catalogue, ocop):
    assert ocop("--root", catalogue, "check")[0] == 0
    replace(catalogue, "content/categories.yml", "    mat-ong: {vi: Mật ong và sản phẩm sơ chế khác, en: Honey and other lightly processed foods}\n", "")
    code, _, err = ocop("--root", catalogue, "check")
    assert code == 1
    assert err[0].startswith("content/products/mat-ong.yml:5: category: unknown category; expected a subgroup id from content/categories.yml")


def test_a_photo_removed_is_found_though_the_record_is_unchanged(catalogue, ocop):
    assert ocop("--root", catalogue, "check")[0] == 0
    (catalogue / "content/images/mat-ong/hu.png").unlink()
    code, _, err = ocop("--root", catalogue, "check")
    assert code == 1
    assert err[0] == "content/products/mat-ong.yml:36: images[0].src: no such file in content/images/ (found mat-ong/hu.png)"


def test_a_damaged_cache_is_said_and_every_record_checked(catalogue, ocop, monkeypatch):
    first = load_catalogue(catalogue)
    cache = catalogue / CHECKED
    content = bytearray(cache.read_bytes())
    content[len(content) // 2] ^= 0xFF
    cache.write_bytes(bytes(content))
    read = _reading(monkeypatch)
    code, _, err = ocop("--root", catalogue, "check")
    assert code == 0
    assert err == [f"{CHECKED}: warning: damaged in the cache (not the bytes it was made with): every record checked again"]
    assert len(read) == len(first[0].records)
    assert load_catalogue(catalogue) == first  # and mended


def test_a_catalogue_whose_cache_cannot_be_written_is_checked_in_full(catalogue, ocop):
    (catalogue / ".cache").mkdir(exist_ok=True)
    (catalogue / CHECKED).mkdir()  # a folder where the file would go: writing it fails
    assert ocop("--root", catalogue, "check")[0] == 0
    assert ocop("--root", catalogue, "check")[0] == 0
    assert os.path.isdir(catalogue / CHECKED)


def test_a_photo_added_for_another_record_does_not_check_every_record_again(catalogue, monkeypatch):
    load_catalogue(catalogue)
    read = _reading(monkeypatch)
    (catalogue / "content/images/other.png").write_bytes((catalogue / "content/images/mat-ong/hu.png").read_bytes())
    load_catalogue(catalogue)
    assert read == []


def test_a_photo_replaced_by_a_damaged_one_is_found(catalogue, ocop):
    assert ocop("--root", catalogue, "check")[0] == 0
    photo = catalogue / "content/images/mat-ong/hu.png"
    photo.write_bytes(photo.read_bytes()[:200])
    code, _, err = ocop("--root", catalogue, "check")
    assert code == 1
    assert err[0].startswith("content/products/mat-ong.yml:36: images[0].src: the image file is damaged")
