# Full-width and look-alike characters are the input under test here.
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jichitai.common.exceptions import InvalidInput
from jichitai.common.money import Rounding, apply_rate, format_yen, parse_yen, truncate_to_unit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234", 1234),
        ("1,234", 1234),
        ("１２３４円", 1234),
        ("１，２３４円", 1234),
        ("¥1,234", 1234),
        ("￥1,234", 1234),
        (" 1,234 円 ", 1234),
        ("0", 0),
        ("1,000,000", 1_000_000),
    ],
)
def test_parse_yen_accepts_written_amounts(text: str, expected: int) -> None:
    assert parse_yen(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "円", "¥", "-1", "−1", "1.5", "1,234.00", "12,34", "1,2345", "１万円", "abc", "1e3"],
)
def test_parse_yen_rejects_decimals_negatives_and_garbage(text: str) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        parse_yen(text)

    assert excinfo.value.code == "money.format"
    assert excinfo.value.detail == "金額は0以上の整数（円）で入力してください（例：1,234）。"


@pytest.mark.parametrize(
    ("amount", "expected"),
    [(0, "0円"), (999, "999円"), (1234, "1,234円"), (12_345_678, "12,345,678円")],
)
def test_format_yen_groups_thousands(amount: int, expected: str) -> None:
    assert format_yen(amount) == expected


@given(st.integers(min_value=0, max_value=10**15))
def test_parse_yen_reads_what_format_yen_writes(amount: int) -> None:
    assert parse_yen(format_yen(amount)) == amount


@pytest.mark.parametrize(
    ("rounding", "expected"), [("floor", 37037), ("ceil", 37038), ("half_up", 37037)]
)
def test_apply_rate_rounds_as_asked(rounding: Rounding, expected: int) -> None:
    # 1,234,567 * 3% = 37,037.01
    assert apply_rate(1_234_567, 3, 100, rounding=rounding) == expected


def test_apply_rate_half_up_rounds_a_half_up() -> None:
    assert apply_rate(50, 1, 100, rounding="half_up") == 1
    assert apply_rate(49, 1, 100, rounding="half_up") == 0


def test_apply_rate_is_exact_where_floats_are_not() -> None:
    # 10% of 1,100 yen: 1100 * 0.1 == 110.00000000000001 in floating point.
    assert apply_rate(1100, 10, 100) == 110
    assert apply_rate(1100, 10, 100, rounding="ceil") == 110


def test_tax_style_truncation_is_floor() -> None:
    # 延滞税-style: 500,000円 * 年2.4% * 30日/365日 = 986.30…円 → 端数切捨て 986円, then
    # 国税通則法第119条第1項 drops what is under 100円.
    interest = apply_rate(500_000, 24 * 30, 1000 * 365)

    assert interest == 986
    assert truncate_to_unit(interest, unit=100) == 900


def test_truncate_to_unit_follows_kokuzei_tsusoku_ho() -> None:
    # 第118条第1項: 課税標準の1,000円未満切捨て; 第119条第1項: 確定金額の100円未満切捨て.
    assert truncate_to_unit(1_234_567, unit=1000) == 1_234_000
    assert truncate_to_unit(98_765, unit=100) == 98_700
    assert truncate_to_unit(999, unit=1000) == 0


@given(
    st.integers(min_value=0, max_value=10**12),
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=1, max_value=10**6),
)
def test_apply_rate_floor_never_exceeds_the_exact_value(
    amount: int, numerator: int, denominator: int
) -> None:
    result = apply_rate(amount, numerator, denominator)

    assert result * denominator <= amount * numerator < (result + 1) * denominator


@pytest.mark.parametrize(
    ("amount", "numerator", "denominator"),
    [(100.0, 1, 10), (100, 0.1, 1), (100, 1, 10.0), (True, 1, 1)],
)
def test_apply_rate_refuses_floats(amount: object, numerator: object, denominator: object) -> None:
    with pytest.raises(TypeError):
        apply_rate(amount, numerator, denominator)  # type: ignore[arg-type]  # floats on purpose


@pytest.mark.parametrize(
    ("amount", "numerator", "denominator"), [(-1, 1, 1), (1, -1, 1), (1, 1, 0)]
)
def test_apply_rate_refuses_negative_inputs_and_zero_denominator(
    amount: int, numerator: int, denominator: int
) -> None:
    with pytest.raises(ValueError):
        apply_rate(amount, numerator, denominator)


def test_apply_rate_refuses_an_unknown_rounding_mode() -> None:
    with pytest.raises(ValueError, match="unknown rounding 'banker'"):
        apply_rate(100, 1, 3, rounding="banker")  # type: ignore[arg-type]  # unknown on purpose
