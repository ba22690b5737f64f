"""児童手当: 認定, 現況届, 額改定 as the approvals of the catalog's procedures call them."""

from __future__ import annotations

import datetime as dt

import pytest

from jichitai.audit.models import AuditRecord
from jichitai.departments import errors
from jichitai.departments.models import (
    ChildAllowanceChild,
    ChildAllowanceRecipient,
    ChildAllowanceRevision,
)
from jichitai.departments.services import (
    ClaimedChild,
    child_allowance_certify,
    child_allowance_revise,
    child_allowance_status_report,
)
from jichitai.identity.models import StaffUser
from jichitai.tenants.models import Municipality

D = dt.date
FIRST_CHILD = ClaimedChild("CA-child1", D(2018, 6, 1))
CLAIMED_ON = D(2026, 4, 20)


def _certify(
    municipality: Municipality,
    actor: StaffUser | None = None,
    *,
    code: str = "CA-parent",
    children: tuple[ClaimedChild, ...] = (FIRST_CHILD,),
    claimed_on: dt.date = CLAIMED_ON,
    occurred_on: dt.date | None = None,
) -> ChildAllowanceRecipient:
    return child_allowance_certify(
        municipality=municipality,
        recipient_code=code,
        children=children,
        claimed_on=claimed_on,
        occurred_on=occurred_on,
        certified_on=claimed_on + dt.timedelta(days=5),
        income_fiscal_year=2026,
        total_income=4_200_000,
        income_exchange_id="EX-000123",
        actor=actor,
    )


def test_certify_records_recipient_children_amounts_and_income(
    midori: Municipality, clerk: StaffUser
) -> None:
    recipient = _certify(
        midori,
        clerk,
        children=(
            ClaimedChild("CA-child1", D(2018, 6, 1)),
            ClaimedChild("CA-child2", D(2025, 11, 3)),
        ),
    )
    assert recipient.status == ChildAllowanceRecipient.Status.CERTIFIED
    # 第8条第2項: from the month after the claim.
    assert recipient.payment_start_month == D(2026, 5, 1)
    children = {c.code: (c.birth_order, c.monthly_amount) for c in recipient.children.all()}
    assert children == {"CA-child1": (1, 10_000), "CA-child2": (2, 15_000)}
    revision = recipient.revisions.get()
    assert (revision.kind, revision.monthly_total) == ("certification", 25_000)
    determination = recipient.income_determinations.get()
    assert (determination.fiscal_year, determination.total_income) == (2026, 4_200_000)
    assert determination.income_exchange_id == "EX-000123"
    record = AuditRecord.objects.get(action="child_allowance.certify")
    assert record.purpose == "児童手当法による児童手当の支給に関する事務"
    assert record.detail == {"children": 2, "income_by_linkage": True}
    assert record.actor_id == str(clerk.pk)


def test_a_claim_within_15_days_of_the_birth_pays_from_the_month_after_it(
    midori: Municipality,
) -> None:
    recipient = _certify(
        midori,
        children=(ClaimedChild("CA-baby", D(2026, 3, 30)),),
        occurred_on=D(2026, 3, 30),
        claimed_on=D(2026, 4, 14),
    )
    assert recipient.payment_start_month == D(2026, 4, 1)


def test_a_late_claim_pays_from_the_month_after_the_claim(midori: Municipality) -> None:
    recipient = _certify(
        midori,
        children=(ClaimedChild("CA-baby", D(2026, 3, 30)),),
        occurred_on=D(2026, 3, 30),
        claimed_on=D(2026, 4, 15),
    )
    assert recipient.payment_start_month == D(2026, 5, 1)


def test_a_second_certification_is_refused(midori: Municipality) -> None:
    _certify(midori)
    with pytest.raises(errors.ChildAllowanceAlreadyCertified):
        _certify(midori, children=(ClaimedChild("CA-other", D(2019, 1, 1)),))


def test_a_child_counted_for_another_recipient_is_refused(midori: Municipality) -> None:
    _certify(midori)
    with pytest.raises(errors.ChildAllowanceChildCounted):
        _certify(midori, code="CA-other-parent")
    assert ChildAllowanceRecipient.objects.filter(code="CA-other-parent").count() == 0


def test_the_same_codes_in_another_municipality_are_another_person(
    midori: Municipality, minakami: Municipality
) -> None:
    _certify(midori)
    assert _certify(minakami).municipality_id == minakami.lg_code


def test_certify_refuses_bad_input(midori: Municipality) -> None:
    with pytest.raises(errors.CodeInvalid):
        _certify(midori, code="")
    with pytest.raises(errors.CodeInvalid):
        _certify(midori, code="x" * 33)
    with pytest.raises(errors.ValueInvalid):
        _certify(midori, children=())
    with pytest.raises(errors.DatesOutOfOrder) as refused:
        _certify(midori, children=(ClaimedChild("CA-unborn", D(2026, 9, 1)),))
    assert refused.value.errors[0].field == "/children/0/birth_date"
    with pytest.raises(errors.ValueInvalid):
        # Only a university-age child: counted, but nobody to pay for.
        _certify(midori, children=(ClaimedChild("CA-student", D(2006, 1, 1)),))
    assert ChildAllowanceRecipient.objects.count() == 0


