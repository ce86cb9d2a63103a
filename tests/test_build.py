"""Building: nothing half-written, the same bytes every time, images cached."""

import datetime
import errno
import gc
import hashlib
import json
import os
import pathlib
import shutil

import PIL.Image
import PIL.ImageFile
import pytest

from generator import search
from generator.build import build_site
from generator.problems import ContentError

from conftest import AS_OF, REPO
from test_validation import replace

pytestmark = pytest.mark.slow  # each test builds the fixture catalogue two or more times


def digest(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_failed_build_leaves_the_previous_site_untouched(catalogue, ocop):
    out = catalogue / "site"
    assert ocop("--root", catalogue, "build", "--date", "2026-11-29")[0] == 0
    before = digest(out)
    record = catalogue / "content/products/nuoc-mam.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("stars: 3", "stars: 9"), encoding="utf-8")
    code, out_lines, err = ocop("--root", catalogue, "build", "--date", "2026-11-29")
    assert code == 1
    assert err == ["content/products/nuoc-mam.yml:3: stars: must be 3, 4 or 5 (found 9)", "1 problem in 1 file; nothing was written."]
    assert digest(out) == before
    assert [p.name for p in catalogue.iterdir() if p.name.startswith(".site")] == []  # no staging left behind


def test_a_build_that_breaks_while_writing_leaves_no_trace(catalogue, monkeypatch):
    out = build_site(catalogue, catalogue / "site", AS_OF).out
    before = digest(out)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("generator.sitemap.write", broken)
    touch(catalogue / "content/products/mat-ong.yml")  # a change, or the build would have nothing to do
    with pytest.raises(OSError):
        build_site(catalogue, out, AS_OF)
    assert digest(out) == before
    assert sorted(p.name for p in catalogue.iterdir()) == [".cache", "content", "site", "site_config.yml"]


def touch(path):
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_a_build_with_nothing_changed_does_nothing(catalogue, ocop):
    out = catalogue / "site"
    assert ocop("--root", catalogue, "build", "--date", "2026-11-29")[0] == 0
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    code, lines, _ = ocop("--root", catalogue, "build", "--date", "2026-11-29")
    assert (code, lines) == (0, [f"{out} is up to date: nothing changed since its last build (4 products, statuses as of 2026-11-29)"])
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before


@pytest.mark.parametrize("change", ["record", "photo", "config", "theme", "output", "date", "python"])
def test_any_change_builds_again(catalogue, tmp_path, change, monkeypatch):
    if change == "theme":  # the catalogue's own theme, a copy of the repository's
        shutil.copytree(REPO / "theme", catalogue / "theme")
    out = build_site(catalogue, tmp_path / "site", AS_OF).out
    assert build_site(catalogue, out, AS_OF).up_to_date
    day = AS_OF
    if change == "record":
        touch(catalogue / "content/products/ruou-can.yml")
    elif change == "photo":
        touch(next(p for p in (catalogue / "content/images").rglob("*") if p.is_file()))
    elif change == "config":
        touch(catalogue / "site_config.yml")
    elif change == "theme":
        touch(catalogue / "theme/assets/ocop.css")
    elif change == "output":
        (out / "p/mat-ong/qr.svg").unlink()
    elif change == "python":  # another Python, with other Unicode data
        monkeypatch.setattr("sys.version", "3.99.0 (another)")
    else:
        day = AS_OF + datetime.timedelta(days=1)
    rebuilt = build_site(catalogue, out, day)
    assert not rebuilt.up_to_date and (out / "p/mat-ong/qr.svg").is_file()
    assert build_site(catalogue, out, day).up_to_date


def test_a_change_made_while_building_is_not_forgotten(catalogue, tmp_path, monkeypatch):
    import generator.build

    real_build = generator.build._build

    def edited_meanwhile(*args):
        result = real_build(*args)
        touch(catalogue / "content/products/ruou-can.yml")  # saved by an editor before the build ended
        return result

    monkeypatch.setattr(generator.build, "_build", edited_meanwhile)
    out = build_site(catalogue, tmp_path / "site", AS_OF).out
    monkeypatch.setattr(generator.build, "_build", real_build)
    assert not build_site(catalogue, out, AS_OF).up_to_date


class Rendered:
    """The paths of the pages MkDocs renders, written down by each language's process."""

    def __init__(self, file):
        self.file = file

    def add(self, paths):
        with self.file.open("a", encoding="utf-8") as f:  # one write per language: whole lines
            f.write("".join(f"{path}\n" for path in paths))

    def __iter__(self):
        return iter(self.file.read_text(encoding="utf-8").splitlines() if self.file.exists() else [])

    def clear(self):
        self.file.unlink(missing_ok=True)


@pytest.fixture
def rendered(monkeypatch, tmp_path):
    """The paths of the pages MkDocs renders in each build."""
    import generator.engine

    paths = Rendered(tmp_path / "rendered.txt")
    real_init = generator.engine.PagesPlugin.__init__

    def spy(self, pages, *args):
        paths.add(page.path for page in pages)
        real_init(self, pages, *args)

    monkeypatch.setattr(generator.engine.PagesPlugin, "__init__", spy)
    return paths


def test_editing_one_record_renders_only_its_pages_again(catalogue, tmp_path, rendered):
    out = build_site(catalogue, tmp_path / "site", AS_OF).out
    assert {"p/mat-ong/", "p/ruou-can/"} <= set(rendered)
    record = catalogue / "content/products/ruou-can.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("stars: 5", "stars: 4"), encoding="utf-8")
    rendered.clear()
    build_site(catalogue, out, AS_OF)
    assert sorted(path for path in rendered if path.startswith("p/")) == ["p/ruou-can/", "p/ruou-can/"]  # vi and en
    assert {"stars/4/", "stars/5/", "groups/do-uong/"} <= set(rendered)  # the lists that show its stars
    assert "stars/3/" not in rendered and "areas/thang-binh/" not in rendered  # lists it is not on are the last build's
    fresh = build_site(catalogue, tmp_path / "fresh", AS_OF).out
    assert digest(out) == digest(fresh)


NAVIGATION = ["", "areas/", "browse/", "fairs/", "groups/", "stars/", "stats/"]  # always rendered: MkDocs makes the tabs from them


def test_a_story_edited_renders_its_two_pages_and_makes_no_other_products_data(catalogue, tmp_path, rendered, monkeypatch):
    import generator.render

    made = Rendered(tmp_path / "made.txt")  # the products whose page data is made, in every language's process
    real_product_page = generator.render.Renderer.product_page
    monkeypatch.setattr(generator.render.Renderer, "product_page", lambda self, record: made.add([record.id]) or real_product_page(self, record))
    out = build_site(catalogue, tmp_path / "site", AS_OF).out
    assert sorted(made) == sorted(["mat-ong", "nuoc-mam", "ruou-can", "tra-thu"] * 2)
    record = catalogue / "content/products/mat-ong.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("thu từ **rừng già**", "thu từ **rừng nguyên sinh**"), encoding="utf-8")
    made.clear()
    rendered.clear()
    build_site(catalogue, out, AS_OF)
    assert sorted(made) == ["mat-ong", "mat-ong"]
    assert sorted(rendered) == sorted((NAVIGATION + ["p/mat-ong/"]) * 2)  # no list shows a story
    assert "rừng nguyên sinh" in (out / "p/mat-ong/index.html").read_text(encoding="utf-8")
    assert digest(out) == digest(build_site(catalogue, tmp_path / "fresh", AS_OF).out)


@pytest.fixture
def terms_made(monkeypatch, tmp_path):
    """The products whose search terms are cut from their text, in every language's process."""
    import generator.search

    made = Rendered(tmp_path / "terms.txt")
    real = generator.search.product_terms
    monkeypatch.setattr(generator.search, "product_terms", lambda renderer, record, card: made.add([f"{renderer.lang} {record.id}"]) or real(renderer, record, card))
    return made


def test_an_edit_cuts_the_search_terms_of_the_edited_product_only(catalogue, tmp_path, terms_made):
    out = build_site(catalogue, tmp_path / "site", AS_OF).out
    assert sorted(terms_made) == sorted(f"{lang} {id}" for lang in ("vi", "en") for id in ("mat-ong", "nuoc-mam", "ruou-can", "tra-thu"))
    record = catalogue / "content/products/mat-ong.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("thu từ **rừng già**", "thu từ **rừng nguyên sinh**"), encoding="utf-8")
    terms_made.clear()
    build_site(catalogue, out, AS_OF)
    assert sorted(terms_made) == ["en mat-ong", "vi mat-ong"]  # the others' terms are the last build's
    browse = {p.name: p.read_bytes() for p in (out / "data/search/vi").iterdir()}
    assert set(search.scores(browse, "nguyên sinh")) == {"mat-ong"} and "mat-ong" not in search.scores(browse, "rừng già")
    for kept in (catalogue / ".cache").glob("terms-*.marshal"):
        kept.unlink()
    terms_made.clear()
    assert digest(out) == digest(build_site(catalogue, tmp_path / "fresh", AS_OF).out)  # every product's terms cut afresh
    assert len(list(terms_made)) == 8


def test_search_terms_kept_as_json_by_earlier_versions_are_removed(catalogue, tmp_path):
    (catalogue / ".cache").mkdir(exist_ok=True)
    earlier = [catalogue / f".cache/terms-{lang}.json" for lang in ("vi", "en")]
    for file in earlier:
        file.write_text('{"0123": [["mat", "ong"], []]}', encoding="utf-8")
    build_site(catalogue, tmp_path / "site", AS_OF)
    assert [file.exists() for file in earlier] == [False, False]
    assert sorted(p.name for p in (catalogue / ".cache").glob("terms-*")) == ["terms-en.marshal", "terms-vi.marshal"]


def test_an_edit_reads_none_of_the_qr_codes_the_site_keeps(catalogue, tmp_path, monkeypatch):
    """Reading and checking two files a product was 4 s of an edit at 20,000 products: the
    cache's files are read (and checked) only when copied into the site."""
    import generator.cache

    out = build_site(catalogue, tmp_path / "site", AS_OF).out
    record = catalogue / "content/products/mat-ong.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("thu từ **rừng già**", "thu từ **rừng nguyên sinh**"), encoding="utf-8")
    loaded = []
    real_load = generator.cache.Cache.load
    monkeypatch.setattr(generator.cache.Cache, "load", lambda self, key: loaded.append(key) or real_load(self, key))
    build_site(catalogue, out, AS_OF)
    assert [key for key in loaded if key.startswith("qr/")] == []
    loaded.clear()
    fresh = build_site(catalogue, tmp_path / "fresh", AS_OF).out  # copies every code: each checked
    assert len([key for key in loaded if key.startswith("qr/")]) == 4
    assert digest(out) == digest(fresh)


def test_the_next_days_build_cuts_no_search_terms(catalogue, tmp_path, terms_made):
    build_site(catalogue, tmp_path / "site", AS_OF)
    terms_made.clear()
    next_day = build_site(catalogue, tmp_path / "site", AS_OF + datetime.timedelta(days=1)).out  # every page made again, with its date
    assert list(terms_made) == []
    shutil.rmtree(catalogue / ".cache")
    assert digest(next_day) == digest(build_site(catalogue, tmp_path / "fresh", AS_OF + datetime.timedelta(days=1)).out)
    assert len(list(terms_made)) == 8


def test_another_python_cuts_the_search_terms_again(catalogue, tmp_path, terms_made, monkeypatch):
    """Its Unicode data decides how text is cut into terms (text.search_fold)."""
    build_site(catalogue, tmp_path / "site", AS_OF)
    terms_made.clear()
    monkeypatch.setattr("sys.version", "3.99.0 (another)")
    build_site(catalogue, tmp_path / "site", AS_OF)
    assert len(list(terms_made)) == 8


@pytest.mark.parametrize("damage", ["a changed byte", "cut short", "not ours"])
def test_damaged_kept_terms_are_cut_again(catalogue, tmp_path, terms_made, damage):
    out = build_site(catalogue, tmp_path / "site", AS_OF).out
    kept = catalogue / ".cache/terms-vi.marshal"
    content = kept.read_bytes()
    kept.write_bytes({"a changed byte": content.replace(b"mat", b"mAt", 1), "cut short": content[:-9], "not ours": b"[]"}[damage])
    terms_made.clear()
    (out / "index.html").unlink()  # something to build again
    build_site(catalogue, out, AS_OF)
    assert sorted(terms_made) == [f"vi {id}" for id in ("mat-ong", "nuoc-mam", "ruou-can", "tra-thu")]
    shutil.rmtree(catalogue / ".cache")
    assert digest(out) == digest(build_site(catalogue, tmp_path / "fresh", AS_OF).out)


@pytest.fixture
def stories_made(monkeypatch, tmp_path):
    """The stories converted from Markdown (their first line), in every language's process."""
    import generator.shown

    made = Rendered(tmp_path / "stories.txt")
    real = generator.shown.story_html
    monkeypatch.setattr(generator.shown, "story_html", lambda text: made.add([text.splitlines()[0]]) or real(text))
    return made


STORIES = ["Early-picked green tea, served with rice crackers and fish sauce.", "Honey gathered in the **old forest** of Phuoc Son.",
           "Mật ong được thu từ **rừng già** Phước Sơn.", "Rượu cần của người Cơ Tu, ủ trong ché.", "Trà xanh hái sớm, uống kèm bánh tráng chấm nước mắm."]


def kept_stories(catalogue) -> dict[str, bytes]:
    return {file.name: file.read_bytes() for file in (catalogue / ".cache/stories").glob("??/*")}


def test_a_story_is_converted_once_for_every_language_that_shows_it_and_kept_for_the_next_build(catalogue, tmp_path, stories_made, monkeypatch):
    """In one process (languages built side by side may each convert a story the other has
    not kept yet); the next build converts none, on any number of cores."""
    monkeypatch.setattr("generator.parallel.os.cpu_count", lambda: 1)
    config = catalogue / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("languages: [vi, en]", "languages: [vi, en, ko]"), encoding="utf-8")
    out = build_site(catalogue, tmp_path / "site", AS_OF).out
    # Korean shows the English stories, and the Vietnamese where there is none, as English does
    assert sorted(stories_made) == STORIES
    assert "Rượu cần của người Cơ Tu" in (out / "ko/p/ruou-can/index.html").read_text(encoding="utf-8")
    stories_made.clear()
    monkeypatch.setattr("generator.parallel.os.cpu_count", lambda: 2)
    next_day = build_site(catalogue, tmp_path / "site", AS_OF + datetime.timedelta(days=1)).out  # every page made again
    assert list(stories_made) == []
    assert len(kept_stories(catalogue)) == 5
    shutil.rmtree(catalogue / ".cache")
    assert digest(next_day) == digest(build_site(catalogue, tmp_path / "fresh", AS_OF + datetime.timedelta(days=1)).out)


