"""児童手当の支払 (支払月) and 未支払の児童手当 after the recipient's death (児童手当法 第12条)."""

from __future__ import annotations

import datetime as dt

import pytest

from jichitai.departments import errors
from jichitai.departments.models import ChildAllowanceRecipient
from jichitai.departments.services import (
    ClaimedChild,
    child_allowance_certify,
    child_allowance_end,
    child_allowance_months_owed,
    child_allowance_payment_record,
    child_allowance_unpaid_pay,
)
from jichitai.identity.models import StaffUser
from jichitai.tenants.models import Municipality

D = dt.date
# Both 3 or more and under 高校生年代 in 2026: 10,000円 a month each, 20,000円 together.
CHILDREN = (ClaimedChild("CP-child1", D(2016, 5, 1)), ClaimedChild("CP-child2", D(2019, 8, 1)))
END = ChildAllowanceRecipient.EndReason


def _recipient(municipality: Municipality) -> ChildAllowanceRecipient:
    """Certified on 2026-04-20: paid from May 2026."""
    return child_allowance_certify(
        municipality=municipality,
        recipient_code="CP-parent",
        children=CHILDREN,
        claimed_on=D(2026, 4, 20),
        occurred_on=None,
        certified_on=D(2026, 4, 25),
        income_fiscal_year=2025,
        total_income=4_000_000,
        income_exchange_id="",
        actor=None,
    )


def _pay(municipality: Municipality, month: dt.date) -> None:
    child_allowance_payment_record(
        municipality=municipality,
        recipient_code="CP-parent",
        payment_month=month,
        paid_on=month + dt.timedelta(days=9),
        actor=None,
    )


def _died(municipality: Municipality, on: dt.date) -> None:
    child_allowance_end(
        municipality=municipality,
        recipient_code="CP-parent",
        ended_on=on,
        reason=END.DEATH,
        actor=None,
    )


def test_a_payment_month_pays_every_month_owed_before_it(midori: Municipality) -> None:
    recipient = _recipient(midori)
    _pay(midori, D(2026, 6, 1))
    _pay(midori, D(2026, 8, 1))

    payments = list(recipient.payments.order_by("payment_month"))
    assert [(p.first_month, p.last_month, p.amount) for p in payments] == [
        (D(2026, 5, 1), D(2026, 5, 1), 20_000),
        (D(2026, 6, 1), D(2026, 7, 1), 40_000),
    ]
    assert child_allowance_months_owed(recipient, through=D(2026, 9, 30)).total == 40_000


def test_an_odd_month_or_a_month_with_nothing_owed_is_refused(midori: Municipality) -> None:
    _recipient(midori)
    with pytest.raises(errors.ValueInvalid):
        _pay(midori, D(2026, 7, 1))
    _pay(midori, D(2026, 6, 1))
    with pytest.raises(errors.ValueInvalid):
        _pay(midori, D(2026, 6, 1).replace(month=4))


def test_unpaid_allowance_goes_to_the_children_after_a_death(
    midori: Municipality, clerk: StaffUser
) -> None:
    recipient = _recipient(midori)
    _pay(midori, D(2026, 8, 1))  # May to July
    _died(midori, D(2026, 10, 12))  # owed: August to October, 3 x 20,000円

    paid = child_allowance_unpaid_pay(
        municipality=midori,
        child_codes=["CP-child2", "CP-child1"],
        claimed_on=D(2026, 11, 2),
        decided_on=D(2026, 11, 10),
        actor=clerk,
    )

    assert [(p.claimant_code, p.amount) for p in paid] == [
        ("CP-child2", 30_000),
        ("CP-child1", 30_000),
    ]
    assert {(p.first_month, p.last_month) for p in paid} == {(D(2026, 8, 1), D(2026, 10, 1))}
    recipient.refresh_from_db()
    assert child_allowance_months_owed(recipient, through=D(2026, 12, 31)).total == 0
    with pytest.raises(errors.ChildAllowanceUnpaidPaid):
        child_allowance_unpaid_pay(
            municipality=midori,
            child_codes=["CP-child1"],
            claimed_on=D(2026, 11, 3),
            decided_on=D(2026, 11, 10),
            actor=clerk,
        )


@pytest.mark.parametrize("reason", [END.MOVE_OUT, END.NOTIFIED])
def test_no_unpaid_allowance_without_a_death(
    midori: Municipality, reason: ChildAllowanceRecipient.EndReason
) -> None:
    _recipient(midori)
    child_allowance_end(
        municipality=midori,
        recipient_code="CP-parent",
        ended_on=D(2026, 10, 12),
        reason=reason,
        actor=None,
    )
    with pytest.raises(errors.ChildAllowanceUnpaidNone):
        child_allowance_unpaid_pay(
            municipality=midori,
            child_codes=["CP-child1"],
            claimed_on=D(2026, 11, 2),
            decided_on=D(2026, 11, 10),
            actor=None,
        )


def test_a_child_not_counted_for_the_deceased_is_refused(midori: Municipality) -> None:
    _recipient(midori)
    _died(midori, D(2026, 10, 12))
    with pytest.raises(errors.ChildAllowanceUnpaidNone):
        child_allowance_unpaid_pay(
            municipality=midori,
            child_codes=["CP-child1", "CP-someone"],
            claimed_on=D(2026, 11, 2),
            decided_on=D(2026, 11, 10),
            actor=None,
        )


def test_the_end_closes_the_children_so_a_new_guardian_can_claim_them(
    midori: Municipality,
) -> None:
    recipient = _recipient(midori)
    _died(midori, D(2026, 10, 12))
    assert not recipient.children.filter(removed_on__isnull=True).exists()
    child_allowance_certify(
        municipality=midori,
        recipient_code="CP-grandmother",
        children=CHILDREN,
        claimed_on=D(2026, 10, 20),
        occurred_on=None,
        certified_on=D(2026, 10, 20),
        income_fiscal_year=2026,
        total_income=2_000_000,
        income_exchange_id="",
        actor=None,
    )
