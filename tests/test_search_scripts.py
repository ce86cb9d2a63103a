"""Search in every script: Latin with or without Vietnamese accents, Hangul, Han and kana,
the same in Python (generator/search.py) and in the browser (ocop-search.js and ocop-browse.js)."""

import itertools
import json
import shutil

import pytest
import yaml

from conftest import AS_OF, FIXTURE
from generator.build import build_site
from generator.search import FILE_BYTES, STAMP_CHARACTERS, STAMP_GROUPS, _inverted, columns, file_keys, place_scores, scores, shard_of, stamp_group, stamps
from generator.text import search_fold, search_terms
from test_browse import data_asked, names, search
from test_browser import open_page
from tools.audit import serve

# Names and stories in Korean, Chinese and Japanese. They stand in the English fields of a
# copy of the fixture: what is tested is the script of the text, not the page's language.
CJK_TEXT = {
    "mat-ong": {"name": "홍삼 꿀 Forest honey", "story": "고려인삼 농장 옆에서 모은 꿀입니다."},
    "nuoc-mam": {"name": "玉灵参 fish sauce", "story": "用玉灵参和鱼露做的调味品。"},
    "ruou-can": {"name": "ゴックリン rice wine", "story": "ホイアンの米で作ったお酒です。"},
    "tra-thu": {"name": "ＯＣＯＰ 高丽人参茶 tea", "story": "Green tea with ginseng (인삼차) from Đồng Giang."},
}
QUERIES = [
    "인삼", "홍삼", "삼", "고려인삼", "인삼차", "꿀", "玉灵参", "灵参", "人参", "参", "茶", "ゴックリン", "ｺﾞｯｸﾘﾝ", "クリ", "お酒",
    "米", "ocop", "ＯＣＯＰ", "Ｏｃｏｐ 人参", "fish 玉灵", "tea 인삼", "honey 홍삼", "ginseng", "Đồng Giang", "dong", "đồng giang",
    "mat ong", "Mật ong", "MẬT ONG", "fish-sauce!", "f", "x", "rice ホイアン", "nothing 인삼",
]


@pytest.fixture(scope="module")
def cjk_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("cjk") / "catalogue"
    shutil.copytree(FIXTURE, root)
    for product_id, text in CJK_TEXT.items():
        path = root / "content/products" / f"{product_id}.yml"
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        record["name"]["en"] = text["name"]
        record["story"] = {"vi": record.get("story", {}).get("vi", "Câu chuyện."), "en": text["story"]}
        path.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    site = build_site(root, root / "site", AS_OF).out
    with serve(site) as url:
        yield site, url


def test_terms_of_every_script():
    assert search_terms("NƯỚC MẮM Đà Nẵng") == ["nuoc", "mam", "da", "nang"]
    assert search_terms("ＯＣＯＰ 인삼차") == ["ocop", "인삼", "삼차", "차"]  # full-width letters half-width
    assert search_terms("玉灵参") == ["玉灵", "灵参", "参"]
    assert search_terms("ｺﾞｯｸﾘﾝ") == search_terms("ゴックリン") == ["ゴッ", "ック", "クリ", "リン", "ン"]
    assert search_terms("ocop인삼, 100g!") == ["ocop", "인삼", "삼", "100g"]
    assert search_fold("Straße «Ελλάδα»") == "straße ελλαδα"  # other letters kept, their accents dropped too


def test_words_of_other_scripts_are_in_sixteen_files_by_first_character():
    assert shard_of("nuoc") == "nu" and shard_of("100g") == "10"
    assert shard_of("n") == "n" and shard_of("aß") == "a"  # a Latin term's file is by its Latin letters
    assert shard_of("인삼") == shard_of("인") == f"_{ord('인') % 16:x}"
    assert shard_of("ελλαδα") == f"_{ord('ε') % 16:x}"


