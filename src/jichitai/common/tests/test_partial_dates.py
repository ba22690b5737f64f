"""不詳日 and 暦上日以外の年月日 (doc/j80.txt §1.1.8): every listed form is read, kept as
written, and bounded by the latest day it allows."""

from __future__ import annotations

import datetime as dt

import pytest

from jichitai.common.exceptions import InvalidInput
from jichitai.common.partial_dates import (
    UnknownDateForm,
    parse_birth_date_input,
    parse_partial_date,
)

F = UnknownDateForm


@pytest.mark.parametrize(
    ("typed", "form", "text", "latest"),
    [
        ("昭和20年頃", F.YEAR_ABOUT, "昭和20年頃", dt.date(1945, 12, 31)),
        ("昭和20年3月頃", F.MONTH_ABOUT, "昭和20年3月頃", dt.date(1945, 3, 31)),
        ("昭和20年3月4日頃", F.DAY_ABOUT, "昭和20年3月4日頃", dt.date(1945, 3, 4)),
        ("推定昭和20年3月4日", F.ESTIMATED_DAY, "推定昭和20年3月4日", dt.date(1945, 3, 4)),
        ("推定昭和20年3月", F.ESTIMATED_MONTH, "推定昭和20年3月", dt.date(1945, 3, 31)),
        ("昭和20年春", F.SEASON, "昭和20年春", dt.date(1945, 12, 31)),
        ("昭和20年3月上旬", F.TEN_DAYS, "昭和20年3月上旬", dt.date(1945, 3, 10)),
        ("昭和20年3月中旬頃", F.TEN_DAYS_ABOUT, "昭和20年3月中旬頃", dt.date(1945, 3, 31)),
        ("年月日不詳", F.UNKNOWN, "年月日不詳", None),
        ("昭和２０年　月日不詳", F.MONTH_DAY_UNKNOWN, "昭和20年 月日不詳", dt.date(1945, 12, 31)),
        ("昭和20年3月 日不詳", F.DAY_UNKNOWN, "昭和20年3月 日不詳", dt.date(1945, 3, 31)),
        (
            "昭和20年3月10日から4月2日頃までの間",
            F.BETWEEN_DAYS_ABOUT,
            "昭和20年3月10日から4月2日頃までの間",
            dt.date(1945, 4, 2),
        ),
        (
            "昭和20年3月推定10日から15日までの間",
            F.BETWEEN_ESTIMATED_DAYS,
            "昭和20年3月推定10日から15日までの間",
            dt.date(1945, 3, 15),
        ),
        (
            "昭和20年3月10日頃から15日頃までの間",
            F.BETWEEN_DAYS_ABOUT_EACH,
            "昭和20年3月10日頃から15日頃までの間",
            dt.date(1945, 3, 15),
        ),
        ("1990年 月日不詳", F.MONTH_DAY_UNKNOWN, "1990年 月日不詳", dt.date(1990, 12, 31)),
    ],
)
def test_every_form_of_the_standard_is_read_and_kept_as_written(
    typed: str, form: UnknownDateForm, text: str, latest: dt.date | None
) -> None:
    parsed = parse_partial_date(typed)
    assert (parsed.form, parsed.text, parsed.latest) == (form, text, latest)


def test_non_calendar_dates_and_the_two_kaigen_days_are_allowed_as_written() -> None:
    leap = parse_partial_date("平成3年2月29日")  # 1991 is a common year
    assert (leap.form, leap.text, leap.latest) == (
        F.NON_CALENDAR,
        "平成3年2月29日",
        dt.date(1991, 3, 1),
    )
    meiji = parse_birth_date_input("明治45年7月30日")
    assert isinstance(meiji, type(leap)) and meiji.text == "明治45年7月30日"
    assert meiji.latest == dt.date(1912, 7, 30)
    taisho = parse_birth_date_input("大正15年12月25日")
    assert isinstance(taisho, type(leap)) and taisho.latest == dt.date(1926, 12, 25)
    # An ordinary date stays an ordinary date.
    assert parse_birth_date_input("昭和20年3月4日") == dt.date(1945, 3, 4)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("昭和70年頃", "wareki.out_of_era"),
        ("昭和20年13月頃", "date.invalid"),
        ("昭和20年2月30日頃", "date.invalid"),
        ("明治46年7月30日", "wareki.out_of_era"),
        ("だいたい昭和", "date.format"),
    ],
)
def test_what_is_no_form_of_the_standard_is_refused(typed: str, code: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_partial_date(typed)
    assert caught.value.code == code
