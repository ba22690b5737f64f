"""Conformance rows of the 15 子育て procedures of the national plan (see national_cases)."""

from __future__ import annotations

import datetime as dt

from jichitai.departments.models import Business as B
from jichitai.departments.models import (
    ChildAllowanceAllocation,
    ChildAllowanceNotice,
    ChildAllowanceRecipient,
    ChildAllowanceStatusReport,
    ChildcareApplication,
    ChildcareCertification,
    ChildcareStatusReport,
    ChildSupportStatusReport,
    PregnancyNotification,
)
from jichitai.departments.services import child_support_certify
from jichitai.procedures.tests.department_cases import (
    claim_data,
    nursery_data,
    revision_data,
    status_data,
)
from jichitai.procedures.tests.factories import pregnancy_data
from jichitai.procedures.tests.national_cases import (
    Conformance,
    World,
    _allocated,
    _allowance,
    _child,
    _childcare_certified,
    _guardian,
    _income,
    _iso,
    _next_month,
    _person,
    allocations,
)

Alloc = ChildAllowanceAllocation.Kind


def _recipient(world: World) -> ChildAllowanceRecipient:
    return ChildAllowanceRecipient.objects.get(
        municipality=world.municipality, code=world.code(B.CHILD_ALLOWANCE, "花子")
    )


def _child_support(world: World) -> None:
    child_support_certify(
        municipality=world.municipality,
        code=world.code(B.CHILD_SUPPORT, "花子"),
        certified_on=world.today - dt.timedelta(days=200),
        actor=None,
    )


