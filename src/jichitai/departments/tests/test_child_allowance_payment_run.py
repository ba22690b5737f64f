"""支払月の支払 for every recipient (児童手当法 第8条第4項): the run pays each recipient the
months owed before the 支払月, counts those owed nothing, leaves a deceased recipient's months
to the children's claim (第12条), and pays no one twice when run again."""

from __future__ import annotations

import datetime as dt

import pytest

from jichitai.audit.models import AuditRecord
from jichitai.departments import errors
from jichitai.departments.models import ChildAllowancePayment, ChildAllowanceRecipient
from jichitai.departments.services import (
    ClaimedChild,
    PaymentRun,
    child_allowance_certify,
    child_allowance_end,
    child_allowance_payment_run,
    child_allowance_payments_export,
)
from jichitai.tenants.models import Municipality

D = dt.date
JUNE = D(2026, 6, 1)


def _certify(municipality: Municipality, code: str, claimed_on: dt.date, *children: str) -> None:
    """Two children of 3 or more and under 高校生年代: 10,000円 a month each."""
    child_allowance_certify(
        municipality=municipality,
        recipient_code=code,
        children=[ClaimedChild(child, D(2016, 5, 1)) for child in children],
        claimed_on=claimed_on,
        occurred_on=None,
        certified_on=claimed_on + dt.timedelta(days=5),
        income_fiscal_year=2025,
        total_income=4_000_000,
        income_exchange_id="",
        actor=None,
    )


def _run(municipality: Municipality, month: dt.date = JUNE) -> PaymentRun:
    return child_allowance_payment_run(
        municipality=municipality,
        payment_month=month,
        paid_on=month + dt.timedelta(days=9),
        actor=None,
    )


def test_a_run_pays_who_is_owed_and_a_second_run_pays_no_one_twice(
    midori: Municipality, minakami: Municipality
) -> None:
    # Paid from May (claimed in April): June pays May. Claimed in June: paid from July.
    _certify(midori, "CP-owed", D(2026, 4, 20), "CP-a1", "CP-a2")
    _certify(midori, "CP-new", D(2026, 6, 3), "CP-b1")
    # Died in May: the month is the children's to claim (第12条), not the run's to pay.
    _certify(midori, "CP-died", D(2026, 3, 10), "CP-c1")
    child_allowance_end(
        municipality=midori,
        recipient_code="CP-died",
        ended_on=D(2026, 5, 20),
        reason=ChildAllowanceRecipient.EndReason.DEATH,
        actor=None,
    )
    # Another municipality's recipient is not this run's.
    _certify(minakami, "CP-other", D(2026, 4, 20), "CP-d1")
    progress: list[tuple[int, int]] = []

    run = child_allowance_payment_run(
        municipality=midori,
        payment_month=D(2026, 6, 15),
        paid_on=D(2026, 6, 10),
        actor=None,
        progress=lambda done, total: progress.append((done, total)),
    )

    assert [(p.recipient.code, p.first_month, p.last_month, p.amount) for p in run.paid] == [
        ("CP-owed", D(2026, 5, 1), D(2026, 5, 1), 20_000)
    ]
    assert (run.already_paid, run.nothing_owed, run.refused) == (0, 1, ())
    assert run.total == 20_000
    assert progress == [(1, 2), (2, 2)]
    assert AuditRecord.objects.filter(action="child_allowance.payment_record").count() == 1
    audit = AuditRecord.objects.get(action="child_allowance.payment_run")
    assert audit.detail == {"paid": 1, "already_paid": 0, "nothing_owed": 1, "refused": 0}

    again = _run(midori)
    assert (len(again.paid), again.already_paid, again.nothing_owed) == (0, 1, 1)
    assert ChildAllowancePayment.objects.filter(municipality=midori).count() == 1
    assert [
        p.amount
        for p in child_allowance_payments_export(
            municipality=midori, payment_month=JUNE, actor=None
        )
    ] == [20_000]
    assert not ChildAllowancePayment.objects.filter(municipality=minakami).exists()

    # August pays June and July to both living recipients.
    august = _run(midori, D(2026, 8, 1))
    assert sorted((p.recipient.code, p.amount) for p in august.paid) == [
        ("CP-new", 10_000),
        ("CP-owed", 40_000),
    ]


@pytest.mark.parametrize(
    ("month", "paid_on", "error"),
    [
        (D(2026, 7, 1), D(2026, 7, 10), errors.ValueInvalid),
        (JUNE, D(2026, 5, 31), errors.DatesOutOfOrder),
    ],
)
def test_a_wrong_month_or_day_pays_no_one(
    midori: Municipality, month: dt.date, paid_on: dt.date, error: type[Exception]
) -> None:
    _certify(midori, "CP-owed", D(2026, 4, 20), "CP-a1")
    with pytest.raises(error):
        child_allowance_payment_run(
            municipality=midori, payment_month=month, paid_on=paid_on, actor=None
        )
    assert not ChildAllowancePayment.objects.exists()
    assert not AuditRecord.objects.filter(action="child_allowance.payment_run").exists()
