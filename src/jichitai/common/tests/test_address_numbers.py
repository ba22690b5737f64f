"""番地・枝番・部屋番号のコード化 (doc/j240.txt §1.3.2)."""

from __future__ import annotations

import pytest

from jichitai.common.address_numbers import LotNumbers, kanji_number, lot_numbers_parse


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234番地5", LotNumbers(block=1234, branch=5)),
        ("１２３４番地の５", LotNumbers(block=1234, branch=5)),
        ("1丁目2番3号", LotNumbers(chome=1, block=2, branch=3)),
        ("三丁目十二番地", LotNumbers(chome=3, block=12)),
        ("12-3", LotNumbers(block=12, branch=3)),
        ("5番地2 101号室", LotNumbers(block=5, branch=2, room=101)),
        ("1丁目2番3-405号室", LotNumbers(chome=1, block=2, branch=3, room=405)),
        ("甲11番地", LotNumbers()),
    ],
)
def test_lot_numbers_parse_reads_banchi_forms(text: str, expected: LotNumbers) -> None:
    assert lot_numbers_parse(text) == expected


def test_lot_numbers_sort_numerically_not_as_text() -> None:
    texts = ["10番地", "2番地", "2番地10", "2番地3", "甲11番地", "1丁目5番1号"]
    ordered = sorted(texts, key=lambda t: lot_numbers_parse(t).sort_key())
    assert ordered == ["2番地", "2番地3", "2番地10", "10番地", "1丁目5番1号", "甲11番地"]


@pytest.mark.parametrize(
    ("text", "value"), [("十二", 12), ("二\u3007五", 205), ("百三", 103), ("7", 7)]
)
def test_kanji_number_reads_kanji_numerals(text: str, value: int) -> None:
    assert kanji_number(text) == value
