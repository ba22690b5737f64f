from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from jichitai.audit.services import audit_chain_verify
from jichitai.common.checkdigits import is_valid_my_number, is_valid_resident_code
from jichitai.common.kana import is_katakana_reading
from jichitai.demo.residents import demo_residents_generate, postal_areas
from jichitai.registry.crypto import my_number_decrypt
from jichitai.registry.layout import RegistryNotEmpty
from jichitai.registry.models import (
    HEAD,
    ChangeType,
    ForeignCategory,
    Household,
    Resident,
    ResidentHistory,
    ResidentStatus,
    ResidentType,
)
from jichitai.registry.relationships import relationship_validate
from jichitai.tenants.models import Municipality

TODAY = dt.date(2026, 4, 7)
COUNT = 240


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def _age(resident: Resident) -> int:
    born = resident.birth_date
    return TODAY.year - born.year - ((TODAY.month, TODAY.day) < (born.month, born.day))


def test_postal_areas_are_the_municipalitys_real_towns() -> None:
    areas = postal_areas("102121")
    assert {a.city for a in areas} == {"みどり市"}
    assert any(a.town == "大間々町大間々" and a.postal_code == "3760101" for a in areas)
    assert all(a.town and "（" not in a.town for a in areas)
    assert {a.city for a in postal_areas("104493")} == {"利根郡みなかみ町"}


def test_generation_makes_exactly_count_residents_with_a_history(midori: Municipality) -> None:
    result = demo_residents_generate(municipality=midori, count=COUNT, seed=1)

    residents = Resident.objects.for_municipality(midori)
    assert result.residents == residents.count() == COUNT
    assert result.history == ResidentHistory.objects.for_municipality(midori).count()
    assert result.history > COUNT
    assert result.changes_by_services > 0
    assert result.living < COUNT  # some died or moved away
    reasons = set(residents.exclude(removal_reason="").values_list("removal_reason", flat=True))
    assert ChangeType.DEATH in reasons and reasons & {ChangeType.MOVE_OUT, ChangeType.EMIGRATION}
    kinds = set(
        ResidentHistory.objects.for_municipality(midori).values_list(
            "change__change_type", flat=True
        )
    )
    assert {
        ChangeType.MOVE_IN,
        ChangeType.BIRTH,
        ChangeType.MOVE_WITHIN,
        ChangeType.DEATH,
        ChangeType.NAME_CHANGE,
    } <= kinds
    assert audit_chain_verify().ok


def test_generated_people_look_like_a_real_town(midori: Municipality) -> None:
    demo_residents_generate(municipality=midori, count=COUNT, seed=1)
    residents = list(Resident.objects.for_municipality(midori).select_related("household"))

    elders = [r for r in residents if _age(r) >= 75]
    children = [r for r in residents if _age(r) < 15]
    assert elders and all(r.late_elderly_insurance for r in elders)
    assert children
    relationships = {r.relationship for r in residents}
    assert {HEAD, "妻", "子"} <= relationships
    assert relationships & {"子の妻", "子の子"} and relationships & {"父", "母", "夫の父", "夫の母"}

    foreign = [r for r in residents if r.resident_type == ResidentType.FOREIGN]
    assert 0.01 <= len(foreign) / len(residents) <= 0.08
    for person in foreign:
        assert person.nationality and not person.domicile
        if person.foreign_category == ForeignCategory.MID_LONG_TERM:
            assert person.residence_status and person.stay_expires_on
            assert re.fullmatch(r"[A-Z]{2}[0-9]{8}[A-Z]{2}", person.residence_card_number)
    assert {ForeignCategory.MID_LONG_TERM, ForeignCategory.SPECIAL_PERMANENT} <= {
        r.foreign_category for r in foreign
    }
    assert any(r.alias and r.alias_kana for r in foreign)

    areas = {a.postal_code: a for a in postal_areas("102121")}
    numbers = []
    for person in residents:
        assert is_katakana_reading(person.name_kana)
        assert relationship_validate(person.relationship) == person.relationship
        assert is_valid_resident_code(person.resident_code)
        assert person.sex in ("1", "2")
        assert person.address.startswith(areas[person.postal_code].base)
        assert person.became_resident_on <= TODAY
        if person.resident_type == ResidentType.JAPANESE:
            assert person.domicile and person.domicile_head
        if person.my_number_cipher:
            number = my_number_decrypt(
                person.my_number_cipher, lg_code="102121", atena_number=person.atena_number
            )
            assert is_valid_my_number(number)
            numbers.append(number)
    assert len(numbers) == len(set(numbers)) >= COUNT * 0.9
    assert any("号" in r.address_extra for r in residents)

    living = Household.objects.for_municipality(midori).filter(is_active=True)
    for household in living:
        members = household.members.filter(status=ResidentStatus.ACTIVE)
        assert [m.relationship for m in members].count(HEAD) == 1
    assert not ResidentHistory.objects.filter(effective_on__gt=TODAY).exists()


