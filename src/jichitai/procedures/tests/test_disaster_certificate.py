"""罹災証明書の発行申請: the resident applies for their home, staff record the survey's
住家被害認定 in the 被災者台帳, and the approval issues the signed certificate."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jichitai.departments.errors import DisasterNotAssessed, DisasterUnknown
from jichitai.departments.models import DisasterCertificate
from jichitai.departments.selectors import disaster_on
from jichitai.identity.models import StaffUser
from jichitai.procedures.models import Case, CaseDocument, CaseState
from jichitai.procedures.services import case_approve, case_claim
from jichitai.procedures.tests.department_cases import counter_submit, welfare_officer
from jichitai.procedures.tests.national_cases import World
from jichitai.procedures.tests.national_disaster_cases import disaster_data, surveyed, typhoon
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality


@pytest.fixture
def world(midori: Municipality) -> World:
    return World(municipality=midori, people=yamada_family(midori))


@pytest.fixture
def staff(midori: Municipality) -> StaffUser:
    return welfare_officer(midori)


def _submit(world: World, staff: StaffUser) -> Case:
    return counter_submit(
        world.municipality,
        staff,
        world.people["花子"],
        "disaster_certificate",
        disaster_data(world),
    )


def test_a_day_with_no_disaster_in_the_register_is_refused_at_submission(
    world: World, staff: StaffUser
) -> None:
    with pytest.raises(DisasterUnknown) as refused:
        _submit(world, staff)
    assert [e.field for e in refused.value.errors] == ["/disaster_on"]
    assert not Case.objects.exists()


def test_the_certificate_waits_for_the_survey_then_is_issued(
    world: World, staff: StaffUser
) -> None:
    disaster = typhoon(world)
    case = _submit(world, staff)
    municipality = world.municipality
    case_claim(municipality=municipality, case_id=case.pk, actor=staff)
    case_approve(municipality=municipality, case_id=case.pk, actor=staff)  # 受付・調査へ
    case_claim(municipality=municipality, case_id=case.pk, actor=staff)

    with pytest.raises(DisasterNotAssessed):
        case_approve(municipality=municipality, case_id=case.pk, actor=staff)
    case.refresh_from_db()
    assert case.state == CaseState.IN_REVIEW
    assert not DisasterCertificate.objects.exists()

    surveyed(world, disaster)
    case = case_approve(municipality=municipality, case_id=case.pk, actor=staff)

    assert case.state == CaseState.APPROVED
    certificate = DisasterCertificate.objects.get()
    assert certificate.number == f"R{timezone.localdate().year}-00001"
    assert certificate.damage.get_damage_class_display() == "半壊"
    document = CaseDocument.objects.get(case=case)
    assert document.title == "罹災証明書"
    assert document.file.read().startswith(b"%PDF")


def test_a_disaster_over_several_days_covers_each_of_them(world: World) -> None:
    disaster = typhoon(world)
    for days_ago in (20, 19):
        day = world.today - dt.timedelta(days=days_ago)
        assert disaster_on(municipality=world.municipality, day=day) == disaster
    assert disaster_on(municipality=world.municipality, day=world.today) is None
