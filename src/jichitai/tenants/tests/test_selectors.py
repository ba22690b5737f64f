from __future__ import annotations

import datetime as dt

import pytest
from pytest_django import DjangoAssertNumQueries

from jichitai.tenants.models import ClosingDay, Municipality
from jichitai.tenants.selectors import (
    municipality_is_open_on,
    municipality_open_day_after,
    municipality_open_days,
)


@pytest.mark.parametrize(
    ("day", "is_open"),
    [
        (dt.date(2026, 4, 7), True),  # 火曜日
        (dt.date(2026, 4, 11), False),  # 土曜日
        (dt.date(2026, 5, 4), False),  # みどりの日
        (dt.date(2026, 5, 6), False),  # 振替休日
        (dt.date(2026, 12, 28), True),  # 御用納め
        (dt.date(2026, 12, 29), False),  # 年末年始
        (dt.date(2027, 1, 4), True),  # 御用始め
    ],
)
def test_open_days_follow_weekends_holidays_and_year_end(
    midori: Municipality, day: dt.date, is_open: bool
) -> None:
    assert municipality_is_open_on(municipality=midori, day=day) is is_open


def test_extra_closing_day_only_closes_its_own_municipality(
    midori: Municipality, minakami: Municipality
) -> None:
    ClosingDay.objects.create(municipality=midori, date=dt.date(2026, 4, 8), reason="システム更新")
    assert municipality_is_open_on(municipality=midori, day=dt.date(2026, 4, 8)) is False
    assert municipality_is_open_on(municipality=minakami, day=dt.date(2026, 4, 8)) is True


def test_year_end_closure_can_be_turned_off(midori: Municipality) -> None:
    midori.settings.closes_year_end = False
    midori.settings.save()
    assert municipality_is_open_on(municipality=midori, day=dt.date(2026, 12, 29)) is True


def test_the_nth_open_day_skips_closed_days_in_two_queries(
    midori: Municipality, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    ClosingDay.objects.create(municipality=midori, date=dt.date(2026, 12, 28), reason="庁舎点検")
    with django_assert_max_num_queries(2):
        # 12/25 (金) + 2 open days: 12/28 is closed here, 12/29-1/3 年末年始, so 1/4 and 1/5.
        due = municipality_open_day_after(
            municipality=midori, day=dt.date(2026, 12, 25), open_days=2
        )
    assert due == dt.date(2027, 1, 5)
    assert municipality_open_day_after(
        municipality=midori, day=dt.date(2026, 4, 11), open_days=0
    ) == dt.date(2026, 4, 13)


def test_a_long_period_reaches_closing_days_beyond_the_first_window(midori: Municipality) -> None:
    start = dt.date(2026, 4, 6)
    plain = municipality_open_day_after(municipality=midori, day=start, open_days=60)
    ClosingDay.objects.create(municipality=midori, date=plain, reason="選挙事務")
    assert municipality_open_day_after(municipality=midori, day=start, open_days=60) > plain


def test_the_next_open_days_are_listed_in_two_queries(
    midori: Municipality, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    # A booking page lists ten of them on every view (visits).
    ClosingDay.objects.create(municipality=midori, date=dt.date(2026, 12, 28), reason="庁舎点検")
    with django_assert_max_num_queries(2):
        days = municipality_open_days(municipality=midori, first=dt.date(2026, 12, 24), count=4)
    assert days == [
        dt.date(2026, 12, 24),
        dt.date(2026, 12, 25),
        dt.date(2027, 1, 4),
        dt.date(2027, 1, 5),
    ]