def test_an_edit_converts_the_edited_story_and_the_next_full_build_forgets_its_old_text(catalogue, tmp_path, stories_made):
    out = build_site(catalogue, tmp_path / "site", AS_OF).out
    before = kept_stories(catalogue)
    record = catalogue / "content/products/mat-ong.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("thu từ **rừng già**", "thu từ **rừng nguyên sinh**"), encoding="utf-8")
    stories_made.clear()
    build_site(catalogue, out, AS_OF)
    assert list(stories_made) == ["Mật ong được thu từ **rừng nguyên sinh** Phước Sơn."]
    assert len(kept_stories(catalogue)) == 6  # an edit removes nothing: it did not show every story
    (catalogue / ".cache/stories/ab").mkdir(exist_ok=True)
    (catalogue / ".cache/stories/ab/abcd").write_bytes(b"another code's story")
    next_day = build_site(catalogue, out, AS_OF + datetime.timedelta(days=1)).out
    kept = kept_stories(catalogue)
    assert len(kept) == 5 and set(kept) < set(before) | set(kept) and len(set(before) - set(kept)) == 1
    assert "abcd" not in kept
    assert digest(next_day) == digest(build_site(catalogue, tmp_path / "fresh", AS_OF + datetime.timedelta(days=1)).out)


@pytest.mark.parametrize("damage", ["a changed byte", "cut short", "empty", "another story's"])
def test_a_damaged_kept_story_is_converted_again(catalogue, tmp_path, stories_made, damage):
    out = build_site(catalogue, tmp_path / "site", AS_OF).out
    kept = kept_stories(catalogue)
    honey = next(name for name, content in kept.items() if b"old forest" in content)
    other = next(content for name, content in kept.items() if b"Early-picked" in content)
    file = next((catalogue / ".cache/stories").glob(f"??/{honey}"))
    file.write_bytes({"a changed byte": kept[honey].replace(b"forest", b"f0rest"), "cut short": kept[honey][:-9], "empty": b"",
                      "another story's": other}[damage])
    stories_made.clear()
    next_day = build_site(catalogue, out, AS_OF + datetime.timedelta(days=1)).out
    assert list(stories_made) == ["Honey gathered in the **old forest** of Phuoc Son."]
    assert file.read_bytes() == kept[honey]  # written whole again
    shutil.rmtree(catalogue / ".cache")
    assert digest(next_day) == digest(build_site(catalogue, tmp_path / "fresh", AS_OF + datetime.timedelta(days=1)).out)


