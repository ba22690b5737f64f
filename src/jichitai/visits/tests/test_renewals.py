"""マイナンバーカードの更新: expiry from the issue date and birth date, the forecast per
month, and the notices PDF for staff (audited)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from jichitai.audit.models import AuditRecord
from jichitai.registry.models import CardStatus, Resident
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality
from jichitai.visits.renewals import card_expiry, nth_birthday_after, renewal_forecast


@pytest.mark.parametrize(
    ("birth", "issued", "n", "expected"),
    [
        (dt.date(1990, 6, 15), dt.date(2016, 3, 1), 10, dt.date(2025, 6, 15)),
        (dt.date(1990, 6, 15), dt.date(2016, 6, 15), 5, dt.date(2021, 6, 15)),  # not on the day
        (dt.date(1990, 6, 15), dt.date(2016, 7, 1), 5, dt.date(2021, 6, 15)),
        (dt.date(2000, 2, 29), dt.date(2020, 3, 1), 1, dt.date(2021, 2, 28)),
    ],
)
def test_the_nth_birthday_after_issue(
    birth: dt.date, issued: dt.date, n: int, expected: dt.date
) -> None:
    assert nth_birthday_after(birth, issued, n) == expected


def test_a_child_s_card_lasts_five_birthdays_an_adult_s_ten() -> None:
    child = card_expiry(1, dt.date(2018, 5, 20), dt.date(2024, 1, 10))
    adult = card_expiry(2, dt.date(1990, 6, 15), dt.date(2024, 1, 10))
    assert (child.card_expires, child.certificate_expires) == (
        dt.date(2028, 5, 20),
        dt.date(2028, 5, 20),
    )
    assert (adult.card_expires, adult.certificate_expires) == (
        dt.date(2033, 6, 15),
        dt.date(2028, 6, 15),
    )


@pytest.fixture
def card_holders(midori: Municipality) -> dict[str, Resident]:
    family = yamada_family(midori)
    Resident.objects.filter(pk=family["花子"].pk).update(
        my_number_card_status=CardStatus.ISSUED, my_number_card_status_on=dt.date(2016, 3, 1)
    )
    return family


def test_the_forecast_counts_the_first_wave(card_holders: dict[str, Resident]) -> None:
    forecast = renewal_forecast(municipality_code="102121", first=dt.date(2025, 5, 1), months=3)
    assert [(f.month.month, f.cards, f.certificates) for f in forecast] == [
        (5, 0, 0),
        (6, 1, 0),  # the card of 2016 at her 10th birthday after issue; certificates were 2021
        (7, 0, 0),
    ]


def test_staff_download_the_month_s_notices_and_the_read_is_audited(
    card_holders: dict[str, Resident], clerk_client: Client
) -> None:
    page = clerk_client.get("/102121/visits/staff/renewals/")
    assert page.status_code == 200
    pdf = clerk_client.get("/102121/visits/staff/renewals/?month=2025-06")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert AuditRecord.objects.filter(action="visits.renewal_notices").count() == 1
    assert clerk_client.get("/102121/visits/staff/renewals/?month=garbage").status_code == 200
