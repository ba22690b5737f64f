"""基本4情報 against a register record: width and spaces do not matter, 代替文字 are skipped,
anything else that differs refuses. A signer is the applicant with the current address, an
outdated card with a former one, anyone else otherwise; re-verification accepts any version."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jichitai.identity.jpki.basic_four import BasicFour
from jichitai.registry.matching import (
    SignerMatch,
    basic_four_matches,
    signer_match,
    signer_was_recorded,
)
from jichitai.registry.models import Resident
from jichitai.registry.services import Address, residents_move_within
from jichitai.registry.tests.factories import MIDORI_ADDRESS, yamada_family
from jichitai.tenants.models import Municipality


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
    values: dict[str, Any] = {
        "name": "髙橋　花子",
        "name_substitute": "00000",
        "sex": "2",
        "birth_date": dt.date(1990, 4, 1),
        "address": "群馬県みどり市笠懸町鹿２９５２番地みどりハイツ１０１",
        "address_substitute": "",
        **extra,
    }
    return BasicFour(**values)


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


# ---------------------------------------------------------------------------- signer and applicant


def _moved(midori: Municipality) -> Resident:
    """山田花子 after a 転居 within みどり市 (her card still shows the old address)."""
    family = yamada_family(midori)
    residents_move_within(
        municipality=midori,
        resident_ids=[r.pk for r in family.values()],
        address=Address(address="群馬県みどり市笠懸町鹿2952番地"),
        effective_on=dt.date(2025, 10, 1),
        notified_on=dt.date(2025, 10, 1),
        actor=None,
    )
    return Resident.objects.get(pk=family["花子"].pk)


def _card_of_hanako(address: str) -> BasicFour:
    return _card(name="山田　花子", birth_date=dt.date(1990, 6, 15), address=address)


def test_signer_match_tells_an_outdated_card_from_another_person(midori: Municipality) -> None:
    hanako = _moved(midori)

    def match(card: BasicFour) -> SignerMatch:
        return signer_match(basic_four=card, resident=hanako)

    assert match(_card_of_hanako("群馬県みどり市笠懸町鹿2952番地")) is SignerMatch.APPLICANT
    assert match(_card_of_hanako(MIDORI_ADDRESS.address)) is SignerMatch.ADDRESS_OUTDATED
    assert match(_card_of_hanako("東京都千代田区千代田1番1号")) is SignerMatch.ADDRESS_OUTDATED
    assert match(_card_of_hanako("群馬県利根郡みなかみ町後閑318番地")) is SignerMatch.OTHER_PERSON
    other_birthday = _card(
        name="山田　花子", birth_date=dt.date(1990, 6, 16), address="群馬県みどり市笠懸町鹿2952番地"
    )
    assert match(other_birthday) is SignerMatch.OTHER_PERSON


def test_signer_was_recorded_by_any_version_of_the_record_only(midori: Municipality) -> None:
    hanako = _moved(midori)
    assert signer_was_recorded(basic_four=_card_of_hanako(MIDORI_ADDRESS.address), resident=hanako)
    # The 転入前住所 was never a version of this record: a card showing it did not sign here.
    assert not signer_was_recorded(
        basic_four=_card_of_hanako("東京都千代田区千代田1番1号"), resident=hanako
    )
