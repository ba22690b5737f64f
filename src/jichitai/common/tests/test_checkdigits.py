"""Tests of the 検査用数字 in checkdigits.py.

Known-good numbers come from public sources and agree with the statutory algorithm:
- 個人番号 123456789018: the worked example used across public explanations of 総務省令第85号
  第5条 (body 12345678901 → check digit 8); no real person's number appears here.
- 法人番号 1180301018771 (トヨタ自動車株式会社, as published by 国税庁 and in EDINET) and
  7000012050002 (国税庁 itself).
- 団体コード: 総務省's codes, also listed in tenants/data/municipalities.csv.

住民票コード: the algorithm is set by 平成14年総務省告示第436号, whose text we could not consult.
Secondary sources agree with checkdigits.py (modulus 11, weights 2-7 from the right), but without
the primary text there is no known-good code to test against, so only properties are tested.
"""

# Full-width and look-alike characters are the input under test here.

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jichitai.common.checkdigits import (
    corporate_number_check_digit,
    is_valid_corporate_number,
    is_valid_lg_code,
    is_valid_my_number,
    is_valid_resident_code,
    lg_code_check_digit,
    my_number_check_digit,
    resident_code_check_digit,
    validate_corporate_number,
    validate_lg_code,
    validate_my_number,
    validate_resident_code,
)
from jichitai.common.exceptions import InvalidInput

MUNICIPALITIES_CSV = Path(__file__).resolve().parents[2] / "tenants" / "data" / "municipalities.csv"


def _digits(length: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=length, max_size=length)


def _other_digits(digit: str) -> list[str]:
    return [d for d in "0123456789" if d != digit]


# --- 個人番号 -------------------------------------------------------------------------------


def test_my_number_check_digit_of_the_public_example_is_8() -> None:
    assert my_number_check_digit("12345678901") == 8
    assert validate_my_number("123456789018") == "123456789018"


def test_my_number_check_digit_is_0_when_the_remainder_is_0_or_1() -> None:
    # Σ = 0 → remainder 0; body ending in 5 → Σ = 10 → remainder 10 → 11 - 10 = 1.
    assert my_number_check_digit("00000000000") == 0
    assert my_number_check_digit("00000000005") == 1
    # Σ = 1·2 + 1·3 + 1·4 + 1·5 + 1·6 + 1·7 = 27, 27 mod 11 = 5 → 6.
    assert my_number_check_digit("00000111111") == 6


@pytest.mark.parametrize("value", ["123456789010", "123456789017", "123456789019"])
def test_validate_my_number_rejects_a_wrong_check_digit(value: str) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        validate_my_number(value)

    assert excinfo.value.code == "my_number.check_digit"
    assert (
        excinfo.value.detail == "個人番号の検査用数字が一致しません。番号をもう一度ご確認ください。"
    )


@pytest.mark.parametrize(
    "value",
    [
        "",
        "12345678901",
        "1234567890188",
        "１２３４５６７８９０１８",
        "1234-5678-9018",
        "12345678901a",
    ],
)
def test_validate_my_number_rejects_a_malformed_value(value: str) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        validate_my_number(value)

    assert excinfo.value.code == "my_number.format"
    assert excinfo.value.detail == "個人番号は半角数字12桁で入力してください。"


# --- 法人番号 -------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1180301018771", "7000012050002"])
def test_published_corporate_numbers_are_valid(value: str) -> None:
    assert corporate_number_check_digit(value[1:]) == int(value[0])
    assert validate_corporate_number(value) == value


@pytest.mark.parametrize("value", ["2180301018771", "5010001008797", "9000012050002"])
def test_validate_corporate_number_rejects_a_wrong_check_digit(value: str) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        validate_corporate_number(value)

    assert excinfo.value.code == "corporate_number.check_digit"
    assert (
        excinfo.value.detail == "法人番号の検査用数字が一致しません。番号をもう一度ご確認ください。"
    )


@pytest.mark.parametrize(
    "value", ["", "180301018771", "11803010187710", "１１８０３０１０１８７７１"]
)
def test_validate_corporate_number_rejects_a_malformed_value(value: str) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        validate_corporate_number(value)

    assert excinfo.value.code == "corporate_number.format"
    assert excinfo.value.detail == "法人番号は半角数字13桁で入力してください。"


