"""Conformance of the national plan's procedures (docs/procedures.md, 「The 31 procedures」):
each built one is filed online by the resident, signed with their virtual card's 署名用電子証明書
(attachments included), approved through every workflow step, and the department's record
shows the result; a required item left out, or a wrong one, is refused with its JSON pointer
and nothing is filed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jichitai.departments.models import (
    ChildAllowanceAllocation,
)
from jichitai.identity.jpki.virtual_card import virtual_card_issue
from jichitai.identity.tests.conftest import JpkiWorld, jpki, jpki_world  # noqa: F401
from jichitai.portal.access import resident_actor
from jichitai.procedures.attachments import Upload
from jichitai.procedures.definitions import catalog
from jichitai.procedures.errors import CaseDataInvalid
from jichitai.procedures.models import Case, CaseState
from jichitai.procedures.selectors import case_signing_bytes
from jichitai.procedures.services import case_submit
from jichitai.procedures.signing import SignedApplication
from jichitai.procedures.tests.department_cases import (
    approve,
    welfare_officer,
)
from jichitai.procedures.tests.national_care_cases import CARE_CASES
from jichitai.procedures.tests.national_cases import (
    Conformance,
    World,
)
from jichitai.procedures.tests.national_child_cases import CHILD_CASES
from jichitai.procedures.tests.national_disaster_cases import DISASTER_CASES
from jichitai.registry.models import ChangeType, Resident
from jichitai.registry.services import residents_register
from jichitai.registry.tests.factories import MIDORI_ADDRESS, person, yamada_family
from jichitai.tenants.models import Municipality

Alloc = ChildAllowanceAllocation.Kind
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64
CARD_PASSWORD = "JICHITAI1"


CASES = CHILD_CASES + CARE_CASES + DISASTER_CASES


@pytest.fixture
def world(midori: Municipality) -> World:
    family = yamada_family(midori)
    change = residents_register(
        municipality=midori,
        change_type=ChangeType.MOVE_IN,
        people=[person("山田　ウメ", "ヤマダ　ウメ", dt.date(1948, 2, 11), "2", "世帯主")],
        address=MIDORI_ADDRESS,
        effective_on=dt.date(2020, 4, 1),
        notified_on=dt.date(2020, 4, 1),
        actor=None,
    )
    ume = Resident.objects.get(history__change=change)
    return World(municipality=midori, people={**family, "ウメ": ume})


def _submit(world: World, conformance: Conformance, data: dict[str, Any]) -> Case:
    """Filed online by the applicant, signed with their own virtual card."""
    applicant = world.people[conformance.applicant]
    card = virtual_card_issue(
        name=applicant.name,
        birth_date=applicant.birth_date,
        sex=applicant.sex,
        address=applicant.address,
        my_number="123456789018",
    )
    signed = case_signing_bytes(
        applications=[
            SignedApplication(
                lg_code=world.municipality.lg_code,
                procedure_id=conformance.procedure_id,
                data=data,
            )
        ]
    )
    return case_submit(
        municipality=world.municipality,
        procedure_id=conformance.procedure_id,
        data=data,
        actor=resident_actor(applicant),
        attachments=[Upload(kind=kind, content=PNG) for kind in conformance.attachments],
        signature=card.sign_data(signed, CARD_PASSWORD),
    ).case


@pytest.mark.parametrize("conformance", CASES, ids=str)
def test_filed_online_approved_and_recorded_by_the_department(
    jpki: JpkiWorld,  # noqa: F811 - the fixture of the same name
    world: World,
    conformance: Conformance,
) -> None:
    conformance.arrange(world)
    case = _submit(world, conformance, conformance.data(world))
    assert case.channel == "online"
    # 妊娠の届出 asks no signature (it is not an application for a benefit).
    assert (case.signature_verified_at is not None) == catalog()[
        case.procedure_id
    ].signature_required
    staff = welfare_officer(world.municipality)

    assert approve(world.municipality, case, staff).state == CaseState.APPROVED
    assert conformance.recorded(world), conformance.procedure_id


def _without(data: dict[str, Any], pointer: str) -> dict[str, Any]:
    *parents, last = pointer.strip("/").split("/")
    node = data
    for part in parents:
        node = node[part]
    del node[last]
    return data


def _with(data: dict[str, Any], pointer: str, value: Any) -> dict[str, Any]:
    *parents, last = pointer.strip("/").split("/")
    node = data
    for part in parents:
        node = node[part]
    node[last] = value
    return data


@pytest.mark.parametrize("conformance", CASES, ids=str)
def test_a_missing_or_wrong_item_is_refused_at_its_pointer(
    jpki: JpkiWorld,  # noqa: F811
    world: World,
    conformance: Conformance,
) -> None:
    conformance.arrange(world)
    missing = _without(conformance.data(world), conformance.missing)
    with pytest.raises(CaseDataInvalid) as refused:
        _submit(world, conformance, missing)
    assert conformance.missing in {e.field for e in refused.value.errors}

    pointer, value = conformance.wrong
    wrong = _with(conformance.data(world), pointer, value)
    with pytest.raises(CaseDataInvalid) as refused:
        _submit(world, conformance, wrong)
    assert pointer in {e.field for e in refused.value.errors}
    assert not Case.objects.exists()


def test_every_built_procedure_of_the_plan_is_in_the_table() -> None:
    """docs/procedures.md names each catalog file of the 31 it built; each has its
    conformance row."""
    built = {
        "child_allowance_claim",
        "child_allowance_revision",
        "child_allowance_change",
        "child_allowance_extinction",
        "child_allowance_unpaid",
        "child_allowance_donation",
        "child_allowance_donation_change",
        "child_allowance_fee_deduction",
        "child_allowance_fee_deduction_change",
        "child_allowance_status",
        "child_support_status",
        "childcare_certification",
        "nursery_application",
        "childcare_status_report",
        "pregnancy_notification",
        "care_need_certification",
        "care_plan_notification",
        "care_cost_share_card_reissue",
        "care_insurance_card_reissue",
        "care_high_cost_benefit",
        "care_cost_limit_certification",
        "care_equipment_purchase",
        "care_home_modification",
        "care_relocation_certification",
        "disaster_certificate",
    }
    assert {c.procedure_id for c in CASES} == built