@pytest.mark.parametrize("change", ["group", "area", "fair", "photo", "settings"])
def test_a_change_beside_the_records_makes_every_page_it_shows_on_again(catalogue, tmp_path, change):
    """Product pages show their group, area, fairs, photos and the site's settings: an edit to
    any of them is on every page a full build would change, and on no other."""
    out = build_site(catalogue, tmp_path / "site", AS_OF).out
    edits = {
        "group": ("content/categories.yml", "{vi: Đồ uống, en: Drinks}", "{vi: Thức uống, en: Beverages}"),
        "area": ("content/areas.yml", "{vi: Phước Sơn, en: Phuoc Son}", "{vi: Huyện Phước Sơn, en: Phuoc Son District}"),
        "fair": ("content/fairs/hoi-cho.yml", "{vi: Hội chợ thử nghiệm, en: Test fair}", "{vi: Hội chợ mùa xuân, en: Spring fair}"),
    }
    if change == "photo":
        photo = catalogue / "content/images/mat-ong/hu.png"
        with PIL.Image.open(photo) as image:
            image.transpose(PIL.Image.Transpose.FLIP_LEFT_RIGHT).save(photo)
    elif change == "settings":
        config = catalogue / "site_config.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("base_url: https://", "base_url: http://"), encoding="utf-8")
    else:
        path, old, new = edits[change]
        text = (catalogue / path).read_text(encoding="utf-8")
        assert old in text
        (catalogue / path).write_text(text.replace(old, new), encoding="utf-8")
    before = digest(out)
    build_site(catalogue, out, AS_OF)
    after = digest(out)
    assert any(before.get(page) != after[page] for page in after if page.startswith("p/"))  # the change shows on product pages
    assert after == digest(build_site(catalogue, tmp_path / "fresh", AS_OF).out)


