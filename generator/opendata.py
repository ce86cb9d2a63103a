"""The catalogue as open data: /data/products.json, /data/products.csv and an Atom feed of
newly certified products per language. Fields are documented in the README."""

from __future__ import annotations

import datetime
import json
from xml.sax.saxutils import escape

from . import safe_csv
from .languages import get as get_language
from .qr import Code
from .model import MARKETPLACES
from .render import Renderer
from .shown import product_url
from .status import Status
from .validate import Catalogue

FEED_ENTRIES = 30


def csv_fields(languages: list[str]) -> list[str]:
    """The CSV's columns: a text field has one column per language of the site (name_vi, name_en, …)."""
    def each(field: str) -> list[str]:
        return [f"{field}_{lang}" for lang in languages]

    return [
        "id", *each("name"), "category", *each("group"), *each("subgroup"), "area", *each("area"), "stars",
        "decision", "decision_date", "valid_until", "status", "potential_five_star", "revoked_date", "revoked_decision",
        "producer_name", "producer_kind", "producer_registration", "producer_address", "producer_phone", "producer_email",
        "producer_website", "gtin", "standards", "traceability", *(f"listing_{m}" for m in MARKETPLACES),
        *each("url"), "qr_data", "qr_svg", "qr_png",
    ]


def urls(catalogue: Catalogue, product_id: str) -> dict[str, str]:
    config = catalogue.config
    return {lang: config.base_url + config.prefix(lang) + product_url(product_id) for lang in config.languages}


def products_json(catalogue: Catalogue, statuses: dict[str, Status], codes: dict[str, Code], as_of: datetime.date) -> bytes:
    base = catalogue.config.base_url
    products = []
    for record in catalogue.records:
        status = statuses[record.id]
        products.append({
            "id": record.id,
            **record.product.model_dump(mode="json", exclude_none=True),
            "urls": urls(catalogue, record.id),
            "qr": {"data": codes[record.id].data, "svg": base + product_url(record.id) + "qr.svg", "png": base + product_url(record.id) + "qr.png"},
            "status": {"code": status.code, "valid_until": status.valid_until.isoformat(), "as_of": as_of.isoformat()},
        })
    document = {"generated_for": as_of.isoformat(), "base_url": base, "sample_data": catalogue.config.sample_data, "count": len(products)}
    return _one_item_a_line(document, "products", products)


def shops_json(catalogue: Catalogue, as_of: datetime.date) -> bytes:
    """Every shop and showroom as written (every language of its texts), with its pages' URLs."""
    config = catalogue.config
    shops = [
        {"id": slug, **shop.model_dump(mode="json", exclude_none=True),
         "urls": {lang: config.base_url + config.prefix(lang) + f"shops/{slug}/" for lang in config.languages}}
        for slug, shop in sorted(catalogue.shops.items())
    ]
    document = {"generated_for": as_of.isoformat(), "base_url": config.base_url, "sample_data": config.sample_data, "count": len(shops)}
    return _one_item_a_line(document, "shops", shops)


# Characters other programs take for line breaks, which json leaves as they are in a string.
LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _one_item_a_line(document: dict, key: str, items: list[dict]) -> bytes:
    """The document with `key`: its items, one a line: a change shows as the lines of what
    changed, and it is made by json's C encoder (with `indent`, json encodes in Python: 1 s
    for 2,000 products)."""
    head = json.dumps(document, ensure_ascii=False)[:-1]
    lines = "".join(f"{',' if n else ''}\n{json.dumps(item, ensure_ascii=False)}" for n, item in enumerate(items))
    for character, escaped in LINE_BREAKS.items():  # str.replace, not str.translate: 30 times quicker on 10 MB
        lines = lines.replace(character, escaped)
    return f'{head}, "{key}": [{lines}\n]}}\n'.encode("utf-8")


