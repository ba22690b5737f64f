"""保育料 by the bracket of the guardian's 市町村民税所得割額, asked through the broker; siblings."""

import datetime as dt

import pytest

from jichitai.common.checkdigits import resident_code_check_digit
from jichitai.departments.models import (
    Business,
    ChildcareApplication,
    ChildcareCertification,
    ChildcarePlacement,
)
from jichitai.departments.services.tax import resident_tax_record
from jichitai.linkage.models import ExchangeRecord
from jichitai.linkage.services import person_code_obtain
from jichitai.payments.childcare_fees import bracket_fee, sibling_share, tax_fiscal_year
from jichitai.payments.services import childcare_fee_invoices_issue
from jichitai.tenants.models import Municipality

pytestmark = pytest.mark.django_db

D = dt.date


def _resident_code(n: int) -> str:
    body = f"{n:010d}"
    return body + str(resident_code_check_digit(body))


@pytest.mark.parametrize(
    ("month", "year"),
    [(D(2026, 4, 1), 2025), (D(2026, 8, 1), 2025), (D(2026, 9, 1), 2026), (D(2027, 3, 1), 2026)],
)
def test_april_to_august_use_last_years_tax(month: dt.date, year: int) -> None:
    assert tax_fiscal_year(month) == year


@pytest.mark.parametrize(
    ("levy", "per_capita", "hours", "bracket", "fee"),
    [
        (0, 0, "standard", "第2階層", 0),
        (0, 3_500, "standard", "第3階層", 19_500),  # 均等割のみ
        (48_599, 3_500, "short", "第3階層", 19_300),
        (48_600, 3_500, "standard", "第4階層", 30_000),
        (168_999, 3_500, "standard", "第5階層", 44_500),
        (397_000, 3_500, "short", "第8階層", 102_400),
    ],
)
def test_brackets_of_the_national_table(
    levy: int, per_capita: int, hours: str, bracket: str, fee: int
) -> None:
    income = {"income_levy": levy, "per_capita_levy": per_capita}
    got = bracket_fee(income=income, hours=hours, month=D(2026, 10, 1))
    assert (got.bracket, got.amount) == (bracket, fee)


def test_unknown_income_is_the_top_bracket_and_siblings_share() -> None:
    assert bracket_fee(income=None, hours="standard", month=D(2026, 10, 1)).amount == 104_000
    assert [sibling_share(30_000, rank=r) for r in (1, 2, 3)] == [30_000, 15_000, 0]


def _child(
    midori: Municipality, guardian: str, n: int, born: dt.date, category: str
) -> ChildcareApplication:
    application = ChildcareApplication.objects.create(
        municipality=midori,
        child_code=f"child-{n}",
        guardian_code=guardian,
        child_birth_date=born,
        preferred_facilities=["みどり保育園"],
        wanted_start_month=D(2026, 4, 1),
        applied_on=D(2026, 1, 10),
        status=ChildcareApplication.Status.PLACED,
    )
    ChildcarePlacement.objects.create(
        municipality=midori,
        application=application,
        facility="みどり保育園",
        starts_on=D(2026, 4, 1),
    )
    ChildcareCertification.objects.create(
        municipality=midori,
        application=application,
        child_code=f"child-{n}",
        category=category,
        hours="standard",
        certified_on=D(2026, 2, 1),
        valid_from=D(2026, 4, 1),
        valid_to=D(2027, 3, 31),
    )
    return application


def test_monthly_invoices_follow_the_guardians_tax_and_the_sibling_rule(
    midori: Municipality,
) -> None:
    resident = _resident_code(123)
    guardian = person_code_obtain(
        municipality_code=midori.lg_code, business=Business.CHILDCARE, resident_code=resident
    )
    tax_code = person_code_obtain(
        municipality_code=midori.lg_code, business=Business.TAX, resident_code=resident
    )
    for year, levy in ((2025, 60_000), (2026, 120_000)):
        resident_tax_record(
            municipality=midori,
            code=tax_code,
            fiscal_year=year,
            total_income=levy * 10,
            income_levy=levy,
            per_capita_levy=3_500,
            actor=None,
        )
    _child(midori, guardian, 1, D(2022, 6, 1), "2")  # 4 years old: free, but counts first
    second = _child(midori, guardian, 2, D(2024, 5, 1), "3")
    third = _child(midori, guardian, 3, D(2025, 8, 1), "3")
    june = childcare_fee_invoices_issue(municipality=midori, month=D(2026, 6, 1), actor=None)
    # June: the 2025 tax (60,000 → 第4階層 30,000); the second child pays half, the third 0.
    assert [(i.subject, i.amount) for i in june] == [(f"保育-{second.pk}", 15_000)]
    october = childcare_fee_invoices_issue(municipality=midori, month=D(2026, 10, 1), actor=None)
    # October: the 2026 tax (120,000 → 第5階層 44,500), half.
    assert [i.amount for i in october] == [22_250]
    assert ExchangeRecord.objects.filter(result="provided").count() == 2
    assert childcare_fee_invoices_issue(municipality=midori, month=D(2026, 10, 1), actor=None) == []
    assert third.pk  # the third child is billed nothing (third and later are free)
