"""延滞金: the published worked example, the one-month boundary, rounding, partial payments,
a year change and a year whose rate is not published yet."""

import datetime as dt

import pytest

from jichitai.payments.errors import LateFeeRateUnknown
from jichitai.payments.late_fee import late_fee, one_month_end, rates, stretches

D = dt.date


def test_rates_of_the_published_years() -> None:
    assert rates(2021) == (25, 88)
    assert rates(2025) == (24, 87)
    assert rates(2026) == (28, 91)


def test_the_published_worked_example() -> None:
    # 中央市's example: 56,400 yen due R8-02-02, paid R8-05-29: 120 + 1,228 = 1,348 → 1,300.
    parts = stretches(tax=56_400, due_on=D(2026, 2, 2), payments=[], until=D(2026, 5, 29))
    assert [(s.first, s.last, s.days, s.amount) for s in parts] == [
        (D(2026, 2, 3), D(2026, 3, 2), 28, 120),
        (D(2026, 3, 3), D(2026, 5, 29), 88, 1_228),
    ]
    assert late_fee(tax=56_400, due_on=D(2026, 2, 2), payments=[], until=D(2026, 5, 29)) == 1_300


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(2026, 6, 1), D(2026, 6, 30)),
        (D(2026, 1, 31), D(2026, 2, 28)),  # no 31st in February: its last day
        (D(2026, 1, 30), D(2026, 2, 28)),
        (D(2024, 1, 30), D(2024, 2, 29)),  # leap year
        (D(2026, 12, 15), D(2027, 1, 14)),
    ],
)
def test_one_month_ends_as_the_civil_code_counts(start: dt.date, end: dt.date) -> None:
    assert one_month_end(start) == end


def test_paid_on_the_due_date_or_the_day_after_bears_no_fee() -> None:
    assert late_fee(tax=500_000, due_on=D(2026, 5, 31), payments=[], until=D(2026, 5, 31)) == 0
    # One day of 500,000 yen at 2.8 %: 38 yen, under 1,000: not charged.
    assert late_fee(tax=500_000, due_on=D(2026, 5, 31), payments=[], until=D(2026, 6, 1)) == 0


def test_small_taxes_and_small_fees_are_not_charged() -> None:
    # 1,999 yen: under 2,000, no base at all.
    assert late_fee(tax=1_999, due_on=D(2025, 5, 31), payments=[], until=D(2026, 5, 31)) == 0
    # 10,800 yen (base 10,000) a full year late: 19 + 660 + 378 ... under 1,000 → 0.
    assert late_fee(tax=10_800, due_on=D(2025, 5, 31), payments=[], until=D(2026, 5, 31)) == 0


def test_the_base_is_rounded_down_to_1000_and_the_fee_to_100() -> None:
    # 100,999 → 100,000; 2026: 30 days at 2.8 % (230) + 61 days at 9.1 % (1,520) = 1,750 → 1,700.
    fee = late_fee(tax=100_999, due_on=D(2026, 5, 31), payments=[], until=D(2026, 8, 30))
    assert fee == 1_700


def test_a_partial_payment_lowers_the_base_from_the_next_day() -> None:
    due = D(2026, 5, 31)
    whole = stretches(tax=200_000, due_on=due, payments=[], until=D(2026, 8, 30))
    part = stretches(
        tax=200_000, due_on=due, payments=[(D(2026, 7, 15), 150_000)], until=D(2026, 8, 30)
    )
    assert [s.base for s in part] == [200_000, 200_000, 50_000]
    assert part[1].last == D(2026, 7, 15) and part[2].first == D(2026, 7, 16)
    assert sum(s.amount for s in part) < sum(s.amount for s in whole)


def test_a_year_change_uses_each_years_rate() -> None:
    parts = stretches(tax=300_000, due_on=D(2025, 11, 30), payments=[], until=D(2026, 2, 10))
    assert [(s.first, s.rate) for s in parts] == [
        (D(2025, 12, 1), 24),
        (D(2026, 1, 1), 91),
    ]


def test_a_year_without_a_published_rate_is_refused() -> None:
    with pytest.raises(LateFeeRateUnknown):
        late_fee(tax=300_000, due_on=D(2026, 11, 30), payments=[], until=D(2027, 1, 10))
