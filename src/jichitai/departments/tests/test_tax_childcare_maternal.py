"""個人住民税 (with its 更正 history), 保育 (申込 and 支給認定), 母子保健 (手帳の番号)."""

from __future__ import annotations

import datetime as dt

import pytest

from jichitai.audit.models import AuditRecord
from jichitai.departments import errors
from jichitai.departments.models import (
    ChildcareApplication,
    ChildcareCertification,
    MaternalHandbook,
    ResidentTaxAssessment,
)
from jichitai.departments.services import (
    childcare_application_submit,
    childcare_certification_end,
    childcare_placement_record,
    pregnancy_notify,
    resident_tax_record,
)
from jichitai.tenants.models import Municipality

D = dt.date
Category = ChildcareCertification.Category
Hours = ChildcareCertification.Hours


def _tax(municipality: Municipality, **amounts: int) -> ResidentTaxAssessment:
    values = {"total_income": 3_000_000, "income_levy": 150_000, "per_capita_levy": 5_000}
    values.update(amounts)
    return resident_tax_record(
        municipality=municipality, code="T1", fiscal_year=2026, actor=None, **values
    )


def test_tax_record_sums_the_tax_and_takes_the_previous_years_income(
    midori: Municipality,
) -> None:
    assessment = _tax(midori)
    assert (assessment.income_year, assessment.tax_total) == (2025, 155_000)


def test_tax_correction_keeps_the_superseded_values(midori: Municipality) -> None:
    _tax(midori)
    corrected = _tax(midori, total_income=2_800_000, income_levy=140_000)
    assert (corrected.revision, corrected.tax_total) == (1, 145_000)
    old = corrected.revisions.get()
    assert (old.revision, old.total_income, old.tax_total) == (0, 3_000_000, 155_000)
    same = _tax(midori, total_income=2_800_000, income_levy=140_000)
    assert same.revision == 1
    records = AuditRecord.objects.filter(action="resident_tax.record").order_by("seq")
    assert [r.detail["fields"] for r in records] == [
        ["income_levy", "per_capita_levy", "tax_total", "total_income"],
        ["income_levy", "tax_total", "total_income"],
    ]


def test_tax_refuses_negative_or_fractional_amounts_and_odd_years(midori: Municipality) -> None:
    with pytest.raises(errors.ValueInvalid):
        _tax(midori, total_income=-1)
    with pytest.raises(errors.ValueInvalid):
        _tax(midori, income_levy=True)
    with pytest.raises(errors.ValueInvalid):
        resident_tax_record(
            municipality=midori,
            code="T1",
            fiscal_year=99999,
            total_income=0,
            income_levy=0,
            per_capita_levy=0,
            actor=None,
        )
    assert ResidentTaxAssessment.objects.count() == 0


def _nursery(municipality: Municipality, **overrides: object) -> ChildcareApplication:
    values: dict[str, object] = {
        "child_code": "K1",
        "guardian_code": "G1",
        "child_birth_date": D(2025, 6, 10),
        "preferred_facilities": ["さくら保育園", "みどり認定こども園"],
        "wanted_start_on": D(2026, 4, 1),
        "applied_on": D(2025, 11, 20),
        "category": Category.THIRD,
        "hours": Hours.STANDARD,
        "certified_on": D(2026, 1, 15),
    }
    values.update(overrides)
    return childcare_application_submit(municipality=municipality, actor=None, **values)  # type: ignore[arg-type]


def test_nursery_application_records_the_certification_until_the_day_before_three(
    midori: Municipality,
) -> None:
    application = _nursery(midori)
    certification = application.certifications.get()
    assert (certification.valid_from, certification.valid_to) == (D(2026, 4, 1), D(2028, 6, 8))
    placement = childcare_placement_record(
        municipality=midori,
        application_id=application.pk,
        facility="さくら保育園",
        starts_on=D(2026, 4, 1),
        actor=None,
    )
    application.refresh_from_db()
    assert (application.status, placement.facility) == ("placed", "さくら保育園")
    with pytest.raises(errors.ChildcareApplicationNone):
        childcare_placement_record(
            municipality=midori,
            application_id=application.pk,
            facility="みどり認定こども園",
            starts_on=D(2026, 5, 1),
            actor=None,
        )


