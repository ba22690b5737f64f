"""生年月日 as people read it (doc/j80.txt §1.1.8, doc/j90.txt §1.1.9): exactly what is known.

A 不詳日 or 暦上日以外の年月日 is shown as its text (「昭和20年 月日不詳」, 「年月日不詳」), never as
the sort day behind it; an ordinary date in 和暦, or in 西暦 for a 外国人住民 (§1.1.9).
Screens, certificates and files all go through `birth_date_shown`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from jichitai.common.exceptions import InvalidInput
from jichitai.common.wareki import to_wareki
from jichitai.registry.models import Resident, ResidentType


def _date_of(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        return dt.date.fromisoformat(value)
    return None


def birth_date_shown(record: Resident | Mapping[str, Any]) -> str:
    """The 生年月日 of a record or a history snapshot, as it is printed."""

    def get(name: str) -> Any:
        if isinstance(record, Mapping):
            return record.get(name)
        return getattr(record, name, None)

    text = get("birth_date_text")
    if text:
        return str(text)
    day = _date_of(get("birth_date"))
    if day is None:
        return ""
    western = f"{day.year}年{day.month}月{day.day}日"
    if get("resident_type") == ResidentType.FOREIGN:
        return western
    try:
        return to_wareki(day).format()
    except InvalidInput:  # before the solar calendar (明治6年): only 西暦 can name the day
        return western
