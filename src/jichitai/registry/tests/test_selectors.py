from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from jichitai.common.exceptions import InvalidInput
from jichitai.registry.models import ChangeType, Resident
from jichitai.registry.selectors import ResidentQuery, resident_as_of, resident_search
from jichitai.registry.services import (
    Address,
    change_cancel,
    residents_move_within,
    residents_remove,
)
from jichitai.registry.tests.factories import MIDORI_ADDRESS, yamada_family
from jichitai.tenants.models import Municipality

TODAY = dt.date(2026, 4, 7)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def _names(municipality: Municipality, **query: Any) -> list[str]:
    return [
        r.name for r in resident_search(municipality=municipality, query=ResidentQuery(**query))
    ]


def _address_on(resident: Resident, day: dt.date) -> str:
    """The address in the resident's record as it stood on the day."""
    record = resident_as_of(resident=resident, on=day)
    assert record is not None
    address: str = record["address"]
    return address


@pytest.mark.parametrize(
    "typed", ["やまだ", "ﾔﾏﾀﾞ", "ヤマダ　ハナ", "ハナコ", "ﾊﾅｺ", "やまだはなこ"]
)
def test_reading_search_ignores_width_script_and_spaces(midori: Municipality, typed: str) -> None:
    yamada_family(midori)
    assert "山田　花子" in _names(midori, name=typed)


def test_search_by_written_name_birth_date_in_wareki_address_and_numbers(
    midori: Municipality,
) -> None:
    family = yamada_family(midori)
    assert _names(midori, name="花子") == ["山田　花子"]
    assert _names(midori, birth="平成2年6月15日") == ["山田　花子"]
    assert _names(midori, birth="1990/6/15") == ["山田　花子"]
    assert len(_names(midori, address="大間々町")) == 3
    assert _names(midori, resident_code=family["翔太"].resident_code) == ["山田　翔太"]
    assert _names(midori, my_number="123456789018") == ["山田　花子"]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ({"birth": "令和0年1月1日"}, "wareki.year_invalid"),
        ({"birth": "2月30日"}, "date.format"),
        ({"my_number": "123456789012"}, "my_number.check_digit"),
        ({"resident_code": "123"}, "resident_code.format"),
    ],
)
def test_bad_search_keys_get_clear_errors(
    midori: Municipality, query: dict[str, Any], code: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        list(resident_search(municipality=midori, query=ResidentQuery(**query)))
    assert caught.value.code == code


def test_closed_records_only_when_asked(midori: Municipality) -> None:
    family = yamada_family(midori)
    residents_remove(
        municipality=midori,
        change_type=ChangeType.DEATH,
        resident_ids=[family["美咲"].pk],
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
    )
    assert "山田　美咲" not in _names(midori, name="ヤマダ")
    assert "山田　美咲" in _names(midori, name="ヤマダ", include_closed=True)


def test_other_municipalities_are_never_searched(
    midori: Municipality, minakami: Municipality
) -> None:
    yamada_family(midori)
    assert _names(minakami, name="ヤマダ") == []


def test_as_of_read_follows_the_effective_dates_and_skips_cancelled_changes(
    midori: Municipality,
) -> None:
    hanako = yamada_family(midori, effective_on=dt.date(2024, 4, 1))["花子"]
    residents_move_within(
        municipality=midori,
        resident_ids=[r.pk for r in hanako.household.members.all()],
        address=Address(address="群馬県みどり市笠懸町鹿2952番地"),
        effective_on=dt.date(2025, 10, 1),
        notified_on=dt.date(2025, 10, 3),
        actor=None,
    )
    assert resident_as_of(resident=hanako, on=dt.date(2024, 3, 31)) is None
    assert _address_on(hanako, dt.date(2025, 4, 1)) == MIDORI_ADDRESS.address
    assert _address_on(hanako, TODAY) == "群馬県みどり市笠懸町鹿2952番地"
    last = hanako.history.order_by("-history_number").first()
    assert last is not None
    change_cancel(municipality=midori, change_id=last.change_id, reason="取下げ", actor=None)
    assert _address_on(hanako, TODAY) == MIDORI_ADDRESS.address
