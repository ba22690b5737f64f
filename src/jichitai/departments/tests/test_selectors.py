"""What a business answers the broker, and what it shows the person (わたしの情報)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jichitai.departments import errors
from jichitai.departments.models import (
    Business,
    CareCertification,
    CareLevel,
    ChildcareCertification,
    NhiCoverage,
)
from jichitai.departments.selectors import ITEMS, department_holdings, department_item_provide
from jichitai.departments.services import (
    ClaimedChild,
    care_certification_apply,
    care_certification_decide,
    care_insured_enrol,
    child_allowance_certify,
    childcare_application_submit,
    nhi_coverage_acquire,
    pregnancy_notify,
    resident_tax_record,
)
from jichitai.tenants.models import Municipality

D = dt.date


def _provide(
    municipality: Municipality, business: Business, code: str, item: str, **params: object
) -> dict[str, object] | None:
    return department_item_provide(
        municipality_code=municipality.lg_code,
        business=business,
        code=code,
        item=item,
        params=params,
    )


def test_items_cover_every_business() -> None:
    assert set(ITEMS) == set(Business)


def test_resident_tax_income_by_year(midori: Municipality, minakami: Municipality) -> None:
    resident_tax_record(
        municipality=midori,
        code="T1",
        fiscal_year=2026,
        total_income=3_000_000,
        income_levy=150_000,
        per_capita_levy=5_000,
        actor=None,
    )
    assert _provide(midori, Business.TAX, "T1", "resident_tax.income", fiscal_year=2026) == {
        "fiscal_year": 2026,
        "income_year": 2025,
        "total_income": 3_000_000,
        "income_levy": 150_000,
        "per_capita_levy": 5_000,
        "tax_total": 155_000,
    }
    assert _provide(midori, Business.TAX, "T1", "resident_tax.income", fiscal_year=2025) is None
    # Another municipality's business knows nothing of midori's 符号.
    assert _provide(minakami, Business.TAX, "T1", "resident_tax.income", fiscal_year=2026) is None


def test_bad_items_and_params_are_refused(midori: Municipality) -> None:
    with pytest.raises(errors.DepartmentItemUnknown):
        _provide(midori, Business.TAX, "T1", "nhi.coverage")
    with pytest.raises(errors.DepartmentItemUnknown):
        _provide(midori, Business.NHI, "T1", "resident_tax.income", fiscal_year=2026)
    for bad in (None, "2026", True, 10**9):
        with pytest.raises(errors.ValueInvalid):
            _provide(midori, Business.TAX, "T1", "resident_tax.income", fiscal_year=bad)


def test_child_allowance_recipient(midori: Municipality) -> None:
    assert _provide(midori, Business.CHILD_ALLOWANCE, "P1", "child_allowance.recipient") is None
    child_allowance_certify(
        municipality=midori,
        recipient_code="P1",
        children=(ClaimedChild("K1", D(2018, 1, 1)), ClaimedChild("K2", D(2025, 1, 1))),
        claimed_on=D(2026, 4, 20),
        occurred_on=None,
        certified_on=D(2026, 4, 25),
        income_fiscal_year=2026,
        total_income=5_000_000,
        income_exchange_id="",
        actor=None,
    )
    assert _provide(midori, Business.CHILD_ALLOWANCE, "P1", "child_allowance.recipient") == {
        "status": "certified",
        "certified_on": "2026-04-25",
        "monthly_total": 25_000,
        "children": 2,
    }
    holding = department_holdings(
        municipality_code=midori.lg_code, business=Business.CHILD_ALLOWANCE, code="P1"
    )
    assert holding[0].title == "児童手当"
    assert dict(holding[0].rows) == {
        "状態": "認定",
        "認定日": "2026年4月25日",
        "支給開始月": "2026年5月分から",
        "月額": "25,000円",
        "対象児童": "2人",
    }


def test_nhi_coverage_says_whether_insured_today(midori: Municipality) -> None:
    nhi_coverage_acquire(
        municipality=midori,
        code="N1",
        acquired_on=D(2026, 4, 1),
        reason=NhiCoverage.AcquisitionReason.MOVE_IN,
        actor=None,
    )
    nhi_coverage_acquire(
        municipality=midori,
        code="N-future",
        acquired_on=timezone.localdate() + dt.timedelta(days=10),
        reason=NhiCoverage.AcquisitionReason.MOVE_IN,
        actor=None,
    )
    future = _provide(midori, Business.NHI, "N-future", "nhi.coverage")
    assert future is not None and future["insured"] is False
    assert _provide(midori, Business.NHI, "N1", "nhi.coverage") == {
        "insured": True,
        "acquired_on": "2026-04-01",
        "lost_on": None,
    }
    rows = department_holdings(municipality_code=midori.lg_code, business=Business.NHI, code="N1")
    assert rows[0].rows == (("資格取得日", "2026年4月1日"), ("資格取得の理由", "転入"))


def test_care_certification_gives_the_latest_result(midori: Municipality) -> None:
    care_insured_enrol(
        municipality=midori,
        code="C1",
        insured_number="0000000001",
        acquired_on=D(2020, 1, 1),
        actor=None,
    )
    item = _provide(midori, Business.CARE, "C1", "care.certification")
    assert item is not None and item["level"] is None
    care_certification_apply(
        municipality=midori,
        code="C1",
        kind=CareCertification.Kind.NEW,
        applied_on=D(2026, 4, 1),
        actor=None,
    )
    care_certification_decide(
        municipality=midori,
        code="C1",
        level=CareLevel.SUPPORT_2,
        decided_on=D(2026, 4, 20),
        valid_from=D(2026, 4, 1),
        valid_to=D(2026, 10, 31),
        actor=None,
    )
    item = _provide(midori, Business.CARE, "C1", "care.certification")
    assert item == {
        "insured": True,
        "level": "support_2",
        "valid_from": "2026-04-01",
        "valid_to": "2026-10-31",
    }
    titles = [
        h.title
        for h in department_holdings(
            municipality_code=midori.lg_code, business=Business.CARE, code="C1"
        )
    ]
    assert titles == ["介護保険の被保険者", "要介護・要支援認定"]


def test_childcare_and_pregnancy(midori: Municipality) -> None:
    childcare_application_submit(
        municipality=midori,
        child_code="K1",
        guardian_code="G1",
        child_birth_date=D(2022, 1, 1),
        preferred_facilities=["さくら保育園"],
        wanted_start_on=D(2026, 4, 1),
        applied_on=D(2025, 11, 1),
        category=ChildcareCertification.Category.SECOND,
        hours=ChildcareCertification.Hours.SHORT,
        certified_on=D(2026, 1, 10),
        actor=None,
    )
    assert _provide(midori, Business.CHILDCARE, "K1", "childcare.certification") == {
        "category": "2",
        "hours": "short",
        "valid_from": "2026-04-01",
        "valid_to": "2028-03-31",
    }
    # The guardian sees the application, the child's 符号 also the 認定.
    guardian = department_holdings(
        municipality_code=midori.lg_code, business=Business.CHILDCARE, code="G1"
    )
    assert [h.title for h in guardian] == ["保育施設等の利用申込"]
    pregnancy_notify(
        municipality=midori,
        code="M1",
        notified_on=D(2026, 4, 3),
        expected_on=D(2026, 11, 20),
        weeks=9,
        fetuses=1,
        actor=None,
    )
    assert _provide(midori, Business.MATERNAL_HEALTH, "M1", "maternal_health.pregnancy") == {
        "notified_on": "2026-04-03",
        "handbook_number": "2026-00001",
        "expected_on": "2026-11-20",
    }


def test_holdings_of_a_stranger_are_empty(midori: Municipality) -> None:
    for business in Business:
        assert (
            department_holdings(municipality_code=midori.lg_code, business=business, code="nobody")
            == []
        )
