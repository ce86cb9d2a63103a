"""The data behind the browse page, per language, in files small enough that a search
downloads only what it needs (under 100 KB at 20,000 products: bench/README.md):

- index.json: the groups, places, shops and standards, the files' keys, and what every view
  filters and sorts by (stars, dates) for every product, as columns in the lists' order
  (render.sorted_cards); no names. The other columns are in files of their own (COLUMNS), asked
  for when a view needs them, so that a search link's first screen waits for less:
  places.json (the place: the place filter), facets.json (group, shops, standards: their
  filters), and both for the filters' counts once the results are drawn (on a phone, once the
  filters are opened).
- area-<n>.json: the numbers of the products of place n (the index's areas): a query naming a
  place asks for the files of the places it names, a few KB, not the column of every
  product's place (10 KB at 20,000 products, on a search link's first screen).
- names-<key>.json: the terms of the products' names, each with the numbers of the products
  that have it, in files by the terms' first two letters (shard_of), split by the next letter
  where large (_inverted).
- words-<key>.json: the same for the words of their stories, producers and details.
- cards-<n>.json: what a result shows (id, name, photo, place) of products n×CARDS_PER_FILE
  onwards, {"#": stamp, "cards": [[id, name, photo, place], …]}: fetched for the results on
  screen only.

Every file but the index carries the stamp of its group of files (stamp_group: its kind, and a
hash of its name), which the index lists: a file is of the index's build when its stamp is
the index's for its group. A stamp is the digest of its group's files, so an edit changes the
files whose content changed and those of their groups, not the whole language's (an edit
renames and compresses only those).

Text is cut into terms for matching (`text.search_terms`) the same way as ocop-search.js
does: "Nước mắm", "NƯỚC MẮM" and "nuoc mam" are the same words, full-width letters are
half-width, and Han, kana and Hangul are pairs of characters ("인삼" finds "고려인삼차").
`scores` is what a query finds, the reference the browser's script is tested against.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import marshal
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import collector
from .cache import sha256, write_atomic
from .model import MARKETPLACES, STANDARDS
from .render import CARDS_PER_FILE, Renderer
from .validate import Record
from .text import UNSPACED_START, search_terms

# The products' columns, by the file that holds them (ocop-browse.js: load, columns)
COLUMNS = {
    "index.json": ("stars", "valid_until", "revoked_on"),
    "places.json": ("area",),
    "facets.json": ("subgroup", "markets", "standards"),
}
FIELDS = tuple(field for fields in COLUMNS.values() for field in fields)
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"  # of the columns, base 64
INDEX_VERSION = 5  # 5: a query naming a place asks for its area files, not places.json
COMMON_SHARE = 0.2  # a word in more than this share of products finds nothing: not indexed
FILE_BYTES = 12_000  # a names or words file larger than this (JSON) is split (_inverted)
STAMP_GROUPS = 16  # the most groups of files of one kind, each with its stamp in the index
STAMP_CHARACTERS = 8  # of a stamp (hexadecimal digits of the group's digest)


LATIN_PAIR = re.compile("[a-z0-9]{2}")
LATIN_LETTER = re.compile("[a-z0-9]")


def words(text: str) -> set[str]:
    """The terms of a story that go into the word files: not single Latin letters."""
    return {w for w in search_terms(text) if len(w) >= 2 or UNSPACED_START.match(w)}


def shard_of(term: str) -> str:
    """The file a term starts in: a Latin term (a-z, 0-9) by its first two letters, or its one
    letter; other words (Han, kana, Hangul, …) in 16 files by their first character. Large
    Latin files are split further (_inverted). ocop-search.js has the same rule."""
    if LATIN_PAIR.match(term):
        return term[:2]
    if LATIN_LETTER.match(term):
        return term[0]
    return f"_{ord(term[0]) % 16:x}"


def file_keys(term: str, keys: list[str]) -> list[str]:
    """The files among `keys` that hold the terms starting with `term`. Files of Latin terms
    are split by the terms' next letter where they grew large (_inverted): the terms starting
    with `term` are in the longest key it starts with, and in every key that starts with it."""
    if not LATIN_LETTER.match(term):
        key = shard_of(term)
        return [key] if key in keys else []
    longest = max((k for k in keys if term.startswith(k)), key=len, default=None)
    return sorted({k for k in keys if k.startswith(term)} | ({longest} if longest else set()))


def postings(files: dict[str, bytes], kind: str, keys: list[str], term: str) -> dict[str, list[int]]:
    """The terms starting with `term` in the `kind` files (names, words), with their products."""
    found = {}
    for key in file_keys(term, keys):
        for word, gaps in json.loads(files[f"{kind}-{key}.json"]).items():
            if word.startswith(term):
                found[word] = list(itertools.accumulate(gaps))
    return found


def lookup(files: dict[str, bytes]) -> dict[str, Any]:
    """What the browse page holds so that a search asks for its files beside the index, not
    after it (a round trip less on a slow network): the keys of the names and words files, the
    common words, the places' names (a query naming one needs their area files) and the products a
    cards file holds (the likeliest first results' cards are asked for before the index).
    index.json keeps them too: these files are the data's reference."""
    index = json.loads(files["index.json"])
    return {kind: index[kind] for kind in ("names", "words", "common", "cards")} | {"places": [name for _, name in index["areas"]]}


def column(values: list[int]) -> list:
    """Numbers as [width, text]: each number `width` digits of base 64, one character a digit
    (a few bits a product, where JSON's numbers and commas would take bytes)."""
    width = 1
    while max(values, default=0) >= 64**width:
        width += 1
    return [width, "".join(DIGITS[value // 64**i % 64] for value in values for i in reversed(range(width)))]


def read_column(data: list) -> list[int]:
    width, text = data
    return [sum(DIGITS.index(text[k + i]) * 64 ** (width - 1 - i) for i in range(width)) for k in range(0, len(text), width)]


def columns(files: dict[str, bytes]) -> dict[str, list[int]]:
    """Every column of one language's browse files, by field."""
    return {field: read_column(data) for name in COLUMNS for field, data in json.loads(files[name])["products"].items()}


def wanted_terms(index: dict, query: str) -> list[str]:
    """The terms of a query that are looked for: not the common words (index["common"]), but
    those of a place the query names whole ("Hội An": both words are common in a large
    catalogue's stories; "an" alone, as in "rau an toàn", stays a common word), and all of them
    when every one is common ("trà": products named so, not every product)."""
    terms = search_terms(query)
    named = {word for _, name in index["areas"] if set(search_terms(name)) <= set(terms) for word in search_terms(name)}
    return [t for t in terms if t not in index["common"] or t in named] or terms


def sources(term: str, common: list[str]) -> list[tuple[str, int, int]]:
    """The files a term's products are found in, with the score of a whole term and of a prefix:
    the names, then the stories' words; a single Latin letter is not looked for in stories (nor
    kept from them: `words`), nor a common word (dropped from them: browse_files)."""
    return [("names", 10, 7)] + ([] if LATIN_LETTER.fullmatch(term) or term in common else [("words", 2, 1)])


def place_scores(index: dict, term: str) -> list[int]:
    """The score of each place (index["areas"]) for a term: 4 when it is a word of the place's
    name, 3 when it starts one; a query with a term that scores names a place and needs its
    area file. A single Latin letter names no place (it starts a word of most)."""
    if LATIN_LETTER.fullmatch(term):
        return [0] * len(index["areas"])
    return [max([4 if w == term else 3 for w in search_terms(name) if w.startswith(term)], default=0) for _, name in index["areas"]]


def scores(files: dict[str, bytes], query: str) -> dict[str, int]:
    """The products a query finds in one language's browse files, id -> score, as
    the browse page's scripts find them: every term of the query (wanted_terms) starts a term
    of the name (10 when it is the whole term, else 7), of the place (4, 3) or of the story
    (2, 1); the best of those counts, summed over the query's terms."""
    index = json.loads(files["index.json"])
    terms = wanted_terms(index, query)
    if not terms:
        return {}
    total = [0] * len(read_column(index["products"]["stars"]))
    for term in terms:
        best = [0] * len(total)
        for area, score in enumerate(place_scores(index, term)):
            if score:  # a place it names: its products
                for number in itertools.accumulate(json.loads(files[f"area-{area}.json"])["products"]):
                    best[number] = score
        for kind, exact, prefix in sources(term, index["common"]):
            for word, numbers in postings(files, kind, index[kind], term).items():
                for number in numbers:
                    best[number] = max(best[number], exact if word == term else prefix)
        total = [-1 if so_far < 0 or not score else so_far + score for so_far, score in zip(total, best, strict=True)]
    ids = [row[0] for k in range(0, len(total), index["cards"]) for row in json.loads(files[f"cards-{k // index['cards']}.json"])["cards"]]
    return {ids[number]: score for number, score in enumerate(total) if score > 0}


def product_terms(renderer: Renderer, record: Record, card: dict) -> tuple[list[str], list[str]]:
    """A product's terms in the names files (its name's, in order, once each) and in the words
    files (its story's, producer's and details', but those of its name, which rank higher)."""
    p = record.product
    text = " ".join(
        filter(None, [
            p.producer.name,
            p.name.vi if renderer.lang != "vi" else "",  # tourists read the Vietnamese name on the package
            getattr(renderer.text(p.story), "text", ""),
            *(f"{renderer.text(d.label).text} {renderer.text(d.value).text}" for d in p.details),
        ])
    )
    return list(dict.fromkeys(search_terms(card["name"].text))), sorted(words(text) - words(card["name"].text))


class KeptTerms:
    """Each product's terms (product_terms) as the last build made them, kept in the cache by
    a key of what decides them (incremental.page_key of its record, the language, the
    catalogue's context and the code but the build's date: incremental.code): an edit, or the
    next day's build, finds the terms of every other product here, not by cutting its text again
    (that was half of the browse data's time). A damaged file is as none. Each language has its
    own file; the last build's keys are all it keeps. In marshal's format, which Python reads and
    writes several times faster than JSON (0.04 s against 0.37 s at 20,000 products); like
    checked.pickle, a file this machine's builds wrote: its digest tells damage, not tampering."""

    def __init__(self, file: Path, keys: dict[str, str]):
        self.file, self.keys = file, keys  # product id -> the key of what decides its terms
        self.kept = self._read()
        self.made: dict[str, tuple[list[str], list[str]]] = {}

    def __call__(self, renderer: Renderer, record: Record, card: dict) -> tuple[list[str], list[str]]:
        key = self.keys[record.id]
        self.made[key] = self.kept.get(key) or product_terms(renderer, record, card)
        return self.made[key]

    def save(self) -> None:
        if self.made != self.kept:
            body = marshal.dumps(self.made)
            write_atomic(self.file, sha256(body).encode() + b"\n" + body)
            self.file.with_suffix(".json").unlink(missing_ok=True)  # the same, as versions before 2026-12-02 kept it

    def _read(self) -> dict[str, tuple[list[str], list[str]]]:
        try:
            digest, body = self.file.read_bytes().split(b"\n", 1)
            if digest.decode() == sha256(body):
                with collector.paused():
                    return {key: (names, words) for key, (names, words) in marshal.loads(body).items()}
        except (OSError, ValueError, TypeError, EOFError, AttributeError):
            pass
        return {}


def browse_files(renderer: Renderer, terms_of: Callable[[Renderer, Record, dict], tuple[list[str], list[str]]] | None = None) -> dict[str, bytes]:
    """The files of one language's browse data, by path under its data folder. `terms_of` gives
    a product's terms (product_terms, or those kept by KeptTerms)."""
    catalogue = renderer.catalogue
    groups = list(catalogue.groups.items())
    subgroups = [f"{g}.{s}" for g, group in groups for s in group.subgroups]
    areas = list(catalogue.areas)
    records = {r.id: r for r in catalogue.records}
    cards = renderer.sorted_cards(list(renderer.cards.values()))  # the lists' order: sorting by number is sorting by name
    values: dict[str, list[int]] = {field: [] for field in FIELDS}
    dates = sorted({status.valid_until.isoformat() for status in renderer.statuses.values()} | {""}
                   | {r.product.certification.revoked.date.isoformat() for r in catalogue.records if r.product.certification.revoked})
    # Numbers by value: a real catalogue has a date for nearly every certificate, and list.index
    # would search them all for every product.
    date_number, area_number, subgroup_number = ({value: n for n, value in enumerate(values)} for values in (dates, areas, subgroups))
    rows: list[list] = []
    in_area: list[list[int]] = [[] for _ in areas]  # product numbers by place
    names: dict[str, list[int]] = {}  # term -> product numbers
    stories: dict[str, list[int]] = {}
    terms_of = terms_of or product_terms
    for number, card in enumerate(cards):
        p = records[card["id"]].product
        status = renderer.statuses[card["id"]]
        value_of = {
            "stars": p.stars,
            "valid_until": date_number[status.valid_until.isoformat()],
            "revoked_on": date_number[p.certification.revoked.date.isoformat() if p.certification.revoked else ""],
            "area": area_number[p.area],
            "subgroup": subgroup_number[p.category],
            "markets": sum(1 << i for i, m in enumerate(MARKETPLACES) if getattr(p.listings, m)),
            "standards": sum(1 << STANDARDS.index(s) for s in p.standards),
        }
        for field in FIELDS:
            values[field].append(value_of[field])
        rows.append([card["id"], card["name"].text, card["image"]["small"][len("img/") : -len(".webp")] if card["image"] else "", value_of["area"]])
        in_area[value_of["area"]].append(number)
        name_terms, story_words = terms_of(renderer, records[card["id"]], card)
        for term in name_terms:
            names.setdefault(term, []).append(number)
        for word in story_words:
            stories.setdefault(word, []).append(number)
    common_above = max(50, int(len(cards) * COMMON_SHARE))
    common = sorted(w for w, numbers in stories.items() if len(numbers) > common_above)
    for word in common:
        del stories[word]
    t = renderer.t
    index = {
        "version": INDEX_VERSION,
        "groups": [[g, renderer.text(group.name).text, [[f"{g}.{s}", renderer.text(name).text] for s, name in group.subgroups.items()]] for g, group in groups],
        "subgroups": subgroups,
        "areas": [[a, renderer.text(catalogue.areas[a].name).text] for a in areas],
        "markets": [[m, t["marketplace"][m]] for m in MARKETPLACES],
        "standards": [[s, t["standard"][s]] for s in STANDARDS],
        "soon_days": catalogue.config.certification.expiring_soon_days,
        "as_of": renderer.as_of.isoformat(),  # the build day: a device's day before it is a wrong clock
        "common": common,  # a query ignores these words rather than require them (but see wanted_terms)
        "cards": CARDS_PER_FILE,
        "dates": dates,  # valid_until and revoked_on are numbers in this list ("": not revoked)
    }
    inverted = {"names": _inverted(names), "words": _inverted(stories)}
    index |= {kind: sorted(found) for kind, found in inverted.items()}
    terms = {f"{kind}-{key}.json": content for kind, found in inverted.items() for key, content in found.items()}
    cards_files = {f"cards-{k // CARDS_PER_FILE}.json": _json({"cards": rows[k : k + CARDS_PER_FILE]}) for k in range(0, len(rows), CARDS_PER_FILE)}
    # The browse page asks for its terms', columns' and cards files beside the index, and a service
    # worker may answer them from an earlier build while the new index is on its way (sw.js drops
    # that build's files once it has the new index): every file carries its group's stamp, and the
    # script asks again for a file whose stamp is not its index's.
    held = {name: {"products": {field: column(values[field]) for field in fields}} for name, fields in COLUMNS.items()}
    index |= held.pop("index.json")
    area_files = {f"area-{area}.json": _json({"products": _gaps(numbers)}) for area, numbers in enumerate(in_area)}
    stamped = {name: _json(value) for name, value in held.items()} | cards_files | area_files | terms
    index["stamps"] = kind_stamps = stamps(stamped)
    return {"index.json": _json(index)} | {name: _stamped(content, stamp_of(kind_stamps, name)) for name, content in stamped.items()}


def kind_of(name: str) -> str:
    """A browse file's kind: "cards" for "cards-12.json", "places" for "places.json"."""
    return re.split("[-.]", name, maxsplit=1)[0]


def stamp_group(name: str, groups: int) -> int:
    """The group of its kind a browse file is in, from its name: a number below `groups`.
    ocop-browse.js has the same rule."""
    h = 0
    for character in name:
        h = (h * 31 + ord(character)) % 65521
    return h % groups


def stamps(files: dict[str, bytes]) -> dict[str, str]:
    """Each kind's stamps, one after another (STAMP_CHARACTERS each), in the order of its groups:
    a group's is the digest of its files' names and contents. A kind of n files has min(n,
    STAMP_GROUPS) groups."""
    names_of: dict[str, list[str]] = {}
    for name in sorted(files):
        names_of.setdefault(kind_of(name), []).append(name)
    kind_stamps = {}
    for kind, names in sorted(names_of.items()):
        digests = [hashlib.sha256() for _ in range(min(len(names), STAMP_GROUPS))]
        for name in names:
            digests[stamp_group(name, len(digests))].update(b"%d %s %d " % (len(name), name.encode(), len(files[name])) + files[name])
        kind_stamps[kind] = "".join(digest.hexdigest()[:STAMP_CHARACTERS] for digest in digests)
    return kind_stamps


def stamp_of(kind_stamps: dict[str, str], name: str) -> str:
    """The stamp a browse file of this build carries (stamps)."""
    of_kind = kind_stamps[kind_of(name)]
    group = stamp_group(name, len(of_kind) // STAMP_CHARACTERS)
    return of_kind[group * STAMP_CHARACTERS : (group + 1) * STAMP_CHARACTERS]


def _stamped(content: bytes, stamp: str) -> bytes:
    """A file (a JSON object) with its group's stamp under "#", which no term or other key can
    be (terms are letters and digits): {"#":"<stamp>", …its content…}."""
    return b'{"#":' + _json(stamp) + (b"," + content[1:] if content != b"{}" else b"}")


def _inverted(found: dict[str, list[int]]) -> dict[str, bytes]:
    """Terms and their product numbers in files by key: the terms' first two letters (shard_of),
    a file above FILE_BYTES split again by the terms' next letter (a-z,
    0-9; others stay), so that a search fetches a few KB for a term, not the postings of every
    term of its two letters. Numbers as gaps (_gaps)."""
    pending: dict[str, dict[str, list[int]]] = {}
    for word, numbers in sorted(found.items()):
        pending.setdefault(shard_of(word), {})[word] = _gaps(numbers)
    files = {}
    while pending:
        key, entries = pending.popitem()
        content = _json(entries)
        if key.startswith("_") or len(content) <= FILE_BYTES:
            files[key] = content
            continue
        split: dict[str, dict[str, list[int]]] = {}
        for word, gaps in entries.items():
            longer = len(word) > len(key) and LATIN_LETTER.fullmatch(word[len(key)])
            split.setdefault(word[: len(key) + 1] if longer else key, {})[word] = gaps
        if key in split:  # the key's own term, and terms going on in another script: not split again
            files[key] = _json(split.pop(key))
        pending |= split
    return files


def _gaps(numbers: list[int]) -> list[int]:
    """Ascending numbers as gaps (3, 5, 9 -> 3, 2, 4): small numbers compress better."""
    return [n - m for n, m in zip(numbers, [0, *numbers], strict=False)]


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