@pytest.mark.parametrize("change", ["page edited by hand", "theme"])
def test_a_page_is_reused_only_while_it_and_its_sources_are_unchanged(catalogue, tmp_path, rendered, change):
    shutil.copytree(REPO / "theme", catalogue / "theme")
    out = build_site(catalogue, tmp_path / "site", AS_OF).out
    expected = digest(out)
    if change == "theme":
        css = catalogue / "theme/assets/ocop.css"
        css.write_text(css.read_text(encoding="utf-8") + "\n/* */\n", encoding="utf-8")
    else:
        page = out / "p/mat-ong/index.html"
        page.write_text(page.read_text(encoding="utf-8").replace("Mật ong", "Mật giả"), encoding="utf-8")
    rendered.clear()
    build_site(catalogue, out, AS_OF)
    if change == "theme":
        assert len([path for path in rendered if path.startswith("p/")]) == 8  # every product, both languages
    else:
        assert [path for path in rendered if path.startswith("p/")] == ["p/mat-ong/"]
        assert digest(out) == expected


def test_files_copied_from_the_cache_are_kept_from_the_last_build_while_it_left_them(catalogue, tmp_path):
    """QR codes, photos' copies and link previews are the last build's files (linked, not
    copied again) unless they were changed in the site since."""
    out = build_site(catalogue, tmp_path / "site", AS_OF).out
    copies = ["p/mat-ong/qr.svg", "p/ruou-can/qr.png", *(path.relative_to(out).as_posix() for path in sorted((out / "img").glob("*-card.png"))[:2]),
              *(path.relative_to(out).as_posix() for path in sorted((out / "img").glob("*-960.webp")))]
    assert len(copies) == 5
    files = {copy: (out / copy).stat().st_ino for copy in copies}
    (out / "p/nuoc-mam/qr.png").write_bytes(b"not a QR code")  # changed in the site by hand
    touch(catalogue / "content/products/tra-thu.yml")
    build_site(catalogue, out, AS_OF)
    assert {copy: (out / copy).stat().st_ino for copy in copies} == files
    assert digest(out) == digest(build_site(catalogue, tmp_path / "fresh", AS_OF).out)


