"""The data behind the browse page: a compact index of every product per language, and
the words of their stories as an inverted index split into small files (by the words' first
two letters), so that a search downloads only the few files its words need.

Text is cut into terms for matching (`text.search_terms`) the same way as ocop-browse.js
does: "Nước mắm", "NƯỚC MẮM" and "nuoc mam" are the same words, full-width letters are
half-width, and Han, kana and Hangul are pairs of characters ("인삼" finds "고려인삼차").
`scores` is what a query finds, the reference the browser's script is tested against.
"""

from __future__ import annotations

import itertools
import json
import re
from typing import get_args

from .model import MARKETPLACES, Standard
from .render import Renderer
from .text import UNSPACED_START, search_terms

STANDARDS = get_args(Standard)
INDEX_VERSION = 1
COMMON_SHARE = 0.2  # a word in more than this share of products finds nothing: not indexed


LATIN_PAIR = re.compile("[a-z0-9]{2}")
LATIN_LETTER = re.compile("[a-z0-9]")


def words(text: str) -> set[str]:
    """The terms of a story that go into the word files: not single Latin letters."""
    return {w for w in search_terms(text) if len(w) >= 2 or UNSPACED_START.match(w)}


def shard_of(term: str) -> str | None:
    """The word file of the words a term starts: Latin words by their first two letters, other
    words (Han, kana, Hangul, …) in 16 files by their first character. None for a single
    Latin letter, which matches names and places only. ocop-browse.js has the same rule."""
    if LATIN_PAIR.match(term):
        return term[:2]
    if LATIN_LETTER.fullmatch(term):
        return None
    return f"_{ord(term[0]) % 16:x}"


def scores(files: dict[str, bytes], query: str) -> dict[str, int]:
    """The products a query finds in one language's browse files, id -> score, as
    ocop-browse.js finds them: every term of the query (but the common words) starts a term
    of the name (10 when it is the whole term, else 7), of the place (4, 3) or of the story
    (2, 1); the best of those counts, summed over the query's terms."""
    index = json.loads(files["index.json"])
    terms = [t for t in search_terms(query) if t not in index["common"]]
    if not terms:
        return {}
    stories: dict[str, dict[str, list[int]]] = {}  # term -> story word -> product numbers
    for term in terms:
        shard = shard_of(term)
        entries = json.loads(files[f"words-{shard}.json"]) if shard in index["shards"] else {}
        stories[term] = {w: list(itertools.accumulate(gaps)) for w, gaps in entries.items() if w.startswith(term)}

    def best(candidates: list[str], term: str, exact: int, prefix: int) -> int:
        return max([exact if w == term else prefix for w in candidates if w.startswith(term)], default=0)

    found = {}
    for number, row in enumerate(index["products"]):
        name, area = search_terms(row[1]), search_terms(index["areas"][row[3]][1])
        total = 0
        for term in terms:
            story = max([2 if w == term else 1 for w, numbers in stories[term].items() if number in numbers], default=0)
            score = max(best(name, term, 10, 7), best(area, term, 4, 3), story)
            if not score:
                break
            total += score
        else:
            found[row[0]] = total
    return found


def browse_files(renderer: Renderer) -> dict[str, bytes]:
    """The files of one language's browse data, by path under its data folder."""
    catalogue, lang = renderer.catalogue, renderer.lang
    groups = list(catalogue.groups.items())
    subgroups = [f"{g}.{s}" for g, group in groups for s in group.subgroups]
    areas = list(catalogue.areas)
    products: list[list] = []
    postings: dict[str, list[int]] = {}
    for number, record in enumerate(catalogue.records):
        p = record.product
        card = renderer.card(record)
        markets = sum(1 << i for i, m in enumerate(MARKETPLACES) if getattr(p.listings, m))
        standards = sum(1 << STANDARDS.index(s) for s in p.standards)
        status = renderer.statuses[record.id]
        image = card["image"]["small"][len("img/") : -len(".webp")] if card["image"] else ""
        products.append([
            record.id,
            card["name"].text,
            subgroups.index(p.category),
            areas.index(p.area),
            p.stars,
            status.valid_until.isoformat(),
            p.certification.revoked.date.isoformat() if p.certification.revoked else "",
            markets,
            standards,
            image,
        ])
        text = " ".join(
            filter(None, [
                p.producer.name,
                p.name.vi if lang != "vi" else "",  # tourists read the Vietnamese name on the package
                getattr(renderer.text(p.story), "text", ""),
                *(f"{renderer.text(d.label).text} {renderer.text(d.value).text}" for d in p.details),
            ])
        )
        for word in words(text) - words(card["name"].text):  # name words already rank higher
            postings.setdefault(word, []).append(number)
    common_above = max(50, int(len(products) * COMMON_SHARE))
    common = sorted(w for w, numbers in postings.items() if len(numbers) > common_above)
    for word in common:
        del postings[word]
    shards: dict[str, dict[str, list[int]]] = {}
    for word, numbers in postings.items():
        shard = shard_of(word)
        assert shard is not None  # words() leaves out single Latin letters
        # product numbers as gaps (3, 5, 9 -> 3, 2, 4): small numbers compress better
        shards.setdefault(shard, {})[word] = [n - m for n, m in zip(numbers, [0, *numbers], strict=False)]
    t = renderer.t
    index = {
        "version": INDEX_VERSION,
        "fields": ["id", "name", "subgroup", "area", "stars", "valid_until", "revoked_on", "markets", "standards", "image"],
        "groups": [[g, renderer.text(group.name).text, [[f"{g}.{s}", renderer.text(name).text] for s, name in group.subgroups.items()]] for g, group in groups],
        "subgroups": subgroups,
        "areas": [[a, renderer.text(catalogue.areas[a].name).text] for a in areas],
        "markets": [[m, t["marketplace"][m]] for m in MARKETPLACES],
        "standards": [[s, t["standard"][s]] for s in STANDARDS],
        "soon_days": catalogue.config.certification.expiring_soon_days,
        "shards": sorted(shards),
        "common": common,  # a query ignores these words rather than require them
        "products": products,
    }
    files = {"index.json": _json(index)}
    for shard, entries in shards.items():
        files[f"words-{shard}.json"] = _json(dict(sorted(entries.items())))
    return files


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
