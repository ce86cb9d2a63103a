"""The record format as a typed schema (pydantic): one source for validation, and later for
the JSON Schema that editors' tools read. Messages here are the ones an editor sees, so
they say what was expected; the field, line and found value are added by validate.py.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Annotated, Literal, Optional, get_args
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationInfo, create_model, field_validator, model_validator

from . import languages, urls

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
CONTROL_BUT_NEWLINE_AND_TAB = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


# Longest one-line text and product name: what every page and print layout is tested with
# (the sample's longest line is 166 characters, its longest name 60).
MAX_LINE = 300
MAX_NAME = 120


def _line(value: str) -> str:
    # Text shown in titles, feeds and attributes: one line, no control characters.
    if not value.strip():
        raise ValueError("must not be empty")
    if CONTROL.search(value):
        raise ValueError("must be one line of text, without control characters")
    if len(value) > MAX_LINE:
        raise ValueError(f"is {len(value):,} characters long; at most {MAX_LINE}: shorten it")
    return value


def _name(value: str) -> str:
    if len(value) > MAX_NAME:
        raise ValueError(f"is {len(value):,} characters long; a name may have at most {MAX_NAME}: shorten it")
    return value


MAX_STORY = 6_000  # characters: stories are a few paragraphs (the sample's longest is 1,330)
# Markdown recurses into nested lists and quotes, and slows down on some long inputs: bound both.
DEEP_NESTING = re.compile(r"^(?:[ \t]*(?:[-*+>]|\d{1,9}[.)])[ \t]+){7,}|^[ \t]{25,}\S", re.MULTILINE)


def _block(value: str) -> str:
    # Stories: several lines allowed, control characters not.
    if not value.strip():
        raise ValueError("must not be empty")
    if CONTROL_BUT_NEWLINE_AND_TAB.search(value):
        raise ValueError("must not contain control characters")
    if len(value) > MAX_STORY:
        raise ValueError(f"is {len(value):,} characters long; at most {MAX_STORY:,}: shorten it")
    if match := DEEP_NESTING.search(value):
        line = value.count("\n", 0, match.start()) + 1
        raise ValueError(f"line {line} of the text nests lists or quotes more than 6 levels deep, or is indented more than 24 spaces")
    return value


Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(_line)]
Name = Annotated[Text, AfterValidator(_name)]
BlockText = Annotated[str, StringConstraints(min_length=1), AfterValidator(_block)]


def _date(value: object) -> object:
    # YAML turns an unquoted 2024-05-01 into a date; a quoted one stays text. Accept both.
    if isinstance(value, datetime.datetime):
        raise ValueError("expected a date like 2024-06-18, without a time")
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise ValueError("expected a date like 2024-06-18") from None
    if not isinstance(value, datetime.date):
        raise ValueError("expected a date like 2024-06-18")
    return value


Date = Annotated[datetime.date, BeforeValidator(_date)]


def _https(value: str) -> str:
    if not urls.plain(value, ("https",)):
        raise ValueError("expected a full https:// address" + (", without a port" if ":" in urlsplit(value).netloc else ""))
    return value


HttpsUrl = Annotated[str, AfterValidator(_https)]


def _on_host(host: str):
    def check(value: str) -> str:
        found = (urlsplit(value).hostname or "").lower()
        if found != host and not found.endswith("." + host):
            raise ValueError(f"must be a link on {host}")
        return value

    return AfterValidator(check)


def _gtin(value: str) -> str:
    if not value.isascii() or not value.isdigit() or len(value) not in (8, 12, 13, 14):
        raise ValueError("a GTIN is 8, 12, 13 or 14 digits, written in quotes")
    if gtin_check_digit(value[:-1]) != int(value[-1]):
        raise ValueError(f"wrong check digit: the last digit should be {gtin_check_digit(value[:-1])}")
    return value


def gtin14(gtin: str) -> str:
    """GTIN-8, -12 and -13 are GTIN-14 with leading zeros (GS1 Digital Link uses 14)."""
    return gtin.zfill(14)


def gtin_check_digit(digits: str) -> int:
    # GS1: weights 3, 1, 3, … from the right, not counting the check digit itself.
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return (10 - total % 10) % 10


def _email(value: str) -> str:
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise ValueError("expected an e-mail address like name@example.vn")
    return value


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# Any language that has a file in generator/languages/ (validate.py then checks that a
# record's languages are the site's).
if TYPE_CHECKING:
    LanguageCode = str  # to mypy; pydantic checks it against the files, which mypy cannot read
else:
    LanguageCode = Literal[tuple(languages.available())]


class Localised(Strict):
    """A text per language: Vietnamese, the records' language, always; any other language
    by its code (en: …, ko: …). A language the text lacks reads as None (text.en)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"propertyNames": {"enum": [*languages.available()]}})

    @model_validator(mode="before")
    @classmethod
    def _known_languages(cls, data: object) -> object:
        if isinstance(data, dict):
            unknown = [key for key in data if key not in languages.available()]
            if unknown:
                raise ValueError(f"{unknown[0]!r} is not a language: write the text under one of {', '.join(languages.available())}")
        return data

    def __getattr__(self, name: str):
        try:
            return super().__getattr__(name)  # type: ignore[misc]  # pydantic defines it outside TYPE_CHECKING
        except AttributeError:
            if name in languages.available():
                return None
            raise

    def get(self, lang: str) -> str | None:
        if lang == languages.RECORDS:
            return getattr(self, lang)
        return (self.__pydantic_extra__ or {}).get(lang)  # not getattr: pydantic raises, then __getattr__ catches, for every text a language lacks

    def langs(self) -> list[str]:
        """The languages this text is written in."""
        return ["vi", *(code for code, text in (self.__pydantic_extra__ or {}).items() if text is not None)]


