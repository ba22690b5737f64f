"""基本4情報 against a register record: width and spaces do not matter, 代替文字 are skipped,
anything else that differs refuses."""

from __future__ import annotations

import datetime as dt

import pytest

from jichitai.identity.jpki.basic_four import BasicFour
from jichitai.registry.matching import basic_four_matches
from jichitai.registry.models import Resident


def _resident(**extra: object) -> Resident:
    values = {
        "name": "髙橋　花子",
        "birth_date": dt.date(1990, 4, 1),
        "sex": "2",
        "address": "群馬県みどり市笠懸町鹿2952番地",
        "address_extra": "みどりハイツ101",
        **extra,
    }
    return Resident(**values)


def _card(**extra: object) -> BasicFour:
    values = {
        "name": "髙橋　花子",
        "name_substitute": "00000",
        "sex": "2",
        "birth_date": dt.date(1990, 4, 1),
        "address": "群馬県みどり市笠懸町鹿２９５２番地みどりハイツ１０１",
        "address_substitute": "",
        **extra,
    }
    return BasicFour(**values)  # type: ignore[arg-type]


def test_width_and_spaces_do_not_matter() -> None:
    assert basic_four_matches(_card(name="髙橋 花子"), _resident())


def test_the_address_may_come_without_the_building() -> None:
    assert basic_four_matches(_card(address="群馬県みどり市笠懸町鹿２９５２番地"), _resident())


def test_a_substitute_character_is_not_compared() -> None:
    # The card could not hold 髙 and wrote 高 in its place, flagged in 使用位置情報.
    assert basic_four_matches(_card(name="高橋　花子", name_substitute="10000"), _resident())
    assert not basic_four_matches(_card(name="高橋　花子", name_substitute="00000"), _resident())


@pytest.mark.parametrize(
    "difference",
    [
        {"name": "髙橋　花"},
        {"name": "髙橋　花美"},
        {"sex": "1"},
        {"birth_date": dt.date(1990, 4, 2)},
        {"address": "群馬県みどり市笠懸町鹿２９５３番地"},
    ],
)
def test_any_other_difference_refuses(difference: dict[str, object]) -> None:
    assert not basic_four_matches(_card(**difference), _resident())
