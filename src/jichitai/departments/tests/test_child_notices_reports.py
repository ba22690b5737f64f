"""児童手当の届出 and 保育の現況届: each acts only on a record in force, and a 消滅 or a need
that ended shortens the record to that day."""

from __future__ import annotations

import datetime as dt

import pytest

from jichitai.departments import errors
from jichitai.departments.models import (
    ChildAllowanceNotice,
    ChildAllowanceRecipient,
    ChildcareCertification,
)
from jichitai.departments.services import (
    ClaimedChild,
    child_allowance_certify,
    child_allowance_notify,
    childcare_certify,
    childcare_status_report,
)
from jichitai.tenants.models import Municipality

D = dt.date


def _recipient(midori: Municipality) -> None:
    child_allowance_certify(
        municipality=midori,
        recipient_code="R1",
        children=[ClaimedChild(code="K1", birth_date=D(2020, 5, 1))],
        claimed_on=D(2025, 4, 10),
        occurred_on=None,
        certified_on=D(2025, 4, 10),
        income_fiscal_year=2024,
        total_income=3_000_000,
        income_exchange_id="",
        actor=None,
    )


def test_a_notice_of_someone_not_certified_is_refused(midori: Municipality) -> None:
    with pytest.raises(errors.ChildAllowanceNotCertified):
        child_allowance_notify(
            municipality=midori,
            recipient_code="R1",
            kind=ChildAllowanceNotice.Kind.NAME,
            occurred_on=D(2025, 5, 1),
            notified_on=D(2025, 5, 2),
            actor=None,
        )


def test_a_name_change_keeps_the_recipient_and_an_extinction_ends_it(
    midori: Municipality,
) -> None:
    _recipient(midori)
    child_allowance_notify(
        municipality=midori,
        recipient_code="R1",
        kind=ChildAllowanceNotice.Kind.NAME,
        occurred_on=D(2025, 5, 1),
        notified_on=D(2025, 5, 2),
        actor=None,
    )
    recipient = ChildAllowanceRecipient.objects.get(code="R1")
    assert recipient.status == ChildAllowanceRecipient.Status.CERTIFIED
    child_allowance_notify(
        municipality=midori,
        recipient_code="R1",
        kind=ChildAllowanceNotice.Kind.EXTINCTION,
        occurred_on=D(2025, 8, 20),
        notified_on=D(2025, 8, 25),
        actor=None,
    )
    recipient.refresh_from_db()
    assert (recipient.status, recipient.ended_on) == (
        ChildAllowanceRecipient.Status.ENDED,
        D(2025, 8, 20),
    )
    assert recipient.children.get().removed_on == D(2025, 8, 20)
    assert list(recipient.notices.values_list("kind", flat=True).order_by("pk")) == [
        "name",
        "extinction",
    ]


def test_a_notice_dated_after_it_was_filed_is_refused(midori: Municipality) -> None:
    _recipient(midori)
    with pytest.raises(errors.DatesOutOfOrder):
        child_allowance_notify(
            municipality=midori,
            recipient_code="R1",
            kind=ChildAllowanceNotice.Kind.ADDRESS,
            occurred_on=D(2025, 6, 2),
            notified_on=D(2025, 6, 1),
            actor=None,
        )


def test_a_status_report_without_a_childcare_certification_is_refused(
    midori: Municipality,
) -> None:
    with pytest.raises(errors.ChildcareCertificationNone):
        childcare_status_report(
            municipality=midori,
            child_code="K1",
            reported_on=D(2025, 6, 1),
            need_continues=True,
            ends_on=None,
            actor=None,
        )


def test_a_need_that_ended_shortens_the_certification(midori: Municipality) -> None:
    certification = childcare_certify(
        municipality=midori,
        child_code="K1",
        child_birth_date=D(2021, 5, 1),
        category=ChildcareCertification.Category.SECOND,
        hours=ChildcareCertification.Hours.STANDARD,
        valid_from=D(2025, 4, 1),
        certified_on=D(2025, 3, 1),
        actor=None,
    )
    # 2号: until the 3月31日 before 小学校 (born 2021-05-01: 2028-03-31).
    assert certification.valid_to == D(2028, 3, 31)
    childcare_status_report(
        municipality=midori,
        child_code="K1",
        reported_on=D(2025, 6, 1),
        need_continues=False,
        ends_on=D(2025, 6, 30),
        actor=None,
    )
    certification.refresh_from_db()
    assert certification.valid_to == D(2025, 6, 30)


def test_a_third_category_for_a_child_of_three_is_refused(midori: Municipality) -> None:
    with pytest.raises(errors.ChildcareCategoryInvalid):
        childcare_certify(
            municipality=midori,
            child_code="K1",
            child_birth_date=D(2021, 5, 1),
            category=ChildcareCertification.Category.THIRD,
            hours=ChildcareCertification.Hours.STANDARD,
            valid_from=D(2025, 4, 1),
            certified_on=D(2025, 3, 1),
            actor=None,
        )