class LocalText(Localised):
    __pydantic_extra__: dict[str, Text | None]  # an empty translation (en:) is no translation
    vi: Text


class LocalName(LocalText):
    __pydantic_extra__: dict[str, Name | None]
    vi: Name


class LocalStory(Localised):
    __pydantic_extra__: dict[str, BlockText | None]
    vi: BlockText


class Revocation(Strict):
    date: Date
    decision: Text
    reason: LocalText


class Certification(Strict):
    decision: Text
    date: Date
    valid_until: Date | None = None
    potential_five_star: bool = False
    revoked: Revocation | None = None


class Producer(Strict):
    name: Text
    kind: Literal["cooperative", "enterprise", "household", "other"]
    registration: Text | None = None
    address: Text
    phone: Text | None = None
    email: Annotated[str, AfterValidator(_email)] | None = None
    website: HttpsUrl | None = None


class Detail(Strict):
    label: LocalText
    value: LocalText


class Image(Strict):
    src: Text
    alt: LocalText


class Listings(Strict):
    """Where to buy: one product URL per marketplace, on that marketplace's own host."""

    shopee: Annotated[HttpsUrl, _on_host("shopee.vn")] | None = None
    tiki: Annotated[HttpsUrl, _on_host("tiki.vn")] | None = None
    postmart: Annotated[HttpsUrl, _on_host("postmart.vn")] | None = None
    lazada: Annotated[HttpsUrl, _on_host("lazada.vn")] | None = None
    sendo: Annotated[HttpsUrl, _on_host("sendo.vn")] | None = None
    voso: Annotated[HttpsUrl, _on_host("voso.vn")] | None = None
    website: HttpsUrl | None = None


# The one list of marketplaces, in the order pages, the CSV, print and the browse facet show
# them: a new field above is a new marketplace everywhere (its label: strings marketplace.<name>).
MARKETPLACES = tuple(Listings.model_fields)


Standard = Literal["vietgap", "globalgap", "organic", "haccp", "iso-22000", "gmp", "iso-9001"]
STANDARDS: tuple[str, ...] = get_args(Standard)
# Safety warnings, worded by the interface in every language (strings: warning.<code>), so that
# a reader never gets one in a language they may not read.
SafetyWarning = Literal["alcohol", "honey-infants", "essential-oil"]


class Product(Strict):
    name: LocalName
    category: Text
    stars: Literal[3, 4, 5]
    certification: Certification
    producer: Producer
    area: Text
    standards: list[Standard] = Field(default_factory=list)
    gtin: Annotated[str, AfterValidator(_gtin)] | None = None
    traceability: HttpsUrl | None = None
    details: list[Detail] = Field(default_factory=list)
    warnings: list[SafetyWarning] = Field(default_factory=list)
    story: LocalStory | None = None
    images: list[Image] = Field(default_factory=list)
    listings: Listings = Field(default_factory=Listings)
    # A draft is a record still being completed: checked for what it has, never published.
    draft: bool = False
    # Values a tool guessed (ocop import suggests the group from the name): an editor
    # confirms them by removing them from this list, and a published record has none.
    suggested: list[Literal["category", "area"]] = Field(default_factory=list)


