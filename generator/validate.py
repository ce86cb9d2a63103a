"""Stage 2, validate: every file against the schema, then the records against each other and
the files they name. Every problem is gathered before anything is built, so an editor sees
them all at once, each with its file and line.
"""

from __future__ import annotations

import difflib
import functools
import re
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import checked, collector, images, published
from .cache import sha256
from .load import Document, Location, dotted, read_yaml
from .model import Area, DraftProduct, Fair, Group, Localised, LocalText, Product, Shop, SiteConfig, gtin14
from .status import certificate_status
from .problems import ContentError, Problem

PRODUCTS_DIR = "content/products"
FAIRS_DIR = "content/fairs"
SHOPS_DIR = "content/shops"
IMAGES_DIR = "content/images"
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{1,62}[a-z0-9]")


@dataclass(frozen=True)
class Record:
    id: str
    path: str  # relative to the catalogue folder
    product: Product
    digest: str  # of the product's repr, made when the file was checked (incremental.catalogue_inputs)


@dataclass(frozen=True)
class Draft:
    """A record that says `draft: true`: checked for what it has, never published."""

    id: str
    path: str
    # A DraftProduct: Product's fields, each optional but the name. Typed Any: the model is made
    # at run time (model._draft_model), so mypy cannot know its fields.
    product: Any
    missing: list[str]  # the required fields it still lacks, dotted ("certification.date")


@dataclass(frozen=True)
class Catalogue:
    root: Path
    config: SiteConfig
    groups: dict[str, Group]
    areas: dict[str, Area]
    records: list[Record]  # sorted by id
    fairs: dict[str, Fair]  # by slug
    drafts: list[Draft] = field(default_factory=list)  # sorted by id; never published
    shops: dict[str, Shop] = field(default_factory=dict)  # by slug

    def subgroup(self, category: str) -> tuple[str, Group, LocalText]:
        group_id, sub_id = category.split(".", 1)
        group = self.groups[group_id]
        return group_id, group, group.subgroups[sub_id]


@collector.paused()  # every record, kept for the whole build: no garbage to look for
def load_catalogue(root: Path) -> tuple[Catalogue, list[Problem]]:
    """Load and check everything. Raises ContentError listing every problem; returns the
    catalogue with the warnings (which do not stop a build)."""
    problems: list[Problem] = []
    config = _validated(root, "site_config.yml", SiteConfig, problems)
    # None when the file itself is wrong: then records are not checked against it.
    # Records and fairs are written in the site's languages only; the lists of groups and
    # areas are shared reference data (ocop init's carry English), shown in the site's languages.
    langs = config.languages if config else None
    groups = _validated(root, "content/categories.yml", dict[str, Group], problems)
    areas = _validated(root, "content/areas.yml", dict[str, Area], problems)
    records, drafts, gtin_lines, raw_gtins = [], [], {}, set()
    product_dir = root / PRODUCTS_DIR
    paths = sorted(product_dir.glob("*")) if product_dir.is_dir() else []
    context = checked.context(root, ["site_config.yml", "content/categories.yml", "content/areas.yml"])
    known, cache_problems = checked.read(root, context)
    problems += cache_problems
    files = {}
    for path in paths:
        relpath = f"{PRODUCTS_DIR}/{path.name}"
        if path.suffix != ".yml":
            if path.is_file() and not path.name.startswith("."):
                problems.append(Problem(relpath, 0, "", "only .yml records belong in content/products/"))
            continue
        state = checked.file_state(path)
        kept = known.files.get(relpath)
        check = kept[1] if kept and checked.still(kept, state) else _check_product(root, path, relpath, groups, areas, langs)
        files[relpath] = (state, check)
        problems += check.problems
        if check.raw_gtin and not check.draft:
            raw_gtins.add(str(check.raw_gtin).zfill(14))
        if check.product is None or any(not p.warning for p in check.problems):
            continue  # only sound records go on
        if check.draft:
            drafts.append(Draft(path.stem, relpath, check.product, check.missing))
        else:
            records.append(Record(path.stem, relpath, check.product, check.digest))
            gtin_lines[path.stem] = check.gtin_line
    checked.write(root, context, files, known)
    if not product_dir.is_dir():  # a new catalogue has an empty folder (ocop init makes it)
        problems.append(Problem(PRODUCTS_DIR, 0, "", "folder is missing: records go in it, one file per product"))
    _check_unique_gtins(records, gtin_lines, problems)
    draft_ids = {d.id for d in drafts}
    published_files = [path.stem for path in paths if path.stem not in draft_ids]
    published.check(root, config, records, published_files, raw_gtins, problems, draft_ids)
    products = _Products({r.id: r for r in records}, set(published_files), draft_ids)
    fairs = _load_fairs(root, products, config, problems)
    shops = _load_shops(root, products, areas, config.languages if config else None, problems)
    errors = [p for p in problems if not p.warning]
    if errors or config is None or groups is None or areas is None:
        raise ContentError(problems)
    return Catalogue(root, config, groups, areas, records, fairs, drafts, shops), [p for p in problems if p.warning]