# --- 住民票コード (properties only: see the module docstring) ------------------------------


@pytest.mark.parametrize(
    "value", ["", "1234567890", "123456789012", "１２３４５６７８９０１", "12345 67890"]
)
def test_validate_resident_code_rejects_a_malformed_value(value: str) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        validate_resident_code(value)

    assert excinfo.value.code == "resident_code.format"
    assert excinfo.value.detail == "住民票コードは半角数字11桁で入力してください。"


@given(_digits(10))
def test_validate_resident_code_rejects_every_other_check_digit(body: str) -> None:
    check = str(resident_code_check_digit(body))
    for wrong in _other_digits(check):
        with pytest.raises(InvalidInput) as excinfo:
            validate_resident_code(body + wrong)
        assert excinfo.value.code == "resident_code.check_digit"


# --- 全国地方公共団体コード ---------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "131016",  # 東京都千代田区
        "011002",  # 北海道札幌市
        "182079",  # 福井県鯖江市
        "131041",  # 東京都新宿区
        "010006",  # 北海道
        "462209",  # 鹿児島県南さつま市
        "132110",  # 東京都小平市
    ],
)
def test_known_lg_codes_are_valid(value: str) -> None:
    assert lg_code_check_digit(value[:5]) == int(value[5])
    assert validate_lg_code(value) == value


def test_every_lg_code_in_the_municipality_table_is_valid() -> None:
    with MUNICIPALITIES_CSV.open(encoding="utf-8") as file:
        codes = [row["lg_code"] for row in csv.DictReader(file)]

    assert len(codes) > 1700
    assert [code for code in codes if not is_valid_lg_code(code)] == []


def test_lg_code_check_digit_is_11_minus_remainder_modulo_10() -> None:
    assert lg_code_check_digit("00000") == 1  # r = 0 → 11 mod 10
    assert lg_code_check_digit("00006") == 0  # 6·2 = 12, r = 1 → 10 mod 10
    assert lg_code_check_digit("00005") == 1  # 5·2 = 10, r = 10 → 1


@pytest.mark.parametrize("value", ["131017", "011001", "010007"])
def test_validate_lg_code_rejects_a_wrong_check_digit(value: str) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        validate_lg_code(value)

    assert excinfo.value.code == "lg_code.check_digit"
    assert excinfo.value.detail == (
        "全国地方公共団体コードの検査用数字が一致しません。番号をもう一度ご確認ください。"
    )


@pytest.mark.parametrize("value", ["", "13101", "1310160", "１３１０１６", "13101a"])
def test_validate_lg_code_rejects_a_malformed_value(value: str) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        validate_lg_code(value)

    assert excinfo.value.code == "lg_code.format"
    assert excinfo.value.detail == "全国地方公共団体コードは半角数字6桁で入力してください。"


# --- Properties shared by all four --------------------------------------------------------

CheckDigit = Callable[[str], int]
IsValid = Callable[[str], bool]

# (body length, check digit function, validity predicate, check digit goes first)
SCHEMES: dict[str, tuple[int, CheckDigit, IsValid, bool]] = {
    "my_number": (11, my_number_check_digit, is_valid_my_number, False),
    "resident_code": (10, resident_code_check_digit, is_valid_resident_code, False),
    "corporate_number": (12, corporate_number_check_digit, is_valid_corporate_number, True),
    "lg_code": (5, lg_code_check_digit, is_valid_lg_code, False),
}


@pytest.mark.parametrize("scheme", SCHEMES)
@given(data=st.data())
def test_body_with_its_check_digit_is_valid_and_every_other_digit_is_not(
    scheme: str, data: st.DataObject
) -> None:
    length, check_digit, is_valid, check_first = SCHEMES[scheme]
    body = data.draw(_digits(length))
    check = check_digit(body)

    def number(digit: str) -> str:
        return digit + body if check_first else body + digit

    assert 0 <= check <= 9
    assert is_valid(number(str(check)))
    assert not any(is_valid(number(wrong)) for wrong in _other_digits(str(check)))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_check_digit_functions_refuse_a_malformed_body(scheme: str) -> None:
    length, check_digit, _, _ = SCHEMES[scheme]

    for body in ("", "1" * (length - 1), "1" * (length + 1), "１" * length, "a" * length):
        with pytest.raises(ValueError):
            check_digit(body)