def _draft_model(model: type[BaseModel], replace: dict[object, type], keep: frozenset[str] = frozenset()) -> type[BaseModel]:
    """The same model with its required fields optional (but `keep`), nested models replaced by
    their draft models: a draft's fields are checked exactly as a record's, when present."""
    fields: dict = {}
    for name, info in model.model_fields.items():
        annotation = replace.get(info.annotation, info.annotation)
        full = Annotated[(annotation, *info.metadata)] if info.metadata else annotation
        if info.is_required() and name not in keep:
            fields[name] = (Optional[full], None)
        elif info.default_factory is not None:
            fields[name] = (full, Field(default_factory=info.default_factory))
        else:
            fields[name] = (full, info.default)
    return create_model(f"Draft{model.__name__}", __base__=Strict, __doc__=model.__doc__, **fields)


DraftCertification = _draft_model(Certification, {})
DraftProducer = _draft_model(Producer, {})
DraftProduct = _draft_model(Product, {Certification: DraftCertification, Producer: DraftProducer}, keep=frozenset({"name"}))


class Booth(Strict):
    name: LocalText
    products: list[Text]


class Fair(Strict):
    """A fair (content/fairs/<slug>.yml): the products its booths show, for print materials."""

    name: LocalText
    place: LocalText
    start: Date
    end: Date
    products: list[Text] = Field(default_factory=list)  # a fair without booths
    booths: list[Booth] = Field(default_factory=list)

    def booth_list(self) -> list[tuple[LocalText | None, list[str]]]:
        return [(b.name, b.products) for b in self.booths] if self.booths else [(None, self.products)]


def _degrees(low: float, high: float, axis: str):
    # Every OCOP place is in Vietnam: a point outside it is a typo, or lat and lon swapped.
    def check(value: float) -> float:
        if not low <= value <= high:
            raise ValueError(f"must be a {axis} in Vietnam, between {low:g} and {high:g} (are lat and lon swapped?)")
        return value

    return AfterValidator(check)


def _some_products(value: list[str]) -> list[str]:
    if not value:
        raise ValueError("list the products sold or shown there, at least one")
    return value


class Coordinates(Strict):
    """A point in decimal degrees, as a map app shows it (WGS 84)."""

    lat: Annotated[float, _degrees(8.0, 23.5, "latitude")]
    lon: Annotated[float, _degrees(102.0, 117.5, "longitude")]


class Shop(Strict):
    """A place where products are sold or shown in person (content/shops/<slug>.yml)."""

    name: LocalName
    # showroom: an OCOP showroom or point of sale; producer: a producer's shop or workshop
    # open to visitors; market: a stall at a market.
    kind: Literal["showroom", "producer", "market", "other"]
    address: LocalText
    area: Text
    hours: LocalText  # as the office writes it, e.g. "7:30–21:00 hằng ngày"
    coordinates: Coordinates
    phone: Text | None = None
    website: HttpsUrl | None = None
    products: Annotated[list[Text], AfterValidator(_some_products)]


class Group(Strict):
    number: Text
    name: LocalText
    subgroups: dict[str, LocalText]


class Area(Strict):
    kind: Literal["city", "town", "district", "urban-district"]  # thành phố, thị xã, huyện, quận
    name: LocalText
    aliases: list[Text] = Field(default_factory=list)  # old names and spellings, for ocop import
    # The communes and wards in the area, before and after 1 July 2025: ocop import places an
    # address by its commune when it names no area.
    communes: list[Text] = Field(default_factory=list)


def _zalo(value: str) -> str:
    if not re.fullmatch(r"\+?[0-9][0-9 ]{7,16}", value):
        raise ValueError("expected the phone number of a Zalo account, digits and spaces, like 0905 123 456")
    return value


class Report(Strict):
    phone: Text | None = None
    email: Annotated[str, AfterValidator(_email)] | None = None
    zalo: Annotated[str, AfterValidator(_zalo)] | None = None  # shown beside phone and e-mail when given

    @model_validator(mode="after")
    def _reachable(self):
        if not self.phone and not self.email:
            raise ValueError("give a phone or an e-mail: every product page tells readers how to report a fake")
        return self


