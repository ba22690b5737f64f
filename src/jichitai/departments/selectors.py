"""Reads of the department records: what a business answers to the linkage broker.

The broker (linkage) is the only caller that knows which 符号 to ask about: a business holds
nothing that leads back to the register.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from jichitai.common.money import format_yen
from jichitai.common.templatetags.jichitai_ui import seireki
from jichitai.departments.errors import DepartmentItemUnknown, ValueInvalid
from jichitai.departments.models import (
    Business,
    CareCertification,
    CareInsured,
    ChildAllowanceRecipient,
    ChildcareApplication,
    ChildcareCertification,
    ChildSupportRecipient,
    Disaster,
    DisasterCertificate,
    DwellingDamage,
    NhiCoverage,
    PregnancyNotification,
    ResidentTaxAssessment,
)
from jichitai.departments.services.checks import (
    FIRST_FISCAL_YEAR,
    LAST_FISCAL_YEAR,
)
from jichitai.departments.services.disaster import dwelling_address_key
from jichitai.tenants.models import Municipality

RESIDENT_TAX_INCOME = "resident_tax.income"
CHILD_ALLOWANCE_RECIPIENT = "child_allowance.recipient"
CHILD_SUPPORT_RECIPIENT = "child_support.recipient"
NHI_COVERAGE = "nhi.coverage"
CARE_CERTIFICATION = "care.certification"
CHILDCARE_CERTIFICATION = "childcare.certification"
MATERNAL_HEALTH_PREGNANCY = "maternal_health.pregnancy"

ITEMS: dict[Business, frozenset[str]] = {
    Business.TAX: frozenset({RESIDENT_TAX_INCOME}),
    Business.CHILD_ALLOWANCE: frozenset({CHILD_ALLOWANCE_RECIPIENT}),
    Business.CHILD_SUPPORT: frozenset({CHILD_SUPPORT_RECIPIENT}),
    Business.NHI: frozenset({NHI_COVERAGE}),
    Business.CARE: frozenset({CARE_CERTIFICATION}),
    Business.CHILDCARE: frozenset({CHILDCARE_CERTIFICATION}),
    Business.MATERNAL_HEALTH: frozenset({MATERNAL_HEALTH_PREGNANCY}),
    # Nothing to other businesses yet (a 減免 on the 罹災証明書 would ask for an item here);
    # the person sees their certificates in わたしの情報.
    Business.DISASTER: frozenset(),
}
"""特定個人情報の項目: the data items each business provides (checked against the broker's
table of allowed exchanges at start-up)."""


@dataclass(frozen=True)
class Holding:
    """わたしの情報: one thing a business holds about a person, in words the person reads
    (label and value pairs in Japanese)."""

    title: str
    rows: tuple[tuple[str, str], ...]


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _in_force(start: dt.date, end: dt.date | None, *, on: dt.date) -> bool:
    """Is a period from `start` ending (exclusive) on `end` running on `on`?"""
    return start <= on and (end is None or on < end)


def _fiscal_year_param(params: Mapping[str, Any]) -> int:
    year = params.get("fiscal_year")
    if type(year) is not int or not FIRST_FISCAL_YEAR <= year <= LAST_FISCAL_YEAR:
        raise ValueInvalid(pointer="/params/fiscal_year", message="年度が正しくありません。")
    return year


def _resident_tax_income(
    municipality_code: str, code: str, params: Mapping[str, Any]
) -> dict[str, Any] | None:
    assessment = ResidentTaxAssessment.objects.filter(
        municipality_id=municipality_code, code=code, fiscal_year=_fiscal_year_param(params)
    ).first()
    if assessment is None:
        return None
    return {
        "fiscal_year": assessment.fiscal_year,
        "income_year": assessment.income_year,
        "total_income": assessment.total_income,
        "income_levy": assessment.income_levy,
        "per_capita_levy": assessment.per_capita_levy,
        "tax_total": assessment.tax_total,
    }


def _latest_recipient(municipality_code: str, code: str) -> ChildAllowanceRecipient | None:
    return (
        ChildAllowanceRecipient.objects.filter(municipality_id=municipality_code, code=code)
        .order_by("-certified_on", "-pk")
        .first()
    )


def _monthly_total(recipient: ChildAllowanceRecipient) -> int:
    latest = recipient.revisions.order_by("-effective_month", "-pk").first()
    return latest.monthly_total if latest is not None else 0


def _child_allowance_recipient(
    municipality_code: str, code: str, params: Mapping[str, Any]
) -> dict[str, Any] | None:
    recipient = _latest_recipient(municipality_code, code)
    if recipient is None:
        return None
    return {
        "status": recipient.status,
        "certified_on": _iso(recipient.certified_on),
        "monthly_total": _monthly_total(recipient),
        "children": recipient.children.filter(removed_on__isnull=True).count(),
    }


def _child_support_recipient(
    municipality_code: str, code: str, params: Mapping[str, Any]
) -> dict[str, Any] | None:
    recipient = (
        ChildSupportRecipient.objects.filter(municipality_id=municipality_code, code=code)
        .order_by("-certified_on", "-pk")
        .first()
    )
    if recipient is None:
        return None
    return {"status": recipient.status, "certified_on": _iso(recipient.certified_on)}


def _nhi_coverage(
    municipality_code: str, code: str, params: Mapping[str, Any]
) -> dict[str, Any] | None:
    coverage = (
        NhiCoverage.objects.filter(municipality_id=municipality_code, code=code)
        .order_by("-acquired_on", "-pk")
        .first()
    )
    if coverage is None:
        return None
    return {
        # 資格喪失日 is the first day without coverage (国民健康保険法 第8条).
        "insured": _in_force(coverage.acquired_on, coverage.lost_on, on=timezone.localdate()),
        "acquired_on": _iso(coverage.acquired_on),
        "lost_on": _iso(coverage.lost_on),
    }


def _latest_insured(municipality_code: str, code: str) -> CareInsured | None:
    return (
        CareInsured.objects.filter(municipality_id=municipality_code, code=code)
        .order_by("-acquired_on", "-pk")
        .first()
    )


def _care_certification(
    municipality_code: str, code: str, params: Mapping[str, Any]
) -> dict[str, Any] | None:
    insured = _latest_insured(municipality_code, code)
    if insured is None:
        return None
    decided = (
        insured.certifications.filter(status=CareCertification.Status.DECIDED)
        .order_by("-decided_on", "-pk")
        .first()
    )
    return {
        "insured": _in_force(insured.acquired_on, insured.lost_on, on=timezone.localdate()),
        "level": decided.level if decided is not None else None,
        "valid_from": _iso(decided.valid_from) if decided is not None else None,
        "valid_to": _iso(decided.valid_to) if decided is not None else None,
    }


def _childcare_certification(
    municipality_code: str, code: str, params: Mapping[str, Any]
) -> dict[str, Any] | None:
    certification = (
        ChildcareCertification.objects.filter(municipality_id=municipality_code, child_code=code)
        .order_by("-valid_from", "-pk")
        .first()
    )
    if certification is None:
        return None
    return {
        "category": certification.category,
        "hours": certification.hours or None,
        "valid_from": _iso(certification.valid_from),
        "valid_to": _iso(certification.valid_to),
    }


def _maternal_health_pregnancy(
    municipality_code: str, code: str, params: Mapping[str, Any]
) -> dict[str, Any] | None:
    pregnancy = (
        PregnancyNotification.objects.filter(municipality_id=municipality_code, code=code)
        .order_by("-notified_on", "-pk")
        .first()
    )
    if pregnancy is None:
        return None
    handbook = pregnancy.handbooks.order_by("serial").first()
    return {
        "notified_on": _iso(pregnancy.notified_on),
        "handbook_number": handbook.number if handbook is not None else None,
        "expected_on": _iso(pregnancy.expected_on),
    }


_Provider = Callable[[str, str, Mapping[str, Any]], dict[str, Any] | None]
_PROVIDERS: dict[str, _Provider] = {
    RESIDENT_TAX_INCOME: _resident_tax_income,
    CHILD_ALLOWANCE_RECIPIENT: _child_allowance_recipient,
    CHILD_SUPPORT_RECIPIENT: _child_support_recipient,
    NHI_COVERAGE: _nhi_coverage,
    CARE_CERTIFICATION: _care_certification,
    CHILDCARE_CERTIFICATION: _childcare_certification,
    MATERNAL_HEALTH_PREGNANCY: _maternal_health_pregnancy,
}


def department_item_provide(
    *,
    municipality_code: str,
    business: Business,
    code: str,
    item: str,
    params: Mapping[str, Any],
) -> dict[str, Any] | None:
    """特定個人情報の提供: the data item `item` about the person the business of the
    municipality knows by `code`; None when it holds nothing for it (e.g. no income for that
    year). Values are JSON (str, int, bool, ISO dates).

    Raises DepartmentItemUnknown (an item the business does not provide), ValueInvalid (a
    parameter missing or out of range: `resident_tax.income` needs an int `fiscal_year`).
    """
    if item not in ITEMS.get(Business(business), frozenset()):
        raise DepartmentItemUnknown()
    return _PROVIDERS[item](municipality_code, code, params)


def _yen(amount: int) -> str:
    return format_yen(amount)


def _month(day: dt.date) -> str:
    return f"{day.year}年{day.month}月"


def _tax_holdings(municipality_code: str, code: str) -> list[Holding]:
    assessments = ResidentTaxAssessment.objects.filter(
        municipality_id=municipality_code, code=code
    ).order_by("-fiscal_year")
    return [
        Holding(
            title=f"個人住民税（{a.fiscal_year}年度）",
            rows=(
                ("所得の年", f"{a.income_year}年"),
                ("総所得金額等", _yen(a.total_income)),
                ("所得割額", _yen(a.income_levy)),
                ("均等割額", _yen(a.per_capita_levy)),
                ("税額", _yen(a.tax_total)),
            ),
        )
        for a in assessments
    ]


def _child_allowance_holdings(municipality_code: str, code: str) -> list[Holding]:
    holdings = []
    recipients = ChildAllowanceRecipient.objects.filter(
        municipality_id=municipality_code, code=code
    ).order_by("-certified_on", "-pk")
    for recipient in recipients:
        rows = [
            ("状態", recipient.get_status_display()),
            ("認定日", seireki(recipient.certified_on)),
            ("支給開始月", f"{_month(recipient.payment_start_month)}分から"),
        ]
        if recipient.ended_on is not None:
            rows.append(("消滅日", seireki(recipient.ended_on)))
        else:
            children = recipient.children.filter(removed_on__isnull=True).count()
            rows += [("月額", _yen(_monthly_total(recipient))), ("対象児童", f"{children}人")]
        holdings.append(Holding(title="児童手当", rows=tuple(rows)))
    return holdings


def _child_support_holdings(municipality_code: str, code: str) -> list[Holding]:
    recipients = ChildSupportRecipient.objects.filter(
        municipality_id=municipality_code, code=code
    ).order_by("-certified_on", "-pk")
    holdings = []
    for recipient in recipients:
        rows = [
            ("状態", recipient.get_status_display()),
            ("認定日", seireki(recipient.certified_on)),
        ]
        latest = recipient.status_reports.order_by("-year").first()
        if latest is not None:
            rows.append(("現況届", f"{latest.year}年（{seireki(latest.sent_on)}送信）"))
        holdings.append(Holding(title="児童扶養手当", rows=tuple(rows)))
    return holdings


def _nhi_holdings(municipality_code: str, code: str) -> list[Holding]:
    coverages = NhiCoverage.objects.filter(municipality_id=municipality_code, code=code).order_by(
        "-acquired_on", "-pk"
    )
    holdings = []
    for coverage in coverages:
        rows = [
            ("資格取得日", seireki(coverage.acquired_on)),
            ("資格取得の理由", coverage.get_acquisition_reason_display()),
        ]
        if coverage.lost_on is not None:
            rows += [
                ("資格喪失日", seireki(coverage.lost_on)),
                ("資格喪失の理由", coverage.get_loss_reason_display()),
            ]
        holdings.append(Holding(title="国民健康保険の資格", rows=tuple(rows)))
    return holdings


def _care_holdings(municipality_code: str, code: str) -> list[Holding]:
    holdings = []
    for insured in CareInsured.objects.filter(
        municipality_id=municipality_code, code=code
    ).order_by("-acquired_on", "-pk"):
        rows = [
            ("被保険者番号", insured.insured_number),
            ("資格取得日", seireki(insured.acquired_on)),
        ]
        if insured.lost_on is not None:
            rows.append(("資格喪失日", seireki(insured.lost_on)))
        holdings.append(Holding(title="介護保険の被保険者", rows=tuple(rows)))
        for certification in insured.certifications.order_by("-applied_on", "-pk"):
            rows = [
                ("申請の区分", certification.get_kind_display()),
                ("申請日", seireki(certification.applied_on)),
                ("状態", certification.get_status_display()),
            ]
            if certification.status == CareCertification.Status.DECIDED:
                rows.append(("認定結果", certification.get_level_display()))
            if certification.valid_from is not None and certification.valid_to is not None:
                rows.append(
                    (
                        "有効期間",
                        f"{seireki(certification.valid_from)}から"
                        f"{seireki(certification.valid_to)}まで",
                    )
                )
            holdings.append(Holding(title="要介護・要支援認定", rows=tuple(rows)))
        for reissue in insured.reissues.order_by("-reissued_on", "-pk"):
            holdings.append(
                Holding(
                    title="介護保険被保険者証の再交付",
                    rows=(
                        ("再交付日", seireki(reissue.reissued_on)),
                        ("理由", reissue.get_reason_display()),
                    ),
                )
            )
    return holdings


def _childcare_holdings(municipality_code: str, code: str) -> list[Holding]:
    holdings = []
    # A guardian sees the applications they made; the child's own 符号 finds the child's.
    applications = ChildcareApplication.objects.filter(
        Q(child_code=code) | Q(guardian_code=code), municipality_id=municipality_code
    ).order_by("-applied_on", "-pk")
    for application in applications:
        rows = [
            ("申込日", seireki(application.applied_on)),
            ("利用希望月", _month(application.wanted_start_month)),
            ("希望する施設", "、".join(application.preferred_facilities)),
            ("状態", application.get_status_display()),
        ]
        for placement in application.placements.order_by("starts_on", "pk"):
            rows.append(
                ("利用する施設", f"{placement.facility}（{seireki(placement.starts_on)}から）")
            )
        holdings.append(Holding(title="保育施設等の利用申込", rows=tuple(rows)))
    for certification in ChildcareCertification.objects.filter(
        municipality_id=municipality_code, child_code=code
    ).order_by("-valid_from", "-pk"):
        rows = [("認定区分", certification.get_category_display())]
        if certification.hours:
            rows.append(("保育必要量", certification.get_hours_display()))
        rows.append(
            (
                "有効期間",
                f"{seireki(certification.valid_from)}から{seireki(certification.valid_to)}まで",
            )
        )
        holdings.append(Holding(title="教育・保育給付認定", rows=tuple(rows)))
    return holdings


def _maternal_health_holdings(municipality_code: str, code: str) -> list[Holding]:
    holdings = []
    for pregnancy in PregnancyNotification.objects.filter(
        municipality_id=municipality_code, code=code
    ).order_by("-notified_on", "-pk"):
        rows = [
            ("届出日", seireki(pregnancy.notified_on)),
            ("出産予定日", seireki(pregnancy.expected_on)),
        ]
        rows += [
            ("母子健康手帳の番号", f"{handbook.number}（{seireki(handbook.issued_on)}交付）")
            for handbook in pregnancy.handbooks.order_by("serial")
        ]
        holdings.append(Holding(title="妊娠の届出", rows=tuple(rows)))
    return holdings


def _disaster_holdings(municipality_code: str, code: str) -> list[Holding]:
    return [
        Holding(
            title="罹災証明書",
            rows=(
                ("災害", f"{c.damage.disaster.name}（{seireki(c.damage.disaster.occurred_on)}）"),
                ("住家の被害の程度", c.damage.get_damage_class_display()),
                ("証明番号", c.number),
                ("交付日", seireki(c.issued_on)),
            ),
        )
        for c in DisasterCertificate.objects.filter(municipality_id=municipality_code, code=code)
        .select_related("damage__disaster")
        .order_by("-issued_on", "-pk")
    ]


_HOLDINGS: dict[Business, Callable[[str, str], list[Holding]]] = {
    Business.TAX: _tax_holdings,
    Business.CHILD_ALLOWANCE: _child_allowance_holdings,
    Business.CHILD_SUPPORT: _child_support_holdings,
    Business.NHI: _nhi_holdings,
    Business.CARE: _care_holdings,
    Business.CHILDCARE: _childcare_holdings,
    Business.MATERNAL_HEALTH: _maternal_health_holdings,
    Business.DISASTER: _disaster_holdings,
}


def department_holdings(*, municipality_code: str, business: Business, code: str) -> list[Holding]:
    """What the business of the municipality holds about the person known by `code`, newest
    first (わたしの情報). Dates in 西暦 words (「2026年4月1日」), amounts in yen."""
    return _HOLDINGS[Business(business)](municipality_code, code)


def disaster_on(*, municipality: Municipality, day: dt.date) -> Disaster | None:
    """The municipality's disaster that struck on `day` (the latest to start, if several)."""
    return (
        Disaster.objects.filter(municipality=municipality, occurred_on__lte=day)
        .filter(Q(ended_on__gte=day) | Q(ended_on__isnull=True, occurred_on=day))
        .order_by("-occurred_on", "-pk")
        .first()
    )


