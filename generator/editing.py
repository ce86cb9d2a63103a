"""Editors' tools: a new record from a few answers, and the JSON Schema editors' tools read.

Both come from the same model the validator uses (model.py), so they cannot drift apart.
"""

from __future__ import annotations

import datetime
import json
import re

import yaml

from .model import Product
from .text import fold
from .validate import ID_PATTERN, Catalogue

SCHEMA_PATH = "schema/product.schema.json"
ID_LENGTH = 19  # keeps the QR code of <base_url>p/<id>/ small (see qr.MAX_VERSION)


def product_schema(catalogue: Catalogue) -> dict:
    """JSON Schema of a record, with this catalogue's categories and areas as choices."""
    schema = Product.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "OCOP product record (content/products/<id>.yml)"
    schema["properties"]["category"]["enum"] = [f"{g}.{s}" for g, group in catalogue.groups.items() for s in group.subgroups]
    schema["properties"]["area"]["enum"] = list(catalogue.areas)
    # A draft (draft: true) needs only its name; a record needs every required field.
    complete = {"required": schema.pop("required"), "properties": {}}
    for field, model in (("certification", "Certification"), ("producer", "Producer")):
        complete["properties"][field] = {"required": schema["$defs"][model].pop("required")}
    schema["if"] = {"properties": {"draft": {"const": True}}, "required": ["draft"]}
    schema["then"] = {"required": ["name"]}
    schema["else"] = complete
    return schema