def test_generation_is_deterministic_by_seed(midori: Municipality, minakami: Municipality) -> None:
    demo_residents_generate(municipality=midori, count=60, seed=5)
    first = list(
        Resident.objects.for_municipality(midori)
        .order_by("atena_number")
        .values_list("name", "name_kana", "birth_date", "address", "resident_code")
    )
    Resident.objects.for_municipality(midori).count()

    # Same seed, same municipality code: identical people; checked against a second run on
    # a fresh database state by regenerating into the same code after a rollback-free wipe.
    from jichitai.registry.tests.layout.helpers import registry_wipe

    registry_wipe(midori)
    demo_residents_generate(municipality=midori, count=60, seed=5)
    again = list(
        Resident.objects.for_municipality(midori)
        .order_by("atena_number")
        .values_list("name", "name_kana", "birth_date", "address", "resident_code")
    )
    assert again == first

    demo_residents_generate(municipality=minakami, count=60, seed=6)
    other = list(
        Resident.objects.for_municipality(minakami).order_by("atena_number").values_list("name")
    )
    assert other != [(name,) for name, *_ in first]


def test_a_municipality_with_residents_is_left_alone(midori: Municipality) -> None:
    demo_residents_generate(municipality=midori, count=30, seed=1)
    with pytest.raises(RegistryNotEmpty):
        demo_residents_generate(municipality=midori, count=30, seed=1)
    assert Resident.objects.for_municipality(midori).count() == 30


@pytest.mark.parametrize("count", [1, 2, 3, 7, 50])
def test_small_demos_generate_without_error(midori: Municipality, count: int) -> None:
    # 2026 is seed-demo's default seed, with which 50 residents once drew a 氏の変更 to the
    # same 氏 and stopped at registry.nothing_changed.
    result = demo_residents_generate(municipality=midori, count=count, seed=2026)
    assert Resident.objects.for_municipality(midori).count() == result.residents == count


def test_no_two_japanese_members_of_a_household_share_a_given_name(midori: Municipality) -> None:
    demo_residents_generate(municipality=midori, count=COUNT, seed=1)
    seen: dict[tuple[int, str], int] = {}
    for resident in Resident.objects.for_municipality(midori).filter(
        resident_type=ResidentType.JAPANESE, status=ResidentStatus.ACTIVE
    ):
        key = (resident.household_id, resident.name.split("\u3000")[-1])
        seen[key] = seen.get(key, 0) + 1
    assert max(seen.values()) == 1


def test_most_residents_hold_a_card_and_the_renewal_wave_shows(midori: Municipality) -> None:
    from jichitai.registry.models import CardStatus
    from jichitai.visits.renewals import renewal_forecast

    demo_residents_generate(municipality=midori, count=COUNT, seed=1)
    living = Resident.objects.for_municipality(midori).filter(status=ResidentStatus.ACTIVE)
    holders = living.filter(my_number_card_status=CardStatus.ISSUED)
    assert 0.6 < holders.count() / living.count() < 0.9
    assert not holders.filter(my_number_card_status_on__lt=dt.date(2016, 1, 4)).exists()
    forecast = renewal_forecast(municipality_code="102121", first=dt.date(2026, 1, 1), months=12)
    assert sum(month.cards + month.certificates for month in forecast) > 0
