"""The data behind the browse page: a compact index of every product per language, and
the words of their stories as an inverted index split by the words' first two letters, so
that a search downloads only the few small files its words need.

Text is folded to plain ASCII for matching (`text.fold`), the same way as ocop-browse.js
does: "Nước mắm", "NƯỚC MẮM" and "nuoc mam" are the same words.
"""

from __future__ import annotations

import json
from typing import get_args

from .model import Standard
from .render import MARKETPLACES, Renderer
from .text import fold

STANDARDS = get_args(Standard)
INDEX_VERSION = 1
COMMON_SHARE = 0.2  # a word in more than this share of products finds nothing: not indexed


def words(text: str) -> set[str]:
    return {w for w in fold(text).split() if len(w) >= 2}


def shard_of(word: str) -> str:
    return word[:2]


def browse_files(renderer: Renderer) -> dict[str, bytes]:
    """The files of one language's browse data, by path under its data folder."""
    catalogue, lang = renderer.catalogue, renderer.lang
    groups = list(catalogue.groups.items())
    subgroups = [f"{g}.{s}" for g, group in groups for s in group.subgroups]
    areas = list(catalogue.areas)
    products, postings = [], {}
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
        "shards": sorted({shard_of(w) for w in postings}),
        "common": common,  # a query ignores these words rather than require them
        "products": products,
    }
    files = {"index.json": _json(index)}
    shards: dict[str, dict[str, list[int]]] = {}
    for word, numbers in postings.items():
        # product numbers as gaps (3, 5, 9 -> 3, 2, 4): small numbers compress better
        shards.setdefault(shard_of(word), {})[word] = [n - m for n, m in zip(numbers, [0, *numbers])]
    for shard, entries in shards.items():
        files[f"words-{shard}.json"] = _json(dict(sorted(entries.items())))
    return files


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
