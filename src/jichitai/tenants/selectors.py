"""Reads of municipalities and their settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import islice

import jpholiday
from django.db.models import Q, QuerySet

from jichitai.common.checkdigits import is_valid_lg_code
from jichitai.tenants.errors import MunicipalityNotFound
from jichitai.tenants.models import ClosingDay, Municipality, MunicipalitySettings


def municipality_get_served(*, lg_code: str) -> Municipality:
    """利用団体の取得: a municipality served by this deployment. Raises MunicipalityNotFound."""
    if not is_valid_lg_code(lg_code):
        raise MunicipalityNotFound
    try:
        return Municipality.objects.select_related("settings").get(lg_code=lg_code, is_served=True)
    except Municipality.DoesNotExist:
        raise MunicipalityNotFound from None


def municipality_list_served(*, query: str = "") -> QuerySet[Municipality]:
    """利用団体一覧: served municipalities, filtered by name, reading or code."""
    qs = Municipality.objects.filter(is_served=True)
    if query := query.strip():
        qs = qs.filter(
            Q(name__icontains=query)
            | Q(name_kana__icontains=query)
            | Q(prefecture__icontains=query)
            | Q(lg_code__startswith=query)
        )
    return qs.order_by("lg_code")


def municipality_list(*, query: str = "", kind: str | None = None) -> QuerySet[Municipality]:
    """全国地方公共団体コード一覧 (the national list), filtered by name, reading or code."""
    qs = Municipality.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    if query := query.strip():
        qs = qs.filter(
            Q(name__icontains=query) | Q(name_kana__icontains=query) | Q(lg_code__startswith=query)
        )
    return qs.order_by("lg_code")


def municipality_settings_get(*, municipality: Municipality) -> MunicipalitySettings:
    """団体別設定 (defaults when none were saved yet)."""
    try:
        return municipality.settings
    except MunicipalitySettings.DoesNotExist:
        return MunicipalitySettings(municipality=municipality)


def _is_year_end_closure(day: dt.date) -> bool:
    # 行政機関の休日に関する法律 第1条第1項第3号: 12月29日から翌年1月3日まで.
    return (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)


def _is_open(day: dt.date, *, closes_year_end: bool, closing_days: set[dt.date]) -> bool:
    if day.weekday() >= 5 or jpholiday.is_holiday(day):
        return False
    if closes_year_end and _is_year_end_closure(day):
        return False
    return day not in closing_days


def _closing_days(municipality: Municipality, first: dt.date, last: dt.date) -> set[dt.date]:
    return set(
        ClosingDay.objects.for_municipality(municipality)
        .filter(date__gte=first, date__lte=last)
        .values_list("date", flat=True)
    )


def municipality_is_open_on(*, municipality: Municipality, day: dt.date) -> bool:
    """開庁日か: not a weekend, not a national holiday (祝日法), not 年末年始, not a 閉庁日."""
    return _is_open(
        day,
        closes_year_end=municipality_settings_get(municipality=municipality).closes_year_end,
        closing_days=_closing_days(municipality, day, day),
    )


# Enough calendar days to hold this many open days in any stretch of weekends and holidays;
# a longer stretch fetches the next window.
_WINDOW_DAYS = 62


def _open_days_from(municipality: Municipality, day: dt.date) -> Iterator[dt.date]:
    """Every 開庁日 from `day` (itself when open) on: two queries for any ordinary stretch,
    one more per further window of closing days."""
    closes_year_end = municipality_settings_get(municipality=municipality).closes_year_end
    window_end = day + dt.timedelta(days=_WINDOW_DAYS)
    closing_days = _closing_days(municipality, day, window_end)
    while True:
        if day > window_end:
            window_end = day + dt.timedelta(days=_WINDOW_DAYS)
            closing_days |= _closing_days(municipality, day, window_end)
        if _is_open(day, closes_year_end=closes_year_end, closing_days=closing_days):
            yield day
        day += dt.timedelta(days=1)


def municipality_open_day_after(
    *, municipality: Municipality, day: dt.date, open_days: int
) -> dt.date:
    """The `open_days`-th 開庁日 after `day` (標準処理期間 counted in 開庁日); with 0, `day`
    itself or the next open day when it is closed. Two queries for any ordinary period."""
    if open_days == 0:
        return next(_open_days_from(municipality, day))
    days = _open_days_from(municipality, day + dt.timedelta(days=1))
    return next(islice(days, open_days - 1, None))


def municipality_open_days(
    *, municipality: Municipality, first: dt.date, count: int
) -> list[dt.date]:
    """The next `count` 開庁日 from `first` (itself when open), in two queries: a booking
    page lists them on every view."""
    return list(islice(_open_days_from(municipality, first), count))