def test_two_builds_give_identical_files(catalogue, tmp_path):
    first = build_site(catalogue, tmp_path / "one", AS_OF).out
    second = build_site(catalogue, tmp_path / "two", AS_OF).out
    assert digest(first) == digest(second)


def test_statuses_follow_the_build_date(catalogue, tmp_path):
    site = build_site(catalogue, tmp_path / "early", datetime.date(2025, 12, 1)).out
    html = (site / "p/nuoc-mam/index.html").read_text(encoding="utf-8")
    assert 'data-status="expiring"' in html and "Còn 8 ngày, đến 09/12/2025" in html


def test_unchanged_photos_are_not_processed_again(catalogue, tmp_path, monkeypatch):
    build_site(catalogue, tmp_path / "one", AS_OF)
    cached = sorted((catalogue / ".cache/images").iterdir())
    digest = cached[0].name[:16]
    assert [p.name for p in cached][:5] == [f"{digest}-1440.webp", f"{digest}-480.webp", f"{digest}-960.webp", f"{digest}-share.jpg", f"{digest}.json"]
    assert [p.suffix for p in cached[5:]] == [".jpg", ".json"] and cached[5].name.endswith("-print.jpg")  # and one copy for print
    cards = sorted((catalogue / ".cache/cards").iterdir())  # link previews of pages without a photo
    assert len(cards) == 8 and all(card.name.endswith("-card.png") for card in cards)
    decoded = []
    real_load = PIL.ImageFile.ImageFile.load
    monkeypatch.setattr("PIL.ImageFile.ImageFile.load", lambda im: decoded.append(im) or real_load(im))
    build_site(catalogue, tmp_path / "two", AS_OF)
    assert decoded == []  # neither checked nor resized again: the manifest (.json) vouches for the bytes
    assert sorted((catalogue / ".cache/images").iterdir()) == cached
    assert [(card.name, card.stat().st_mtime_ns) for card in cards] == [(card.name, card.stat().st_mtime_ns) for card in sorted((catalogue / ".cache/cards").iterdir())]
    cached[1].unlink()  # a copy lost from the cache is made again
    build_site(catalogue, tmp_path / "three", AS_OF)
    assert decoded and sorted((catalogue / ".cache/images").iterdir()) == cached


def test_the_cli_reports_what_it_built(catalogue, ocop):
    code, out, err = ocop("--root", catalogue, "build", "--out", catalogue / "public", "--date", "2026-11-29")
    assert code == 0 and err == []
    assert out[0].startswith(f"built 4 products, 80 pages into {catalogue / 'public'} in ")
    assert out[0].endswith(" s (statuses as of 2026-11-29)")


def test_source_date_epoch_sets_the_date(monkeypatch):
    from generator.cli import build_date

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764374400")  # 2025-11-29 00:00 UTC
    assert build_date() == datetime.date(2025, 11, 29)


def test_published_urls_are_recorded_and_kept(catalogue, ocop):
    assert ocop("--root", catalogue, "build", "--date", "2026-11-29")[0] == 0
    published = (catalogue / "content/published.txt").read_text(encoding="utf-8").splitlines()
    assert [line for line in published if not line.startswith("#")] == [
        "base_url https://example.org/ocop/", "languages vi en", "01/08930000000019/ mat-ong",
        "p/mat-ong/ | Mật ong rừng thử nghiệm | HTX Mật ong Thử Nghiệm", "p/nuoc-mam/ | Nước mắm thử nghiệm | Cơ sở Nước mắm Thử Nghiệm",
        "p/ruou-can/ | Rượu cần thử nghiệm | HTX Rượu cần Thử Nghiệm", "p/tra-thu/ | Trà thử nghiệm | Công ty TNHH Trà Thử Nghiệm",
    ]
    site_before = digest(catalogue / "site")
    # an editor deletes one record and renames another: the build refuses
    (catalogue / "content/products/tra-thu.yml").unlink()
    (catalogue / "content/products/nuoc-mam.yml").rename(catalogue / "content/products/nuoc-mam-moi.yml")
    code, out, err = ocop("--root", catalogue, "build", "--date", "2026-11-29")
    assert code == 1
    assert err == [
        "content/published.txt:9: p/nuoc-mam/ was published (printed QR codes may point at it) but nothing makes it any more: restore content/products/nuoc-mam.yml and mark it revoked instead of deleting or renaming it",
        "content/published.txt:11: p/tra-thu/ was published (printed QR codes may point at it) but nothing makes it any more: restore content/products/tra-thu.yml and mark it revoked instead of deleting or renaming it",
        "2 problems in 1 file; nothing was written.",
    ]
    assert digest(catalogue / "site") == site_before


def test_a_gtin_once_published_cannot_vanish(catalogue, ocop):
    assert ocop("--root", catalogue, "build", "--date", "2026-11-29")[0] == 0
    record = catalogue / "content/products/mat-ong.yml"
    record.write_text(record.read_text(encoding="utf-8").replace('gtin: "8930000000019"\n', ""), encoding="utf-8")
    code, out, err = ocop("--root", catalogue, "check")
    assert err[0] == "content/published.txt:7: 01/08930000000019/ was published (printed QR codes may point at it) but nothing makes it any more: give the GTIN back to its product: codes on packages lead to it"


