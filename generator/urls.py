"""Addresses read the same way by Python and by a browser.

Python's urlsplit and a browser's URL parser (WHATWG) disagree on some strings: a browser
reads "\\" as "/", drops tabs and newlines, takes what precedes "@" as a user name, and
refuses a port above 65535 that Python may keep or choke on ("shopee.vn:443:evil.com"). So
the part that decides where a link goes, scheme and host (and port), must be plain: a host of
letters, digits, hyphens and dots, and no port but the default one.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
AUTHORITY = re.compile(rf"(?P<host>(?:{LABEL}\.)*{LABEL})(?::(?P<port>[0-9]{{1,5}}))?", re.IGNORECASE)
READ_DIFFERENTLY = re.compile(r"[\s\x00-\x1f\x7f-\x9f\\]")  # whitespace, control characters, backslashes
DEFAULT_PORTS = {"https": 443, "http": 80}


def plain(value: str, schemes: tuple[str, ...], any_port: bool = False) -> bool:
    """Whether `value` is an absolute address with one of `schemes` whose host (and port: the
    default one only, unless `any_port`) a browser reads as Python does."""
    if READ_DIFFERENTLY.search(value):
        return False
    parts = urlsplit(value)
    authority = AUTHORITY.fullmatch(parts.netloc)
    if parts.scheme not in schemes or not value[len(parts.scheme):].startswith("://") or authority is None:
        return False
    port = authority["port"]
    return port is None or int(port) == DEFAULT_PORTS[parts.scheme] or (any_port and 0 < int(port) < 65536)