def test_large_files_are_split_by_the_next_letter_and_every_term_is_found_again():
    found = {f"nuoc{tail}": list(range(0, 9000, 4)) for tail in ("", "mam", "ngot", "dua", "ß")}
    found |= {"nu": [1, 2], "nui": list(range(1, 9000, 4)), "n": [5], "ngo": [7], "인삼": [4]}
    files = _inverted(found)
    # "nu…" is split, and "nuoc…" again; "nuocß" stays with "nuoc" (file names are a-z, 0-9)
    assert {"nu", "nuoc", "nuocm", "nuocn", "nuocd", "nui", "ng", "n", shard_of("인삼")} == set(files)
    assert max(len(content) for content in files.values()) <= FILE_BYTES
    for term in ("n", "nu", "nuo", "nuoc", "nuocm", "nuocmam", "nuocß", "nuoß", "ng", "ngo", "x", "인", "인삼"):
        keys = file_keys(term, sorted(files))
        held = {word for key in keys for word in json.loads(files[key]) if word.startswith(term)}
        assert held == {word for word in found if word.startswith(term)}, term
    assert file_keys("nuocmam", sorted(files)) == ["nuocm"]  # one small file, not every "nu…" term
    assert file_keys("nuoc", sorted(files)) == ["nuoc", "nuocd", "nuocm", "nuocn"]


def test_python_finds_products_named_in_every_script(cjk_site):
    site, _ = cjk_site
    files = {f.name: f.read_bytes() for f in (site / "data/search/en").glob("*.json")}
    assert set(scores(files, "인삼")) == {"mat-ong", "tra-thu"}  # the honey's story, the tea's name
    assert scores(files, "ｺﾞｯｸﾘﾝ") == {"ruou-can": 50}  # the five terms of the name, exactly
    assert set(scores(files, "Ｏｃｏｐ 人参")) == {"tra-thu"}
    assert set(scores(files, "đồng giang")) == {"ruou-can", "tra-thu"}  # the wine's place, the tea's story
    assert scores(files, "nothing 인삼") == {}


@pytest.mark.parametrize(("query", "ids"), [("đồng giang", {"ruou-can", "tra-thu"}), ("phuoc", {"mat-ong"}), ("giang 인삼", {"tra-thu"}), ("tam", set())])
def test_a_query_naming_a_place_needs_its_places_area_files_only(cjk_site, query, ids):
    """Each place's products are in its area file (not only in the 10 KB column of every
    product's place at 20,000 products): a query naming places reads theirs, and finds the same."""
    site, _ = cjk_site
    files = {f.name: f.read_bytes() for f in (site / "data/search/en").glob("*.json")}
    index, place_of = json.loads(files["index.json"]), columns(files)["area"]
    for area in range(len(index["areas"])):
        numbers = list(itertools.accumulate(json.loads(files[f"area-{area}.json"])["products"]))
        assert numbers == [n for n, place in enumerate(place_of) if place == area]
    named = {area for term in search_terms(query) for area, score in enumerate(place_scores(index, term)) if score}
    assert named  # the query names a place
    needed = {name: content for name, content in files.items() if name != "places.json" and (not name.startswith("area-") or name in {f"area-{a}.json" for a in named})}
    assert scores(needed, query) == scores(files, query)
    assert set(scores(files, query)) == ids  # Tam Kỳ has no product


COMMON = ["phuoc", "forest", "tea", "giang"]  # as if each were in more than a fifth of the stories
COMMON_QUERIES = {
    "phuoc son": {"mat-ong": 8},  # the honey's place, named whole: "phuoc" looked for
    "honey phuoc": {"mat-ong": 10},  # a word of a place's name alone: a common word
    "dong giang": {"ruou-can": 8},  # the tea's story has "Đồng Giang": not looked for there
    "tea": {"tra-thu": 10}, "forest": {"mat-ong": 10}, "giang": {"ruou-can": 4},  # only common words: all looked for
    "phuoc tea": {},  # both looked for, and no product has both
    "t": {"tra-thu": 7},  # a single letter names no place (Thang Binh's fish sauce)
}


