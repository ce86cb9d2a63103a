"""GS1 Digital Link: every URI form a package may carry for a product's GTIN, as GS1's
standard defines it, leads to the product's page.

    /01/<GTIN-8, -12, -13 or -14>[/22/<variant>][/10/<batch or lot>][/21/<serial>][/][?<data attributes>]

The GTIN's check digit must be right; the key qualifiers are optional but come in that order,
each at most 20 characters (once percent-decoded); the data attributes (?17=<expiry>…) say
nothing about which product it is and are ignored. The same rule is in
theme/assets/ocop-gs1.js (any static host: the 404 page looks the GTIN up in 01/gtins.json)
and deploy/nginx.conf (one 301, from 01/gtins.nginx.map).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import engine
from .model import gtin14, gtin_check_digit
from .shown import product_url
from .validate import Record

PATTERN = re.compile(r"01/(?P<gtin>[0-9]{8}|[0-9]{12,14})(?:/22/(?P<variant>[^/]+))?(?:/10/(?P<lot>[^/]+))?(?:/21/(?P<serial>[^/]+))?/?")
QUALIFIER_LENGTH = 20
INDEX = "01/gtins.json"  # {gtin14: product id}, loaded only by the 404 page's script
NGINX_MAP = "01/gtins.nginx.map"  # the same as lines of an nginx map, included by deploy/nginx.conf
TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True,
                        undefined=StrictUndefined, keep_trailing_newline=True)


def gtin_of(path: str) -> str | None:
    """The GTIN-14 a Digital Link path names (after the site's root and language prefix,
    without its query), or None when the path is not a Digital Link for a GTIN."""
    match = PATTERN.fullmatch(path)
    if not match:
        return None
    gtin = match["gtin"]
    if gtin_check_digit(gtin[:-1]) != int(gtin[-1]):
        return None
    if any(len(unquote(value)) > QUALIFIER_LENGTH for value in match.group("variant", "lot", "serial") if value):
        return None
    return gtin14(gtin)


def index_files(products: dict[str, str | None]) -> dict[str, bytes]:
    """The GTIN index (product id -> its GTIN, or None) as JSON and as an nginx map."""
    index = {gtin14(gtin): product_id for product_id, gtin in sorted(products.items()) if gtin}
    lines = [f"{gtin} {product_id};\n" for gtin, product_id in sorted(index.items())]
    return {
        INDEX: json.dumps(index, separators=(",", ":"), sort_keys=True).encode(),
        NGINX_MAP: ("# written by ocop build: <GTIN-14> <product id>;\n" + "".join(lines)).encode(),
    }


def content_security_policy(root: Path) -> Markup:
    """The policy of every page, as the theme's main.html states it (one place to change it):
    attribute text, as written there."""
    main = (engine.theme_dir(root) / "main.html").read_text(encoding="utf-8")
    found = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', main)
    return Markup(found.group(1) if found else "default-src 'self'")  # a theme of the catalogue's own without one


def entry_page(base_url: str, record: Record, policy: Markup, share: str) -> tuple[str, bytes]:
    """The page a product's GS1 Digital Link leads to, at 01/<GTIN-14>/: its path and bytes."""
    assert record.product.gtin  # only a product with a GTIN has this page
    gtin = gtin14(record.product.gtin)
    html = TEMPLATES.get_template("gs1-entry.html").render(
        policy=policy, name=record.product.name.vi, canonical=base_url + product_url(record.id),
        target=urlsplit(base_url).path + product_url(record.id), share=share, gtin=gtin,
    )
    return f"01/{gtin}/index.html", html.encode()
