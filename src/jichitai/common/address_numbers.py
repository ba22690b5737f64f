"""番地・枝番・部屋番号のコード化 (doc/j240.txt §1.3.2): 「ソート機能のため、番地・枝番・部屋番号等を
数値によりコード管理できること。」

Reads the part of an address after the 町字 (「1234番地5」, 「1丁目2番3号」, 「12-3-405」, 「5番地の2
 101号室」) into numbers, so that lists sort 2 before 10. Text that is not a 番地 gives no numbers
and sorts after those that are; it is never rejected, since the 住所 as written stays the record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jichitai.common.kana import normalize_width

_KANJI_DIGITS = {
    "\u3007": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}

_NUMBER = r"[0-9\u3007一二三四五六七八九十百千]+"
_CHOME = re.compile(rf"^(?P<n>{_NUMBER})丁目")
_PARTS = re.compile(
    rf"^(?P<a>{_NUMBER})(?:番地|番|地割)?(?:の|-|－|\u2010)?"
    rf"(?:(?P<b>{_NUMBER})(?:号|番地|番)?)?(?:の|-)?"
    rf"(?:(?P<c>{_NUMBER})(?:号)?)?"
)
_ROOM = re.compile(rf"(?P<r>{_NUMBER})号室$")


@dataclass(frozen=True)
class LotNumbers:
    """番地等の数値コード: None where the text has no such part."""

    chome: int | None = None
    block: int | None = None
    branch: int | None = None
    sub_branch: int | None = None
    room: int | None = None

    def sort_key(self) -> tuple[int, int, int, int, int]:
        """Numbers first, missing parts as 0; text that held no number sorts last."""
        if self.block is None and self.chome is None:
            return (10**9, 0, 0, 0, 0)
        return (
            self.chome or 0,
            self.block or 0,
            self.branch or 0,
            self.sub_branch or 0,
            self.room or 0,
        )


def kanji_number(text: str) -> int:
    """「十二」→ 12, 「二\u3007五」→ 205, 「12」→ 12 (numbers up to 9999)."""
    if text.isdecimal():
        return int(text)
    if not any(unit in text for unit in "十百千"):
        return int("".join(str(_KANJI_DIGITS[ch]) for ch in text))
    total, digit = 0, 0
    for ch in text:
        if ch in _KANJI_DIGITS:
            digit = _KANJI_DIGITS[ch]
        else:
            total += (digit or 1) * {"十": 10, "百": 100, "千": 1000}[ch]
            digit = 0
    return total + digit


def lot_numbers_parse(text: str) -> LotNumbers:
    """番地の解析 (parse the 番地 part of an address into numbers for sorting)."""
    rest = "-".join(normalize_width(text).split())
    room = None
    room_match = _ROOM.search(rest)
    if room_match:
        room = kanji_number(room_match["r"])
        rest = rest[: room_match.start()]
    chome = None
    chome_match = _CHOME.match(rest)
    if chome_match:
        chome = kanji_number(chome_match["n"])
        rest = rest[chome_match.end() :]
    match = _PARTS.match(rest)
    if match is None:
        return LotNumbers(chome=chome, room=room)
    numbers = [kanji_number(match[g]) if match[g] else None for g in ("a", "b", "c")]
    block, branch, third = numbers
    trailing = rest[match.end() :].lstrip("-の")
    if room is None and trailing.isdecimal() and len(trailing) <= 6:
        room = int(trailing)
    return LotNumbers(chome=chome, block=block, branch=branch, sub_branch=third, room=room)
