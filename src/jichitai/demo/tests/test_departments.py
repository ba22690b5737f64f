"""The demo's department records agree with its register, and the broker joins them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jichitai.common.dates import age_reached_on
from jichitai.demo.departments import fiscal_year_of
from jichitai.demo.services import (
    demo_department_records_seed_all,
    demo_residents_seed,
    demo_seed,
    demo_story_family_seed,
)
from jichitai.demo.story import HANAKO_INCOME
from jichitai.departments.models import (
    Business,
    CareInsured,
    ChildAllowanceChild,
    ChildAllowanceRecipient,
    Disaster,
    ResidentTaxAssessment,
)
from jichitai.linkage.services import exchange_request, person_code_obtain
from jichitai.registry.models import ChangeType, Resident, ResidentStatus
from jichitai.registry.services import Address, residents_register
from jichitai.registry.tests.factories import person
from jichitai.tenants.models import Municipality

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
    # みどり市's 被災者台帳 holds one typhoon (the staff page is not empty).
    assert list(Disaster.objects.values_list("municipality_id", "name")) == [
        ("102121", "令和8年台風第10号")
    ]
    # A second run leaves the records alone.
    assert all(not m.counts for m in demo_department_records_seed_all(seed=7))
    assert assessed.count() == len(adults)


def test_hanako_receives_the_allowance_for_both_children_and_her_income_is_known(
    seeded: None,
) -> None:
    demo_department_records_seed_all(seed=7)
    hanako = demo_story_family_seed()

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
    assert answer.data is not None and answer.data["total_income"] == HANAKO_INCOME


def test_the_story_family_is_made_even_when_another_hanako_lives_there() -> None:
    """A random demo resident may be called 山田花子: the story's own family is still made."""
    demo_seed(seed=7)
    namesake = residents_register(
        municipality=Municipality.objects.get(lg_code="102121"),
        change_type=ChangeType.MOVE_IN,
        people=[person("山田　花子", "ヤマダ　ハナコ", dt.date(1971, 12, 23), "2", "世帯主")],
        address=Address(address="群馬県みどり市笠懸町鹿2952番地"),
        effective_on=dt.date(2024, 4, 1),
        notified_on=dt.date(2024, 4, 1),
        actor=None,
    )

    hanako = demo_story_family_seed()

    assert hanako.history.filter(change=namesake).count() == 0
    assert hanako.birth_date == dt.date(1990, 6, 15)
    children = Resident.objects.filter(household=hanako.household, relationship="子")
    assert sorted(c.name for c in children) == ["山田　美咲", "山田　翔太"]
