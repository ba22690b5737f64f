"""The workflow state machine: allowed steps, refused steps, roles, 担当者, events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone

from jichitai.common.exceptions import DomainError
from jichitai.departments.models import Business
from jichitai.departments.services import care_insured_enrol
from jichitai.identity.models import Role, StaffUser
from jichitai.identity.tests.factories import membership_add
from jichitai.procedures.models import Activity, CaseEvent, CaseReturn, CaseState
from jichitai.procedures.selectors import case_signing_bytes
from jichitai.procedures.services import (
    case_approve,
    case_claim,
    case_reject,
    case_resubmit,
    case_return,
    case_submit,
    case_withdraw,
)
from jichitai.procedures.signing import SignedApplication
from jichitai.procedures.tests.conftest import _staff
from jichitai.procedures.tests.department_cases import code_of
from jichitai.procedures.tests.factories import (
    actor_of,
    fake_signature,
    neighbour,
    pregnancy_data,
)
from jichitai.procedures.workflow import TRANSITIONS, allowed_activities, transition_target
from jichitai.registry.models import Resident
from jichitai.tenants.models import Municipality


def _case(midori: Municipality, resident: Resident) -> int:
    return case_submit(
        municipality=midori,
        procedure_id="pregnancy_notification",
        data=pregnancy_data(resident),
        actor=actor_of(resident),
    ).case.pk


def _code(call: Callable[[], object]) -> str:
    with pytest.raises(DomainError) as failure:
        call()
    return failure.value.code


def test_every_state_but_a_decision_can_be_withdrawn() -> None:
    decided = {CaseState.APPROVED, CaseState.REJECTED, CaseState.WITHDRAWN}
    for state in CaseState:
        assert (Activity.WITHDRAW in allowed_activities(state)) == (state not in decided)


def test_nothing_leaves_a_decided_state() -> None:
    for _activity, state in TRANSITIONS:
        assert state not in (CaseState.APPROVED, CaseState.REJECTED, CaseState.WITHDRAWN)
    with pytest.raises(DomainError, match=r"case\.transition_invalid"):
        transition_target(activity=Activity.APPROVE, state=CaseState.APPROVED)


def test_claim_then_approve_records_each_step(
    midori: Municipality, family: dict[str, Resident], officer: StaffUser
) -> None:
    started = timezone.now()
    case_id = _case(midori, family["花子"])
    claimed = case_claim(municipality=midori, case_id=case_id, actor=officer)
    assert claimed.state == CaseState.IN_REVIEW and claimed.assigned_to == officer
    approved = case_approve(municipality=midori, case_id=case_id, actor=officer)
    finished = timezone.now()
    assert approved.state == CaseState.APPROVED and approved.decided_at is not None
    events = list(CaseEvent.objects.filter(case_id=case_id).order_by("pk"))
    assert [e.activity for e in events] == ["submit", "claim", "approve"]
    assert [e.state for e in events] == ["submitted", "in_review", "approved"]
    assert events[1].actor_type == "staff" and events[1].actor_id == str(officer.pk)
    # Timestamps to the second or finer (event logs for process mining), in order: one cut
    # to the minute would fall before `started`.
    stamps = [e.timestamp for e in events]
    assert stamps == sorted(stamps)
    assert all(started <= stamp <= finished for stamp in stamps)


def test_approving_before_claiming_is_refused(
    midori: Municipality, family: dict[str, Resident], officer: StaffUser
) -> None:
    case_id = _case(midori, family["花子"])
    assert _code(lambda: case_approve(municipality=midori, case_id=case_id, actor=officer)) == (
        "case.transition_invalid"
    )


def test_a_staff_member_without_the_steps_role_cannot_claim(
    midori: Municipality, family: dict[str, Resident], health_clerk: StaffUser
) -> None:
    case_id = _case(midori, family["花子"])
    assert _code(lambda: case_claim(municipality=midori, case_id=case_id, actor=health_clerk)) == (
        "case.role_required"
    )


def test_only_the_assigned_staff_member_decides(
    midori: Municipality, family: dict[str, Resident], officer: StaffUser
) -> None:
    colleague = _staff(midori, "colleague", Role.DEPARTMENT)
    membership_add(colleague, code="fukushi")
    case_id = _case(midori, family["花子"])
    case_claim(municipality=midori, case_id=case_id, actor=officer)
    assert _code(lambda: case_approve(municipality=midori, case_id=case_id, actor=colleague)) == (
        "case.not_assigned"
    )


def test_return_resubmit_and_claim_again(
    midori: Municipality, family: dict[str, Resident], officer: StaffUser
) -> None:
    hanako = family["花子"]
    case_id = _case(midori, hanako)
    case_claim(municipality=midori, case_id=case_id, actor=officer)
    assert _code(
        lambda: case_return(municipality=midori, case_id=case_id, actor=officer, reason=" ")
    ) == ("case.reason_required")
    returned = case_return(
        municipality=midori, case_id=case_id, actor=officer, reason="出産予定日を確認してください。"
    )
    assert returned.state == CaseState.RETURNED and returned.assigned_to is None
    corrected = pregnancy_data(hanako) | {"pregnancy_weeks": 11}
    resubmitted = case_resubmit(
        municipality=midori, case_id=case_id, actor=actor_of(hanako), data=corrected
    )
    assert resubmitted.state == CaseState.RESUBMITTED
    assert resubmitted.data["pregnancy_weeks"] == 11
    assert CaseReturn.objects.get(case_id=case_id).answered_at is not None
    assert (
        case_claim(municipality=midori, case_id=case_id, actor=officer).state == CaseState.IN_REVIEW
    )


def test_a_resubmission_is_checked_like_a_submission(
    midori: Municipality, family: dict[str, Resident], officer: StaffUser
) -> None:
    hanako = family["花子"]
    case_id = _case(midori, hanako)
    case_claim(municipality=midori, case_id=case_id, actor=officer)
    case_return(municipality=midori, case_id=case_id, actor=officer, reason="週数の確認")
    broken = pregnancy_data(hanako) | {"pregnancy_weeks": 1}
    assert (
        _code(
            lambda: case_resubmit(
                municipality=midori, case_id=case_id, actor=actor_of(hanako), data=broken
            )
        )
        == "case.data_invalid"
    )


def test_reject_needs_a_reason_and_is_final(
    midori: Municipality, family: dict[str, Resident], officer: StaffUser
) -> None:
    hanako = family["花子"]
    case_id = _case(midori, hanako)
    case_claim(municipality=midori, case_id=case_id, actor=officer)
    rejected = case_reject(
        municipality=midori, case_id=case_id, actor=officer, reason="重複した届出"
    )
    assert rejected.state == CaseState.REJECTED and rejected.rejection_reason == "重複した届出"
    assert _code(
        lambda: case_withdraw(municipality=midori, case_id=case_id, actor=actor_of(hanako))
    ) == ("case.transition_invalid")


def test_the_resident_withdraws_before_a_decision(
    midori: Municipality, family: dict[str, Resident]
) -> None:
    hanako = family["花子"]
    case_id = _case(midori, hanako)
    withdrawn = case_withdraw(municipality=midori, case_id=case_id, actor=actor_of(hanako))
    assert withdrawn.state == CaseState.WITHDRAWN
    assert CaseEvent.objects.filter(
        case_id=case_id, activity="withdraw", actor_type="resident"
    ).exists()


def test_someone_elses_case_cannot_be_withdrawn(
    midori: Municipality, family: dict[str, Resident]
) -> None:
    case_id = _case(midori, family["花子"])
    stranger = actor_of(neighbour(midori))
    assert _code(lambda: case_withdraw(municipality=midori, case_id=case_id, actor=stranger)) == (
        "case.not_found"
    )


def test_another_municipalitys_case_is_not_found(
    midori: Municipality, minakami: Municipality, family: dict[str, Resident], outsider: StaffUser
) -> None:
    case_id = _case(midori, family["花子"])
    assert _code(lambda: case_claim(municipality=minakami, case_id=case_id, actor=outsider)) == (
        "case.not_found"
    )
    assert _code(lambda: case_claim(municipality=midori, case_id=case_id, actor=outsider)) == (
        "case.not_found"
    )


def test_a_two_step_procedure_is_forwarded_to_the_next_step(
    midori: Municipality, family: dict[str, Resident], officer: StaffUser, fake_jpki: list[bytes]
) -> None:
    hanako = family["花子"]
    data = {
        "insured": {
            "name": hanako.name,
            "name_kana": hanako.name_kana,
            "birth_date": hanako.birth_date.isoformat(),
            "address": hanako.address,
        },
        "application_kind": "新規",
        "physician": {"name": "医師　一郎", "institution": "みどり医院"},
        "current_place": "在宅",
    }
    signature = fake_signature(
        case_signing_bytes(
            applications=[SignedApplication(midori.lg_code, "care_need_certification", data)]
        )
    )
    case_id = case_submit(
        municipality=midori,
        procedure_id="care_need_certification",
        data=data,
        actor=actor_of(hanako),
        signature=signature,
    ).case.pk
    case_claim(municipality=midori, case_id=case_id, actor=officer)
    forwarded = case_approve(municipality=midori, case_id=case_id, actor=officer)
    assert (forwarded.state, forwarded.step, forwarded.assigned_to) == (
        CaseState.SUBMITTED,
        1,
        None,
    )
    # The last step records the application in 介護保険, which knows her as 被保険者.
    care_insured_enrol(
        municipality=midori,
        code=code_of(midori, Business.CARE, hanako),
        insured_number="0000012345",
        acquired_on=dt.date(2024, 4, 1),
        actor=None,
    )
    case_claim(municipality=midori, case_id=case_id, actor=officer)
    assert (
        case_approve(municipality=midori, case_id=case_id, actor=officer).state
        == CaseState.APPROVED
    )
    activities = list(CaseEvent.objects.filter(case_id=case_id).values_list("activity", flat=True))
    assert activities == ["submit", "claim", "forward", "claim", "approve"]


def test_case_events_cannot_be_changed(midori: Municipality, family: dict[str, Resident]) -> None:
    case_id = _case(midori, family["花子"])
    with pytest.raises(DatabaseError), transaction.atomic():
        CaseEvent.objects.filter(case_id=case_id).update(activity="approve")
