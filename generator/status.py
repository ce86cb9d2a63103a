"""A certificate's status on a given day: the one rule the whole site (and its script) follows."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from .model import Certification

VALID, EXPIRING, EXPIRED, REVOKED = "valid", "expiring", "expired", "revoked"
STATUSES = (VALID, EXPIRING, EXPIRED, REVOKED)  # the one list: pages and statistics in this order; labels strings status.<code>


@dataclass(frozen=True)
class Status:
    code: str  # one of STATUSES
    valid_until: datetime.date
    as_of: datetime.date

    @property
    def days_left(self) -> int:
        return (self.valid_until - self.as_of).days

    @property
    def usable(self) -> bool:
        """May the product carry the OCOP label today?"""
        return self.code in (VALID, EXPIRING)


def valid_until(cert: Certification, validity_months: int) -> datetime.date:
    return cert.valid_until or add_months(cert.date, validity_months)


def certificate_status(cert: Certification, as_of: datetime.date, validity_months: int, expiring_soon_days: int) -> Status:
    until = valid_until(cert, validity_months)
    if cert.revoked and cert.revoked.date <= as_of:
        code = REVOKED
    elif as_of > until:  # valid through its last day
        code = EXPIRED
    elif (until - as_of).days <= expiring_soon_days:
        code = EXPIRING
    else:
        code = VALID
    return Status(code, until, as_of)


def add_months(day: datetime.date, months: int) -> datetime.date:
    # 36 months after 29 Feb is 28 Feb: clamp to the last day of the month.
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