class Owner(Strict):
    name: LocalText
    report: Report


class CertificationRules(Strict):
    validity_months: Annotated[int, Field(ge=1, le=120)] = 36
    expiring_soon_days: Annotated[int, Field(ge=0, le=365)] = 90
    # Who recognises products: the province for 3 and 4 stars, the ministry for 5 stars.
    issuer: LocalText = LocalText(vi="Ủy ban nhân dân tỉnh Quảng Nam", en="Quang Nam Provincial People's Committee")
    national_issuer: LocalText = LocalText(vi="Bộ Nông nghiệp và Môi trường", en="Ministry of Agriculture and Environment")


class QrSettings(Strict):
    error_correction: Literal["L", "M", "Q", "H"] = "Q"
    gs1_digital_link: bool = True


# base_url is written into every page, feed and printed code: plain characters only.
BASE_URL = re.compile(r"https?://[^/]+(?:/[A-Za-z0-9._~%-]+)*/?")


def _base_url(value: str) -> str:
    if not urls.plain(value, ("https", "http"), any_port=True):
        raise ValueError("expected an absolute address like https://ocop.example.vn/")
    if not BASE_URL.fullmatch(value):
        raise ValueError("after the host, only letters, digits and - . _ ~ % / are allowed: no quotes, spaces, markup, query or fragment")
    return value if value.endswith("/") else value + "/"


def _languages(value: list[str]) -> list[str]:
    if len(set(value)) != len(value) or languages.RECORDS not in value:
        raise ValueError("list each language once; vi, the language of the records, is required")
    return value


def _print_languages(value: list[str]) -> list[str]:
    if len(set(value)) != len(value) or "vi" not in value:
        raise ValueError("list each language once, 1 to 3 of them; vi, the language of the records, is required")
    return value


class PrintSettings(Strict):
    # The fair's PDFs: the first language large, the others smaller below it.
    languages: Annotated[list[Text], Field(min_length=1, max_length=3), AfterValidator(_print_languages)] = ["vi", "en"]


class SiteConfig(Strict):
    title: LocalText
    description: LocalText | None = None
    base_url: Annotated[str, AfterValidator(_base_url)]
    languages: Annotated[list[LanguageCode], AfterValidator(_languages)] = ["vi", "en"]
    # Where a text missing in a language is looked up, per language (default: English when
    # the site has it, then Vietnamese, which every text has).
    fallback: dict[LanguageCode, list[LanguageCode]] = Field(default_factory=dict)
    # Offered to a reader whose browser speaks none of the site's languages (default: en).
    offer: LanguageCode | None = None
    sample_data: bool = False
    owner: Owner
    certification: CertificationRules = Field(default_factory=CertificationRules)
    qr: QrSettings = Field(default_factory=QrSettings)
    print: PrintSettings = Field(default_factory=PrintSettings)

    @field_validator("print")
    @classmethod
    def _printed_in_site_languages(cls, value: PrintSettings, info: ValidationInfo) -> PrintSettings:
        site = info.data.get("languages")
        if site is None:  # the languages were wrong: said once, by their own check
            return value
        unknown = [lang for lang in value.languages if lang not in site]
        if unknown:
            raise ValueError(f"languages: each must be one of the site's languages ({', '.join(site)}) (found {', '.join(unknown)})")
        return value

    @field_validator("fallback", "offer")
    @classmethod
    def _configured(cls, value, info: ValidationInfo):
        configured = info.data.get("languages")
        named = [value] if isinstance(value, str) else [code for key, chain in (value or {}).items() for code in (key, *chain)]
        for code in named:
            if configured and code not in configured:
                raise ValueError(f"{code!r} is not one of the site's languages: list it under languages ({', '.join(configured)})")
        return value

    def chain(self, lang: str) -> list[str]:
        """The languages a page in `lang` shows a text in, in order of preference."""
        return languages.chain(lang, self.languages, self.fallback.get(lang))

    def offered(self) -> str | None:
        """The language offered to a reader whose browser speaks none of the site's."""
        if self.offer:
            return self.offer
        return languages.OFFER if languages.OFFER in self.languages else None

    def prefix(self, lang: str) -> str:
        """Where a language lives under base_url: the first at the root, others under <lang>/."""
        return "" if lang == self.languages[0] else f"{lang}/"
