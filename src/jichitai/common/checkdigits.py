"""Check digits of the national identifiers (検査用数字).

- 個人番号 (12 digits): 行政手続における特定の個人を識別するための番号の利用等に関する法律施行令
  第8条 / 総務省令 (weights Q_n = n+1 for n ≤ 6, n-5 for 7 ≤ n ≤ 11, counted from the right;
  check = 0 if r ≤ 1 else 11 - r).
- 住民票コード (11 digits): 住民基本台帳法施行規則 第1条 (10 digits + modulus-11 check digit with
  weights 2..7 repeated from the right; check = 0 if r ≤ 1 else 11 - r).
- 法人番号 (13 digits): 法人番号の指定等に関する省令 第2条 (first digit = 9 - (Σ P_n·Q_n mod 9),
  Q_n = 1 for odd n and 2 for even n, counted from the right of the 12-digit base).
- 全国地方公共団体コード (6 digits): 総務省「全国地方公共団体コード仕様」 (weights 6..2 over the
  five digits; check = (11 - r) mod 10).
"""

from __future__ import annotations

from jichitai.common.error_codes import CommonErrorCode
from jichitai.common.exceptions import InvalidInput


def _digits(value: str, length: int) -> list[int] | None:
    if len(value) != length or not value.isascii() or not value.isdigit():
        return None
    return [int(c) for c in value]


def my_number_check_digit(body: str) -> int:
    """個人番号の検査用数字 for the first 11 digits."""
    digits = _digits(body, 11)
    if digits is None:
        raise ValueError("body must be 11 ASCII digits")
    total = sum(d * (n + 1 if n <= 6 else n - 5) for n, d in enumerate(reversed(digits), start=1))
    remainder = total % 11
    return 0 if remainder <= 1 else 11 - remainder


def modulus11_check_digit(body: str) -> int:
    """Modulus 11 with weights 2-7 repeated from the right; 0 when the remainder is 0 or 1.

    Used by 住民票コード and, per 住民記録システム標準仕様書 §1.1.13 (doc/j130.txt), by
    宛名番号 and 世帯番号 (the standard leaves remainder 1 open; we give 0 as for 住民票コード).
    """
    if not body or not body.isascii() or not body.isdigit():
        raise ValueError("body must be ASCII digits")
    total = sum(int(d) * (2 + (n % 6)) for n, d in enumerate(reversed(body)))
    remainder = total % 11
    return 0 if remainder <= 1 else 11 - remainder


def resident_code_check_digit(body: str) -> int:
    """住民票コードの検査数字 for the first 10 digits (modulus 11, weights 2-7 from the right)."""
    if _digits(body, 10) is None:
        raise ValueError("body must be 10 ASCII digits")
    return modulus11_check_digit(body)


def corporate_number_check_digit(base: str) -> int:
    """法人番号の検査用数字 (the leading digit) for the 12-digit 基礎番号."""
    digits = _digits(base, 12)
    if digits is None:
        raise ValueError("base must be 12 ASCII digits")
    total = sum(d * (2 if n % 2 == 0 else 1) for n, d in enumerate(reversed(digits), start=1))
    return 9 - (total % 9)


def lg_code_check_digit(body: str) -> int:
    """全国地方公共団体コードの検査数字 for the 5-digit 団体コード."""
    digits = _digits(body, 5)
    if digits is None:
        raise ValueError("body must be 5 ASCII digits")
    remainder = sum(d * w for d, w in zip(digits, (6, 5, 4, 3, 2), strict=True)) % 11
    return (11 - remainder) % 10


def is_valid_my_number(value: str) -> bool:
    return _digits(value, 12) is not None and my_number_check_digit(value[:11]) == int(value[11])


def is_valid_resident_code(value: str) -> bool:
    return _digits(value, 11) is not None and resident_code_check_digit(value[:10]) == int(
        value[10]
    )


def is_valid_corporate_number(value: str) -> bool:
    return _digits(value, 13) is not None and corporate_number_check_digit(value[1:]) == int(
        value[0]
    )


def is_valid_lg_code(value: str) -> bool:
    return _digits(value, 6) is not None and lg_code_check_digit(value[:5]) == int(value[5])


def _validated(
    value: str,
    *,
    valid: bool,
    codes: tuple[CommonErrorCode, CommonErrorCode],
    label: str,
    length: int,
) -> str:
    """`codes`: the format code and the check-digit code of the number."""
    if valid:
        return value
    format_code, check_digit_code = codes
    if _digits(value, length) is None:
        raise InvalidInput(
            code=format_code, detail=f"{label}は半角数字{length}桁で入力してください。"
        )
    raise InvalidInput(
        code=check_digit_code,
        detail=f"{label}の検査用数字が一致しません。番号をもう一度ご確認ください。",
    )


def validate_my_number(value: str) -> str:
    """個人番号 → the same string, or InvalidInput (`my_number.format` / `.check_digit`)."""
    return _validated(
        value,
        valid=is_valid_my_number(value),
        codes=(CommonErrorCode.MY_NUMBER_FORMAT, CommonErrorCode.MY_NUMBER_CHECK_DIGIT),
        label="個人番号",
        length=12,
    )


def validate_resident_code(value: str) -> str:
    """住民票コード → the same string, or InvalidInput (`resident_code.format` / `.check_digit`)."""
    return _validated(
        value,
        valid=is_valid_resident_code(value),
        codes=(CommonErrorCode.RESIDENT_CODE_FORMAT, CommonErrorCode.RESIDENT_CODE_CHECK_DIGIT),
        label="住民票コード",
        length=11,
    )


def validate_corporate_number(value: str) -> str:
    """法人番号 → the same string, or InvalidInput (`corporate_number.format` / `.check_digit`)."""
    return _validated(
        value,
        valid=is_valid_corporate_number(value),
        codes=(
            CommonErrorCode.CORPORATE_NUMBER_FORMAT,
            CommonErrorCode.CORPORATE_NUMBER_CHECK_DIGIT,
        ),
        label="法人番号",
        length=13,
    )


def validate_lg_code(value: str) -> str:
    """全国地方公共団体コード → the same string, or InvalidInput (`lg_code.format` / `.check_digit`)."""
    return _validated(
        value,
        valid=is_valid_lg_code(value),
        codes=(CommonErrorCode.LG_CODE_FORMAT, CommonErrorCode.LG_CODE_CHECK_DIGIT),
        label="全国地方公共団体コード",
        length=6,
    )
