"""再転入者 (doc/j600.txt §4.1.1.2) and the 旧氏・通称 they bring back (doc/j70.txt §1.1.7)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jichitai.common.exceptions import RuleViolation
from jichitai.registry.layout import registry_export, registry_import
from jichitai.registry.models import (
    Change,
    ChangeType,
    ForeignCategory,
    Resident,
    ResidentHistory,
    ResidentStatus,
    ResidentType,
)
from jichitai.registry.selectors import resident_as_of, resident_history_list
from jichitai.registry.services import change_cancel, residents_register, residents_remove
from jichitai.registry.tests.factories import MIDORI_ADDRESS, person
from jichitai.tenants.models import Municipality

TODAY = dt.date(2026, 4, 7)
BORN = dt.date(1985, 3, 3)
MY_NUMBER = "123456789018"
ABROAD = "アメリカ合衆国"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def _enter(municipality: Municipality, change_type: ChangeType, **extra: Any) -> Change:
    return residents_register(
        municipality=municipality,
        change_type=change_type,
        people=[person("鈴木　一郎", "スズキ　イチロウ", BORN, "1", "世帯主", **extra)],
        address=MIDORI_ADDRESS,
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
        previous_address=ABROAD if change_type == ChangeType.MOVE_IN_FROM_ABROAD else "",
    )


def _closed(municipality: Municipality, change_type: ChangeType, **extra: Any) -> Resident:
    """鈴木一郎, who lived here in 2024 and left (国外転出 or 国内転出)."""
    residents_register(
        municipality=municipality,
        change_type=ChangeType.MOVE_IN,
        people=[person("鈴木　一郎", "スズキ　イチロウ", BORN, "1", "世帯主", **extra)],
        address=MIDORI_ADDRESS,
        effective_on=dt.date(2024, 4, 1),
        notified_on=dt.date(2024, 4, 1),
        actor=None,
    )
    resident = Resident.objects.get(name="鈴木　一郎")
    residents_remove(
        municipality=municipality,
        change_type=change_type,
        resident_ids=[resident.pk],
        effective_on=dt.date(2025, 1, 10),
        notified_on=dt.date(2025, 1, 10),
        actor=None,
        moving_to_address=ABROAD,
    )
    return Resident.objects.get(pk=resident.pk)


def test_returner_found_by_my_number_gets_the_old_record_and_its_atena_number_back(
    midori: Municipality,
) -> None:
    old = _closed(midori, ChangeType.EMIGRATION, my_number=MY_NUMBER, former_surname="佐藤")
    change = _enter(midori, ChangeType.MOVE_IN_FROM_ABROAD, my_number=MY_NUMBER)
    back = Resident.objects.get(pk=old.pk)
    assert Resident.objects.count() == 1
    assert back.status == ResidentStatus.ACTIVE and back.atena_number == old.atena_number
    assert back.history_number == old.history_number + 1
    assert back.became_resident_on == TODAY and back.removed_on is None
    assert back.previous_address == ABROAD and back.household_id != old.household_id
    # §1.1.7: the first return from abroad to the same town keeps the 旧氏 of the 除票.
    assert back.former_surname == "佐藤"
    rows = list(ResidentHistory.objects.filter(resident=back).order_by("history_number"))
    assert [r.change.change_type for r in rows] == ["move_in", "emigration", "move_in_from_abroad"]
    assert rows[-1].change_id == change.pk


def test_returner_found_by_resident_code_or_residence_card_number(midori: Municipality) -> None:
    old = _closed(midori, ChangeType.MOVE_OUT)
    _enter(midori, ChangeType.MOVE_IN, resident_code=old.resident_code)
    assert Resident.objects.get().pk == old.pk
    foreign = {
        "resident_type": ResidentType.FOREIGN,
        "nationality": "ベトナム",
        "foreign_category": ForeignCategory.MID_LONG_TERM,
        "residence_status": "技術・人文知識・国際業務",
        "stay_expires_on": dt.date(2028, 1, 1),
    }
    card = "AB12345678CD"
    residents_register(
        municipality=midori,
        change_type=ChangeType.MOVE_IN_FROM_ABROAD,
        people=[
            person(
                "グエン　ヴァン　アン",
                "グエン　ヴァン　アン",
                dt.date(1990, 1, 1),
                "1",
                "世帯主",
                residence_card_number=card,
                alias="山本　安",
                **foreign,
            )
        ],
        address=MIDORI_ADDRESS,
        effective_on=dt.date(2025, 1, 1),
        notified_on=dt.date(2025, 1, 1),
        actor=None,
    )
    nguyen = Resident.objects.get(residence_card_number=card)
    residents_remove(
        municipality=midori,
        change_type=ChangeType.EMIGRATION,
        resident_ids=[nguyen.pk],
        effective_on=dt.date(2025, 6, 1),
        notified_on=dt.date(2025, 6, 1),
        actor=None,
        moving_to_address="ベトナム",
    )
    # A new card number would not match; the same card (typed in lower case) does, and the
    # 通称 of the 除票 comes back with the person (§1.1.7).
    residents_register(
        municipality=midori,
        change_type=ChangeType.MOVE_IN_FROM_ABROAD,
        people=[
            person(
                "グエン　ヴァン　アン",
                "グエン　ヴァン　アン",
                dt.date(1990, 1, 1),
                "1",
                "世帯主",
                residence_card_number=card.lower(),
                **foreign,
            )
        ],
        address=MIDORI_ADDRESS,
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
    )
    back = Resident.objects.get(pk=nguyen.pk)
    assert back.status == ResidentStatus.ACTIVE and back.alias == "山本　安"
    assert Resident.objects.count() == 2


def test_three_item_match_stops_the_entry_for_the_clerk_to_answer(midori: Municipality) -> None:
    old = _closed(midori, ChangeType.MOVE_OUT)
    before = (Resident.objects.count(), Change.objects.count())
    with pytest.raises(RuleViolation) as caught:
        _enter(midori, ChangeType.MOVE_IN)
    assert caught.value.code == "registry.returner_confirm"
    assert caught.value.errors[0].field == "/people/0/returning_atena_number"
    assert "鈴木" not in caught.value.detail
    assert (Resident.objects.count(), Change.objects.count()) == before
    # 再転入者として選択: the clerk names the 除票, which is reopened.
    _enter(midori, ChangeType.MOVE_IN, returning_atena_number=old.atena_number)
    back = Resident.objects.get(pk=old.pk)
    assert back.status == ResidentStatus.ACTIVE and Resident.objects.count() == 1


def test_someone_else_with_the_same_three_items_gets_a_new_record(midori: Municipality) -> None:
    old = _closed(midori, ChangeType.MOVE_OUT)
    _enter(midori, ChangeType.MOVE_IN, not_returning=True)
    assert Resident.objects.count() == 2
    new = Resident.objects.exclude(pk=old.pk).get()
    assert new.atena_number != old.atena_number
    assert Resident.objects.get(pk=old.pk).status == ResidentStatus.CLOSED


def test_a_named_returner_must_be_a_closed_record_that_the_numbers_agree_with(
    midori: Municipality,
) -> None:
    old = _closed(midori, ChangeType.MOVE_OUT, my_number=MY_NUMBER)
    with pytest.raises(RuleViolation) as caught:
        _enter(midori, ChangeType.MOVE_IN, returning_atena_number="0000000000")
    assert caught.value.code == "registry.returner_not_found"
    other = _closed_other(midori)
    with pytest.raises(RuleViolation) as caught:
        _enter(
            midori,
            ChangeType.MOVE_IN,
            my_number=MY_NUMBER,
            returning_atena_number=other.atena_number,
        )
    assert caught.value.code == "registry.returner_conflict"
    assert Resident.objects.get(pk=old.pk).status == ResidentStatus.CLOSED


def _closed_other(municipality: Municipality) -> Resident:
    residents_register(
        municipality=municipality,
        change_type=ChangeType.MOVE_IN,
        people=[person("田中　二郎", "タナカ　ジロウ", dt.date(1970, 1, 1), "1", "世帯主")],
        address=MIDORI_ADDRESS,
        effective_on=dt.date(2024, 4, 1),
        notified_on=dt.date(2024, 4, 1),
        actor=None,
    )
    resident = Resident.objects.get(name="田中　二郎")
    residents_remove(
        municipality=municipality,
        change_type=ChangeType.DEATH,
        resident_ids=[resident.pk],
        effective_on=dt.date(2025, 2, 1),
        notified_on=dt.date(2025, 2, 1),
        actor=None,
    )
    return resident


def test_cancelling_the_return_makes_the_record_a_closed_record_again(
    midori: Municipality,
) -> None:
    old = _closed(midori, ChangeType.EMIGRATION, my_number=MY_NUMBER)
    change = _enter(midori, ChangeType.MOVE_IN_FROM_ABROAD, my_number=MY_NUMBER)
    change_cancel(municipality=midori, change_id=change.pk, reason="誤って記載", actor=None)
    again = Resident.objects.get(pk=old.pk)
    assert again.status == ResidentStatus.CLOSED and again.removal_reason == ChangeType.EMIGRATION
    assert again.removed_on == old.removed_on


def test_a_birth_is_never_a_return(midori: Municipality) -> None:
    _closed(midori, ChangeType.MOVE_OUT)
    family = residents_register(
        municipality=midori,
        change_type=ChangeType.MOVE_IN,
        people=[person("鈴木　花", "スズキ　ハナ", dt.date(1986, 1, 1), "2", "世帯主")],
        address=MIDORI_ADDRESS,
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
    )
    household_id = family.history_rows.get().resident.household_id
    residents_register(
        municipality=midori,
        change_type=ChangeType.BIRTH,
        people=[person("鈴木　一郎", "スズキ　イチロウ", TODAY, "1", "子")],
        address=MIDORI_ADDRESS,
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
        household_id=household_id,
    )
    assert Resident.objects.count() == 3


API = "/api/v1/102121/registry/changes/entry"


def _api_entry(client: Client, **extra: Any) -> Any:
    body = {
        "type": "move_in",
        "effective_on": TODAY.isoformat(),
        "notified_on": TODAY.isoformat(),
        "address": {"address": MIDORI_ADDRESS.address},
        "people": [
            {
                "name": "鈴木 一郎",
                "name_kana": "スズキ イチロウ",
                "birth_date": BORN.isoformat(),
                "sex": "1",
                "relationship": "世帯主",
                **extra,
            }
        ],
    }
    return client.post(API, json.dumps(body), content_type="application/json")


def test_the_api_asks_for_an_explicit_answer_to_the_three_item_alert(
    midori: Municipality, clerk_client: Client
) -> None:
    old = _closed(midori, ChangeType.MOVE_OUT)
    refused = _api_entry(clerk_client)
    assert refused.status_code == 422
    problem = refused.json()
    assert problem["code"] == "registry.returner_confirm"
    assert problem["errors"][0]["field"] == "/people/0/returning_atena_number"
    confirmed = _api_entry(clerk_client, returning_atena_number=old.atena_number)
    assert confirmed.status_code == 201, confirmed.content
    assert confirmed.json()["resident_ids"] == [old.pk]


def test_the_history_of_the_returned_record_is_that_of_its_new_entry_only(
    midori: Municipality,
) -> None:
    # 「同一住民（再転入者等）を単位として履歴が照会できること」 is 実装しない (§2.2.1): the
    # reopened record's history starts with its return; the former 除票's rows stay stored.
    old = _closed(midori, ChangeType.EMIGRATION, my_number=MY_NUMBER)
    change = _enter(midori, ChangeType.MOVE_IN_FROM_ABROAD, my_number=MY_NUMBER)
    back = Resident.objects.get(pk=old.pk)
    rows = list(resident_history_list(resident=back))
    assert [r.change_id for r in rows] == [change.pk]
    assert resident_as_of(resident=back, on=dt.date(2024, 6, 1)) is None
    assert ResidentHistory.objects.filter(resident=back).count() == 3
    change_cancel(municipality=midori, change_id=change.pk, reason="誤って記載", actor=None)
    again = Resident.objects.get(pk=old.pk)
    assert again.entry_history_number == 1
    assert resident_as_of(resident=again, on=dt.date(2024, 6, 1)) is not None


def test_the_layout_carries_where_the_returned_records_entry_begins(
    midori: Municipality, minakami: Municipality, tmp_path: Path
) -> None:
    old = _closed(midori, ChangeType.EMIGRATION, my_number=MY_NUMBER)
    _enter(midori, ChangeType.MOVE_IN_FROM_ABROAD, my_number=MY_NUMBER)
    registry_export(municipality=midori, destination=tmp_path / "a", actor=None)
    registry_import(
        municipality=minakami, path=tmp_path / "a", actor=None, allow_other_municipality=True
    )
    imported = Resident.objects.for_municipality(minakami).get(atena_number=old.atena_number)
    assert (imported.history_number, imported.entry_history_number) == (3, 3)
    assert len(resident_history_list(resident=imported)) == 1
