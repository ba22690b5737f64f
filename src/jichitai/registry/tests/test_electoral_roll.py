"""選挙人名簿への登録 derived from the dates (公職選挙法 第9条・第21条): 18 years of age and
three months of residence; the imported flag stands for registrations older than the history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from jichitai.identity.models import StaffUser
from jichitai.registry.models import ChangeType, Resident, ResidentType
from jichitai.registry.services import Address, residents_register
from jichitai.registry.tests.factories import person
from jichitai.tenants.models import Municipality

ARRIVED = dt.date(2026, 9, 1)


def _newcomer(midori: Municipality, birth: dt.date = dt.date(1990, 6, 15)) -> Resident:
    change = residents_register(
        municipality=midori,
        change_type=ChangeType.MOVE_IN,
        people=[person("新井　光", "アライ　ヒカル", birth, "1", "世帯主")],
        address=Address(address="群馬県みどり市大間々町大間々1番地"),
        effective_on=ARRIVED,
        notified_on=ARRIVED,
        actor=None,
    )
    return change.history_rows.get().resident


def test_a_newcomer_is_registered_after_three_months_not_on_day_one(midori: Municipality) -> None:
    resident = _newcomer(midori)
    assert not resident.on_electoral_roll_on(ARRIVED)
    assert not resident.on_electoral_roll_on(dt.date(2026, 11, 30))
    assert resident.on_electoral_roll_on(dt.date(2026, 12, 1))


def test_the_former_towns_roll_does_not_follow_a_move_in(midori: Municipality) -> None:
    change = residents_register(
        municipality=midori,
        change_type=ChangeType.MOVE_IN,
        people=[
            person(
                "新井　光",
                "アライ　ヒカル",
                dt.date(1990, 6, 15),
                "1",
                "世帯主",
                on_electoral_roll=True,  # as the 転出証明書情報 of a registered voter carries it
            )
        ],
        address=Address(address="群馬県みどり市大間々町大間々1番地"),
        effective_on=ARRIVED,
        notified_on=ARRIVED,
        actor=None,
    )
    assert change.history_rows.get().resident.on_electoral_roll is False


def test_eighteen_is_reached_the_day_before_the_birthday(midori: Municipality) -> None:
    resident = _newcomer(midori, birth=dt.date(2008, 12, 2))
    assert not resident.on_electoral_roll_on(dt.date(2026, 11, 30))
    assert resident.on_electoral_roll_on(dt.date(2026, 12, 1))


def test_foreign_residents_and_closed_records_are_not_on_the_roll(midori: Municipality) -> None:
    resident = _newcomer(midori)
    resident.resident_type = ResidentType.FOREIGN
    assert not resident.on_electoral_roll_on(dt.date(2027, 1, 1))


def test_the_imported_flag_stands_for_older_registrations(midori: Municipality) -> None:
    resident = _newcomer(midori)
    resident.on_electoral_roll = True  # as an import of the 選管's roll would set it
    assert resident.on_electoral_roll_on(ARRIVED)


@pytest.fixture
def registrar(midori: Municipality, clerk: StaffUser) -> Client:
    client = Client()
    client.force_login(clerk)
    return client


def test_the_resident_page_and_api_say_what_the_dates_say(
    midori: Municipality, registrar: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    resident = _newcomer(midori)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 10, 1))
    page = registrar.get(f"/102121/registry/residents/{resident.pk}/").content.decode()
    assert "登録なし" in page and "登録あり" not in page
    as_of = registrar.get(f"/102121/registry/residents/{resident.pk}/?on=2026-12-05")
    assert "登録あり" in as_of.content.decode()
    api = registrar.get(f"/api/v1/102121/registry/residents/{resident.pk}")
    assert api.json()["on_electoral_roll"] is False
