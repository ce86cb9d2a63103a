"""The certificate status on the days around each boundary."""

import datetime

import pytest

from generator.model import Certification
from generator.status import add_months, certificate_status

D = datetime.date


def cert(**kw):
    return Certification.model_validate({"decision": "1/QĐ-UBND", "date": D(2023, 6, 15), **kw})


@pytest.mark.parametrize(
    "as_of, expected",
    [
        (D(2026, 3, 17), "expiring"),  # exactly 90 days before the end
        (D(2026, 3, 16), "valid"),  # 91 days before
        (D(2026, 6, 15), "expiring"),  # the last valid day
        (D(2026, 6, 16), "expired"),  # the day after
    ],
)
def test_status_boundaries(as_of, expected):
    status = certificate_status(cert(), as_of, 36, 90)
    assert status.valid_until == D(2026, 6, 15)
    assert status.code == expected


def test_revocation_takes_effect_on_its_date():
    c = cert(revoked={"date": D(2024, 1, 10), "decision": "2/QĐ-UBND", "reason": {"vi": "Vi phạm"}})
    assert certificate_status(c, D(2024, 1, 9), 36, 90).code == "valid"
    assert certificate_status(c, D(2024, 1, 10), 36, 90).code == "revoked"


def test_an_explicit_valid_until_wins():
    assert certificate_status(cert(valid_until=D(2025, 1, 1)), D(2025, 1, 2), 36, 90).code == "expired"


def test_months_are_added_on_the_calendar():
    assert add_months(D(2024, 2, 29), 36) == D(2027, 2, 28)
    assert add_months(D(2023, 11, 30), 3) == D(2024, 2, 29)
    assert add_months(D(2022, 12, 9), 36) == D(2025, 12, 9)
