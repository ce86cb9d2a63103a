"""What a language is: its code, its own name, its interface strings, how it writes a date,
its og:locale and its HTML lang. Each language is one file, generator/languages/<code>.yml:
adding a language is adding its file and naming it in site_config.yml, nothing else.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from babel import Locale

LANGUAGES_DIR = Path(__file__).parent / "languages"
RECORDS = "vi"  # the language every record is written in: every text has it
OFFER = "en"  # offered to a reader whose languages the site lacks, unless the config says otherwise

# The texts with a count in them, which a language may write in its plural forms, keyed by
# CLDR's categories ({one: "{n} product", other: "{n} products"}): English says "1 product".
# A language whose words do not change with the number (Vietnamese, Korean) writes one text.
COUNTED = ("results", "products_count", "status_short.expiring", "status_explain.expiring")
PLURAL_FORMS = frozenset({"zero", "one", "two", "few", "many", "other"})


@dataclass(frozen=True)
class Language:
    code: str  # as in site_config.yml, the URL prefix and record text keys: "ko"
    name: str  # in the language itself: "한국어"
    html_lang: str  # BCP 47, for <html lang> and hreflang: "zh-Hans"
    og_locale: str  # Open Graph: "ko_KR"
    date: str  # a day as text: {d} {dd} {m} {mm} {y}, and {month} from months
    months: tuple[str, ...]
    strings: dict  # the interface words, as templates use them (t.<key>)

    def counted(self, text: str | dict[str, str], n: int) -> str:
        """The form of a COUNTED text for the number n: the one text, or the plural form this
        language's CLDR rule gives n (the browser's Intl.PluralRules picks the same, see
        ocop-status.js), or `other` when the language does not write that form."""
        return text if isinstance(text, str) else text.get(self.plural_form(n), text["other"])

    def plural_form(self, n: int) -> str:
        """CLDR's plural category of n in this language: "one", "other"... Babel's CLDR may be
        newer than a browser's: its Vietnamese has "one" for 0 and 1, browsers' has not, so
        Vietnamese writes one text (tests/test_languages.py compares the two rules)."""
        return _plural_rule(self.html_lang)(n)

    def format_date(self, day: datetime.date) -> str:
        month = self.months[day.month - 1] if self.months else ""
        return self.date.format(d=day.day, dd=f"{day.day:02d}", m=day.month, mm=f"{day.month:02d}", y=day.year, month=month)


@cache
def available() -> list[str]:
    """Every language that has a file, sorted (read once: texts ask for it at every lookup)."""
    return sorted(path.stem for path in LANGUAGES_DIR.glob("*.yml"))


@cache
def get(code: str) -> Language:
    data = yaml.safe_load((LANGUAGES_DIR / f"{code}.yml").read_text(encoding="utf-8"))
    meta = data["meta"]
    return Language(code, meta["name"], meta["html_lang"], meta["og_locale"], meta["date"], tuple(meta.get("months", ())), data["strings"])


@cache
def _plural_rule(html_lang: str):
    return Locale.parse(html_lang, sep="-").plural_form


def chain(code: str, configured: list[str], fallback: list[str] | None = None) -> list[str]:
    """The languages a text is looked up in for a page in `code`, in order: the language
    itself, then the configured fallbacks (default: English when the site has it), and
    always Vietnamese last, which every text has."""
    middle = fallback if fallback is not None else [OFFER] if OFFER in configured else []
    return list(dict.fromkeys([code, *middle, RECORDS]))
