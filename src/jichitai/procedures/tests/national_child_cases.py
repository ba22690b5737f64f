"""Conformance rows of the 15 子育て procedures of the national plan (see national_cases)."""

from __future__ import annotations

import datetime as dt

from jichitai.departments.models import Business as B
from jichitai.departments.models import (
    ChildAllowanceAllocation,
    ChildAllowanceNotice,
    ChildAllowanceRecipient,
    ChildAllowanceStatusReport,
    ChildAllowanceUnpaidPayment,
    ChildcareApplication,
    ChildcareCertification,
    ChildcareStatusReport,
    ChildSupportStatusReport,
    PregnancyNotification,
)
from jichitai.departments.services import (
    ClaimedChild,
    child_allowance_certify,
    child_allowance_payment_record,
    child_support_certify,
)
from jichitai.procedures.department_actions import income_fiscal_year
from jichitai.procedures.tests.department_cases import (
    claim_data,
    nursery_data,
    revision_data,
    status_data,
)
from jichitai.procedures.tests.factories import pregnancy_data
from jichitai.procedures.tests.national_cases import (
    BANK,
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
from jichitai.registry.models import ChangeType, Resident
from jichitai.registry.services import residents_register, residents_remove
from jichitai.registry.tests.factories import MIDORI_ADDRESS, person

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


def _recipient_died(world: World) -> None:
    """山田太郎, 花子's husband in her 世帯, received 児童手当 for 翔太 and 美咲 from about five
    months ago; one 支払月 paid him, then he died ten days ago (死亡届: the register tells the
    児童手当 business, which closes his record by death). What he was owed since is unpaid."""
    hanako = world.people["花子"]
    change = residents_register(
        municipality=world.municipality,
        change_type=ChangeType.MOVE_IN,
        people=[person("山田　太郎", "ヤマダ　タロウ", dt.date(1988, 9, 1), "1", "夫")],
        address=MIDORI_ADDRESS,
        effective_on=dt.date(2024, 4, 1),
        notified_on=dt.date(2024, 4, 1),
        actor=None,
        household_id=hanako.household_id,
    )
    taro = Resident.objects.get(history__change=change)
    world.people["太郎"] = taro
    claimed = world.today - dt.timedelta(days=150)
    recipient = child_allowance_certify(
        municipality=world.municipality,
        recipient_code=world.code(B.CHILD_ALLOWANCE, "太郎"),
        children=[
            ClaimedChild(code=world.code(B.CHILD_ALLOWANCE, name), birth_date=child.birth_date)
            for name, child in (("翔太", world.people["翔太"]), ("美咲", world.people["美咲"]))
        ],
        claimed_on=claimed,
        occurred_on=None,
        certified_on=claimed,
        income_fiscal_year=income_fiscal_year(claimed),
        total_income=4_000_000,
        income_exchange_id="",
        actor=None,
    )
    payment_month = recipient.payment_start_month
    while payment_month.month % 2 or payment_month == recipient.payment_start_month:
        payment_month = (payment_month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    child_allowance_payment_record(
        municipality=world.municipality,
        recipient_code=world.code(B.CHILD_ALLOWANCE, "太郎"),
        payment_month=payment_month,
        paid_on=payment_month + dt.timedelta(days=9),
        actor=None,
    )
    residents_remove(
        municipality=world.municipality,
        change_type=ChangeType.DEATH,
        resident_ids=[taro.pk],
        effective_on=world.today - dt.timedelta(days=10),
        notified_on=world.today - dt.timedelta(days=8),
        actor=None,
    )


def _unpaid_paid(world: World) -> bool:
    """Each child got half of what 太郎 was owed after the 支払月, up to the month he died."""
    died = world.today - dt.timedelta(days=10)
    shares = ChildAllowanceUnpaidPayment.objects.filter(
        municipality=world.municipality,
        recipient__code=world.code(B.CHILD_ALLOWANCE, "太郎"),
        recipient__end_reason=ChildAllowanceRecipient.EndReason.DEATH,
    )
    by_child = {p.claimant_code: p for p in shares}
    codes = {world.code(B.CHILD_ALLOWANCE, "翔太"), world.code(B.CHILD_ALLOWANCE, "美咲")}
    return (
        set(by_child) == codes
        and {p.last_month for p in shares} == {died.replace(day=1)}
        # 翔太 and 美咲 (3 since 2026-01) are 10,000円 a month each: 10,000 per child a month.
        and all(
            p.amount
            == 10_000
            * (
                (p.last_month.year - p.first_month.year) * 12
                + p.last_month.month
                - p.first_month.month
                + 1
            )
            for p in shares
        )
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
        procedure_id="child_allowance_unpaid",
        applicant="花子",
        arrange=_recipient_died,
        data=lambda w: {
            "applicant": {**_person(w.people["花子"]), "relationship": "父母"},
            "deceased": {"name": "山田　太郎", "died_on": _iso(w, -10)},
            "children": [_child(w.people["翔太"]), _child(w.people["美咲"])],
            "bank_account": {**BANK, "holder_kana": "ヤマダ　ハナコ"},
        },
        recorded=_unpaid_paid,
        missing="/deceased",
        wrong=("/applicant/relationship", "近所の人"),
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