def disasters_of(*, municipality: Municipality) -> list[Disaster]:
    """被災者台帳の災害, the latest to strike first (the staff page lists them)."""
    return list(Disaster.objects.filter(municipality=municipality).order_by("-occurred_on", "-pk"))


def dwelling_damage_of(
    *, municipality: Municipality, disaster_id: int, dwelling_address: str
) -> DwellingDamage | None:
    """The 住家被害認定 recorded for the dwelling in the disaster, if the survey's result is in
    (the address compared as the 台帳 keeps it)."""
    return DwellingDamage.objects.filter(
        municipality=municipality,
        disaster_id=disaster_id,
        dwelling_address=dwelling_address_key(dwelling_address),
    ).first()


def department_records_exist(*, municipality_code: str) -> bool:
    """Whether any business of the municipality holds a record (the demo seeds only once)."""
    return (
        ResidentTaxAssessment.objects.filter(municipality_id=municipality_code).exists()
        or ChildAllowanceRecipient.objects.filter(municipality_id=municipality_code).exists()
        or CareInsured.objects.filter(municipality_id=municipality_code).exists()
    )


def care_certification_of(
    *, municipality: Municipality, certification_id: int
) -> CareCertification | None:
    """要介護認定の記録: the application and, once recorded, its result (level and period)."""
    return (
        CareCertification.objects.filter(municipality=municipality, pk=certification_id)
        .select_related("insured")
        .first()
    )
