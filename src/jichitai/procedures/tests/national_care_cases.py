"""Conformance rows of the 11 介護 procedures of the national plan (see national_cases)."""

from __future__ import annotations

import datetime as dt

from jichitai.departments.models import (
    CareBenefitClaim,
    CareCardReissue,
    CareCertification,
    CareCostLimitApplication,
    CareLevel,
    CarePlanProvider,
    ChildAllowanceAllocation,
)
from jichitai.procedures.tests.department_cases import (
    card_reissue_data,
)
from jichitai.procedures.tests.national_cases import (
    BANK,
    Conformance,
    _care_need,
    _certification_of,
    _certified,
    _claim,
    _guardian,
    _insured,
    _insured_form,
    _iso,
)

Alloc = ChildAllowanceAllocation.Kind


CARE_CASES = [
    # ------------------------------------------------------------------------ 介護
    Conformance(
        procedure_id="care_need_certification",
        applicant="ウメ",
        arrange=_insured,
        data=_care_need("新規"),
        variant="新規",
        recorded=_certification_of(CareCertification.Kind.NEW),
        missing="/physician",
        wrong=("/application_kind", "再申請"),
    ),
    Conformance(
        procedure_id="care_need_certification",
        applicant="ウメ",
        arrange=_certified,
        data=_care_need("更新"),
        variant="更新",
        recorded=_certification_of(CareCertification.Kind.RENEWAL),
        missing="/current_place",
        wrong=("/insured/name_kana", "yamada"),
    ),
    Conformance(
        procedure_id="care_need_certification",
        applicant="ウメ",
        arrange=_certified,
        data=_care_need("区分変更"),
        variant="区分変更",
        recorded=_certification_of(CareCertification.Kind.CHANGE),
        missing="/application_kind",
        wrong=("/physician/name", ""),
    ),
    Conformance(
        procedure_id="care_plan_notification",
        applicant="ウメ",
        arrange=_certified,
        data=lambda w: {
            **_insured_form(w),
            "kind": "居宅介護支援（要介護）",
            "provider": {"number": "1071200123", "name": "みどりケアプランセンター"},
            "starts_on": w.today.isoformat(),
        },
        recorded=lambda w: CarePlanProvider.objects.filter(
            municipality=w.municipality,
            provider_number="1071200123",
            starts_on=w.today,
            ends_on__isnull=True,
        ).exists(),
        missing="/provider",
        wrong=("/provider/number", "12345"),
    ),
    Conformance(
        procedure_id="care_cost_share_card_reissue",
        applicant="ウメ",
        arrange=_insured,
        data=lambda w: {**_insured_form(w), "reason": "紛失"},
        recorded=lambda w: CareCardReissue.objects.filter(
            municipality=w.municipality, card=CareCardReissue.Card.COST_SHARE
        ).exists(),
        missing="/reason",
        wrong=("/reason", "盗難"),
    ),
    Conformance(
        procedure_id="care_insurance_card_reissue",
        applicant="ウメ",
        arrange=_insured,
        data=lambda w: {**card_reissue_data(w.people["ウメ"]), **_insured_form(w)},
        recorded=lambda w: CareCardReissue.objects.filter(
            municipality=w.municipality, card=CareCardReissue.Card.INSURANCE
        ).exists(),
        missing="/insured",
        wrong=("/insured/insured_number", "12345"),
    ),
    Conformance(
        procedure_id="care_high_cost_benefit",
        applicant="ウメ",
        arrange=_certified,
        data=lambda w: {
            **_insured_form(w),
            "first_month": w.today.replace(day=1).isoformat(),
            "bank_account": BANK,
        },
        recorded=_claim(CareBenefitClaim.Kind.HIGH_COST, benefit__isnull=True),
        missing="/bank_account",
        wrong=("/first_month", "今月"),
    ),
    Conformance(
        procedure_id="care_cost_limit_certification",
        applicant="ウメ",
        arrange=_insured,
        data=lambda w: {
            **_insured_form(w),
            "has_spouse": False,
            "public_assistance": False,
            "pension_income": 700_000,
            "savings": 3_000_000,
        },
        recorded=lambda w: CareCostLimitApplication.objects.filter(
            municipality=w.municipality, stage=CareCostLimitApplication.Stage.SECOND
        ).exists(),
        attachments=("savings_evidence",),
        missing="/savings",
        wrong=("/savings", -1),
    ),
    Conformance(
        procedure_id="care_equipment_purchase",
        applicant="ウメ",
        arrange=_certified,
        data=lambda w: {
            **_insured_form(w),
            "item": "腰掛便座",
            "provider": "みどり福祉用具",
            "purchased_on": w.today.isoformat(),
            "cost": 60_000,
            "copay": "1割",
            "bank_account": BANK,
        },
        recorded=_claim(CareBenefitClaim.Kind.EQUIPMENT, cost=60_000, benefit=54_000),
        attachments=("receipt",),
        missing="/cost",
        wrong=("/copay", "4割"),
    ),
    Conformance(
        procedure_id="care_home_modification",
        applicant="ウメ",
        arrange=_certified,
        data=lambda w: {
            **_insured_form(w),
            "work": "手すりの取付け",
            "contractor": "みどり工務店",
            "completed_on": w.today.isoformat(),
            "cost": 250_000,
            "copay": "1割",
            "bank_account": BANK,
        },
        # 20万円 counted, 9割 paid.
        recorded=_claim(
            CareBenefitClaim.Kind.HOME_MODIFICATION, counted_cost=200_000, benefit=180_000
        ),
        attachments=("receipt", "photos"),
        missing="/work",
        wrong=("/cost", 0),
    ),
    Conformance(
        procedure_id="care_relocation_certification",
        applicant="ウメ",
        arrange=lambda w: _insured(w, acquired_days_ago=5),
        data=lambda w: {
            "insured": _guardian(w.people["ウメ"]),
            "former_municipality": "東京都千代田区",
            "level": "要介護3",
            "valid_to": _iso(w, 120),
        },
        recorded=lambda w: CareCertification.objects.filter(
            municipality=w.municipality,
            kind=CareCertification.Kind.RELOCATION,
            status=CareCertification.Status.DECIDED,
            level=CareLevel.CARE_3,
            valid_from=w.today - dt.timedelta(days=5),
        ).exists(),
        attachments=("eligibility_certificate",),
        missing="/level",
        wrong=("/level", "要介護6"),
    ),
]
