"""The demo's department records agree with its register, and the broker joins them."""

from __future__ import annotations

import pytest
from django.utils import timezone

from jichitai.common.dates import age_reached_on
from jichitai.demo.departments import STORY_INCOME, fiscal_year_of
from jichitai.demo.services import (
    demo_department_records_seed_all,
    demo_residents_seed,
    demo_seed,
    demo_story_family_seed,
)
from jichitai.departments.models import (
    Business,
    CareInsured,
    ChildAllowanceChild,
    ChildAllowanceRecipient,
    ResidentTaxAssessment,
)
from jichitai.linkage.services import exchange_request, person_code_obtain
from jichitai.registry.models import Resident, ResidentStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> None:
    demo_seed(seed=7)
    demo_residents_seed(seed=7, count=300)
    demo_story_family_seed()


def test_every_adult_is_assessed_and_everyone_65_or_over_is_insured(seeded: None) -> None:
    made = {m.lg_code: m.counts for m in demo_department_records_seed_all(seed=7)}

    today = timezone.localdate()
    living = Resident.objects.for_municipality("102121").filter(status=ResidentStatus.ACTIVE)
    adults = [r for r in living if age_reached_on(r.birth_date, 18) < today]
    elderly = [r for r in living if age_reached_on(r.birth_date, 65) < today]
    year = fiscal_year_of(today)
    assessed = ResidentTaxAssessment.objects.filter(municipality_id="102121", fiscal_year=year)
    assert assessed.count() == len(adults)
    assert CareInsured.objects.filter(municipality_id="102121").count() == len(elderly)
    assert made["102121"]["個人住民税"] == 2 * len(adults)
    assert made["104493"]["介護保険"] > 0
    # A second run leaves the records alone.
    assert all(not m.counts for m in demo_department_records_seed_all(seed=7))
    assert assessed.count() == len(adults)


def test_hanako_receives_the_allowance_for_both_children_and_her_income_is_known(
    seeded: None,
) -> None:
    demo_department_records_seed_all(seed=7)
    hanako = Resident.objects.for_municipality("102121").get(name="山田　花子")

    recipient = ChildAllowanceRecipient.objects.get(
        municipality_id="102121",
        code=person_code_obtain(
            municipality_code="102121",
            business=Business.CHILD_ALLOWANCE,
            resident_code=hanako.resident_code,
        ),
    )
    amounts = sorted(
        ChildAllowanceChild.objects.filter(recipient=recipient).values_list(
            "monthly_amount", flat=True
        )
    )
    assert amounts == [10_000, 15_000]  # 8 and 3 years old (児童手当法 第6条)
    # The same person, asked about through the broker by the child allowance business.
    answer = exchange_request(
        requester_municipality="102121",
        requester_business=Business.CHILD_ALLOWANCE,
        requester_code=recipient.code,
        item="resident_tax.income",
        task="児童手当の支給に関する事務",
        purpose="生計中心者の認定（所得の確認）",
        params={"fiscal_year": fiscal_year_of(timezone.localdate())},
    )
    assert answer.data is not None and answer.data["total_income"] == STORY_INCOME
