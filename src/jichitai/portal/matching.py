"""本人確認: do a card's 基本4情報 describe this resident of the register?

The 署名用電子証明書 carries the register's own values (J-LIS copies them from 住基ネット), so
only the way they are written may differ: character width and spaces. Characters the card had
to replace by 代替文字 (flagged in the 使用位置情報) cannot be compared and are skipped; every
other character must be equal, and the lengths too.
"""

from __future__ import annotations

from jichitai.common.kana import normalize_width
from jichitai.identity.jpki.basic_four import BasicFour
from jichitai.registry.models import Resident


def _masked(text: str, flags: str) -> list[tuple[str, bool]]:
    """(character, is 代替文字) without spaces, width-normalised."""
    marks = flags.ljust(len(text), "0")
    return [
        (normalize_width(char), mark == "1")
        for char, mark in zip(text, marks, strict=False)
        if not char.isspace()
    ]


def _plain(text: str) -> str:
    return "".join(normalize_width(text).split())


def _same(card_text: str, card_flags: str, register_text: str) -> bool:
    card = _masked(card_text, card_flags)
    register = _plain(register_text)
    return len(card) == len(register) and all(
        substitute or char == expected
        for (char, substitute), expected in zip(card, register, strict=True)
    )


def basic_four_matches(basic_four: BasicFour, resident: Resident) -> bool:
    """All four must agree: 氏名, 生年月日, 性別 and 住所 (with or without the 方書)."""
    if basic_four.birth_date != resident.birth_date or basic_four.sex != resident.sex:
        return False
    if not _same(basic_four.name, basic_four.name_substitute, resident.name):
        return False
    full_address = f"{resident.address}{resident.address_extra}"
    return _same(basic_four.address, basic_four.address_substitute, full_address) or _same(
        basic_four.address, basic_four.address_substitute, resident.address
    )