def test_fair_pdfs_are_redrawn_only_when_what_they_show_changes(catalogue, tmp_path, monkeypatch):
    from generator import printing

    drawn = []
    real = printing.fair_materials
    monkeypatch.setattr(printing, "fair_materials", lambda *args: drawn.append(args[1]) or real(*args))
    first = build_site(catalogue, tmp_path / "one", AS_OF).out
    build_site(catalogue, tmp_path / "two", AS_OF)
    assert drawn == ["hoi-cho"]
    record = catalogue / "content/products/mat-ong.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("HTX Mật ong Thử Nghiệm", "HTX Mật ong Phước Sơn"), encoding="utf-8")
    third = build_site(catalogue, tmp_path / "three", AS_OF).out
    assert drawn == ["hoi-cho", "hoi-cho"]
    assert (first / "fairs/hoi-cho/hoi-cho-shelf-cards-a6.pdf").read_bytes() != (third / "fairs/hoi-cho/hoi-cho-shelf-cards-a6.pdf").read_bytes()


def test_a_build_never_replaces_the_catalogue_or_a_folder_it_did_not_build(catalogue, ocop, tmp_path):
    for out in (catalogue, catalogue / "content", catalogue.parent):
        code, out_lines, err = ocop("--root", catalogue, "build", "--out", out)
        assert code == 2 and err[-1] == f"ocop: error: {out.resolve()} holds the catalogue's own files: choose another --out folder"
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "report.docx").write_text("important", encoding="utf-8")
    code, out_lines, err = ocop("--root", catalogue, "build", "--out", documents)
    assert code == 2 and err[-1] == f"ocop: error: {documents} is not empty and is not a site built by ocop (it has no .ocop-site): choose another --out folder, or remove it"
    assert (documents / "report.docx").read_text(encoding="utf-8") == "important"
    assert (catalogue / "content/products/mat-ong.yml").is_file()


def inodes(folder):
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def test_an_edit_puts_only_the_files_it_changed_in_place(catalogue, tmp_path):
    """The site is updated where it is (swap.NewSite): a file whose bytes did not change is
    the last build's file, and the folder is not exchanged; a new day exchanges it whole."""
    out = build_site(catalogue, tmp_path / "site", AS_OF).out
    folder, before, files = out.stat().st_ino, inodes(out), digest(out)
    record = catalogue / "content/products/ruou-can.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("stars: 5", "stars: 4"), encoding="utf-8")
    build_site(catalogue, out, AS_OF)
    after = digest(out)
    assert out.stat().st_ino == folder
    renamed = {path for path, inode in inodes(out).items() if before.get(path) != inode}
    changed = {path for path in after if files.get(path) != after[path]}
    assert renamed == changed
    assert {"p/ruou-can/index.html", "en/p/ruou-can/index.html", "stars/4/index.html", "data/products.json"} <= changed
    assert not changed & {"p/mat-ong/index.html", "en/p/mat-ong/index.html", "stars/3/index.html", "p/ruou-can/qr.svg", "icons/icon-192.png"}
    assert after == digest(build_site(catalogue, tmp_path / "fresh", AS_OF).out)
    assert build_site(catalogue, out, AS_OF).up_to_date  # the record of the site's files, made without reading them again, is right
    build_site(catalogue, out, AS_OF + datetime.timedelta(days=1))  # every page shows the day
    assert out.stat().st_ino != folder


def test_a_product_removed_in_an_edit_leaves_nothing_of_it(catalogue, tmp_path):
    products = catalogue / "content/products"
    (products / "ruou-moi.yml").write_bytes((products / "ruou-can.yml").read_bytes())
    out = build_site(catalogue, tmp_path / "site", AS_OF).out
    assert (out / "p/ruou-moi/index.html.gz").is_file() and (out / "p/ruou-moi/qr.svg").is_file() and (out / "en/p/ruou-moi/index.html").is_file()
    (products / "ruou-moi.yml").unlink()
    build_site(catalogue, out, AS_OF)
    assert not (out / "p/ruou-moi").exists() and not (out / "en/p/ruou-moi").exists()
    assert [p for p in out.rglob("*") if p.is_dir() and not any(p.iterdir())] == []
    assert digest(out) == digest(build_site(catalogue, tmp_path / "fresh", AS_OF).out)


