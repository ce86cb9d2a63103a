"""`ocop init`: a new catalogue from a few answers: its settings, the OCOP groups, the areas,
and no products yet. The files it starts from are in generator/starter/.

Answers are checked by the same model that checks site_config.yml (model.py), so a catalogue
that init writes always passes `ocop check`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from string import Template

from pydantic import BaseModel, TypeAdapter, ValidationError

from .model import LocalText, Report, SiteConfig
from . import published
from .published import PUBLISHED
from .validate import PRODUCTS_DIR

STARTER = Path(__file__).parent / "starter"
DEFAULT_LANGUAGES = ["vi", "en"]

# What `ocop init` asks, in the editor's language: (answer key, question). The key with '_'
# as '-' is also the option that answers it (--title-vi, …).
QUESTIONS = {
    "vi": [
        ("title_vi", "Tên trang (tiếng Việt), vd: Sản phẩm OCOP Đà Nẵng"),
        ("title_en", "Tên trang (tiếng Anh, có thể bỏ trống)"),
        ("base_url", "Địa chỉ công bố trang, mã QR dẫn đến đây (vd: https://ocop.danang.gov.vn/)"),
        ("owner_vi", "Đơn vị công bố (tiếng Việt)"),
        ("owner_en", "Đơn vị công bố (tiếng Anh, có thể bỏ trống)"),
        ("phone", "Điện thoại nhận báo hàng giả (có thể bỏ trống nếu có e-mail)"),
        ("email", "E-mail nhận báo hàng giả (có thể bỏ trống nếu có điện thoại)"),
        ("languages", "Ngôn ngữ của trang, cách nhau bởi dấu phẩy (Enter: vi, en)"),
    ],
    "en": [
        ("title_vi", "Site title in Vietnamese, e.g. Sản phẩm OCOP Đà Nẵng"),
        ("title_en", "Site title in English (may be left empty)"),
        ("base_url", "The site's public address, where QR codes lead (e.g. https://ocop.danang.gov.vn/)"),
        ("owner_vi", "Publisher's name in Vietnamese"),
        ("owner_en", "Publisher's name in English (may be left empty)"),
        ("phone", "Phone for reports of fakes (may be left empty if there is an e-mail)"),
        ("email", "E-mail for reports of fakes (may be left empty if there is a phone)"),
        ("languages", "The site's languages, separated by commas (Enter: vi, en)"),
    ],
}
# May be left empty: then the English text falls back to Vietnamese, the languages are vi, en.
OPTIONAL = {"title_en", "owner_en", "phone", "email", "languages"}
# Where in the settings each answer goes: its model and field, whose checks it passes.
# (A text in any language is checked as the Vietnamese one is.)
FIELDS: dict[str, tuple[type[BaseModel], str]] = {
    "title_vi": (LocalText, "vi"), "title_en": (LocalText, "vi"), "owner_vi": (LocalText, "vi"), "owner_en": (LocalText, "vi"),
    "base_url": (SiteConfig, "base_url"), "languages": (SiteConfig, "languages"), "phone": (Report, "phone"), "email": (Report, "email"),
}


def holds_catalogue(folder: Path) -> bool:
    return (folder / "site_config.yml").exists() or (folder / "content").exists()


def check_answer(key: str, text: str, answers: dict):
    """The answer as the settings want it, or ValueError saying what is expected.
    `answers` are the ones given so far (a phone or an e-mail is needed, not both)."""
    text = text.strip()
    if not text and key == "email" and not answers.get("phone"):
        raise ValueError("give a phone or an e-mail: every product page tells readers how to report a fake")
    if not text and key == "languages":
        return DEFAULT_LANGUAGES
    if not text and key in OPTIONAL:
        return None
    value = [part for part in re.split(r"[,\s]+", text) if part] if key == "languages" else text
    model, name = FIELDS[key]
    return _field_value(model, name, value)


def _field_value(model: type[BaseModel], name: str, value):
    info = model.model_fields[name]
    try:
        return TypeAdapter(info.rebuild_annotation()).validate_python(value)
    except ValidationError as e:
        error = e.errors()[0]
        if error["type"] == "value_error":
            raise ValueError(str(error["ctx"]["error"])) from None
        if error["type"] == "literal_error":
            raise ValueError(f"expected {error['ctx']['expected']}") from None
        if error["type"] == "string_too_short":
            raise ValueError("required") from None
        raise ValueError(error["msg"]) from None


def config_text(answers: dict) -> str:
    """site_config.yml from the answers: the starter's commented template, filled in."""

    def quoted(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted one

    def other(key: str) -> str:  # an English text, for a site with English (else it is never shown)
        return f", en: {quoted(answers[key])}" if answers.get(key) and "en" in answers["languages"] else ""

    report = ", ".join(f"{key}: {quoted(answers[key])}" for key in ("phone", "email") if answers.get(key))
    template = Template((STARTER / "site_config.yml").read_text(encoding="utf-8"))
    return template.substitute(
        title_vi=quoted(answers["title_vi"]), title_en=other("title_en"), base_url=quoted(answers["base_url"]),
        languages=f"[{', '.join(answers['languages'])}]", owner_vi=quoted(answers["owner_vi"]), owner_en=other("owner_en"),
        report=report,
    )


def write_catalogue(folder: Path, answers: dict) -> list[str]:
    """Write the new catalogue into `folder`, which holds none; returns the files written."""
    files = {
        "content/categories.yml": (STARTER / "categories.yml").read_text(encoding="utf-8"),
        "content/areas.yml": (STARTER / "areas.yml").read_text(encoding="utf-8"),
        "content/category-keywords.yml": (STARTER / "category-keywords.yml").read_text(encoding="utf-8"),
        f"{PRODUCTS_DIR}/.gitkeep": "",  # git keeps no empty folder
        PUBLISHED: "\n".join(published.HEADER) + "\n",
        "site_config.yml": config_text(answers),  # last: it is what makes the folder a catalogue
    }
    if not (folder / ".gitignore").exists():  # what ocop makes is not committed (published.txt aside)
        files = {".gitignore": "/site/\n/print/\n/.cache/\n", **files}
    for relpath, text in files.items():
        path = folder / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)
