from __future__ import annotations

import datetime as dt

import pytest

from jichitai.common.dates import add_months, age_reached_on


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 4, 1), 3, dt.date(2026, 7, 1)),
        (dt.date(2026, 11, 30), 3, dt.date(2027, 2, 28)),
        (dt.date(2027, 11, 30), 3, dt.date(2028, 2, 29)),
        (dt.date(2026, 10, 15), 3, dt.date(2027, 1, 15)),
        (dt.date(2026, 1, 31), -2, dt.date(2025, 11, 30)),
    ],
)
def test_add_months_counts_by_the_calendar(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


def test_an_age_is_reached_the_day_before_the_birthday() -> None:
    assert age_reached_on(dt.date(2008, 4, 2), 18) == dt.date(2026, 4, 1)
    assert age_reached_on(dt.date(2008, 4, 1), 18) == dt.date(2026, 3, 31)


def test_a_leap_day_birthday_reaches_its_age_on_28_february() -> None:
    assert age_reached_on(dt.date(2008, 2, 29), 18) == dt.date(2026, 2, 28)
    assert age_reached_on(dt.date(2008, 2, 29), 20) == dt.date(2028, 2, 28)