@pytest.mark.parametrize("stop", ["refused at once", "full disk", "killed between a page's copies and the page", "killed before the pages"])
def test_a_build_stopped_while_putting_files_in_place_is_finished_by_the_next(catalogue, ocop, monkeypatch, tmp_path, stop):
    """Whole files, some new and some old: the next build tells them apart, and no page is left
    with the compressed copies of another version of it."""
    out = catalogue / "site"
    assert ocop("--root", catalogue, "build", "--date", "2026-11-29")[0] == 0
    before, copies = digest(out), {p: p.read_bytes() for p in (catalogue / ".cache/compressed/sites").iterdir()}
    record = catalogue / "content/products/ruou-can.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("stars: 5", "stars: 4"), encoding="utf-8")
    real_replace, moved, refused = os.replace, [], []

    def stopping(source, target):
        if not pathlib.Path(target).is_relative_to(out):  # the cache's files are written by renames too
            return real_replace(source, target)
        relpath = pathlib.Path(target).relative_to(out).as_posix()
        if (stop, len(moved)) in (("refused at once", 0), ("full disk", 3)):
            code = errno.EACCES if stop == "refused at once" else errno.ENOSPC
            refused.append(target)
            raise OSError(code, os.strerror(code), str(source), None, str(target))  # as the system names both
        if stop == "killed before the pages" and relpath.endswith(".html"):
            raise KeyboardInterrupt
        real_replace(source, target)
        moved.append(relpath)
        if stop.startswith("killed between") and relpath == "p/ruou-can/index.html.gz":
            raise KeyboardInterrupt  # its copies are new, the page is old

    monkeypatch.setattr("generator.swap.os.replace", stopping)
    if stop == "refused at once":
        code, lines, err = ocop("--root", catalogue, "build", "--date", "2026-11-29")
        assert (code, err) == (3, [f"ocop: {refused[0]}: permission denied: check who may read and write this folder (ls -ld); {out} is as it was"])
        assert digest(out) == before
    elif stop == "full disk":
        code, lines, err = ocop("--root", catalogue, "build", "--date", "2026-11-29")
        assert (code, err) == (3, [f"ocop: {refused[0]}: the disk is full: free some space, then run this again; {out} is partly updated: run this again to finish it"])
    else:
        with pytest.raises(KeyboardInterrupt):
            ocop("--root", catalogue, "build", "--date", "2026-11-29")
        if stop.startswith("killed between"):
            assert moved[-2:] == ["p/ruou-can/index.html.br", "p/ruou-can/index.html.gz"] and "p/ruou-can/index.html" not in moved
    assert (stop == "refused at once") == (moved == []) and [p.name for p in catalogue.iterdir() if p.name.startswith(".site")] == []
    assert {p: p.read_bytes() for p in (catalogue / ".cache/compressed/sites").iterdir()} == copies  # remembered only once in place
    monkeypatch.undo()
    assert ocop("--root", catalogue, "build", "--date", "2026-11-29")[0] == 0
    assert digest(out) == digest(build_site(catalogue, tmp_path / "fresh", AS_OF).out)


def shape(folder):
    """Every entry under the folder (links and empty folders too) with its kind and mode."""
    return sorted((p.relative_to(folder).as_posix(), "link" if p.is_symlink() else "folder" if p.is_dir() else "file", p.lstat().st_mode & 0o7777)
                  for p in folder.rglob("*"))


@pytest.mark.parametrize("change", ["a link to a folder", "a link to nowhere", "an empty folder", "a __pycache__ folder"])
def test_an_edit_replaces_a_site_changed_by_hand_whole(catalogue, tmp_path, change):
    """What a site's list of files does not show (links, folders) is not left published."""
    out = build_site(catalogue, tmp_path / "site", AS_OF).out
    if change == "a link to a folder":
        (out / "etc").symlink_to("/etc")
    elif change == "a link to nowhere":
        (out / "p/nowhere.html").symlink_to(tmp_path / "missing")
    else:
        (out / "p/ghost" if change == "an empty folder" else out / "p/__pycache__").mkdir()
        if change == "a __pycache__ folder":
            (out / "p/__pycache__/secret.txt").write_text("x", encoding="utf-8")
    touch(catalogue / "content/products/tra-thu.yml")
    build_site(catalogue, out, AS_OF)
    fresh = build_site(catalogue, tmp_path / "fresh", AS_OF).out
    assert shape(out) == shape(fresh)
    assert digest(out) == digest(fresh)


def test_a_file_changed_by_another_program_while_building_stops_the_edit(catalogue, ocop, monkeypatch, tmp_path):
    """The new site is made of the old one's files: one removed meanwhile is not published missing."""
    out = catalogue / "site"
    assert ocop("--root", catalogue, "build", "--date", "2026-11-29")[0] == 0
    touch(catalogue / "content/products/tra-thu.yml")
    import generator.compress

    real = generator.compress.precompress

    def removed_meanwhile(*args, **kwargs):
        shutil.rmtree(out / "p/mat-ong")
        return real(*args, **kwargs)

    monkeypatch.setattr(generator.compress, "precompress", removed_meanwhile)
    before = digest(out)
    code, lines, err = ocop("--root", catalogue, "build", "--date", "2026-11-29")
    assert (code, err) == (3, [f"ocop: {out}/p/mat-ong/index.html: changed by another program while the site was being built: run this again; {out} is as it was"])
    assert digest(out) == {path: file for path, file in before.items() if not path.startswith("p/mat-ong/")}
    monkeypatch.undo()
    assert ocop("--root", catalogue, "build", "--date", "2026-11-29")[0] == 0
    assert digest(out) == digest(build_site(catalogue, tmp_path / "fresh", AS_OF).out)


