"""延滞金 (late fee) of a 地方税 paid after its 納期限.

The law (軽自動車税（種別割）: 地方税法 第463条の24; the same scheme as 第326条 個人住民税,
第369条 固定資産税):
- from the day after the 納期限 to the day of payment, 年14.6 %, but 年7.3 % until one month
  has passed from the day after the 納期限 (the month counted as 民法 第143条 counts it);
- 附則第3条の2: while the 延滞金特例基準割合 (the 平均貸付割合 the Minister of Finance publishes
  each December under 租税特別措置法 第93条第2項, plus 1 %) is under 7.3 %, the rates are that
  割合 + 1 % and + 7.3 % (each capped at 7.3 % and 14.6 %), per calendar year; a year is 365
  days, leap years too;
- 第20条の4の2 第2項: the tax it is computed on is rounded down to 1,000 yen, and under 2,000
  yen there is none; 第5項: the 延滞金 is rounded down to 100 yen, and under 1,000 yen it is not
  charged.
- A payment smaller than the tax and its 延滞金 first pays the tax, and the 延滞金 of the days
  after it runs on what is left: the rule of 国税通則法 第62条, which municipalities apply to
  their own 延滞金 (we found no article of the 地方税法 that says it, and follow the practice).
- Each stretch of days at one rate and one base is rounded down to the yen before the sum, as
  municipalities' worked examples do (e.g. 中央市: 56,400 yen due 令和8年2月2日, paid 5月29日 →
  120 + 1,228 → 1,300 yen; a test repeats it).

The rates are one dated table below. Only the years confirmed from published municipal pages are
in it (2021 to 2026); any day in another year raises LateFeeRateUnknown rather than guess. The
財務大臣 announces each year's 平均貸付割合 by 30 November of the year before (租税特別措置法
第93条第2項), so the 2027 rate is out; it was not reachable from here on 2026-12-07 and is to
be added from that 告示 or a municipal page that quotes it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from jichitai.payments.errors import LateFeeRateUnknown

# 平均貸付割合 (租税特別措置法 第93条第2項) per calendar year, in tenths of a percent. Checked
# against municipal pages (袋井市, 中央市, 米沢市: 令和3年 2.5 %/8.8 %, 令和4年から7年 2.4 %/8.7 %,
# 令和8年 2.8 %/9.1 %).
AVERAGE_LENDING_RATE: dict[int, int] = {
    2021: 5,
    2022: 4,
    2023: 4,
    2024: 4,
    2025: 4,
    2026: 8,
}


def rates(year: int) -> tuple[int, int]:
    """(first month, after) in tenths of a percent a year, for days of `year`."""
    lending = AVERAGE_LENDING_RATE.get(year)
    if lending is None:
        raise LateFeeRateUnknown(year)
    special = lending + 10  # 延滞金特例基準割合 = 平均貸付割合 + 1 %
    return min(73, special + 10), min(146, special + 73)


def one_month_end(start: dt.date) -> dt.date:
    """The last day of the month that begins on `start` (民法 第143条: the day before the same
    day of the next month, or that month's last day when it has no such day)."""
    year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
    last = calendar.monthrange(year, month)[1]
    if start.day > last:
        return dt.date(year, month, last)
    return dt.date(year, month, start.day) - dt.timedelta(days=1)


@dataclass(frozen=True)
class Stretch:
    """Days at one rate on one base: `first`…`last` inclusive."""

    first: dt.date
    last: dt.date
    base: int
    rate: int  # tenths of a percent

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def amount(self) -> int:
        return self.base * self.rate * self.days // (1000 * 365)


def _base(tax_left: int) -> int:
    return 0 if tax_left < 2_000 else tax_left // 1_000 * 1_000


def stretches(
    *, tax: int, due_on: dt.date, payments: Iterable[tuple[dt.date, int]], until: dt.date
) -> list[Stretch]:
    """The stretches from the day after `due_on` to `until` (the day of the last payment, or
    the day the 延滞金 is computed for). `payments` (day, yen applied to the tax) in any order;
    those on or before the 納期限 simply lower the tax."""
    start = due_on + dt.timedelta(days=1)
    first_month_last = one_month_end(start)
    left = tax
    changes: dict[dt.date, int] = {}
    for day, amount in payments:
        if day <= due_on:
            left -= amount
        else:
            # The tax paid on a day stops bearing 延滞金 from the next day (国税通則法 第62条).
            next_day = day + dt.timedelta(days=1)
            changes[next_day] = changes.get(next_day, 0) + amount
    bounds = sorted(
        {start, first_month_last + dt.timedelta(days=1)}
        | {dt.date(y, 1, 1) for y in range(start.year + 1, until.year + 1)}
        | set(changes)
    )
    result: list[Stretch] = []
    for i, first in enumerate(bounds):
        if first > until:
            break
        left -= changes.get(first, 0)
        last = min(until, bounds[i + 1] - dt.timedelta(days=1)) if i + 1 < len(bounds) else until
        base = _base(max(left, 0))
        if base == 0 or last < first:
            continue
        early, late = rates(first.year)
        rate = early if first <= first_month_last else late
        result.append(Stretch(first, last, base, rate))
    return result


def late_fee(
    *, tax: int, due_on: dt.date, payments: Iterable[tuple[dt.date, int]], until: dt.date
) -> int:
    """延滞金 in yen (rounded down to 100 yen; 0 under 1,000 yen). Raises LateFeeRateUnknown
    for a day in a year whose rate is not in the table."""
    total = sum(s.amount for s in stretches(tax=tax, due_on=due_on, payments=payments, until=until))
    total = total // 100 * 100
    return 0 if total < 1_000 else total
