"""Stage 3, render: the validated catalogue becomes pages, per language, each a template name
and the plain data the template shows. No HTML is written here except the sanitised story;
the templates in theme/ decide how things look.
"""

from __future__ import annotations

import collections
import datetime
import itertools
from functools import cached_property
from typing import Any, Callable, overload

from markupsafe import Markup

from . import languages, previews, shops
from .images import Rendition
from .qr import Code
from .model import MARKETPLACES, STANDARDS, Fair, Localised, Product, Shop, gtin14
from .shown import Page, Shown, fallback_languages, format_date, local, material_names, plain_text, product_url, story_html
from .status import REVOKED, STATUSES, VALID, Status, add_months, certificate_status
from .text import sort_key
from .validate import Catalogue, Record

RECENT_COUNT = 8  # products the home page shows in each of its lists; the rest are a click away
LIST_PAGE_SIZE = 60  # products a list page shows; the rest on <list>page/2/, page/3/, …
PAGER_REACH = 2  # page links the pager shows on each side of the current page (with the first and last)


# The browse data's cards files (search.py) hold this many products: a page of results (48)
# spread over the catalogue fetches half a KB a file.
CARDS_PER_FILE = 16
FIRST_RESULTS = 48  # what ocop-browse.js shows at first (its PAGE)


def catalogue_statuses(catalogue: Catalogue, as_of: datetime.date) -> dict[str, Status]:
    """Every product's certificate status on the build's day, by id."""
    rules = catalogue.config.certification
    return {r.id: certificate_status(r.product.certification, as_of, rules.validity_months, rules.expiring_soon_days) for r in catalogue.records}


