"""介護保険 after the 認定: the limits of the benefits paid back, the 段階 of 負担限度額, the
認定 carried over after a move, the care plan provider, and 更新・区分変更 only of a 認定 in
force."""

from __future__ import annotations

import datetime as dt

import pytest

from jichitai.departments import errors
from jichitai.departments.models import (
    CareBenefitClaim,
    CareCertification,
    CareCostLimitApplication,
    CareLevel,
    CarePlanProvider,
)
from jichitai.departments.services import (
    care_benefit_claim,
    care_certification_apply,
    care_certification_decide,
    care_cost_limit_stage,
    care_insured_enrol,
    care_plan_provider_notify,
    care_relocation_certify,
)
from jichitai.tenants.models import Municipality

D = dt.date
Stage = CareCostLimitApplication.Stage
Kind = CareBenefitClaim.Kind


ENROLLED_ON = D(2024, 4, 1)


def _insured(midori: Municipality, *, acquired_on: dt.date = ENROLLED_ON) -> None:
    care_insured_enrol(
        municipality=midori,
        code="C1",
        insured_number="0000000001",
        acquired_on=acquired_on,
        actor=None,
    )


def _certified(midori: Municipality) -> None:
    _insured(midori)
    care_certification_apply(
        municipality=midori,
        code="C1",
        kind=CareCertification.Kind.NEW,
        applied_on=D(2025, 4, 1),
        actor=None,
    )
    care_certification_decide(
        municipality=midori,
        code="C1",
        level=CareLevel.CARE_1,
        decided_on=D(2025, 4, 20),
        valid_from=D(2025, 4, 1),
        valid_to=D(2027, 3, 31),
        actor=None,
    )


def _claim(midori: Municipality, kind: CareBenefitClaim.Kind, on: dt.date, cost: int) -> int:
    claim = care_benefit_claim(
        municipality=midori,
        code="C1",
        kind=kind,
        occurred_on=on,
        applied_on=on,
        cost=cost,
        copay_tenths=2,
        actor=None,
    )
    assert claim.benefit is not None
    return claim.benefit


def test_equipment_counts_up_to_100000_yen_a_fiscal_year_then_starts_again(
    midori: Municipality,
) -> None:
    _certified(midori)
    # 負担割合 2割: 8割 of what is counted.
    assert _claim(midori, Kind.EQUIPMENT, D(2025, 5, 1), 70_000) == 56_000
    assert _claim(midori, Kind.EQUIPMENT, D(2026, 3, 31), 50_000) == 24_000  # 30,000 left
    assert _claim(midori, Kind.EQUIPMENT, D(2026, 4, 1), 50_000) == 40_000  # a new 年度


def test_home_modification_counts_up_to_200000_yen_in_all(midori: Municipality) -> None:
    _certified(midori)
    assert _claim(midori, Kind.HOME_MODIFICATION, D(2025, 6, 1), 150_000) == 120_000
    assert _claim(midori, Kind.HOME_MODIFICATION, D(2026, 6, 1), 150_000) == 40_000
    assert _claim(midori, Kind.HOME_MODIFICATION, D(2026, 7, 1), 10_000) == 0


def test_a_benefit_without_a_certification_in_force_is_refused(midori: Municipality) -> None:
    _insured(midori)
    with pytest.raises(errors.CareNotCertified):
        _claim(midori, Kind.EQUIPMENT, D(2025, 5, 1), 10_000)
    assert not CareBenefitClaim.objects.exists()


def test_renewal_and_change_need_a_certification_in_force(midori: Municipality) -> None:
    _insured(midori)
    for kind in (CareCertification.Kind.RENEWAL, CareCertification.Kind.CHANGE):
        with pytest.raises(errors.CareNotCertified):
            care_certification_apply(
                municipality=midori, code="C1", kind=kind, applied_on=D(2025, 4, 1), actor=None
            )
    assert not CareCertification.objects.exists()


@pytest.mark.parametrize(
    ("savings", "income", "spouse", "assistance", "stage"),
    [
        (0, 0, False, True, Stage.FIRST),
        (6_500_000, 809_000, False, False, Stage.SECOND),
        (6_500_001, 809_000, False, False, Stage.NONE),
        (16_000_000, 809_000, True, False, Stage.SECOND),
        (5_500_000, 1_200_000, False, False, Stage.THIRD_1),
        (5_000_000, 1_200_001, False, False, Stage.THIRD_2),
        (5_000_001, 1_200_001, False, False, Stage.NONE),
    ],
)
def test_cost_limit_stage_follows_income_and_savings(
    savings: int, income: int, spouse: bool, assistance: bool, stage: Stage
) -> None:
    assert (
        care_cost_limit_stage(
            savings=savings,
            pension_income=income,
            has_spouse=spouse,
            public_assistance=assistance,
        )
        == stage
    )


def test_relocation_takes_over_the_level_within_14_days_only(midori: Municipality) -> None:
    _insured(midori, acquired_on=D(2026, 4, 1))
    with pytest.raises(errors.CareRelocationLate):
        care_relocation_certify(
            municipality=midori,
            code="C1",
            level=CareLevel.CARE_3,
            valid_to=D(2026, 9, 30),
            applied_on=D(2026, 4, 16),
            actor=None,
        )
    certification = care_relocation_certify(
        municipality=midori,
        code="C1",
        level=CareLevel.CARE_3,
        valid_to=D(2026, 9, 30),
        applied_on=D(2026, 4, 15),
        actor=None,
    )
    assert (certification.valid_from, certification.valid_to) == (D(2026, 4, 1), D(2026, 9, 30))
    assert certification.status == CareCertification.Status.DECIDED


def test_a_new_plan_provider_ends_the_one_before(midori: Municipality) -> None:
    _certified(midori)
    for number, starts_on in (("1071200001", D(2025, 5, 1)), ("1071200002", D(2025, 9, 1))):
        care_plan_provider_notify(
            municipality=midori,
            code="C1",
            kind=CarePlanProvider.Kind.CARE,
            provider_number=number,
            provider_name="みどりケアプランセンター",
            starts_on=starts_on,
            notified_on=starts_on,
            actor=None,
        )
    periods = list(
        CarePlanProvider.objects.order_by("starts_on").values_list("provider_number", "ends_on")
    )
    assert periods == [("1071200001", D(2025, 8, 31)), ("1071200002", None)]
    with pytest.raises(errors.DatesOutOfOrder):
        care_plan_provider_notify(
            municipality=midori,
            code="C1",
            kind=CarePlanProvider.Kind.CARE,
            provider_number="1071200003",
            provider_name="さくら居宅介護支援",
            starts_on=D(2025, 9, 1),
            notified_on=D(2025, 9, 1),
            actor=None,
        )
