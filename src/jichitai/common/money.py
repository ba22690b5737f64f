"""金額 (money): integer yen, parsed from people's input and rounded with integer arithmetic only.

Floats never touch an amount: 0.1 + 0.2 is not 0.3, and a one-yen error on a tax notice is a
wrong notice.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal, NewType

from jichitai.common.error_codes import CommonErrorCode
from jichitai.common.exceptions import InvalidInput

Yen = NewType("Yen", int)

Rounding = Literal["floor", "ceil", "half_up"]

# Either plain digits or digits grouped by thousands with commas; "12,34" is a typo, not 1234.
_AMOUNT = re.compile(r"\d{1,3}(?:,\d{3})+|\d+", re.ASCII)


def parse_yen(text: str) -> Yen:
    """金額の解析 (parse an amount of yen): "1,234", "１２３４円", "¥1,234" → 1234.

    Raises InvalidInput `money.format` for anything else, including decimals and negatives.
    """
    # NFKC folds full-width digits, commas and the full-width yen sign (￥ → ¥).
    cleaned = "".join(unicodedata.normalize("NFKC", text).split())
    cleaned = cleaned.removeprefix("¥").removesuffix("円")
    if _AMOUNT.fullmatch(cleaned) is None:
        raise InvalidInput(
            code=CommonErrorCode.MONEY_FORMAT,
            detail="金額は0以上の整数（円）で入力してください（例：1,234）。",
        )
    return Yen(int(cleaned.replace(",", "")))


def format_yen(amount: int) -> str:
    """金額の表示 (display form): 1234 → "1,234円"."""
    return f"{amount:,}円"


def apply_rate(
    amount: int, numerator: int, denominator: int, *, rounding: Rounding = "floor"
) -> Yen:
    """率の適用 (apply a rate numerator/denominator to an amount), then round to whole yen.

    "floor" is 端数切捨て, the default of 国等の債権債務等の金額の端数計算に関する法律 and of
    国税通則法第118条・第119条; "ceil" is 切上げ and "half_up" is 四捨五入.
    """
    _require_int(amount=amount, numerator=numerator, denominator=denominator)
    if amount < 0 or numerator < 0 or denominator <= 0:
        raise ValueError("amount and numerator must be ≥ 0 and denominator > 0")
    quotient, remainder = divmod(amount * numerator, denominator)
    if rounding == "ceil":
        quotient += remainder > 0
    elif rounding == "half_up":
        quotient += 2 * remainder >= denominator
    elif rounding != "floor":
        raise ValueError(f"unknown rounding {rounding!r}")
    return Yen(quotient)


def truncate_to_unit(amount: int, *, unit: int) -> Yen:
    """端数切捨て to a unit (round an amount down to a multiple of unit).

    国税通則法第118条第1項: 課税標準は1,000円未満の端数を切り捨てる (unit=1000);
    第119条第1項: 確定金額は100円未満の端数を切り捨てる (unit=100).
    """
    _require_int(amount=amount, unit=unit)
    if amount < 0 or unit <= 0:
        raise ValueError("amount must be ≥ 0 and unit > 0")
    return Yen(amount - amount % unit)


def _require_int(**values: int) -> None:
    # bool is an int subclass but never an amount; a float here is exactly the bug to stop.
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} must be an int, not {type(value).__name__}")
