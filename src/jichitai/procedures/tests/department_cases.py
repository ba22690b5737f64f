"""Cases of the department procedures as a counter files them for a resident (no signature at
the counter), their approval, and the tax records the 児童手当 approval reads through the
broker. Shared by the procedures and portal tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jichitai.conftest import PASSWORD
from jichitai.departments.models import Business
from jichitai.departments.services import resident_tax_record
from jichitai.identity.models import Role, StaffUser
from jichitai.identity.services import staff_create
from jichitai.identity.tests.factories import NON_RESIDENT_KEYS, department_with_members
from jichitai.linkage.services import person_code_obtain
from jichitai.procedures.models import Case
from jichitai.procedures.services import case_approve, case_claim, case_submit
from jichitai.registry.models import Resident
from jichitai.tenants.models import Municipality


def welfare_officer(municipality: Municipality, username: str = "welfare") -> StaffUser:
    """各課担当 of 福祉課, which takes every department but 住民記録."""
    user = staff_create(
        municipality=municipality,
        username=username,
        password=PASSWORD,
        display_name=username,
        roles=[Role.DEPARTMENT],
        actor=None,
        check_password=False,
    )
    department_with_members(
        municipality, code="fukushi", name="福祉課", keys=NON_RESIDENT_KEYS, members=[user]
    )
    return user


def counter_submit(
    municipality: Municipality,
    staff: StaffUser,
    applicant: Resident,
    procedure_id: str,
    data: dict[str, Any],
) -> Case:
    return case_submit(
        municipality=municipality,
        procedure_id=procedure_id,
        data=data,
        actor=staff,
        applicant_id=applicant.pk,
    ).case


def approve(municipality: Municipality, case: Case, staff: StaffUser) -> Case:
    """Claims and approves every step of the case."""
    while True:
        case_claim(municipality=municipality, case_id=case.pk, actor=staff)
        case = case_approve(municipality=municipality, case_id=case.pk, actor=staff)
        if case.decided_at is not None:
            return case


def code_of(municipality: Municipality, business: Business, resident: Resident) -> str:
    """The 符号 the broker issued (or issues) for the person to the business."""
    return person_code_obtain(
        municipality_code=municipality.lg_code,
        business=business,
        resident_code=resident.resident_code,
    )


def income_record(
    municipality: Municipality, resident: Resident, *, fiscal_year: int, total_income: int
) -> None:
    """住民税の賦課 of the person in `municipality`, under its tax 符号."""
    resident_tax_record(
        municipality=municipality,
        code=code_of(municipality, Business.TAX, resident),
        fiscal_year=fiscal_year,
        total_income=total_income,
        income_levy=total_income // 10,
        per_capita_levy=5_000,
        actor=None,
    )


def _person(resident: Resident) -> dict[str, Any]:
    return {
        "name": resident.name,
        "name_kana": resident.name_kana,
        "birth_date": resident.birth_date.isoformat(),
        "address": resident.address,
    }


def _member(resident: Resident, relationship: str = "子") -> dict[str, Any]:
    return {
        "resident_id": resident.pk,
        "name": resident.name,
        "birth_date": resident.birth_date.isoformat(),
        "relationship": relationship,
    }


def claim_data(claimant: Resident, children: list[Resident]) -> dict[str, Any]:
    """児童手当の認定請求 for `children`, chosen from the household."""
    return {
        "applicant": _person(claimant),
        "children": [{**_member(child), "lives_with_applicant": True} for child in children],
        "pension": "厚生年金",
        "bank_account": {
            "bank_name": "みどり銀行",
            "branch_name": "本店",
            "account_type": "普通",
            "account_number": "1234567",
            "holder_kana": "ヤマダ　ハナコ",
        },
    }


def status_data(recipient: Resident, children: list[Resident]) -> dict[str, Any]:
    return {
        "applicant": _person(recipient),
        "reason": "市区町村から提出を求められた",
        "children": [
            {"name": c.name, "birth_date": c.birth_date.isoformat(), "lives_with_applicant": True}
            for c in children
        ],
    }


def revision_data(
    recipient: Resident, added: list[Resident], occurred_on: dt.date
) -> dict[str, Any]:
    return {
        "applicant": _person(recipient),
        "reason": "養育の開始",
        "occurred_on": occurred_on.isoformat(),
        "added_children": [_member(child) for child in added],
    }


def nursery_data(guardian: Resident, child: Resident, starts_on: dt.date) -> dict[str, Any]:
    return {
        "applicant": _person(guardian),
        "child": {
            "resident_id": child.pk,
            "name": child.name,
            "birth_date": child.birth_date.isoformat(),
        },
        "need_reason": "就労",
        "desired_start_on": starts_on.isoformat(),
        "preferences": ["みどり保育園", "さくら保育園"],
    }


def nhi_data(
    head: Resident, members: list[Resident], *, kind: str, reason: str, occurred_on: dt.date
) -> dict[str, Any]:
    return {
        "applicant": _person(head),
        "kind": kind,
        "reason": reason,
        "occurred_on": occurred_on.isoformat(),
        "members": [_member(m, m.relationship) for m in members],
    }


def care_need_data(insured: Resident) -> dict[str, Any]:
    return {
        "insured": _person(insured),
        "application_kind": "新規",
        "physician": {"name": "医師　一郎", "institution": "みどり医院"},
        "current_place": "在宅",
    }


def card_reissue_data(insured: Resident) -> dict[str, Any]:
    return {"insured": _person(insured), "reason": "紛失"}
