"""Records checked once: a product file whose state has not changed is taken as the last run
checked it, unless what its check depends on (settings, groups, areas, photos) changed."""

import os

import generator.validate
from generator.checked import CHANGES, CHECKED
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


def _copies_of_the_tea(catalogue, count: int) -> list[str]:
    """`count` more records (copies of the tea, which has no GTIN): a catalogue where an edit is
    a small share of the records."""
    tea = (catalogue / "content/products/tra-thu.yml").read_text(encoding="utf-8")
    names = [f"content/products/tra-{i:02d}.yml" for i in range(count)]
    for i, name in enumerate(names):
        (catalogue / name).write_text(tea.replace("Trà thử nghiệm", f"Trà thử nghiệm {i}"), encoding="utf-8")
    return names


def test_an_edit_writes_only_the_records_it_changed(catalogue, monkeypatch):
    _copies_of_the_tea(catalogue, 20)
    first, _ = load_catalogue(catalogue)
    whole = (catalogue / CHECKED).read_bytes()
    assert not (catalogue / CHANGES).exists()
    replace(catalogue, "content/products/mat-ong.yml", "Mật ong rừng thử nghiệm", "Mật ong rừng già thử nghiệm")
    edited, _ = load_catalogue(catalogue)
    assert (catalogue / CHECKED).read_bytes() == whole  # not written again
    assert b"r\xe1\xbb\xabng gi\xc3\xa0" in (catalogue / CHANGES).read_bytes()  # the edit, alone
    assert (catalogue / CHANGES).stat().st_size < len(whole) / 10
    read = _reading(monkeypatch)
    assert load_catalogue(catalogue)[0] == edited  # the whole cache and its changes
    assert read == []
    assert next(r for r in edited.records if r.id == "mat-ong").product.name.vi == "Mật ong rừng già thử nghiệm"


def test_many_changes_write_the_whole_cache_again(catalogue, monkeypatch):
    names = _copies_of_the_tea(catalogue, 20)
    load_catalogue(catalogue)
    whole = (catalogue / CHECKED).read_bytes()
    for name in names[:2]:  # 2 of 24 records: the changes
        replace(catalogue, name, "Trà thử nghiệm", "Trà xanh thử nghiệm")
    load_catalogue(catalogue)
    assert (catalogue / CHECKED).read_bytes() == whole and (catalogue / CHANGES).exists()
    (catalogue / names[2]).unlink()  # 3 of 24: an eighth, the whole cache again
    after, _ = load_catalogue(catalogue)
    assert (catalogue / CHECKED).read_bytes() != whole and not (catalogue / CHANGES).exists()
    read = _reading(monkeypatch)
    assert load_catalogue(catalogue)[0] == after and read == []
    assert len(after.records) == 4 + 19


def test_changes_are_used_only_with_the_whole_cache_they_were_made_for(catalogue, monkeypatch):
    names = _copies_of_the_tea(catalogue, 20)
    load_catalogue(catalogue)
    tea = (catalogue / names[5]).read_bytes()
    (catalogue / names[5]).unlink()
    load_catalogue(catalogue)
    removal = (catalogue / CHANGES).read_bytes()  # names[5] is gone
    (catalogue / names[5]).write_bytes(tea)
    (catalogue / CHECKED).unlink()
    read = _reading(monkeypatch)
    load_catalogue(catalogue)  # no whole cache: every record read, and a new whole cache
    assert len(read) == 24 and not (catalogue / CHANGES).exists()
    (catalogue / CHANGES).write_bytes(removal)  # made for the whole cache just replaced
    read.clear()
    assert len(load_catalogue(catalogue)[0].records) == 4 + 20
    assert read == []  # names[5] not taken for gone, nor read again


def test_damaged_changes_are_said_and_their_records_checked_again(catalogue, ocop, monkeypatch):
    _copies_of_the_tea(catalogue, 20)
    load_catalogue(catalogue)
    replace(catalogue, "content/products/mat-ong.yml", "Mật ong rừng thử nghiệm", "Mật ong rừng già thử nghiệm")
    edited = load_catalogue(catalogue)
    content = bytearray((catalogue / CHANGES).read_bytes())
    content[-5] ^= 0xFF
    (catalogue / CHANGES).write_bytes(bytes(content))
    read = _reading(monkeypatch)
    code, _, err = ocop("--root", catalogue, "check")
    assert code == 0
    assert err == [f"{CHANGES}: warning: damaged in the cache (not the bytes it was made with): the records it holds checked again"]
    assert read == ["content/products/mat-ong.yml"]
    read.clear()
    assert load_catalogue(catalogue) == edited and read == []  # and mended
