"""デモの各業務の記録 (demo department records), consistent with the demo register.

Each business of a demo municipality gets what its own system would hold about the people
living there, keyed by the 符号 the linkage broker issues for it (the only place 住民票コード and
符号 meet): 個人住民税 for every adult, 児童手当 for parents of children under 18, 国民健康保険
for some households, 介護保険 for everyone 65 or over (and 要介護認定 for some of the oldest),
保育 for some children aged 0 to 5, and a few 妊娠の届出. Loaded as a system migration (移行データ):
through the departments' services, without exchanges, so the やりとり履歴 starts empty.

Deterministic by seed. The tax figures are a simplification, not an assessment: 所得割 is 10 %
(市町村民税 6 % + 道府県民税 4 %, 地方税法 第314条の3・第35条) of 総所得金額等 after the 基礎控除
of 43万円, 均等割 4,000円 (市町村民税 3,000円 + 道府県民税 1,000円), and no tax at all up to
45万円 (the 非課税限度 of a single person in 1級地, 地方税法 第295条第3項).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from jichitai.common.dates import add_months, age_reached_on
from jichitai.demo.story import HANAKO_BIRTH_DATE, HANAKO_INCOME, HANAKO_NAME
from jichitai.departments.models import (
    Business,
    CareCertification,
    CareLevel,
    ChildcareCertification,
    NhiCoverage,
)
from jichitai.departments.selectors import department_records_exist, disasters_of
from jichitai.departments.services import (
    ClaimedChild,
    care_certification_apply,
    care_certification_decide,
    care_insured_enrol,
    child_allowance_certify,
    childcare_application_submit,
    childcare_placement_record,
    disaster_record,
    nhi_coverage_acquire,
    pregnancy_notify,
    resident_tax_record,
)
from jichitai.linkage.services import person_code_obtain
from jichitai.registry.models import Resident, ResidentStatus
from jichitai.tenants.models import Municipality

_BASIC_DEDUCTION = 430_000
_TAX_FREE_LIMIT = 450_000
_PER_CAPITA_LEVY = 4_000
# The 2024-10 改正 of 児童手当法: every recipient of the demo was certified under it.
_ALLOWANCE_REFORM = dt.date(2024, 10, 1)
_SPOUSES = ("夫", "妻")


@dataclass(frozen=True)
class DemoDepartmentRecords:
    """What was made for one municipality, counted per business (by its name)."""

    lg_code: str
    counts: dict[str, int]


def fiscal_year_of(day: dt.date) -> int:
    """年度: April to March."""
    return day.year if day.month >= 4 else day.year - 1


def _age(birth: dt.date, on: dt.date) -> int:
    years = on.year - birth.year
    return years if age_reached_on(birth, years) < on else years - 1


class _Seeder:
    def __init__(self, municipality: Municipality, seed: int, today: dt.date) -> None:
        self.municipality = municipality
        self.rng = random.Random(f"{seed}:{municipality.lg_code}")  # noqa: S311 - demo data
        self.today = today
        self.counts: dict[str, int] = defaultdict(int)

    def code(self, business: Business, resident: Resident) -> str:
        return person_code_obtain(
            municipality_code=self.municipality.lg_code,
            business=business,
            resident_code=resident.resident_code,
        )

    def income(self, resident: Resident) -> int:
        if (resident.name, resident.birth_date) == (HANAKO_NAME, HANAKO_BIRTH_DATE):
            return HANAKO_INCOME
        age = _age(resident.birth_date, self.today)
        if age < 18 or self.rng.random() < 0.25:
            return 0
        median = 3_200_000 if age < 65 else 1_600_000
        return int(round(self.rng.lognormvariate(0, 0.45) * median, -3))

    def tax(self, resident: Resident, total_income: int) -> None:
        taxable = total_income > _TAX_FREE_LIMIT
        income_levy = (max(total_income - _BASIC_DEDUCTION, 0) // 10 // 100) * 100
        code = self.code(Business.TAX, resident)
        for fiscal_year in (fiscal_year_of(self.today) - 1, fiscal_year_of(self.today)):
            resident_tax_record(
                municipality=self.municipality,
                code=code,
                fiscal_year=fiscal_year,
                total_income=total_income,
                income_levy=income_levy if taxable else 0,
                per_capita_levy=_PER_CAPITA_LEVY if taxable else 0,
                actor=None,
            )
            self.counts[Business.TAX] += 1

    def child_allowance(self, parent: Resident, income: int, children: Sequence[Resident]) -> None:
        claimed_on = min(
            max(_ALLOWANCE_REFORM, *(c.birth_date + dt.timedelta(days=1) for c in children)),
            self.today,
        )
        child_allowance_certify(
            municipality=self.municipality,
            recipient_code=self.code(Business.CHILD_ALLOWANCE, parent),
            children=[
                ClaimedChild(code=self.code(Business.CHILD_ALLOWANCE, c), birth_date=c.birth_date)
                for c in children
            ],
            claimed_on=claimed_on,
            occurred_on=None,
            certified_on=claimed_on,
            income_fiscal_year=fiscal_year_of(claimed_on),
            total_income=income,
            # 移行データ: the department's own system held the income; no exchange was made.
            income_exchange_id="",
            actor=None,
        )
        self.counts[Business.CHILD_ALLOWANCE] += 1

    def nhi(self, members: Sequence[Resident]) -> None:
        for member in members:
            if _age(member.birth_date, self.today) >= 75:
                continue  # 後期高齢者医療制度, not 国保
            nhi_coverage_acquire(
                municipality=self.municipality,
                code=self.code(Business.NHI, member),
                acquired_on=max(member.birth_date, dt.date(2020, 4, 1)),
                reason=NhiCoverage.AcquisitionReason.OTHER,
                actor=None,
            )
            self.counts[Business.NHI] += 1

    def care(self, resident: Resident, number: int) -> None:
        code = self.code(Business.CARE, resident)
        care_insured_enrol(
            municipality=self.municipality,
            code=code,
            insured_number=f"{number:010d}",
            acquired_on=age_reached_on(resident.birth_date, 65),
            actor=None,
        )
        self.counts[Business.CARE] += 1
        if _age(resident.birth_date, self.today) < 75 or self.rng.random() > 0.3:
            return
        applied_on = self.today - dt.timedelta(days=self.rng.randrange(60, 400))
        care_certification_apply(
            municipality=self.municipality,
            code=code,
            kind=CareCertification.Kind.NEW,
            applied_on=applied_on,
            actor=None,
        )
        decided_on = applied_on + dt.timedelta(days=30)
        care_certification_decide(
            municipality=self.municipality,
            code=code,
            level=self.rng.choice(
                [level for level in CareLevel if level != CareLevel.NOT_APPLICABLE]
            ),
            decided_on=decided_on,
            valid_from=applied_on,
            valid_to=decided_on + dt.timedelta(days=365),
            actor=None,
        )

    def childcare(self, child: Resident, guardian: Resident) -> None:
        applied_on = max(
            self.today - dt.timedelta(days=self.rng.randrange(30, 300)), child.birth_date
        )
        # From the first of a month after the 産休明け (57 days, 労働基準法 第65条).
        starts_on = add_months(max(applied_on, child.birth_date + dt.timedelta(days=57)), 1)
        starts_on = starts_on.replace(day=1)
        facility = f"{self.municipality.name}立第{self.rng.randrange(1, 4)}保育園"
        application = childcare_application_submit(
            municipality=self.municipality,
            child_code=self.code(Business.CHILDCARE, child),
            guardian_code=self.code(Business.CHILDCARE, guardian),
            child_birth_date=child.birth_date,
            preferred_facilities=[facility],
            wanted_start_on=starts_on,
            applied_on=applied_on,
            # 子ども・子育て支援法 第19条: 3号 under 3 when the 認定 begins, 2号 from 3.
            category=(
                ChildcareCertification.Category.THIRD
                if starts_on < age_reached_on(child.birth_date, 3)
                else ChildcareCertification.Category.SECOND
            ),
            hours=ChildcareCertification.Hours.STANDARD,
            certified_on=applied_on,
            actor=None,
        )
        childcare_placement_record(
            municipality=self.municipality,
            application_id=application.pk,
            facility=facility,
            starts_on=starts_on,
            actor=None,
        )
        self.counts[Business.CHILDCARE] += 1

    def pregnancy(self, resident: Resident) -> None:
        notified_on = self.today - dt.timedelta(days=self.rng.randrange(1, 120))
        pregnancy_notify(
            municipality=self.municipality,
            code=self.code(Business.MATERNAL_HEALTH, resident),
            notified_on=notified_on,
            expected_on=notified_on + dt.timedelta(days=200),
            weeks=11,
            fetuses=1,
            actor=None,
        )
        self.counts[Business.MATERNAL_HEALTH] += 1


def demo_department_records_seed(*, seed: int, municipality: Municipality) -> DemoDepartmentRecords:
    """The department records of one demo municipality, made once: a municipality whose
    businesses already hold records is left alone."""
    if department_records_exist(municipality_code=municipality.lg_code):
        return DemoDepartmentRecords(lg_code=municipality.lg_code, counts={})
    today = timezone.localdate()
    seeder = _Seeder(municipality, seed, today)
    living = (
        Resident.objects.for_municipality(municipality)
        .filter(status=ResidentStatus.ACTIVE)
        .order_by("household_id", "household_order", "pk")
    )
    households: dict[int, list[Resident]] = defaultdict(list)
    for resident in living:
        households[resident.household_id].append(resident)
    care_numbers = iter(range(1, 10**9))
    with transaction.atomic():
        for members in households.values():
            _household_seed(seeder, members, care_numbers)
        # Checked apart: a town without residents has no other records to say it was seeded.
        if municipality.lg_code == DISASTER_LG_CODE and not disasters_of(municipality=municipality):
            _disaster_seed(seeder)
    counts = {str(Business(key).label): count for key, count in seeder.counts.items()}
    return DemoDepartmentRecords(lg_code=municipality.lg_code, counts=counts)


# みどり市 (the story's city) has had a typhoon, so its 被災者台帳 page is not empty and a
# resident can apply for a 罹災証明書 of one of its days.
DISASTER_LG_CODE = "102121"


def _disaster_seed(seeder: _Seeder) -> None:
    disaster_record(
        municipality=seeder.municipality,
        name="令和8年台風第10号",
        occurred_on=seeder.today - dt.timedelta(days=20),
        ended_on=seeder.today - dt.timedelta(days=19),
        area="みどり市全域",
        actor=None,
    )
    seeder.counts[Business.DISASTER] += 1


def _household_seed(seeder: _Seeder, members: list[Resident], care_numbers: Iterator[int]) -> None:
    today = seeder.today
    incomes = {m.pk: seeder.income(m) for m in members}
    for member in members:
        if _age(member.birth_date, today) >= 18:
            seeder.tax(member, incomes[member.pk])
        if _age(member.birth_date, today) >= 65:
            seeder.care(member, next(care_numbers))
    head = next((m for m in members if m.relationship == "世帯主"), members[0])
    children = [m for m in members if m.relationship == "子" and _age(m.birth_date, today) < 18]
    if children:
        parents = [head] + [m for m in members if m.relationship in _SPOUSES]
        # 生計中心者 (児童手当法 第4条): the parent with the higher income receives it.
        earner = max(parents, key=lambda p: incomes[p.pk])
        seeder.child_allowance(earner, incomes[earner.pk], children)
        for child in children:
            if _age(child.birth_date, today) <= 5 and seeder.rng.random() < 0.45:
                seeder.childcare(child, earner)
    if _age(head.birth_date, today) in range(65, 75) or seeder.rng.random() < 0.15:
        seeder.nhi(members)
    for member in members:
        of_age = member.sex == "2" and 25 <= _age(member.birth_date, today) < 40
        if of_age and seeder.rng.random() < 0.03:
            seeder.pregnancy(member)
