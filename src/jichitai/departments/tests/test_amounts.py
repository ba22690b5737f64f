"""児童手当法 第6条 (as amended for 2024年10月 on): the monthly amount of each child."""

from __future__ import annotations

import datetime as dt

from jichitai.departments.services import ChildAmount, child_allowance_amounts

D = dt.date


def _amounts(month: dt.date, *births: dt.date) -> list[tuple[int | None, int]]:
    return [
        (a.birth_order, a.monthly_amount)
        for a in child_allowance_amounts(birth_dates=list(births), month=month)
    ]


def test_a_baby_gets_15000_and_a_school_child_10000() -> None:
    assert _amounts(D(2026, 5, 1), D(2026, 1, 10)) == [(1, 15_000)]
    assert _amounts(D(2026, 5, 1), D(2018, 6, 1)) == [(1, 10_000)]


def test_15000_until_the_month_of_the_third_birthday() -> None:
    birth = D(2023, 5, 10)
    assert _amounts(D(2026, 5, 1), birth) == [(1, 15_000)]
    assert _amounts(D(2026, 6, 1), birth) == [(1, 10_000)]


def test_born_on_the_first_reaches_three_the_month_before_the_birthday() -> None:
    birth = D(2023, 6, 1)
    assert _amounts(D(2026, 5, 1), birth) == [(1, 15_000)]
    assert _amounts(D(2026, 6, 1), birth) == [(1, 10_000)]


def test_paid_through_the_march_after_reaching_18() -> None:
    birth = D(2008, 7, 15)  # reaches 18 on 2026-07-14: 高校生年代 until 2027-03-31
    assert _amounts(D(2027, 3, 1), birth) == [(1, 10_000)]
    assert _amounts(D(2027, 4, 1), birth) == [(1, 0)]


def test_third_child_gets_30000_whatever_the_age() -> None:
    month = D(2026, 5, 1)
    births = (D(2012, 4, 2), D(2016, 9, 9), D(2025, 12, 24))
    assert _amounts(month, *births) == [(1, 10_000), (2, 10_000), (3, 30_000)]


def test_order_is_by_birth_not_by_the_order_given() -> None:
    month = D(2026, 5, 1)
    assert _amounts(month, D(2025, 12, 24), D(2012, 4, 2), D(2016, 9, 9)) == [
        (3, 30_000),
        (1, 10_000),
        (2, 10_000),
    ]


def test_a_university_age_child_counts_for_the_order_without_being_paid() -> None:
    month = D(2026, 5, 1)
    # Born 2005-05-05: 20 in 2026, within 22歳年度末: counted as 第1子, paid nothing.
    assert _amounts(month, D(2005, 5, 5), D(2014, 1, 1), D(2020, 2, 2)) == [
        (1, 0),
        (2, 10_000),
        (3, 30_000),
    ]


def test_a_child_past_22_is_no_longer_counted() -> None:
    month = D(2026, 5, 1)
    # Born 2003-05-05: reached 22 on 2025-05-04, counted only until 2026-03-31.
    assert _amounts(month, D(2003, 5, 5), D(2014, 1, 1), D(2020, 2, 2)) == [
        (None, 0),
        (1, 10_000),
        (2, 10_000),
    ]


def test_twins_each_count() -> None:
    month = D(2026, 5, 1)
    assert _amounts(month, D(2015, 1, 1), D(2025, 3, 3), D(2025, 3, 3)) == [
        (1, 10_000),
        (2, 15_000),
        (3, 30_000),
    ]


def test_a_child_not_yet_born_in_the_month_is_not_counted() -> None:
    assert child_allowance_amounts(birth_dates=[D(2026, 6, 2)], month=D(2026, 5, 1)) == [
        ChildAmount(birth_order=None, monthly_amount=0)
    ]