def _check_product(root: Path, path: Path, relpath: str, groups, areas, langs: list[str] | None) -> checked.Checked:
    """One product file read and checked alone."""
    problems: list[Problem] = []
    valid_id = ID_PATTERN.fullmatch(path.stem)
    if not valid_id:
        problems.append(Problem(relpath, 0, "", "the file name is the product id: use 3-64 characters a-z, 0-9 and '-', starting and ending with a letter or digit", repr(path.stem)))
    doc = read_yaml(root, relpath, problems)
    if doc is None:
        return checked.Checked(problems, None, False, [], None, 0, {}, "")
    data = doc.data if isinstance(doc.data, dict) else {}
    photos = data.get("images")
    named = [root / IMAGES_DIR / photo["src"] for photo in (photos if isinstance(photos, list) else []) if isinstance(photo, dict) and isinstance(photo.get("src"), str)]
    states = {photo: checked.file_state(photo) for photo in named}  # before reading them: a change meanwhile is seen next time
    is_draft = data.get("draft") is True
    product = _schema(doc, DraftProduct if is_draft else Product, problems, langs)
    _check_references(root, doc, groups, areas, problems)
    if product:
        _check_dates(doc, product, problems)
    return checked.Checked(problems, product, is_draft, _missing(doc) if is_draft and product else [], data.get("gtin"), doc.line_of(("gtin",)), states,
                           sha256(repr(product).encode()))


def _missing(doc: Document) -> list[str]:
    """What a draft still lacks to be a record: the schema's missing fields, and suggestions
    not yet confirmed."""
    assert isinstance(doc.data, dict)  # a draft is a mapping that says draft: true
    try:
        _adapter(Product).validate_python(dict(doc.data, draft=False))
        errors = []
    except ValidationError as e:
        errors = e.errors()
    missing = [dotted(tuple(error["loc"])) for error in errors if error["type"] == "missing"]
    return missing + [f"{name} (suggested: confirm it)" for name in doc.data.get("suggested") or [] if isinstance(name, str)]


def record_problems(relpath: str, data: dict) -> list[Problem]:
    """What is wrong with a record given as data (a draft when it says so), as for a file."""
    problems: list[Problem] = []
    _schema(Document(relpath, data), DraftProduct if data.get("draft") is True else Product, problems)
    return problems


def _validated(root: Path, relpath: str, schema, problems: list[Problem], langs: list[str] | None = None):
    if not (root / relpath).is_file():
        problems.append(Problem(relpath, 0, "", "file is missing"))
        return None
    doc = read_yaml(root, relpath, problems)
    if doc is None:
        return None
    value = _schema(doc, schema, problems, langs)
    if isinstance(value, SiteConfig):  # its own texts, in its own languages
        _check_languages(doc, value, value.languages, problems)
    if isinstance(value, dict):  # categories and areas: their keys are ids
        for key in value:
            if not ID_PATTERN.fullmatch(key):
                problems.append(Problem(relpath, doc.line_of((key,)), key, "an id uses 3-64 characters a-z, 0-9 and '-'"))
        for group_id, group in value.items():
            for sub in getattr(group, "subgroups", {}):
                if not ID_PATTERN.fullmatch(sub):
                    problems.append(Problem(relpath, doc.line_of((group_id, "subgroups", sub)), f"{group_id}.subgroups.{sub}", "an id uses 3-64 characters a-z, 0-9 and '-'"))
    return value