def test_status_report_needs_a_recipient(midori: Municipality) -> None:
    with pytest.raises(errors.ChildAllowanceNotCertified):
        child_allowance_status_report(
            municipality=midori,
            recipient_code="CA-nobody",
            reported_on=D(2026, 6, 1),
            children_count=1,
            actor=None,
        )


def test_status_report_is_recorded(midori: Municipality) -> None:
    recipient = _certify(midori)
    report = child_allowance_status_report(
        municipality=midori,
        recipient_code="CA-parent",
        reported_on=D(2026, 6, 1),
        children_count=1,
        actor=None,
    )
    assert report.recipient == recipient
    with pytest.raises(errors.DatesOutOfOrder):
        child_allowance_status_report(
            municipality=midori,
            recipient_code="CA-parent",
            reported_on=D(2026, 1, 1),
            children_count=1,
            actor=None,
        )


def test_a_new_baby_raises_the_amount_and_keeps_the_earlier_one(midori: Municipality) -> None:
    recipient = _certify(
        midori,
        children=(
            ClaimedChild("CA-child1", D(2014, 6, 1)),
            ClaimedChild("CA-child2", D(2018, 6, 1)),
        ),
    )
    revision = child_allowance_revise(
        municipality=midori,
        recipient_code="CA-parent",
        occurred_on=D(2026, 7, 10),
        claimed_on=D(2026, 7, 20),
        added_children=(ClaimedChild("CA-child3", D(2026, 7, 10)),),
        actor=None,
    )
    # 第9条: within 15 days of the birth, from the month after it.
    assert (revision.kind, revision.effective_month) == ("increase", D(2026, 8, 1))
    assert revision.monthly_total == 10_000 + 10_000 + 30_000
    totals = list(recipient.revisions.order_by("pk").values_list("monthly_total", flat=True))
    assert totals == [20_000, 50_000]
    assert recipient.children.get(code="CA-child3").birth_order == 3


def test_removing_a_child_lowers_the_amount_from_the_next_month(midori: Municipality) -> None:
    recipient = _certify(
        midori,
        children=(
            ClaimedChild("CA-child1", D(2014, 6, 1)),
            ClaimedChild("CA-child2", D(2018, 6, 1)),
        ),
    )
    revision = child_allowance_revise(
        municipality=midori,
        recipient_code="CA-parent",
        occurred_on=D(2026, 9, 30),
        claimed_on=D(2026, 10, 5),
        removed_child_codes=("CA-child1",),
        actor=None,
    )
    assert (revision.kind, revision.effective_month, revision.monthly_total) == (
        "decrease",
        D(2026, 10, 1),
        10_000,
    )
    removed = ChildAllowanceChild.objects.get(code="CA-child1")
    assert removed.removed_on == D(2026, 9, 30)
    recipient.refresh_from_db()
    assert recipient.status == ChildAllowanceRecipient.Status.CERTIFIED


def test_removing_the_last_child_ends_the_allowance(midori: Municipality) -> None:
    recipient = _certify(midori)
    child_allowance_revise(
        municipality=midori,
        recipient_code="CA-parent",
        occurred_on=D(2026, 9, 30),
        claimed_on=D(2026, 10, 5),
        removed_child_codes=("CA-child1",),
        actor=None,
    )
    recipient.refresh_from_db()
    assert (recipient.status, recipient.ended_on) == ("ended", D(2026, 9, 30))
    # A later claim is a new 認定; the ended one stays as it was.
    again = _certify(midori, claimed_on=D(2027, 1, 10))
    assert again.pk != recipient.pk
    assert ChildAllowanceRecipient.objects.filter(code="CA-parent").count() == 2


def test_revise_refuses_an_unknown_child_and_an_empty_change(midori: Municipality) -> None:
    _certify(midori)
    with pytest.raises(errors.ChildAllowanceChildNotCounted):
        child_allowance_revise(
            municipality=midori,
            recipient_code="CA-parent",
            occurred_on=D(2026, 9, 30),
            claimed_on=D(2026, 10, 5),
            removed_child_codes=("CA-stranger",),
            actor=None,
        )
    with pytest.raises(errors.ValueInvalid):
        child_allowance_revise(
            municipality=midori,
            recipient_code="CA-parent",
            occurred_on=D(2026, 9, 30),
            claimed_on=D(2026, 10, 5),
            actor=None,
        )
    assert ChildAllowanceRevision.objects.count() == 1
    assert ChildAllowanceChild.objects.get(code="CA-child1").removed_on is None
