"""Approval applies the case's data to the back yard, once: 転出 and the 転出証明書情報 to the
new municipality, 転居, the signed 住民票の写し kept for the portal."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from jichitai.common.exceptions import DomainError
from jichitai.identity.models import Role, StaffUser
from jichitai.procedures.approval_actions import ApprovalOutcome
from jichitai.procedures.inbox import case_approval_effects
from jichitai.procedures.models import Case, CaseState
from jichitai.procedures.selectors import case_signing_bytes, procedure_get
from jichitai.procedures.services import (
    case_approve,
    case_claim,
    case_submit,
)
from jichitai.procedures.signing import SignedApplication
from jichitai.procedures.tests.conftest import _staff
from jichitai.procedures.tests.factories import (
    actor_of,
    fake_signature,
    fee_paid,
    move_out_data,
    onestop_submit,
)
from jichitai.registry.certificates.verification import verify_certificate_pdf
from jichitai.registry.models import (
    Change,
    ChangeType,
    IssuedCertificate,
    MoveOutCertificate,
    Resident,
    ResidentStatus,
)
from jichitai.registry.services import SupportRelative, support_measure_start
from jichitai.tenants.models import Municipality


def _signed(lg_code: str, procedure_id: str, data: dict[str, Any]) -> bytes:
    return fake_signature(
        case_signing_bytes(applications=[SignedApplication(lg_code, procedure_id, data)])
    )


def _approve(municipality: Municipality, case_id: int, staff: StaffUser) -> Case:
    case_claim(municipality=municipality, case_id=case_id, actor=staff)
    return case_approve(municipality=municipality, case_id=case_id, actor=staff)


def _move_out(midori: Municipality, members: list[Resident]) -> int:
    data = move_out_data(members)
    return case_submit(
        municipality=midori,
        procedure_id="move_out",
        data=data,
        actor=actor_of(members[0]),
        signature=_signed(midori.lg_code, "move_out", data),
    ).case.pk


def test_approving_a_move_out_records_it_in_the_register(
    midori: Municipality, family: dict[str, Resident], reviewer: StaffUser, fake_jpki: list[bytes]
) -> None:
    members = list(family.values())
    case = _approve(midori, _move_out(midori, members), reviewer)
    assert case.registry_change_id is not None
    change = Change.objects.get(pk=case.registry_change_id)
    assert change.change_type == ChangeType.MOVE_OUT
    assert change.effective_on == timezone.localdate() + dt.timedelta(days=7)
    assert change.notified_on == timezone.localdate()
    for resident in Resident.objects.filter(pk__in=[m.pk for m in members]):
        # 住民 until the 転出予定日 (registry: doc/j50.txt §1.1.5).
        assert resident.status == ResidentStatus.ACTIVE
        assert resident.planned_removal_on == change.effective_on
        assert resident.removal_reason == ChangeType.MOVE_OUT
        assert resident.moving_to_address == "群馬県利根郡みなかみ町後閑318番地"


def test_approving_twice_applies_once(
    midori: Municipality, family: dict[str, Resident], reviewer: StaffUser, fake_jpki: list[bytes]
) -> None:
    case_id = _move_out(midori, list(family.values()))
    _approve(midori, case_id, reviewer)
    with pytest.raises(DomainError, match=r"case\.transition_invalid"):
        case_approve(municipality=midori, case_id=case_id, actor=reviewer)
    assert Change.objects.filter(change_type=ChangeType.MOVE_OUT).count() == 1


def test_a_register_rule_refusing_the_action_leaves_the_case_in_review(
    midori: Municipality, family: dict[str, Resident], reviewer: StaffUser, fake_jpki: list[bytes]
) -> None:
    first = _move_out(midori, [family["花子"], family["翔太"], family["美咲"]])
    second = _move_out(midori, [family["花子"], family["翔太"], family["美咲"]])
    _approve(midori, first, reviewer)
    case_claim(municipality=midori, case_id=second, actor=reviewer)
    with pytest.raises(DomainError) as refused:
        case_approve(municipality=midori, case_id=second, actor=reviewer)
    # Their 転出 is recorded already (they stay 住民 until its 転出予定日).
    assert refused.value.code == "registry.removal_planned"
    assert Case.objects.get(pk=second).state == CaseState.IN_REVIEW


def test_the_onestop_approval_hands_the_move_to_the_new_municipality(
    midori: Municipality,
    minakami: Municipality,
    family: dict[str, Resident],
    reviewer: StaffUser,
    fake_jpki: list[bytes],
) -> None:
    origin = onestop_submit(midori, minakami, family)
    assert not MoveOutCertificate.objects.for_municipality(minakami).exists()
    _approve(midori, origin.pk, reviewer)
    pending = MoveOutCertificate.objects.for_municipality(minakami).get()
    assert pending.source_lg_code == midori.lg_code
    assert pending.status == MoveOutCertificate.Status.PENDING
    assert len(pending.persons) == 3
    # B's reservation waits for its counter, which records the 転入 from the certificate.
    reservation = Case.objects.for_municipality(minakami).get()
    assert reservation.state == CaseState.SUBMITTED


def test_a_move_out_without_a_reservation_sends_nothing(
    midori: Municipality, family: dict[str, Resident], reviewer: StaffUser, fake_jpki: list[bytes]
) -> None:
    case = Case.objects.get(pk=_move_out(midori, list(family.values())))
    # The reviewer is not told of a hand-over either (nor the file's note about it).
    effects = case_approval_effects(case=case, procedure=procedure_get(procedure_id="move_out"))
    assert effects == ["住民記録に国内転出を記録します。"]
    _approve(midori, case.pk, reviewer)
    assert not MoveOutCertificate.objects.exists()


def test_a_later_outcome_adds_to_an_earlier_one() -> None:
    recorded = ApprovalOutcome(registry_change_id=7)
    assert recorded.merged(ApprovalOutcome()) == recorded
    assert ApprovalOutcome().merged(recorded).case_fields() == {"registry_change_id": 7}


def test_approving_a_move_within_records_the_new_address(
    midori: Municipality, family: dict[str, Resident], reviewer: StaffUser, clerk: StaffUser
) -> None:
    hanako = family["花子"]
    data = {
        "applicant": {
            "name": hanako.name,
            "birth_date": hanako.birth_date.isoformat(),
            "address": hanako.address,
        },
        "movers": [{"resident_id": m.pk} for m in family.values()],
        "moved_on": timezone.localdate().isoformat(),
        "new_address": {"address": "群馬県みどり市笠懸町鹿2952番地", "postal_code": "3790292"},
    }
    case = case_submit(
        municipality=midori,
        procedure_id="move_within",
        data=data,
        actor=clerk,
        applicant_id=hanako.pk,
    ).case
    approved = _approve(midori, case.pk, reviewer)
    assert approved.registry_change_id is not None
    assert Change.objects.get(pk=approved.registry_change_id).change_type == ChangeType.MOVE_WITHIN
    hanako.refresh_from_db()
    assert hanako.address == "群馬県みどり市笠懸町鹿2952番地"


def _juminhyo_case(midori: Municipality, applicant: Resident, persons: list[Resident]) -> int:
    data = {
        "applicant": {
            "name": applicant.name,
            "birth_date": applicant.birth_date.isoformat(),
            "address": applicant.address,
        },
        "persons": [{"resident_id": m.pk} for m in persons],
        "purpose": "各種手続",
    }
    case = case_submit(
        municipality=midori,
        procedure_id="juminhyo_request",
        data=data,
        actor=actor_of(applicant),
        signature=_signed(midori.lg_code, "juminhyo_request", data),
    ).case
    return fee_paid(case).pk


def test_a_protected_applicant_gets_their_own_juminhyo_online(
    midori: Municipality, family: dict[str, Resident], reviewer: StaffUser, fake_jpki: list[bytes]
) -> None:
    """支援措置 (事務処理要領 第5-10): 本人からの請求 is served; the card holder is the applicant,
    and 翔太 is protected by the same measure."""
    hanako, shota = family["花子"], family["翔太"]
    support_measure_start(
        municipality=midori,
        applicant_id=hanako.pk,
        relatives=[SupportRelative(resident_id=shota.pk, relation="子")],
        starts_on=timezone.localdate(),
        reason="配偶者からの暴力",
        actor=reviewer,
    )
    counter = _staff(midori, "counter", Role.COUNTER)
    approved = _approve(midori, _juminhyo_case(midori, hanako, [hanako, shota]), counter)
    assert approved.state == CaseState.APPROVED and approved.documents.count() == 1


def test_a_juminhyo_naming_someone_protected_apart_is_refused_at_approval(
    midori: Municipality, family: dict[str, Resident], reviewer: StaffUser, fake_jpki: list[bytes]
) -> None:
    """翔太 is protected by a measure 花子 is not part of: her online request for him is
    refused like any other (the approval changes nothing)."""
    support_measure_start(
        municipality=midori,
        applicant_id=family["翔太"].pk,
        starts_on=timezone.localdate(),
        reason="児童虐待",
        actor=reviewer,
    )
    case_id = _juminhyo_case(midori, family["花子"], [family["花子"], family["翔太"]])
    with pytest.raises(DomainError) as refused:
        _approve(midori, case_id, _staff(midori, "counter", Role.COUNTER))
    assert refused.value.code == "support_measure.protected"
    assert not IssuedCertificate.objects.exists()


def test_approving_a_juminhyo_request_keeps_the_signed_pdf_for_the_portal(
    midori: Municipality, family: dict[str, Resident], fake_jpki: list[bytes]
) -> None:
    counter = _staff(midori, "counter", Role.COUNTER)
    hanako = family["花子"]
    data = {
        "applicant": {
            "name": hanako.name,
            "birth_date": hanako.birth_date.isoformat(),
            "address": hanako.address,
        },
        "persons": [{"resident_id": m.pk} for m in family.values()],
        "include_household_head_and_relationship": True,
        "purpose": "各種手続",
    }
    case = case_submit(
        municipality=midori,
        procedure_id="juminhyo_request",
        data=data,
        actor=actor_of(hanako),
        signature=_signed(midori.lg_code, "juminhyo_request", data),
    ).case
    approved = _approve(midori, fee_paid(case).pk, counter)
    document = approved.documents.get()
    pdf = document.file.open("rb").read()
    assert pdf.startswith(b"%PDF") and document.title == "住民票の写し"
    issued = IssuedCertificate.objects.get(issue_number=document.issue_number)
    assert issued.whole_household and issued.with_household_head
    assert verify_certificate_pdf(pdf, municipality=midori).valid
    # 本人等の請求 online: the applicant with her own card, one copy at the catalog's fee.
    assert (issued.requester, issued.identity_check) == ("self", "my_number_card")
    assert (issued.copies, issued.fee) == (1, 300)