def products_csv(catalogue: Catalogue, statuses: dict[str, Status], codes: dict[str, Code]) -> bytes:
    """One row a product; UTF-8 with a byte order mark so that Excel reads Vietnamese right.
    A text the record lacks in a language is an empty cell: open data never falls back."""
    base = catalogue.config.base_url
    languages = catalogue.config.languages
    rows = []
    for record in catalogue.records:
        p = record.product
        status = statuses[record.id]
        group_id, group, subgroup = catalogue.subgroup(p.category)
        revoked = p.certification.revoked
        links = urls(catalogue, record.id)
        texts = {"name": p.name, "group": group.name, "subgroup": subgroup, "area": catalogue.areas[p.area].name}
        rows.append({
            "id": record.id, "category": p.category, "area": p.area,
            **{f"{field}_{lang}": text.get(lang) or "" for field, text in texts.items() for lang in languages},
            "stars": p.stars, "decision": p.certification.decision, "decision_date": p.certification.date.isoformat(),
            "valid_until": status.valid_until.isoformat(), "status": status.code,
            "potential_five_star": "yes" if p.certification.potential_five_star else "",
            "revoked_date": revoked.date.isoformat() if revoked else "", "revoked_decision": revoked.decision if revoked else "",
            "producer_name": p.producer.name, "producer_kind": p.producer.kind, "producer_registration": p.producer.registration or "",
            "producer_address": p.producer.address, "producer_phone": p.producer.phone or "", "producer_email": p.producer.email or "",
            "producer_website": p.producer.website or "", "gtin": p.gtin or "", "standards": ";".join(p.standards),
            "traceability": p.traceability or "",
            **{f"listing_{m}": getattr(p.listings, m) or "" for m in MARKETPLACES},
            **{f"url_{lang}": link for lang, link in links.items()}, "qr_data": codes[record.id].data,
            "qr_svg": base + product_url(record.id) + "qr.svg", "qr_png": base + product_url(record.id) + "qr.png",
        })
    return safe_csv.table(csv_fields(languages), rows)


def atom_feed(renderer: Renderer) -> bytes:
    """The most recently certified products. Dates are recognition dates, never the build
    time, so the same content gives the same feed."""
    catalogue, lang = renderer.catalogue, renderer.lang
    newest = sorted(catalogue.records, key=lambda r: (r.product.certification.date, r.id), reverse=True)[:FEED_ENTRIES]
    feed_url = renderer.base + "feed.xml"
    title = renderer.text(catalogue.config.title).text

    def stamp(day: datetime.date) -> str:
        return f"{day.isoformat()}T00:00:00+07:00"

    # An empty feed (a new catalogue) is as of the build day, and says why it is empty.
    updated = stamp(newest[0].product.certification.date) if newest else stamp(renderer.as_of)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{get_language(lang).html_lang}">',
        f"<title>{escape(title)}</title>",
        f"<id>{escape(feed_url)}</id>",
        f'<link rel="self" href="{escape(feed_url)}"/>',
        f'<link rel="alternate" type="text/html" href="{escape(renderer.base)}"/>',
        f"<updated>{updated}</updated>",
        *([] if newest else [f"<subtitle>{escape(renderer.t['nothing_published'])}</subtitle>"]),
        f"<author><name>{escape(renderer.text(catalogue.config.owner.name).text)}</name></author>",
    ]
    for record in newest:
        p = record.product
        url = renderer.base + product_url(record.id)
        name = renderer.text(p.name).text
        status = renderer.statuses[record.id]
        summary = f"{renderer.t['stars_label'].format(n=p.stars)} · {renderer.t['status'][status.code]} · {p.producer.name} · {p.certification.decision}"
        lines += [
            "<entry>",
            f"<title>{escape(name)}</title>",
            f'<link rel="alternate" type="text/html" href="{escape(url)}"/>',
            f"<id>{escape(url)}</id>",
            f"<updated>{stamp(p.certification.date)}</updated>",
            f"<published>{stamp(p.certification.date)}</published>",
            f"<summary>{escape(summary)}</summary>",
            "</entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")
