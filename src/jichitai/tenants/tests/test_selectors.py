from __future__ import annotations

import datetime as dt

import pytest

from jichitai.tenants.models import ClosingDay, Municipality
from jichitai.tenants.selectors import municipality_is_open_on


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
