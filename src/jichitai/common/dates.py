"""Periods counted by the calendar (民法 第143条) and ages (年齢計算ニ関スル法律)."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later by the calendar (民法 第143条第2項); the month's last day
    when it has no such day (11月30日 + 3箇月 = 2月28日 or 29日)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def age_reached_on(birth: dt.date, years: int) -> dt.date:
    """The day a person born on `birth` reaches `years` of age: the day before the birthday
    (年齢計算ニ関スル法律, 民法 第143条), or 2月28日 for a birthday of 2月29日 in a common year."""
    try:
        return birth.replace(year=birth.year + years) - dt.timedelta(days=1)
    except ValueError:
        return dt.date(birth.year + years, 2, 28)