def schema_text(catalogue: Catalogue) -> str:
    return json.dumps(product_schema(catalogue), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# What `ocop new` asks, in the editor's language: (answer key, question).
QUESTIONS = {
    "vi": [
        ("name_vi", "Tên sản phẩm (tiếng Việt)"),
        ("name_en", "Tên tiếng Anh (có thể bỏ trống)"),
        ("category", "Nhóm sản phẩm, mã trong content/categories.yml (vd: thuc-pham.gia-vi)"),
        ("area", "Địa phương, mã trong content/areas.yml (vd: thang-binh)"),
        ("stars", "Hạng sao (3, 4 hoặc 5)"),
        ("decision", "Số quyết định công nhận (vd: 3371/QĐ-UBND)"),
        ("date", "Ngày quyết định (YYYY-MM-DD)"),
        ("producer", "Tên chủ thể (như trong đăng ký kinh doanh)"),
        ("address", "Địa chỉ chủ thể"),
    ],
    "en": [
        ("name_vi", "Product name in Vietnamese"),
        ("name_en", "English name (may be left empty)"),
        ("category", "Product group, an id from content/categories.yml (e.g. thuc-pham.gia-vi)"),
        ("area", "Area, an id from content/areas.yml (e.g. thang-binh)"),
        ("stars", "Stars (3, 4 or 5)"),
        ("decision", "Recognition decision number (e.g. 3371/QĐ-UBND)"),
        ("date", "Date of the decision (YYYY-MM-DD)"),
        ("producer", "Producer's registered name"),
        ("address", "Producer's address"),
    ],
}


def check_answer(key: str, value: str, catalogue: Catalogue):
    """The answer as the record wants it, or ValueError saying what is expected."""
    value = value.strip()
    if key == "name_en":
        return value or None
    if not value:
        raise ValueError("required")
    if key == "category":
        known = [f"{g}.{s}" for g, group in catalogue.groups.items() for s in group.subgroups]
        if value not in known:
            raise ValueError("expected one of: " + ", ".join(known))
    if key == "area" and value not in catalogue.areas:
        raise ValueError("expected one of: " + ", ".join(catalogue.areas))
    if key == "stars":
        if value not in ("3", "4", "5"):
            raise ValueError("expected 3, 4 or 5")
        return int(value)
    if key == "date":
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise ValueError("expected a date like 2024-06-18") from None
    return value


def propose_id(name: str, taken: set[str]) -> str:
    """A short id from the Vietnamese name: 'Nước mắm Cửa Khe' -> 'nuoc-mam-cua-khe'."""
    words = fold(name).split() or ["san-pham"]
    proposal = words[0][:ID_LENGTH]
    for word in words[1:]:
        if len(proposal) + 1 + len(word) > ID_LENGTH:
            break
        proposal += "-" + word
    proposal = proposal if ID_PATTERN.fullmatch(proposal) else (proposal + "-sp")[:ID_LENGTH]
    candidate, n = proposal, 2
    while candidate in taken:
        candidate = f"{proposal[: ID_LENGTH - len(str(n)) - 1]}-{n}"
        n += 1
    return candidate


def producer_kind(name: str) -> str:
    """Guess the kind of producer from its registered name."""
    folded = fold(name)
    if folded.startswith(("htx", "hop tac xa", "to hop tac")):
        return "cooperative"
    if folded.startswith(("cong ty", "doanh nghiep", "dntn", "cty")):
        return "enterprise"
    if folded.startswith(("ho kinh doanh", "ho san xuat", "ho ", "co so", "hkd")):
        return "household"
    return "other"


def record_text(answers: dict) -> str:
    """A new record: the essentials filled in, every optional field as a comment to fill later."""
    essentials = {
        "name": {"vi": answers["name_vi"], **({"en": answers["name_en"]} if answers.get("name_en") else {})},
        "category": answers["category"],
        "stars": answers["stars"],
        "certification": {"decision": answers["decision"], "date": answers["date"]},
        "producer": {"name": answers["producer"], "kind": answers["producer_kind"], "address": answers["address"]},
        "area": answers["area"],
    }
    lines = yaml.safe_dump(essentials, allow_unicode=True, sort_keys=False, width=1000).splitlines()
    # the optional fields of a section go inside it, so that uncommenting one is all it takes
    out = []
    for line in lines:
        out.append(line)
        if line.startswith("  date:"):
            out += ["  # valid_until: 2028-01-01        # if not 36 months after the date",
                    "  # potential_five_star: true      # the province's \"tiềm năng 5 sao\""]
        elif line.startswith("  address:"):
            out += ["  # registration: \"4000000000\"     # in quotes", "  # phone: \"0235 3xxx xxx\"         # in quotes",
                    "  # email: lienhe@example.vn", "  # website: https://example.vn/"]
    header = f"# Created by `ocop new` on {datetime.date.today().isoformat()}. Uncomment and fill in the optional fields.\n"
    return header + "\n".join(out) + "\n" + OPTIONAL_FIELDS


OPTIONAL_FIELDS = """\
# standards: [vietgap, haccp]        # vietgap, globalgap, organic, haccp, iso-22000, gmp, iso-9001
# gtin: "8930000000000"              # in quotes; 8, 12, 13 or 14 digits
# traceability: https://…
# details:
#   - label: {vi: Thành phần, en: Ingredients}
#     value: {vi: …, en: …}
# story:
#   vi: |
#     …
#   en: |
#     …
# images:
#   - src: <id>/1.jpg                # under content/images/
#     alt: {vi: …, en: …}
# listings:
#   shopee: https://shopee.vn/…
#   tiki: https://tiki.vn/…
#   postmart: https://postmart.vn/…
"""


SUGGESTED_LINE = re.compile(r"^suggested:\s*\[[^\]]*\]\s*$")
# the comment `ocop import` puts after a suggested value, in either language
SUGGESTION_NOTE = re.compile(r"^((?:category|area):\s*\S+)\s+# (?:gợi ý theo tên|suggested by the name).*$")
DRAFT_NOTE = re.compile(r"^# (?:Bản nháp:|A draft,)")


def confirm_text(text: str, complete: bool) -> str:
    """A draft's text with its suggestions confirmed, and, when nothing else is missing, no
    longer a draft: the lines `ocop import` wrote for them removed, nothing else touched."""
    out = []
    for line in text.splitlines():
        if SUGGESTED_LINE.match(line) or (complete and (line.strip() == "draft: true" or DRAFT_NOTE.match(line))):
            continue
        out.append(SUGGESTION_NOTE.sub(r"\1", line))
    return "\n".join(out) + "\n"