CHILD_CASES = [
    Conformance(
        procedure_id="child_support_status",
        applicant="花子",
        arrange=_child_support,
        data=lambda w: {
            "applicant": _person(w.people["花子"]),
            "children_count": 2,
            "employment": "就労している",
            "support_received": 0,
        },
        recorded=lambda w: ChildSupportStatusReport.objects.filter(
            municipality=w.municipality,
            recipient__code=w.code(B.CHILD_SUPPORT, "花子"),
            year=w.today.year,
            children_count=2,
            interviewed_on__isnull=True,
        ).exists(),
        missing="/employment",
        wrong=("/children_count", 0),
    ),
    # ------------------------------------------------------------------------ 子育て
    Conformance(
        procedure_id="child_allowance_claim",
        applicant="花子",
        arrange=_income,
        data=lambda w: claim_data(w.people["花子"], [w.people["翔太"], w.people["美咲"]]),
        recorded=lambda w: _recipient(w).children.count() == 2,
        missing="/bank_account",
        wrong=("/bank_account/account_number", "12-34"),
    ),
    Conformance(
        procedure_id="child_allowance_revision",
        applicant="花子",
        arrange=_allowance,
        data=lambda w: revision_data(w.people["花子"], [w.people["美咲"]], w.today),
        recorded=lambda w: _recipient(w).children.count() == 2,
        missing="/occurred_on",
        wrong=("/occurred_on", "令和8年"),
    ),
    Conformance(
        procedure_id="child_allowance_change",
        applicant="花子",
        arrange=_allowance,
        data=lambda w: {
            "applicant": _person(w.people["花子"]),
            "change": "支払口座の変更",
            "occurred_on": w.today.isoformat(),
            "detail": "みどり銀行 本店 普通 7654321",
        },
        recorded=lambda w: (
            _recipient(w)
            .notices.filter(kind=ChildAllowanceNotice.Kind.ACCOUNT, occurred_on=w.today)
            .exists()
        ),
        missing="/change",
        wrong=("/change", "引越し"),
    ),
    Conformance(
        procedure_id="child_allowance_extinction",
        applicant="花子",
        arrange=_allowance,
        data=lambda w: {
            "applicant": _person(w.people["花子"]),
            "reason": "児童を養育しなくなった",
            "occurred_on": w.today.isoformat(),
        },
        recorded=lambda w: (
            _recipient(w).status == ChildAllowanceRecipient.Status.ENDED
            and _recipient(w).ended_on == w.today
            and not _recipient(w).children.filter(removed_on__isnull=True).exists()
        ),
        missing="/occurred_on",
        wrong=("/reason", "なんとなく"),
    ),
    Conformance(
        procedure_id="child_allowance_donation",
        applicant="花子",
        arrange=_allowance,
        data=lambda w: {
            "applicant": _person(w.people["花子"]),
            "portion": "一部",
            "monthly_amount": 5_000,
            "from_month": _next_month(w),
        },
        recorded=lambda w: allocations(w, Alloc.DONATION) == [(5_000, None)],
        missing="/portion",
        wrong=("/monthly_amount", 0),
    ),
    Conformance(
        procedure_id="child_allowance_donation_change",
        applicant="花子",
        arrange=_allocated(Alloc.DONATION),
        data=lambda w: {
            "applicant": _person(w.people["花子"]),
            "change": "やめる",
            "from_month": _next_month(w),
        },
        recorded=lambda w: allocations(w, Alloc.DONATION) == [(5_000, w.today.replace(day=1))],
        missing="/change",
        wrong=("/from_month", "来月から"),
    ),
    Conformance(
        procedure_id="child_allowance_fee_deduction",
        applicant="花子",
        arrange=_allowance,
        data=lambda w: {
            "applicant": _person(w.people["花子"]),
            "fee": "学校給食費",
            "portion": "全額",
            "from_month": _next_month(w),
        },
        recorded=lambda w: allocations(w, Alloc.SCHOOL_LUNCH) == [(None, None)],
        missing="/fee",
        wrong=("/fee", "修学旅行費"),
    ),
    Conformance(
        procedure_id="child_allowance_fee_deduction_change",
        applicant="花子",
        arrange=_allocated(Alloc.SCHOOL_LUNCH),
        data=lambda w: {
            "applicant": _person(w.people["花子"]),
            "fee": "学校給食費",
            "change": "一部の額にする",
            "monthly_amount": 3_000,
            "from_month": _next_month(w),
        },
        recorded=lambda w: (
            allocations(w, Alloc.SCHOOL_LUNCH) == [(5_000, w.today.replace(day=1)), (3_000, None)]
        ),
        missing="/from_month",
        wrong=("/monthly_amount", "三千円"),
    ),
    Conformance(
        procedure_id="child_allowance_status",
        applicant="花子",
        arrange=_allowance,
        data=lambda w: status_data(w.people["花子"], [w.people["翔太"]]),
        recorded=lambda w: ChildAllowanceStatusReport.objects.filter(
            recipient=_recipient(w), children_count=1
        ).exists(),
        missing="/reason",
        wrong=("/children", []),
    ),
    Conformance(
        procedure_id="childcare_certification",
        applicant="花子",
        data=lambda w: {
            "applicant": _guardian(w.people["花子"]),
            "child": _child(w.people["美咲"]),
            "purpose": "保育（保育所など）",
            "need_reason": "就労",
            "start_on": _next_month(w),
        },
        recorded=lambda w: ChildcareCertification.objects.filter(
            municipality=w.municipality,
            child_code=w.code(B.CHILDCARE, "美咲"),
            category=ChildcareCertification.Category.SECOND,
            application__isnull=True,
        ).exists(),
        missing="/purpose",
        wrong=("/start_on", "来月"),
    ),
    Conformance(
        procedure_id="nursery_application",
        applicant="花子",
        data=lambda w: nursery_data(
            w.people["花子"], w.people["美咲"], dt.date.fromisoformat(_next_month(w))
        ),
        recorded=lambda w: ChildcareApplication.objects.filter(
            municipality=w.municipality, child_code=w.code(B.CHILDCARE, "美咲")
        ).exists(),
        missing="/preferences",
        wrong=("/preferences", []),
    ),
    Conformance(
        procedure_id="childcare_status_report",
        applicant="花子",
        arrange=_childcare_certified,
        data=lambda w: {
            "applicant": _guardian(w.people["花子"]),
            "child": _child(w.people["美咲"]),
            "need_continues": "なくなった",
            "ends_on": _iso(w, 20),
        },
        recorded=lambda w: ChildcareStatusReport.objects.filter(
            municipality=w.municipality,
            need_continues=False,
            certification__valid_to=w.today + dt.timedelta(days=20),
        ).exists(),
        missing="/need_continues",
        wrong=("/ends_on", "2026/13/40"),
    ),
    Conformance(
        procedure_id="pregnancy_notification",
        applicant="花子",
        data=lambda w: pregnancy_data(w.people["花子"]),
        recorded=lambda w: PregnancyNotification.objects.filter(
            municipality=w.municipality, code=w.code(B.MATERNAL_HEALTH, "花子")
        ).exists(),
        missing="/expected_delivery_on",
        wrong=("/fetuses", 0),
    ),
]