def test_an_edit_puts_files_pages_use_first_and_the_worker_last(catalogue, tmp_path, monkeypatch):
    out = build_site(catalogue, tmp_path / "site", AS_OF).out
    products = catalogue / "content/products"
    (products / "ruou-moi.yml").write_bytes((products / "ruou-can.yml").read_bytes())
    real_replace, moved = os.replace, []
    monkeypatch.setattr("generator.swap.os.replace", lambda source, target: (real_replace(source, target), moved.append(pathlib.Path(target).relative_to(out).as_posix()) if pathlib.Path(target).is_relative_to(out) else None))
    build_site(catalogue, out, AS_OF)
    assert moved[-3:] == ["sw.js.br", "sw.js.gz", "sw.js"]  # it names the pages: they are there before it
    pages = [path for path in moved if path.endswith(".html")]
    assert pages.index("p/ruou-moi/index.html") < pages.index("groups/do-uong/index.html")  # a list after the new page it links to
    assert all(moved.index(path + copy) < moved.index(path) for path in pages for copy in (".br", ".gz") if path + copy in moved)
    assert max(moved.index(path) for path in moved if not path.endswith((".html", ".html.gz", ".html.br")) and not path.startswith("sw.js")) < moved.index(pages[0])


def test_a_new_way_of_compressing_makes_every_copy_again(catalogue, tmp_path, monkeypatch):
    out = build_site(catalogue, tmp_path / "site", AS_OF).out
    import generator.compress

    monkeypatch.setitem(generator.compress.COMPRESSORS, ".gz", (generator.compress._gzip, 1, 1))
    monkeypatch.setattr("sys.version", "3.99.0 (another)")  # the generator changed: its code is among a build's inputs
    build_site(catalogue, out, AS_OF)
    assert digest(out) == digest(build_site(catalogue, tmp_path / "fresh", AS_OF).out)


def test_a_site_put_in_place_but_not_recorded_says_so(catalogue, ocop, monkeypatch):
    out = catalogue / "site"
    assert ocop("--root", catalogue, "build", "--date", "2026-11-29")[0] == 0
    touch(catalogue / "content/products/tra-thu.yml")

    def full(*args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(catalogue / ".cache/builds.json"))

    monkeypatch.setattr("generator.incremental.write_states", full)
    assert ocop("--root", catalogue, "build", "--date", "2026-11-29") == (3, [], [
        f"ocop: {catalogue}/.cache/builds.json: the disk is full: free some space, then run this again; {out} is built, but not recorded: the next build checks all of it again"])


def test_a_site_built_under_another_umask_is_still_updated_in_place(catalogue, tmp_path):
    """Modes are not the site's state: linked files keep the mode an earlier build gave them."""
    out = build_site(catalogue, tmp_path / "site", AS_OF).out
    folder, mask = out.stat().st_ino, os.umask(0o002)
    try:
        for _ in range(2):
            touch(catalogue / "content/products/tra-thu.yml")
            build_site(catalogue, out, AS_OF)
            assert out.stat().st_ino == folder
    finally:
        os.umask(mask)
    assert digest(out) == digest(build_site(catalogue, tmp_path / "fresh", AS_OF).out)


def test_an_edit_restamps_only_the_browse_files_of_the_groups_it_changed(catalogue, tmp_path):
    """Each browse file carries its group's stamp (search.stamps), not one digest of the whole
    data: a word of a story changed leaves the cards, names and columns files and the words
    files of other groups as they were, where before it rewrote the language's every file."""
    out = build_site(catalogue, tmp_path / "site", AS_OF).out
    data = out / "data/search/vi"

    def files():
        return {path.name: json.loads(path.read_bytes()) for path in data.glob("*.json")}

    before = files()
    record = catalogue / "content/products/mat-ong.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("**rừng già**", "**rừng nguyên sinh**"), encoding="utf-8")
    build_site(catalogue, out, AS_OF)
    after = files()
    stamps = after["index.json"]["stamps"]
    assert all(content["#"] == search.stamp_of(stamps, name) for name, content in after.items() if name != "index.json")

    def groups(names):
        return {(search.kind_of(name), search.stamp_group(name, len(stamps[search.kind_of(name)]) // search.STAMP_CHARACTERS)) for name in names}

    def unstamped(files, name):
        return {key: value for key, value in files[name].items() if key != "#"} if name in files else None

    content_changed = {name for name in before | after if name != "index.json" and unstamped(before, name) != unstamped(after, name)}  # or added, or removed
    assert content_changed and {search.kind_of(name) for name in content_changed} == {"words"}
    restamped = {name for name in after if name != "index.json" and before.get(name) != after[name]}
    assert restamped == {name for name in after if name != "index.json" and groups([name]) <= groups(content_changed)}
    assert len(restamped) < len([name for name in after if name.startswith("words-")])
    assert before["index.json"]["stamps"]["cards"] == stamps["cards"] and before["index.json"]["stamps"]["names"] == stamps["names"]


def test_a_build_leaves_the_cycle_collector_as_it_found_it(catalogue, tmp_path):
    """A build tells the collector what lives to its end (generator/collector.py). After it,
    built or refused, nothing stays frozen and collection is on: `ocop serve` builds again
    and again in one process, and what one build froze would never be freed."""
    assert gc.isenabled() and gc.get_freeze_count() == 0
    build_site(catalogue, tmp_path / "site", AS_OF)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    replace(catalogue, "content/products/nuoc-mam.yml", "stars: 3", "stars: 9")
    with pytest.raises(ContentError):
        build_site(catalogue, tmp_path / "site", AS_OF)
    assert gc.isenabled() and gc.get_freeze_count() == 0
