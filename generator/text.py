"""Text for matching: ASCII folding (import, ids), search terms in every script, and
Vietnamese alphabetical order."""

from __future__ import annotations

import functools
import re
import unicodedata


def fold(text: str) -> str:
    """Lowercase ASCII words: accents dropped, đ read as d, anything else a space."""
    decomposed = unicodedata.normalize("NFD", text)
    # drop the combining accents (U+0300-U+036F, as the script does); Đ has no decomposition
    plain = "".join(c for c in decomposed if not "\u0300" <= c <= "\u036f").replace("đ", "d").replace("Đ", "D")
    return re.sub(r"[^a-z0-9]+", " ", plain.lower()).strip()


# Scripts written without spaces between words: Hangul (spaced, but a query is often part of a
# word), kana, Han. ocop-search.js has the same ranges.
UNSPACED = "\u1100-\u11ff\u3005-\u3007\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
RUNS = re.compile(f"[{UNSPACED}]+|[^{UNSPACED}]+")
UNSPACED_START = re.compile(f"[{UNSPACED}]")


def search_fold(text: str) -> str:
    """Text as search compares it, in any script: full-width letters half-width (NFKC),
    lowercase, Latin accents dropped and đ read as d, anything but letters, digits and marks
    a space. The same steps as `fold` in ocop-search.js."""
    text = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).lower())
    text = unicodedata.normalize("NFC", text.translate(_NO_ACCENTS).replace("đ", "d"))
    return " ".join(text.translate(_LETTERS_KEPT).split())


_NO_ACCENTS = dict.fromkeys(range(0x300, 0x370))  # the combining accents, dropped


class _LettersKept(dict):
    """For str.translate: letters, digits and marks kept, any other character a space; each
    character's category looked up once (search terms are made from every story)."""

    def __missing__(self, code: int) -> str:
        self[code] = kept = chr(code) if unicodedata.category(chr(code))[0] in "LNM" else " "
        return kept


_LETTERS_KEPT = _LettersKept()


def search_terms(text: str) -> list[str]:
    """The terms search matches: words, and each run of Han, kana or Hangul as its overlapping
    pairs of characters and its last character alone ("玉灵参" -> 玉灵 灵参 参), so that a
    query of any part of a name, even one character, is the start of one of its terms."""
    terms = []
    for word in search_fold(text).split():
        for run in RUNS.findall(word):
            if UNSPACED_START.match(run):
                terms += [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]
            else:
                terms.append(run)
    return terms


VIETNAMESE_ORDER = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook, dot below


@functools.lru_cache(maxsize=1 << 16)  # each name is sorted in a few dozen lists of a language
def sort_key(text: str) -> tuple:
    """Vietnamese alphabetical order: a ă â b c d đ e ê …, tones only to break ties."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    tones = tuple(c for c in decomposed if c in TONE_MARKS)
    letters = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    return tuple(VIETNAMESE_ORDER.index(c) if c in VIETNAMESE_ORDER else 100 + ord(c) for c in letters), tones
