"""Bounds every department service applies to what its callers pass, before any write."""

from __future__ import annotations

import datetime as dt
import re
from typing import TypeVar

from django.db import models

from jichitai.common.text import text_is_clean
from jichitai.departments.errors import CodeInvalid, DatesOutOfOrder, ValueInvalid
from jichitai.departments.models import CODE_MAX_LENGTH

# The broker's 符号 is opaque: any printable ASCII, no spaces, bounded by the column.
_CODE = re.compile(rf"[!-~]{{1,{CODE_MAX_LENGTH}}}", re.ASCII)
# 総所得金額等 and tax amounts: integer yen (far above any real income, far below BIGINT).
MAX_YEN = 10**13
FIRST_FISCAL_YEAR = 1950  # 地方税法 (昭和25年法律第226号)
LAST_FISCAL_YEAR = 2200

C = TypeVar("C", bound=models.TextChoices)


def code_checked(value: str, *, pointer: str) -> str:
    if not isinstance(value, str) or _CODE.fullmatch(value) is None:
        raise CodeInvalid(pointer=pointer)
    return value


def yen_checked(value: int, *, pointer: str) -> int:
    if type(value) is not int or not 0 <= value <= MAX_YEN:
        raise ValueInvalid(pointer=pointer, message="金額は0以上の整数（円）で指定してください。")
    return value


def count_checked(value: int, *, pointer: str, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:
        raise ValueInvalid(
            pointer=pointer, message=f"{low}以上{high}以下の整数で指定してください。"
        )
    return value


def fiscal_year_checked(value: int, *, pointer: str) -> int:
    if type(value) is not int or not FIRST_FISCAL_YEAR <= value <= LAST_FISCAL_YEAR:
        raise ValueInvalid(pointer=pointer, message="年度が正しくありません。")
    return value


def text_checked(value: str, *, pointer: str, max_length: int) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > max_length:
        raise ValueInvalid(
            pointer=pointer, message=f"1文字以上{max_length}文字以内で指定してください。"
        )
    if not text_is_clean(value):
        raise ValueInvalid(pointer=pointer, message="使用できない文字が含まれています。")
    return value


def order_checked(earlier: dt.date, later: dt.date, *, pointer: str, message: str) -> None:
    """`later` may be the same day as `earlier`, never before it."""
    if later < earlier:
        raise DatesOutOfOrder(pointer=pointer, message=message)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    """The first day of the month after `day`'s month."""
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def fiscal_year_of(day: dt.date) -> int:
    """年度 (April to March, 地方自治法 第208条) that `day` falls in."""
    return day.year if day.month >= 4 else day.year - 1


def choice_checked(choices: type[C], value: str, *, pointer: str) -> C:
    try:
        return choices(value)
    except ValueError:
        raise ValueInvalid(pointer=pointer, message="選択肢にない値です。") from None
