"""Shops and showrooms (content/shops/): what their pages, their area's page and the pages of
the products they sell show of them, with links to find them on a map.

Map links are plain links to a map app or site, chosen by the reader: the pages never embed a
map, load tiles or make any other request to a third party.
"""

from __future__ import annotations

from typing import Protocol, overload
from urllib.parse import quote

from .model import Coordinates, Localised, Shop
from .shown import Page, Shown
from .text import sort_key
from .validate import Catalogue


class Renderer(Protocol):
    """What shops take of render.Renderer, which calls them for one language's pages (this
    module cannot import render.py, which imports it)."""

    catalogue: Catalogue
    t: dict
    base: str  # the language's root URL

    @property
    def shop_views(self) -> list[tuple[Shop, dict]]: ...

    @overload
    def text(self, value: Localised) -> Shown: ...
    @overload
    def text(self, value: Localised | None) -> Shown | None: ...

    def area_title(self, area_id: str) -> str: ...

    def sorted_cards(self, cards: list[dict]) -> list[dict]: ...


def map_links(point: Coordinates, name: str) -> dict[str, str]:
    """A geo: URI (the phone's own map app, RFC 5870; the label in brackets as Android reads
    it), and the point on OpenStreetMap and on Google Maps."""
    lat, lon = point.lat, point.lon
    return {
        "geo": f"geo:{lat},{lon}?q={lat},{lon}({quote(name, safe='')})",
        "osm": f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}",
        "google": f"https://www.google.com/maps/search/?api=1&query={lat},{lon}",
    }


def view(renderer: Renderer, slug: str, shop: Shop) -> dict:
    """What any page shows of a shop."""
    name = renderer.text(shop.name)
    return {
        "slug": slug,
        "url": f"shops/{slug}/",
        "name": name,
        "kind": renderer.t["shop_kind"][shop.kind],
        "address": renderer.text(shop.address),
        "hours": renderer.text(shop.hours),
        "area": {"title": renderer.area_title(shop.area), "url": f"areas/{shop.area}/"},
        "phone": shop.phone,
        "website": shop.website,
        "maps": map_links(shop.coordinates, name.text),
    }


def views(renderer: Renderer) -> list[tuple[Shop, dict]]:
    """Every shop and its view, by area (in the order of content/areas.yml), then by name."""
    areas = list(renderer.catalogue.areas)
    found = [(shop, view(renderer, slug, shop)) for slug, shop in renderer.catalogue.shops.items()]
    return sorted(found, key=lambda item: (areas.index(item[0].area), sort_key(item[1]["name"].text), item[1]["slug"]))


def selling(renderer: Renderer, product_id: str) -> list[dict]:
    return [shown for shop, shown in renderer.shop_views if product_id in shop.products]


def in_area(renderer: Renderer, area_id: str) -> list[dict]:
    return [shown for shop, shown in renderer.shop_views if shop.area == area_id]


def pages(renderer: Renderer, cards: dict[str, dict]) -> list[Page]:
    """The index of shops by area, and a page per shop with the products it sells."""
    if not renderer.shop_views:
        return []
    t = renderer.t
    sections: list[dict] = []
    for _shop, shown in renderer.shop_views:
        if not sections or sections[-1]["url"] != shown["area"]["url"]:
            sections.append({**shown["area"], "shops": []})
        sections[-1]["shops"].append(shown)
    result = [Page("shops/", "shops.html", t["shops_title"], t["shops_intro"], {"sections": sections})]
    for shop, shown in renderer.shop_views:
        products = renderer.sorted_cards([cards[product_id] for product_id in shop.products])
        description = f"{shown['kind']}: {shown['address'].text}. {t['hours']}: {shown['hours'].text}."
        data = {"shop": shown, "cards": products, "json_ld": json_ld(renderer, shop, shown)}
        result.append(Page(shown["url"], "shop.html", shown["name"].text, description, data))
    return result


def json_ld(renderer: Renderer, shop: Shop, shown: dict) -> dict:
    """schema.org Store for search engines and map apps. No openingHours: the hours are the
    office's own words ("7:30–21:00 hằng ngày"), not the Mo-Su 07:30-21:00 form it needs."""
    data = {
        "@context": "https://schema.org",
        "@type": "Store",
        "name": shown["name"].text,
        "url": renderer.base + shown["url"],
        "address": {"@type": "PostalAddress", "streetAddress": shown["address"].text,
                    "addressLocality": shown["area"]["title"], "addressCountry": "VN"},
        "geo": {"@type": "GeoCoordinates", "latitude": shop.coordinates.lat, "longitude": shop.coordinates.lon},
    }
    if shop.phone:
        data["telephone"] = shop.phone
    if shop.website:
        data["sameAs"] = [str(shop.website)]
    return data