class Renderer:
    """Turns the catalogue into pages for one language."""

    def __init__(self, catalogue: Catalogue, renditions: dict[str, Rendition], codes: dict[str, Code], as_of: datetime.date, lang: str,
                 statuses: dict[str, Status] | None = None, stories: Callable[[str], Markup] = story_html):
        self.catalogue = catalogue
        self.renditions = renditions
        self.codes = codes
        self.as_of = as_of
        self.lang = lang
        self.language = languages.get(lang)
        self.t = self.language.strings
        self.chain = catalogue.config.chain(lang)
        config = catalogue.config
        self.base = config.base_url + config.prefix(lang)
        self.statuses = catalogue_statuses(catalogue, as_of) if statuses is None else statuses  # the same in every language: a build makes them once
        self.stories = stories  # a story's HTML: story_html, or a build's shown.KeptStories

    @overload
    def text(self, value: Localised) -> Shown: ...
    @overload
    def text(self, value: Localised | None) -> Shown | None: ...
    def text(self, value: Localised | None) -> Shown | None:
        return local(value, self.lang, self.chain)

    @cached_property
    def shop_views(self) -> list[tuple[Shop, dict]]:
        return shops.views(self)

    def pages(self, search_lookup: dict[str, Any], unchanged: frozenset[str] = frozenset()) -> list[Page]:
        """Every page of the language, but for the products in `unchanged`: their pages are
        the last build's files (made from the same inputs), so their data is not made again.
        `search_lookup`: search.lookup of the language's browse data, for the browse page."""
        cards = self.cards
        pages = [
            self.home(cards),
            *(self.product_page(r) for r in self.catalogue.records if r.id not in unchanged),
            *self.group_pages(cards),
            *self.area_pages(cards),
            *self.star_pages(cards),
            self.browse_page(cards, search_lookup),
            *self.stats_pages(),
            *self.fair_pages(cards),
            *shops.pages(self, cards),
            self.offline_page(),
        ]
        for page in pages:
            page.data["fallback"] = fallback_languages(page.data)
            page.data["empty"] = not self.catalogue.records  # a new catalogue: every page says why it lists nothing
        return pages

    # --- the product page -------------------------------------------------------------

    def product_page(self, record: Record) -> Page:
        """The product's page: its record and the catalogue beside the records, never another
        record (its key is made from those inputs: incremental.catalogue_inputs)."""
        p = record.product
        t = self.t
        status = self.statuses[record.id]
        group_id, group, subgroup = self.catalogue.subgroup(p.category)
        area = self.catalogue.areas[p.area]
        name = self.text(p.name)
        data = {
            "id": record.id,
            "name": name,
            "stars": p.stars,
            "status": self.status_view(p, status),
            "certification": p.certification,
            "producer": p.producer,
            "producer_kind": t["producer_kind"][p.producer.kind],
            "area": {"name": self.text(area.name), "url": f"areas/{p.area}/", "title": self.area_title(p.area)},
            "group": {"name": self.text(group.name), "url": f"groups/{group_id}/", "subgroup": self.text(subgroup)},
            "standards": [t["standard"][s] for s in p.standards],
            "gtin": p.gtin,
            "traceability": p.traceability,
            "details": [{"label": self.text(d.label), "value": self.text(d.value)} for d in p.details],
            "warnings": [t["warning"][w] for w in p.warnings],
            "story": self.story(p),
            "images": [self.image(img.src, self.text(img.alt)) for img in p.images],
            "qr": {
                "svg": product_url(record.id) + "qr.svg",
                "png": product_url(record.id) + "qr.png",
                "data": self.codes[record.id].data,
                "version": self.codes[record.id].version,
                "print_mm": self.codes[record.id].print_mm,
            },
            "listings": [
                {"market": m, "label": t["marketplace"][m], "url": getattr(p.listings, m)}
                for m in MARKETPLACES
                if getattr(p.listings, m)
            ],
            "shops": shops.selling(self, record.id),
            "fairs": self.fairs_showing(record.id),
        }
        stars = t["stars_label"].format(n=p.stars)
        data["share"] = self.share(record)
        description = f"{name.text}: {stars}, {t['status'][status.code].lower()}. {p.producer.name}, {self.text(area.name).text}."
        data["json_ld"] = self.json_ld(record, status, data, description)
        return Page(product_url(record.id), "product.html", name.text, description, {"product": data})

    def share(self, record: Record) -> dict:
        """The link preview: the cover photo cropped to 1200×630, or a card drawn for the product."""
        p, config = record.product, self.catalogue.config
        if p.images:
            cover = p.images[0]
            return {"url": f"{config.base_url}img/{self.renditions[cover.src].share}", "alt": self.text(cover.alt).text, "card": None}
        name, stars = self.text(p.name).text, self.t["stars_label"].format(n=p.stars)
        _, group, subgroup = self.catalogue.subgroup(p.category)
        status = self.statuses[record.id]
        warning = "" if status.usable else self.t["status"][status.code]  # shared links of revoked products must not look certified
        card = previews.product_card(name, self.t["ocop_product"], p.stars, stars, f"{self.text(group.name).text} · {self.text(subgroup).text}",
                                     self.text(config.title).text, config.base_url, warning)
        return {"url": f"{config.base_url}img/{card.name}", "alt": f"{name}: {stars}", "card": card}

    def json_ld(self, record: Record, status: Status, data: dict, description: str) -> dict:
        """schema.org data: the product, its maker and its OCOP certificate. Never a rating of
        the product by buyers (aggregateRating): stars here are a certification level."""
        p, t = record.product, self.t
        rules = self.catalogue.config.certification
        url = self.base + product_url(record.id)
        manufacturer = {
            "@type": "Organization",
            "name": p.producer.name,
            "address": {"@type": "PostalAddress", "streetAddress": p.producer.address, "addressRegion": data["area"]["name"].text, "addressCountry": "VN"},
        }
        for key, value in (("telephone", p.producer.phone), ("email", p.producer.email), ("url", p.producer.website), ("taxID", p.producer.registration)):
            if value:
                manufacturer[key] = value
        cert = p.certification
        certification = {
            "@type": "Certification",
            "name": t["stars_label"].format(n=p.stars),
            "issuedBy": {"@type": "Organization", "name": self.text(rules.national_issuer if p.stars == 5 else rules.issuer).text},
            "certificationIdentification": p.certification.decision,
            "certificationRating": {"@type": "Rating", "ratingValue": p.stars, "bestRating": 5, "worstRating": 3},
            "validFrom": p.certification.date.isoformat(),
            "expires": status.valid_until.isoformat(),
            "certificationStatus": "https://schema.org/CertificationActive" if status.usable else "https://schema.org/CertificationInactive",
        }
        if cert.revoked:
            # schema.org has no "revoked" status: the revocation ends the certificate on its
            # day (expires), changes it (dateModified), and its decision is said in words.
            reason = self.text(cert.revoked.reason).text
            certification["expires"] = cert.revoked.date.isoformat()
            certification["dateModified"] = cert.revoked.date.isoformat()
            certification["description"] = f"{data['status']['texts'][REVOKED]['explain']} {t['revocation_reason']}: {reason}."
        product = {
            "@context": "https://schema.org",
            "@type": "Product",
            "@id": url + "#product",
            "name": data["name"].text,
            "url": url,
            "description": (plain_text(data["story"]["html"]) if data["story"] else "") or description,
            "category": f"{data['group']['name'].text} > {data['group']['subgroup'].text}",
            "brand": {"@type": "Brand", "name": p.producer.name},
            "manufacturer": manufacturer,
            "countryOfOrigin": {"@type": "Country", "name": "VN"},
            "hasCertification": certification,
        }
        if p.images:
            product["image"] = [image["share"]["url"] for image in data["images"]]
        if p.gtin:
            product["gtin"] = p.gtin
            product["hasGS1DigitalLink"] = f"{self.catalogue.config.base_url}01/{gtin14(p.gtin)}"
        # No Offer: records have no price, and an Offer without one fails search engines'
        # product checks. The shops' pages are the product's own pages elsewhere (sameAs), while
        # it may carry the OCOP label.
        if data["listings"] and status.usable:
            product["sameAs"] = [listing["url"] for listing in data["listings"]]
        return product

    def status_view(self, p: Product, status: Status) -> dict:
        cert = p.certification
        facts = {
            "until": format_date(status.valid_until, self.lang),
            "date": format_date(cert.revoked.date, self.lang) if cert.revoked else "",
            "decision": cert.revoked.decision if cert.revoked else "",
        }
        # Every status's words, with {days} left for the page's script: the status shown is
        # the build day's, and the script re-evaluates it on the reader's device. A text in
        # plural forms keeps them all: the script picks the one for its number of days.
        def with_facts(text: str | dict[str, str]) -> str | dict[str, str]:
            if isinstance(text, dict):
                return {form: words.format(days="{days}", **facts) for form, words in text.items()}
            return text.format(days="{days}", **facts)

        texts = {
            code: {"label": self.t["status"][code], "short": with_facts(self.t["status_short"][code]), "explain": with_facts(self.t["status_explain"][code])}
            for code in STATUSES
        }
        expired_on = status.valid_until + datetime.timedelta(days=1)
        device_facts = {"until": facts["until"], "expired_on": format_date(expired_on, self.lang), "as_of": format_date(status.as_of, self.lang)}
        device_expired = {"label": self.t["status"]["expired"], **{key: text.format(**device_facts) for key, text in self.t["status_device_expired"].items()}}
        days = str(status.days_left)
        return {
            "code": status.code,
            "label": texts[status.code]["label"],
            "short": self.language.counted(texts[status.code]["short"], status.days_left).replace("{days}", days),
            "explain": self.language.counted(texts[status.code]["explain"], status.days_left).replace("{days}", days),
            "texts": texts,
            "device_expired": device_expired,
            "usable": status.usable,
            "valid_until": status.valid_until,
            "revoked_on": cert.revoked.date if cert.revoked else None,
            "soon_days": self.catalogue.config.certification.expiring_soon_days,
            "as_of": status.as_of,
            "as_of_text": self.t["as_of"].format(date=format_date(status.as_of, self.lang)),
            "potential_five_star": cert.potential_five_star,
            "revoked_reason": self.text(cert.revoked.reason) if cert.revoked else None,
        }

    def story(self, p: Product) -> dict | None:
        shown = self.text(p.story)
        if shown is None:
            return None
        return {"html": self.stories(shown.text), "lang": shown.lang, "fallback": shown.fallback, "shown": shown}

    def image(self, src: str, alt: Shown) -> dict:
        rendition = self.renditions[src]
        width, height, largest = rendition.largest
        share_width, share_height, share = rendition.variants[min(1, len(rendition.variants) - 1)]  # 960 px
        return {
            "share": {"url": f"{self.catalogue.config.base_url}img/{share}", "width": share_width, "height": share_height},
            "share_jpeg": rendition.share,
            "src": f"img/{largest}",
            "srcset": ", ".join(f"img/{name} {w}w" for w, _, name in rendition.variants),
            "small": f"img/{rendition.variants[0][2]}",
            "width": width,
            "height": height,
            "alt": alt,
        }

    # --- lists ------------------------------------------------------------------------

    @cached_property
    def cards(self) -> dict[str, dict]:
        """Every product's card, by id: made once for the lists and the browse data (read only)."""
        return {r.id: self.card(r) for r in self.catalogue.records}

    def card(self, record: Record) -> dict:
        """What a list shows of a product."""
        p = record.product
        status = self.statuses[record.id]
        cover = p.images[0] if p.images else None
        return {
            "id": record.id,
            "url": product_url(record.id),
            "name": self.text(p.name),
            "stars": p.stars,
            # its dates: ocop-status.js shows a worse status where the reader's day leads to one
            "status": {"code": status.code, "label": self.t["status"][status.code], "usable": status.usable,
                       "valid_until": status.valid_until.isoformat(), "revoked_on": p.certification.revoked.date.isoformat() if p.certification.revoked else ""},
            "area": self.text(self.catalogue.areas[p.area].name),
            "image": self.image(cover.src, self.text(cover.alt)) if cover else None,
            "date": p.certification.date,
        }

    def sorted_cards(self, cards: list[dict]) -> list[dict]:
        # Products that may carry the label first, then by stars, then by name.
        return sorted(cards, key=lambda c: (not c["status"]["usable"], -c["stars"], sort_key(c["name"].text), c["id"]))

    def home(self, cards: dict[str, dict]) -> Page:
        t = self.t
        usable = [c for c in cards.values() if c["status"]["usable"]]
        recent = sorted(usable, key=lambda c: (c["date"], c["id"]), reverse=True)[:RECENT_COUNT]
        data = {
            "star_counts": [{"stars": n, "count": sum(c["stars"] == n for c in usable), "url": f"stars/{n}/"} for n in (5, 4, 3)],
            "groups": self.group_summaries(),
            "areas": self.area_summaries(),
            "recent": recent,
            "top": self.sorted_cards([c for c in usable if c["stars"] >= 4])[:RECENT_COUNT],
            "owner": self.text(self.catalogue.config.owner.name),
            "total": len(usable),
        }
        config = self.catalogue.config
        description = self.text(config.description).text if config.description else t["home_intro"]
        return Page("", "home.html", self.text(config.title).text, description, data)

    def area_title(self, area_id: str) -> str:
        area = self.catalogue.areas[area_id]
        return self.t["area_title"].format(kind=self.t["area_kind"][area.kind], name=self.text(area.name).text)

    def group_summaries(self) -> list[dict]:
        counts: dict[str, int] = {}
        for r in self.catalogue.records:
            group_id = r.product.category.split(".")[0]
            counts[group_id] = counts.get(group_id, 0) + 1
        return [
            {"id": g, "number": group.number, "name": self.text(group.name), "label": f"{group.number}. {self.text(group.name).text}", "url": f"groups/{g}/", "count": counts.get(g, 0)}
            for g, group in self.catalogue.groups.items()
        ]

    def area_summaries(self) -> list[dict]:
        counts: dict[str, int] = {}
        for r in self.catalogue.records:
            counts[r.product.area] = counts.get(r.product.area, 0) + 1
        return [
            {"id": a, "name": self.text(area.name), "label": self.area_title(a), "url": f"areas/{a}/", "count": counts.get(a, 0)}
            for a, area in self.catalogue.areas.items()
        ]

    def list_pages(self, path: str, title: str, sections: list[tuple[Shown | None, list[dict]]], intro: str = "") -> list[Page]:
        """A list of products in pages (see paged). A section cut by a page break starts the
        next page with its title again."""
        shown = [(number, head, card) for number, (head, items) in enumerate(sections) for card in self.sorted_cards(items)]
        description = f"{title}: {self.language.counted(self.t['products_count'], len(shown)).format(n=len(shown))}."

        def data(chunk: list, pager: dict | None) -> dict:
            here = [
                {"title": head, "cards": [card for _, _, card in rows]}
                for (_, head), rows in itertools.groupby(chunk, key=lambda row: (row[0], row[1]))
            ]
            return {"sections": here, "intro": intro, "pager": pager}

        return self.paged(path, shown, "list.html", title, description, data)

    def paged(self, path: str, items: list, template: str, title: str, description: str, data: Callable[[list, dict | None], dict]) -> list[Page]:
        """`items` in pages of LIST_PAGE_SIZE: the first at `path` (its URL since lists had one
        page), the others at `path`page/<n>/, each page's data made by data(its items, its pager)."""
        chunks = [items[i : i + LIST_PAGE_SIZE] for i in range(0, len(items), LIST_PAGE_SIZE)] or [[]]
        paths = [path, *(f"{path}page/{n}/" for n in range(2, len(chunks) + 1))]
        pages = []
        for number, chunk in enumerate(chunks, 1):
            pager = self.pager(paths, number)
            page_title, page_description = title, description
            if pager and number > 1:  # the first page keeps the list's own title
                page_title, page_description = f"{title} · {pager['position']}", f"{description} {pager['position']}."
            pages.append(Page(paths[number - 1], template, page_title, page_description, data(chunk, pager)))
        return pages

    def pager(self, paths: list[str], number: int) -> dict | None:
        """Where page `number` (from 1) of a list is: its position, its neighbours (rel=prev and
        next), and links to the first, the last and the pages near it. None for a single page."""
        if len(paths) == 1:
            return None
        near = sorted({1, len(paths), *range(max(1, number - PAGER_REACH), min(len(paths), number + PAGER_REACH) + 1)})
        links: list[dict | None] = []  # None: a gap
        last = 0
        for n in near:
            if n - last > 1:
                links.append(None)  # pages left out between two links
            links.append({"number": n, "url": paths[n - 1], "current": n == number})
            last = n
        return {
            "position": self.t["page_position"].format(n=number, total=len(paths)),
            "prev": paths[number - 2] if number > 1 else None,
            "next": paths[number] if number < len(paths) else None,
            "links": links,
        }

    def index_page(self, path: str, title: str, entries: list[dict], intro: str = "") -> Page:
        return Page(path, "index.html", title, f"{title}.", {"entries": entries, "intro": intro})

    def group_pages(self, cards: dict[str, dict]) -> list[Page]:
        pages = [self.index_page("groups/", self.t["groups"], self.group_summaries())]
        in_subgroup = _by(self.catalogue.records, lambda r: r.product.category)
        for group_id, group in self.catalogue.groups.items():
            sections: list[tuple[Shown | None, list[dict]]] = []
            for sub_id, sub_name in group.subgroups.items():
                items = [cards[r.id] for r in in_subgroup.get(f"{group_id}.{sub_id}", [])]
                if items:
                    sections.append((self.text(sub_name), items))
            title = f"{group.number}. {self.text(group.name).text}"
            pages += self.list_pages(f"groups/{group_id}/", title, sections)
        return pages

    def area_pages(self, cards: dict[str, dict]) -> list[Page]:
        pages = [self.index_page("areas/", self.t["areas"], self.area_summaries(), self.t["areas_note"])]
        in_area = _by(self.catalogue.records, lambda r: r.product.area)
        for area_id in self.catalogue.areas:
            items = [cards[r.id] for r in in_area.get(area_id, [])]
            title = self.area_title(area_id)
            area_pages = self.list_pages(f"areas/{area_id}/", title, [(None, items)], self.t["areas_note"])
            area_pages[0].data["shops"] = shops.in_area(self, area_id)  # once, on the list's first page
            pages += area_pages
        return pages

    def star_pages(self, cards: dict[str, dict]) -> list[Page]:
        entries = [
            {"id": str(n), "label": self.t["stars_page_title"].format(n=n), "url": f"stars/{n}/", "count": sum(c["stars"] == n for c in cards.values()), "stars": n}
            for n in (5, 4, 3)
        ]
        pages = [self.index_page("stars/", self.t["stars_nav"], entries)]
        for entry in entries:
            n = entry["stars"]
            items = [c for c in cards.values() if c["stars"] == n]
            pages += self.list_pages(entry["url"], entry["label"], [(None, items)])
        return pages

    # --- browse and statistics ---------------------------------------------------------

    def browse_page(self, cards: dict[str, dict], search_lookup: dict[str, Any]) -> Page:
        """Search and facets run in the browser (ocop-browse.js, on data/search/). The page opens
        on what that script shows when nothing is asked, drawn here so that it appears with the
        page on a slow phone (no stylesheet, script or data to wait for): the first products in
        force in the lists' order, their count, and each facet's choices with their counts. The
        script fetches the search data only when the visitor searches, filters or asks for more,
        or the address holds a view; the page holds the keys of its terms' files (search.lookup),
        so that those come beside the index. Without script the groups' lists lead to every product."""
        t = self.t
        every = self.sorted_cards(list(cards.values()))
        usable = [c for c in every if c["status"]["usable"]]
        products = {r.id: r.product for r in self.catalogue.records}
        tally: collections.Counter[tuple[str, str]] = collections.Counter()
        for c in usable:
            p = products[c["id"]]
            tally.update([("g", p.category.split(".")[0]), ("g", p.category), ("a", p.area), ("s", str(p.stars))])
            tally.update([("m", m) for m in MARKETPLACES if getattr(p.listings, m)] + [("std", s) for s in p.standards])
        tally.update(("st", c["status"]["code"]) for c in every)  # the status facet counts every status
        tally.update({("st", "usable"): len(usable), ("st", "all"): len(every)})
        choices = {
            "g": [choice for g, group in self.catalogue.groups.items() for choice in [  # each group, then its subgroups indented
                (g, self.text(group.name).text), *((f"{g}.{s}", "\u00a0\u00a0" + self.text(name).text) for s, name in group.subgroups.items())]],
            "a": [(a, self.text(area.name).text) for a, area in self.catalogue.areas.items()],
            "s": [(str(n), t["stars_page_title"].format(n=n)) for n in (5, 4, 3)],
            "st": [("usable", t["status_usable"]), ("all", t["status_any"]), *((code, t["status"][code]) for code in STATUSES if code != VALID)],
            "m": [(m, t["marketplace"][m]) for m in MARKETPLACES],
            "std": [(s, t["standard"][s]) for s in STANDARDS],
        }
        facets = {
            facet: [{"value": value, "label": f"{label} ({tally[(facet, value)]})"} for value, label in options]
            for facet, options in choices.items()
        }
        data = {"groups": self.group_summaries(), "facets": facets, "first": usable[:FIRST_RESULTS], "count": len(usable), "lookup": search_lookup}
        return Page("browse/", "browse.html", t["browse"], t["browse_intro"], data)

    def stats_pages(self) -> list[Page]:
        """The figures the province reports every year, as of the build day, then the
        certificates that end within six months, in pages like a list's (the figures on the first)."""
        records = self.catalogue.records
        usable = [r for r in records if self.statuses[r.id].usable]

        def rows(key, labels) -> list[dict]:
            counts: dict = {}
            for r in usable:
                counts[key(r)] = counts.get(key(r), 0) + 1
            return [{"label": label, "count": counts.get(k, 0)} for k, label in labels]

        horizon = add_months(self.as_of, 6)
        expiring = sorted(
            (r for r in usable if self.statuses[r.id].valid_until <= horizon),
            key=lambda r: (self.statuses[r.id].valid_until, r.id),
        )
        years = sorted({r.product.certification.date.year for r in records})
        figures = {
            "total": len(records),
            "usable": len(usable),
            "by_status": [{"label": self.t["status"][code], "count": sum(self.statuses[r.id].code == code for r in records)} for code in STATUSES],
            "by_stars": rows(lambda r: r.product.stars, [(n, self.t["stars_page_title"].format(n=n)) for n in (5, 4, 3)]),
            "by_group": rows(lambda r: r.product.category.split(".")[0], [(g, f"{group.number}. {self.text(group.name).text}") for g, group in self.catalogue.groups.items()]),
            "by_area": rows(lambda r: r.product.area, [(a, self.area_title(a)) for a in self.catalogue.areas]),
            "by_year": [{"label": str(y), "count": sum(r.product.certification.date.year == y for r in records)} for y in years],
        }
        rows_expiring = [{"card": self.cards[r.id], "valid_until": self.statuses[r.id].valid_until} for r in expiring]
        intro = self.t["stats_intro"].format(date=format_date(self.as_of, self.lang))
        return self.paged("stats/", rows_expiring, "stats.html", self.t["stats"], intro, lambda chunk, pager: {
            "figures": None if pager and pager["prev"] else figures, "expiring": chunk, "horizon": horizon, "pager": pager,
        })

    def offline_page(self) -> Page:
        """What the service worker shows for a page this device has not saved, offline."""
        return Page("offline/", "offline.html", self.t["offline_title"], self.t["offline_text"], in_sitemap=False)

    # --- fairs -------------------------------------------------------------------------

    def fair_pages(self, cards: dict[str, dict]) -> list[Page]:
        """A page per fair: its products by booth, with QR codes, and its print materials."""
        if not self.catalogue.fairs:
            return []
        producers = {r.id: r.product.producer.name for r in self.catalogue.records}
        entries, pages = [], []
        for slug, fair in self.fairs_by_date():
            name = self.text(fair.name).text
            dates = self.fair_dates(fair)
            booths: list[dict] = [
                {"name": self.text(booth) if booth else None, "products": [{"card": cards[pid], "qr": product_url(pid) + "qr.svg", "producer": producers[pid]} for pid in ids]}
                for booth, ids in fair.booth_list()
            ]
            count = sum(len(b["products"]) for b in booths)
            entries.append({"label": f"{name} ({dates})", "url": f"fairs/{slug}/", "count": count})
            data = {"place": self.text(fair.place), "dates": dates, "booths": booths, "files": [f"fairs/{slug}/{file}" for file in material_names(slug)]}
            pages.append(Page(f"fairs/{slug}/", "fair.html", name, f"{name}, {self.text(fair.place).text}, {dates}.", data))
        return [self.index_page("fairs/", self.t["fairs"], entries), *pages]

    def fairs_by_date(self) -> list[tuple[str, Fair]]:
        return sorted(self.catalogue.fairs.items(), key=lambda item: (item[1].start, item[0]))

    def fair_dates(self, fair: Fair) -> str:
        return f"{format_date(fair.start, self.lang)} – {format_date(fair.end, self.lang)}"

    def fairs_showing(self, product_id: str) -> list[dict]:
        """The fairs not yet over on the build day that show the product, soonest first."""
        found = []
        for slug, fair in self.fairs_by_date():
            if fair.end < self.as_of:
                continue
            for booth, ids in fair.booth_list():
                if product_id in ids:
                    found.append({"name": self.text(fair.name), "url": f"fairs/{slug}/", "dates": self.fair_dates(fair),
                                  "place": self.text(fair.place), "booth": self.text(booth)})
        return found


def _by(records: list[Record], key: Callable[[Record], str]) -> dict[str, list[Record]]:
    """The records by a key, each list in the records' order: one pass, not one a group or place."""
    found: dict[str, list[Record]] = {}
    for record in records:
        found.setdefault(key(record), []).append(record)
    return found
