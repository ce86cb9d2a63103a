"""`ocop report`: what needs the office's attention, as a table and as CSV."""

from __future__ import annotations

import datetime

from . import safe_csv
from .status import certificate_status
from .validate import Catalogue

COLUMNS = ["issue", "id", "name", "stars", "valid_until", "days_left", "producer", "phone", "missing"]


def attention(catalogue: Catalogue, as_of: datetime.date, days: int) -> list[dict]:
    """One row per thing to do: drafts and what they lack, certificates expiring within `days`
    or already expired, revoked products, and records missing an English name or story,
    photos or listings."""
    rules = catalogue.config.certification
    rows = []
    for record in catalogue.records:
        p = record.product
        status = certificate_status(p.certification, as_of, rules.validity_months, days)
        base = {
            "id": record.id, "name": p.name.vi, "stars": p.stars, "valid_until": status.valid_until.isoformat(),
            "days_left": status.days_left, "producer": p.producer.name, "phone": p.producer.phone or "", "missing": "",
        }
        issues = {"expiring": "expires soon", "expired": "expired", "revoked": "revoked"}
        if status.code in issues:
            rows.append({"issue": issues[status.code], **base})
        if status.code == "revoked":
            continue  # nothing else to do for a revoked product
        if not p.name.en:
            rows.append({"issue": "no English name", **base})
        if not p.story or not p.story.en:
            rows.append({"issue": "no English story" if p.story else "no story", **base})
        if not p.images:
            rows.append({"issue": "no photo", **base})
        if not any(getattr(p.listings, m) for m in type(p.listings).model_fields):
            rows.append({"issue": "no listing", **base})
    for draft in catalogue.drafts:
        p = draft.product
        rows.append({
            "issue": "draft", "id": draft.id, "name": p.name.vi, "stars": p.stars or "", "valid_until": "", "days_left": "",
            "producer": p.producer.name or "" if p.producer else "", "phone": p.producer.phone or "" if p.producer else "",
            "missing": ", ".join(draft.missing),
        })
    order = ["draft", "expired", "expires soon", "revoked", "no story", "no English name", "no English story", "no photo", "no listing"]
    return sorted(rows, key=lambda r: (order.index(r["issue"]), r["days_left"] if r["days_left"] != "" else 0, r["id"]))


def table(rows: list[dict]) -> str:
    shown = [dict(r, days_left=str(r["days_left"]), stars=str(r["stars"])) for r in rows]
    widths = {c: max([len(c), *(len(str(r[c])) for r in shown)]) for c in COLUMNS}
    lines = ["  ".join(c.ljust(widths[c]) for c in COLUMNS)]
    lines += ["  ".join(str(r[c]).ljust(widths[c]) for c in COLUMNS) for r in shown]
    return "\n".join(line.rstrip() for line in lines)


def as_csv(rows: list[dict]) -> bytes:
    return safe_csv.table(COLUMNS, rows)