def test_second_category_lasts_until_school(midori: Municipality) -> None:
    # Born 2020-04-01: reaches 6 on 2026-03-31, starts school 2026-04-01 (早生まれ).
    assert childcare_certification_end(birth_date=D(2020, 4, 1), category=Category.SECOND) == D(
        2026, 3, 31
    )
    assert childcare_certification_end(birth_date=D(2020, 4, 2), category=Category.SECOND) == D(
        2027, 3, 31
    )


def test_nursery_category_must_fit_the_age_and_hours(midori: Municipality) -> None:
    with pytest.raises(errors.ChildcareCategoryInvalid):
        _nursery(midori, category=Category.SECOND)
    with pytest.raises(errors.ChildcareCategoryInvalid):
        _nursery(midori, hours=None)
    with pytest.raises(errors.ChildcareCategoryInvalid):
        _nursery(midori, child_birth_date=D(2021, 5, 5), category=Category.FIRST, hours=Hours.SHORT)
    with pytest.raises(errors.DatesOutOfOrder):
        _nursery(midori, valid_to=D(2029, 1, 1))
    with pytest.raises(errors.ValueInvalid):
        _nursery(midori, preferred_facilities=[])
    with pytest.raises(errors.ValueInvalid):
        _nursery(midori, preferred_facilities=["a\u202eb"])
    with pytest.raises(errors.ValueInvalid):
        _nursery(midori, preferred_facilities=["x"] * 6)
    assert ChildcareApplication.objects.count() == 0


def test_pregnancy_issues_one_numbered_handbook_per_baby(
    midori: Municipality, minakami: Municipality
) -> None:
    first = pregnancy_notify(
        municipality=midori,
        code="M1",
        notified_on=D(2026, 4, 3),
        expected_on=D(2026, 11, 20),
        weeks=9,
        fetuses=1,
        actor=None,
    )
    twins = pregnancy_notify(
        municipality=midori,
        code="M2",
        notified_on=D(2026, 5, 3),
        expected_on=D(2026, 12, 1),
        weeks=10,
        fetuses=2,
        actor=None,
    )
    elsewhere = pregnancy_notify(
        municipality=minakami,
        code="M3",
        notified_on=D(2026, 5, 3),
        expected_on=D(2026, 12, 1),
        weeks=10,
        fetuses=1,
        actor=None,
    )
    # 2026年3月 belongs to 年度 2025: numbering starts again each April.
    earlier = pregnancy_notify(
        municipality=midori,
        code="M4",
        notified_on=D(2026, 3, 3),
        expected_on=D(2026, 10, 1),
        weeks=10,
        fetuses=1,
        actor=None,
    )
    numbers = lambda p: [h.number for h in p.handbooks.order_by("serial")]  # noqa: E731
    assert numbers(first) == ["2026-00001"]
    assert numbers(twins) == ["2026-00002", "2026-00003"]
    assert numbers(elsewhere) == ["2026-00001"]
    assert numbers(earlier) == ["2025-00001"]


def test_pregnancy_refuses_an_expected_date_before_the_notification(midori: Municipality) -> None:
    with pytest.raises(errors.DatesOutOfOrder):
        pregnancy_notify(
            municipality=midori,
            code="M1",
            notified_on=D(2026, 4, 3),
            expected_on=D(2026, 4, 3),
            weeks=9,
            fetuses=1,
            actor=None,
        )
    with pytest.raises(errors.ValueInvalid):
        pregnancy_notify(
            municipality=midori,
            code="M1",
            notified_on=D(2026, 4, 3),
            expected_on=D(2026, 11, 3),
            weeks=90,
            fetuses=1,
            actor=None,
        )
    assert MaternalHandbook.objects.count() == 0
