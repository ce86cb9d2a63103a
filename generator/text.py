"""Vietnamese text: folding for accent-free search, and alphabetical order."""

from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """Lowercase ASCII words: accents dropped, đ read as d, anything else a space."""
    decomposed = unicodedata.normalize("NFD", text)
    # drop the combining accents (U+0300-U+036F, as the script does); Đ has no decomposition
    plain = "".join(c for c in decomposed if not "\u0300" <= c <= "\u036f").replace("đ", "d").replace("Đ", "D")
    return re.sub(r"[^a-z0-9]+", " ", plain.lower()).strip()


VIETNAMESE_ORDER = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook, dot below


def sort_key(text: str) -> tuple:
    """Vietnamese alphabetical order: a ă â b c d đ e ê …, tones only to break ties."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    tones = [c for c in decomposed if c in TONE_MARKS]
    letters = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    return tuple(VIETNAMESE_ORDER.index(c) if c in VIETNAMESE_ORDER else 100 + ord(c) for c in letters), tones
