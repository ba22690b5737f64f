"""被災者台帳: disasters, 住家被害認定 per dwelling, 罹災証明書 numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from jichitai.departments import errors
from jichitai.departments.models import DamageClass, Disaster, DwellingDamage
from jichitai.departments.services import (
    disaster_certificate_issue,
    disaster_record,
    dwelling_damage_assess,
)
from jichitai.tenants.models import Municipality

D = dt.date
HOME = "群馬県みどり市大間々町大間々1丁目2番3号"


def _flood(municipality: Municipality) -> Disaster:
    return disaster_record(
        municipality=municipality,
        name="令和8年7月豪雨",
        occurred_on=D(2026, 7, 3),
        ended_on=None,
        area="大間々町",
        actor=None,
    )


def _assess(municipality: Municipality, disaster: Disaster, address: str, cls: str) -> None:
    dwelling_damage_assess(
        municipality=municipality,
        disaster_id=disaster.pk,
        dwelling_address=address,
        damage_class=DamageClass(cls),
        surveyed_on=D(2026, 7, 10),
        actor=None,
    )


def test_a_resurvey_replaces_the_class_of_the_same_dwelling(midori: Municipality) -> None:
    flood = _flood(midori)
    _assess(midori, flood, HOME, DamageClass.QUASI_HALF)
    # The same dwelling typed with full-width digits and a space: one 認定, now 中規模半壊.
    _assess(midori, flood, "群馬県みどり市大間々町大間々１丁目 ２番３号", DamageClass.MEDIUM_HALF)

    [damage] = DwellingDamage.objects.all()
    assert damage.damage_class == DamageClass.MEDIUM_HALF


def test_certificates_are_numbered_per_year_and_need_the_assessment(
    midori: Municipality,
) -> None:
    flood = _flood(midori)
    with pytest.raises(errors.DisasterNotAssessed):
        disaster_certificate_issue(
            municipality=midori,
            disaster_id=flood.pk,
            dwelling_address=HOME,
            code="DS-1",
            issued_on=D(2026, 7, 20),
            actor=None,
        )
    _assess(midori, flood, HOME, DamageClass.HALF)
    numbers = [
        disaster_certificate_issue(
            municipality=midori,
            disaster_id=flood.pk,
            dwelling_address=HOME,
            code=code,
            issued_on=D(2026, 7, 20),
            actor=None,
        ).number
        for code in ("DS-1", "DS-2")
    ]
    assert numbers == ["R2026-00001", "R2026-00002"]


def test_the_same_disaster_twice_and_a_survey_before_it_are_refused(
    midori: Municipality,
) -> None:
    flood = _flood(midori)
    with pytest.raises(errors.ValueInvalid):
        _flood(midori)
    with pytest.raises(errors.DatesOutOfOrder):
        dwelling_damage_assess(
            municipality=midori,
            disaster_id=flood.pk,
            dwelling_address=HOME,
            damage_class=DamageClass.TOTAL,
            surveyed_on=D(2026, 7, 1),
            actor=None,
        )