def test_a_common_word_is_looked_for_in_a_place_named_whole_or_alone(browser, cjk_site):
    """A word in more than a fifth of the stories is not looked for ("an" in "rau an toàn" at
    20,000 products), unless the query names a place whole ("Hội An") or has no other word
    ("trà"): then in names and places, not stories (its stories' entries were dropped; "giang"
    is still in this build's). Python and the browser agree."""
    site, url = cjk_site
    files = {f.name: f.read_bytes() for f in (site / "data/search/en").glob("*.json")}
    files["index.json"] = json.dumps(json.loads(files["index.json"]) | {"common": COMMON}).encode()
    assert {query: scores(files, query) for query in COMMON_QUERIES} == COMMON_QUERIES
    page, _ = open_page(browser, url + "en/browse/?st=all", locale="en-GB", today=AS_OF)
    page.wait_for_selector("#ocop-results li")
    page.evaluate("common => { window.ocopSearch.config.lookup.common = common; }", COMMON)  # what the browser reads them from
    asked = data_asked(page, url)
    assert page.evaluate("qs => Promise.all(qs.map(window.ocopScores))", list(COMMON_QUERIES)) == list(COMMON_QUERIES.values())
    assert "words-gi.json" in files and "words-gi.json" not in asked and "words-do.json" in asked
    page.context.close()


def test_the_browser_finds_what_python_finds(browser, cjk_site):
    site, url = cjk_site
    files = {f.name: f.read_bytes() for f in (site / "data/search/en").glob("*.json")}
    page, _ = open_page(browser, url + "en/browse/?st=all", locale="en-GB", today=AS_OF)
    page.wait_for_selector("#ocop-results li")
    assert page.evaluate("qs => qs.map(window.ocopTerms)", QUERIES) == [search_terms(q) for q in QUERIES]
    found = page.evaluate("qs => Promise.all(qs.map(window.ocopScores))", QUERIES)
    assert found == [scores(files, q) for q in QUERIES]
    assert sum(1 for f in found if f) >= 25  # most queries find something: the comparison is not empty
    search(page, "인삼")
    assert names(page) == ["홍삼 꿀 Forest honey", "ＯＣＯＰ 高丽人参茶 tea"]  # both in the story: the valid one first
    search(page, "参")
    assert names(page) == ["玉灵参 fish sauce", "ＯＣＯＰ 高丽人参茶 tea"]  # the whole last character first
    search(page, "ゴックリン")
    assert names(page) == ["ゴックリン rice wine"]
    page.context.close()


def test_a_browse_file_changed_changes_the_stamp_of_its_group_only():
    """The index's stamps (search.stamps): a kind of n files has min(n, 16) groups; a file's
    content changed changes its group's stamp, no other group's and no other kind's."""
    files = {f"cards-{k}.json": b'{"cards":[%d]}' % k for k in range(40)} | {"places.json": b"{}", "names-a.json": b'{"an":[1]}'}
    before = stamps(files)
    assert [len(before[kind]) for kind in ("cards", "names", "places")] == [STAMP_GROUPS * STAMP_CHARACTERS, STAMP_CHARACTERS, STAMP_CHARACTERS]

    def groups_differing(after):
        return [g for g in range(STAMP_GROUPS) if before["cards"][g * STAMP_CHARACTERS : (g + 1) * STAMP_CHARACTERS] != after["cards"][g * STAMP_CHARACTERS : (g + 1) * STAMP_CHARACTERS]]

    edited = stamps(files | {"cards-7.json": b'{"cards":[0]}'})
    assert groups_differing(edited) == [stamp_group("cards-7.json", STAMP_GROUPS)]
    assert edited["places"] == before["places"] and edited["names"] == before["names"]
    assert groups_differing(stamps(files)) == []  # the same files, the same stamps
    renamed = dict(files)
    renamed["cards-40.json"] = renamed.pop("cards-39.json")  # the same content under another name
    assert groups_differing(stamps(renamed)) == sorted({stamp_group("cards-39.json", STAMP_GROUPS), stamp_group("cards-40.json", STAMP_GROUPS)})
