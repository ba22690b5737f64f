"""庁内連携: a 転出 or a death in the register ends what the person's businesses hold open."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jichitai.departments.models import Business, ChildAllowanceRecipient, NhiCoverage
from jichitai.departments.services import (
    ClaimedChild,
    child_allowance_certify,
    nhi_coverage_acquire,
)
from jichitai.linkage.services import person_code_obtain
from jichitai.registry.models import ChangeType, Resident
from jichitai.registry.services import residents_remove
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality

pytestmark = pytest.mark.django_db


def _code(business: Business, resident: Resident) -> str:
    return person_code_obtain(
        municipality_code=resident.municipality_id,
        business=business,
        resident_code=resident.resident_code,
    )


def _receives_allowance_and_nhi(midori: Municipality, family: dict[str, Resident]) -> None:
    hanako = family["花子"]
    child_allowance_certify(
        municipality=midori,
        recipient_code=_code(Business.CHILD_ALLOWANCE, hanako),
        children=[
            ClaimedChild(_code(Business.CHILD_ALLOWANCE, family[n]), family[n].birth_date)
            for n in ("翔太", "美咲")
        ],
        claimed_on=dt.date(2024, 10, 1),
        occurred_on=None,
        certified_on=dt.date(2024, 10, 1),
        income_fiscal_year=2024,
        total_income=2_400_000,
        income_exchange_id="",
        actor=None,
    )
    nhi_coverage_acquire(
        municipality=midori,
        code=_code(Business.NHI, hanako),
        acquired_on=dt.date(2024, 4, 1),
        reason=NhiCoverage.AcquisitionReason.MOVE_IN,
        actor=None,
    )


def test_a_move_out_ends_the_allowance_and_the_nhi_coverage(midori: Municipality) -> None:
    family = yamada_family(midori)
    _receives_allowance_and_nhi(midori, family)
    today = timezone.localdate()

    residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[r.pk for r in family.values()],
        effective_on=today,
        notified_on=today,
        actor=None,
        moving_to_address="群馬県利根郡みなかみ町後閑318番地",
    )

    recipient = ChildAllowanceRecipient.objects.get(municipality=midori)
    assert (recipient.status, recipient.ended_on) == (ChildAllowanceRecipient.Status.ENDED, today)
    coverage = NhiCoverage.objects.get(municipality=midori)
    assert coverage.lost_on == today + dt.timedelta(days=1)  # 国民健康保険法 第8条: 翌日
    assert coverage.loss_reason == NhiCoverage.LossReason.MOVE_OUT


def test_a_death_ends_the_coverage_for_death(midori: Municipality) -> None:
    family = yamada_family(midori)
    _receives_allowance_and_nhi(midori, family)
    today = timezone.localdate()

    residents_remove(
        municipality=midori,
        change_type=ChangeType.DEATH,
        resident_ids=[family["花子"].pk],
        effective_on=today,
        notified_on=today,
        actor=None,
        new_head_id=family["翔太"].pk,
    )

    assert NhiCoverage.objects.get(municipality=midori).loss_reason == (
        NhiCoverage.LossReason.DEATH
    )
    assert ChildAllowanceRecipient.objects.get(municipality=midori).ended_on == today


def test_people_no_business_knows_leave_without_touching_any_record(
    midori: Municipality,
) -> None:
    family = yamada_family(midori)
    today = timezone.localdate()

    residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[r.pk for r in family.values()],
        effective_on=today,
        notified_on=today,
        actor=None,
        moving_to_address="群馬県利根郡みなかみ町後閑318番地",
    )

    assert not ChildAllowanceRecipient.objects.exists()
    assert Resident.objects.get(pk=family["花子"].pk).removed_on == today