@functools.cache
def _adapter(schema) -> TypeAdapter:
    return TypeAdapter(schema)  # building one costs more than validating a record with it


def _schema(doc: Document, schema, problems: list[Problem], langs: list[str] | None = None):
    """The document as `schema`, or None; with the site's languages known, a text in another
    language is a problem too."""
    try:
        value = _adapter(schema).validate_python(doc.data)
    except ValidationError as e:
        for error in e.errors():
            problems.append(_schema_problem(doc, schema, error))
        return None
    if langs:
        _check_languages(doc, value, langs, problems)
    return value


def _check_languages(doc: Document, value: object, langs: list[str], problems: list[Problem], loc: Location = ()) -> None:
    """A text in a language the site does not have is never shown: a warning (a site may stop
    showing a language without deleting every text in it)."""
    if isinstance(value, Localised):
        for code in value.langs():
            if code not in langs:
                problems.append(Problem(doc.path, doc.line_of((*loc, code)), dotted((*loc, code)),
                                        f"is not one of the site's languages ({', '.join(langs)}), so it is never shown: add it to languages in site_config.yml, or remove this text", code, warning=True))
    elif isinstance(value, BaseModel):
        for name in value.model_fields_set:  # not the defaults: those are no editor's text
            _check_languages(doc, getattr(value, name), langs, problems, (*loc, name))
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_languages(doc, item, langs, problems, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check_languages(doc, item, langs, problems, (*loc, i))


def _schema_problem(doc: Document, schema, error) -> Problem:
    loc: Location = tuple(error["loc"])
    kind = error["type"]
    typed = doc.typed.get(loc)
    value = error.get("input")
    found = typed
    if kind == "missing":
        message, found = "required field is missing", None
    elif kind == "extra_forbidden":
        allowed = _model_at(schema, loc[:-1])
        names = ", ".join(allowed.model_fields) if allowed else ""
        message, found = f"unknown field (a typo?); expected one of: {names}", None
    elif kind == "string_type" and value is None:
        message, found = "is empty: write a value after the colon", None
    elif kind == "string_type":
        message = "expected text"
        if typed is not None:  # a scalar that YAML 1.1 read as something else
            message += f", but YAML read it as {_yaml_kind(value)}: put it in quotes"
        else:
            found = _yaml_kind(value)
    elif kind == "literal_error" and isinstance(value, str) and value.strip().isdigit():
        message = f"must be {error['ctx']['expected']}, written as a number without quotes"
    elif kind == "literal_error":
        message = f"must be {error['ctx']['expected']}"
    elif kind == "value_error":
        message = str(error["ctx"]["error"])
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        target = _model_at(schema, loc)
        if isinstance(target, type) and issubclass(target, Localised):
            message = "expected a text per language: 'vi: …' and 'en: …' on their own lines"
        else:
            message = "expected a group of fields ('key: value' lines, indented below)"
        found = typed if typed is not None else _yaml_kind(value)
    elif kind == "list_type":
        message, found = "expected a list (lines starting with '- ')", typed if typed is not None else _yaml_kind(value)
    elif kind == "int_type":
        message = "expected a whole number"
    elif kind == "float_type":
        message = "expected a number like 15.8794, without quotes"
    elif kind == "bool_type":
        message = "expected true or false"
    elif kind == "string_too_short":
        message = "must not be empty"
    else:
        message = error["msg"][0].lower() + error["msg"][1:]
    if found is None and kind not in ("missing", "extra_forbidden") and value is not None and not isinstance(value, (dict, list)):
        found = str(value)
    return Problem(doc.path, doc.line_of(loc), dotted(loc), message, found)


def _yaml_kind(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"  # date, datetime


def _model_at(schema, loc: Location) -> type[BaseModel] | None:
    """The model that describes the value at `loc`, for messages that list its fields."""
    t = schema
    for part in loc:
        t = _unwrap(t)
        if isinstance(part, int) or get_origin(t) is dict:
            args = get_args(t)
            t = args[-1] if args else None
        elif isinstance(t, type) and issubclass(t, BaseModel) and part in t.model_fields:
            t = t.model_fields[part].annotation
        else:
            return None
    t = _unwrap(t)
    return t if isinstance(t, type) and issubclass(t, BaseModel) else None


def _unwrap(t):
    while True:
        origin = get_origin(t)
        if origin is Annotated:
            t = get_args(t)[0]
        elif origin in (Union, types.UnionType):
            t = next(a for a in get_args(t) if a is not type(None))
        else:
            return t


def _check_references(root: Path, doc: Document, groups, areas, problems: list[Problem]) -> None:
    """Ids and files a record names. Works on the raw data, so that these are reported
    even when the record also has schema problems."""
    data = doc.data if isinstance(doc.data, dict) else {}

    def problem(loc: Location, message: str, found: str) -> None:
        problems.append(Problem(doc.path, doc.line_of(loc), dotted(loc), message, found))

    suggested = data.get("suggested")
    if suggested and isinstance(suggested, list) and data.get("draft") is not True:
        names = [str(name) for name in suggested]
        problem(("suggested",), "a published record has no suggested values: check " + " and ".join(names) + ", then remove this line (or add 'draft: true')", ", ".join(names))
    category = data.get("category")
    if isinstance(category, str) and groups is not None:
        known = [f"{g}.{s}" for g, group in groups.items() for s in group.subgroups]
        if category not in known:
            problem(("category",), "unknown category; expected a subgroup id from content/categories.yml" + _suggest(category, known), category)
    area = data.get("area")
    if isinstance(area, str) and areas is not None and area not in areas:
        problem(("area",), "unknown area; expected an id from content/areas.yml" + _suggest(area, list(areas)), area)
    images_dir = (root / IMAGES_DIR).resolve()
    photos = data.get("images")
    for i, image in enumerate(photos if isinstance(photos, list) else []):
        src = image.get("src") if isinstance(image, dict) else None
        if not isinstance(src, str) or not src:
            continue
        try:
            path = (images_dir / src).resolve()
        except ValueError:  # a NUL character; the schema reports it
            continue
        if not path.is_relative_to(images_dir):
            problem(("images", i, "src"), "must be a path inside content/images/", src)
        elif not path.is_file():
            problem(("images", i, "src"), "no such file in content/images/", src)
        elif message := images.inspect(path, root / images.CACHE_DIR):
            problem(("images", i, "src"), message, src)


def _check_dates(doc: Document, product: Product, problems: list[Problem]) -> None:
    def problem(loc: Location, message: str, found: str) -> None:
        problems.append(Problem(doc.path, doc.line_of(loc), dotted(loc), message, found))

    cert = product.certification
    if cert is None or cert.date is None:
        return
    if cert.valid_until and cert.valid_until <= cert.date:
        problem(("certification", "valid_until"), f"must be after the date of recognition ({cert.date})", str(cert.valid_until))
    if cert.revoked and cert.revoked.date < cert.date:
        problem(("certification", "revoked", "date"), f"must not be before the date of recognition ({cert.date})", str(cert.revoked.date))
    if cert.potential_five_star and product.stars not in (4, None):
        problem(("certification", "potential_five_star"), "only a 4-star product can be a potential 5-star product", f"{product.stars} stars")


def _check_unique_gtins(records: list[Record], gtin_lines: dict[str, int], problems: list[Problem]) -> None:
    first: dict[str, Record] = {}
    for record in records:
        gtin = record.product.gtin
        if not gtin:
            continue
        key = gtin14(gtin)
        if key in first:
            problems.append(Problem(record.path, gtin_lines[record.id], "gtin", f"the same GTIN as {first[key].path}: two products cannot share one", gtin))
        else:
            first[key] = record


@dataclass(frozen=True)
class _Products:
    """The product ids fairs and shops may name."""

    records: dict[str, Record]  # published, sound records
    files: set[str]  # every record file that is not a draft, sound or not
    drafts: set[str]

    def listed(self, doc: Document, ids: list[tuple[Location, str]], leave_out: str, problems: list[Problem]) -> list[tuple[Location, Record]]:
        """The records a file lists (each id at its location), with a problem for each id
        listed twice or naming no published product."""
        found: list[tuple[Location, Record]] = []
        first_line: dict[str, int] = {}
        for loc, product_id in ids:
            line, field = doc.line_of(loc), dotted(loc)
            if product_id in first_line:
                problems.append(Problem(doc.path, line, field, f"listed twice (first on line {first_line[product_id]}): list each product once", product_id))
                continue
            first_line[product_id] = line
            record = self.records.get(product_id)
            if record is None and product_id in self.files:
                continue  # a record with problems of its own, reported there
            if product_id in self.drafts:
                problems.append(Problem(doc.path, line, field, f"is a draft, which is not published: complete it and remove 'draft: true', or leave it out of {leave_out}", product_id))
            elif record is None:
                problems.append(Problem(doc.path, line, field, "no such product in content/products/" + _suggest(product_id, list(self.records)), product_id))
            else:
                found.append((loc, record))
        return found


def _content_files(root: Path, folder: str, what: str, schema, problems: list[Problem], langs: list[str] | None):
    """(slug, document, value) of each file in a folder of content (fairs, shops) that YAML
    can read; the value is None when the schema refuses it (the problems are reported)."""
    for path in sorted((root / folder).glob("*.yml")) if (root / folder).is_dir() else []:
        relpath = f"{folder}/{path.name}"
        if not ID_PATTERN.fullmatch(path.stem):
            problems.append(Problem(relpath, 0, "", f"the file name is the {what}'s id: use 3-64 characters a-z, 0-9 and '-'", repr(path.stem)))
            continue
        doc = read_yaml(root, relpath, problems)
        if doc is not None:
            yield path.stem, doc, _schema(doc, schema, problems, langs)


def _load_fairs(root: Path, products: _Products, config: SiteConfig | None, problems: list[Problem]) -> dict[str, Fair]:
    """Fairs, and the products their booths show: each must exist and may carry the OCOP
    label on every day of the fair."""
    fairs = {}
    for slug, doc, fair in _content_files(root, FAIRS_DIR, "fair", Fair, problems, config.languages if config else None):
        if fair is None:
            continue
        relpath = doc.path
        before = len(problems)
        if fair.end < fair.start:
            problems.append(Problem(relpath, doc.line_of(("end",)), "end", f"must not be before the start ({fair.start})", str(fair.end)))
        if bool(fair.products) == bool(fair.booths):
            problems.append(Problem(relpath, 1, "", "list the products either under 'products' or under 'booths', not both and not neither"))
        lists: list[tuple[Location, list[str]]] = [(("booths", i, "products"), b.products) for i, b in enumerate(fair.booths)]
        lists = lists or [(("products",), fair.products)]
        ids = [((*where, j), product_id) for where, listed in lists for j, product_id in enumerate(listed)]
        for loc, record in products.listed(doc, ids, "the fair", problems):
            if config is None:
                continue
            rules = config.certification
            for day in (fair.start, fair.end):
                status = certificate_status(record.product.certification, day, rules.validity_months, rules.expiring_soon_days)
                if not status.usable:
                    revoked = record.product.certification.revoked
                    when = f"revoked on {revoked.date}" if status.code == "revoked" and revoked else f"valid only until {status.valid_until}"
                    problems.append(Problem(relpath, doc.line_of(loc), dotted(loc), f"its certificate is {when}: it may not be shown as OCOP at a fair on {day}", record.id))
                    break
        if all(p.warning for p in problems[before:]):
            fairs[slug] = fair
    return fairs


def _load_shops(root: Path, products: _Products, areas: dict[str, Area] | None, langs: list[str] | None, problems: list[Problem]) -> dict[str, Shop]:
    """Shops and showrooms: in a known area, selling published products. The area and the
    products are checked on the file's data, so that they are reported along with any
    problem of its fields."""
    shops = {}
    for slug, doc, shop in _content_files(root, SHOPS_DIR, "shop", Shop, problems, langs):
        before = len(problems)
        data = doc.data if isinstance(doc.data, dict) else {}
        area = data.get("area")
        if isinstance(area, str) and areas is not None and area not in areas:
            problems.append(Problem(doc.path, doc.line_of(("area",)), "area", "unknown area; expected an id from content/areas.yml" + _suggest(area, list(areas)), area))
        listed = data.get("products")
        listed = listed if isinstance(listed, list) else []
        products.listed(doc, [(("products", i), product_id) for i, product_id in enumerate(listed) if isinstance(product_id, str)], "the shop's products", problems)
        if shop is not None and len(problems) == before:
            shops[slug] = shop
    return shops


def _suggest(value: str, known: list[str]) -> str:
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""
