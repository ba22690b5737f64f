"""不詳日 and 暦上日以外の年月日: dates the 戸籍 records only in part (doc/j80.txt §1.1.8).

「生年月日…については、戸籍との整合性を図るため、暦上日以外の年月日（例：うるう年でない年における２月
29日）も許容するとともに、以下に規定する不詳日を許容すること。」 The standard lists 14 forms
(`UnknownDateForm`), and also allows 明治45年7月30日 and 大正15年12月25日: the days of 大正 and
昭和 改元, which the 戸籍 may still write in the old era (to_wareki says 大正元年7月30日).
「内部的には日付を保有しておくこと」, but never as if it were known: みなし生年月日 are
「実装しない機能」.

So a parsed date keeps two things (`PartialDate`): the text as the 戸籍 gives it, which every
screen, certificate and file shows, and the latest day the person can have been born, which is
only sorted on and counted from: a right that comes with an age is then never given early.
"""

from __future__ import annotations

import calendar
import enum
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from jichitai.common.error_codes import CommonErrorCode
from jichitai.common.exceptions import InvalidInput
from jichitai.common.wareki import ERAS, SOLAR_CALENDAR_START, Era, parse_date_input


class UnknownDateForm(enum.StrEnum):
    """不詳日入力一覧 (doc/j80.txt §1.1.8), one member per listed form, plus 暦上日以外."""

    YEAR_ABOUT = "year_about"  # 令和○○年頃
    MONTH_ABOUT = "month_about"  # 令和○○年○月頃
    DAY_ABOUT = "day_about"  # 令和○○年〇月〇日頃
    ESTIMATED_DAY = "estimated_day"  # 推定令和○○年○月○日
    ESTIMATED_MONTH = "estimated_month"  # 推定令和○○年○月
    SEASON = "season"  # 令和○○年春
    TEN_DAYS = "ten_days"  # 令和○○年○月上旬
    TEN_DAYS_ABOUT = "ten_days_about"  # 令和○○年○月中旬頃
    UNKNOWN = "unknown"  # 年月日不詳
    MONTH_DAY_UNKNOWN = "month_day_unknown"  # 令和○○年 月日不詳
    DAY_UNKNOWN = "day_unknown"  # 令和○○年○○月 日不詳
    BETWEEN_DAYS_ABOUT = "between_days_about"  # 令和○○年○○月○日から○○月○日頃までの間
    BETWEEN_ESTIMATED_DAYS = "between_estimated_days"  # 令和○○年○○月推定○日から○日までの間
    BETWEEN_DAYS_ABOUT_EACH = "between_days_about_each"  # 令和○○年○○月○日頃から○日頃までの間
    NON_CALENDAR = "non_calendar"  # 暦上日以外の年月日, 明治45年7月30日, 大正15年12月25日

    @property
    def label(self) -> str:
        return FORM_LABELS[self]


FORM_LABELS: dict[UnknownDateForm, str] = {
    UnknownDateForm.YEAR_ABOUT: "○○年頃",
    UnknownDateForm.MONTH_ABOUT: "○○年○月頃",
    UnknownDateForm.DAY_ABOUT: "○○年○月○日頃",
    UnknownDateForm.ESTIMATED_DAY: "推定○○年○月○日",
    UnknownDateForm.ESTIMATED_MONTH: "推定○○年○月",
    UnknownDateForm.SEASON: "○○年春（夏・秋・冬）",
    UnknownDateForm.TEN_DAYS: "○○年○月上旬（中旬・下旬）",
    UnknownDateForm.TEN_DAYS_ABOUT: "○○年○月中旬頃（上旬頃・下旬頃）",
    UnknownDateForm.UNKNOWN: "年月日不詳",
    UnknownDateForm.MONTH_DAY_UNKNOWN: "○○年 月日不詳",
    UnknownDateForm.DAY_UNKNOWN: "○○年○月 日不詳",
    UnknownDateForm.BETWEEN_DAYS_ABOUT: "○○年○月○日から○月○日頃までの間",
    UnknownDateForm.BETWEEN_ESTIMATED_DAYS: "○○年○月推定○日から○日までの間",
    UnknownDateForm.BETWEEN_DAYS_ABOUT_EACH: "○○年○月○日頃から○日頃までの間",
    UnknownDateForm.NON_CALENDAR: "暦上日以外の年月日",
}

# 明治45年7月30日 and 大正15年12月25日 (doc/j80.txt §1.1.8): the first days of 大正 and 昭和
# written in the era that ended on them.
ERA_EDGE_DAYS = {("明治", 45, 7, 30): date(1912, 7, 30), ("大正", 15, 12, 25): date(1926, 12, 25)}


@dataclass(frozen=True)
class PartialDate:
    """A date known in part: its form, the text shown for it, and the latest day it can be
    (None for 年月日不詳: the caller bounds it, e.g. by the day of the entry)."""

    form: UnknownDateForm
    text: str
    latest: date | None


@dataclass(frozen=True)
class _Year:
    label: str  # 「昭和20年」, 「1945年」
    western: int


_YEAR = r"(?P<era>明治|大正|昭和|平成|令和)?(?P<year>\d{1,4}|元)年"
_M = r"(?P<month>\d{1,2})月"
_D = r"(?P<day>\d{1,2})日"
_PATTERNS: tuple[tuple[UnknownDateForm, re.Pattern[str]], ...] = tuple(
    (form, re.compile(pattern))
    for form, pattern in (
        (UnknownDateForm.UNKNOWN, r"(?:年月日)?不詳"),
        (UnknownDateForm.MONTH_DAY_UNKNOWN, _YEAR + r"月日不詳"),
        (UnknownDateForm.DAY_UNKNOWN, _YEAR + _M + r"日不詳"),
        (UnknownDateForm.YEAR_ABOUT, _YEAR + r"頃"),
        (UnknownDateForm.MONTH_ABOUT, _YEAR + _M + r"頃"),
        (UnknownDateForm.DAY_ABOUT, _YEAR + _M + _D + r"頃"),
        (UnknownDateForm.ESTIMATED_DAY, r"推定" + _YEAR + _M + _D),
        (UnknownDateForm.ESTIMATED_MONTH, r"推定" + _YEAR + _M),
        (UnknownDateForm.SEASON, _YEAR + r"(?P<season>春|夏|秋|冬)"),
        (UnknownDateForm.TEN_DAYS, _YEAR + _M + r"(?P<part>上|中|下)旬"),
        (UnknownDateForm.TEN_DAYS_ABOUT, _YEAR + _M + r"(?P<part>上|中|下)旬頃"),
        (
            UnknownDateForm.BETWEEN_DAYS_ABOUT,
            _YEAR + _M + _D + r"から(?P<month2>\d{1,2})月(?P<day2>\d{1,2})日頃までの間",
        ),
        (
            UnknownDateForm.BETWEEN_ESTIMATED_DAYS,
            _YEAR + _M + r"推定(?P<day>\d{1,2})日から(?P<day2>\d{1,2})日までの間",
        ),
        (
            UnknownDateForm.BETWEEN_DAYS_ABOUT_EACH,
            _YEAR + _M + _D + r"頃から(?P<day2>\d{1,2})日頃までの間",
        ),
        (UnknownDateForm.NON_CALENDAR, _YEAR + _M + _D),
    )
)
_ERA_BY_NAME: dict[str, Era] = {era.name: era for era in ERAS}
_TEN_DAYS_END = {"上": 10, "中": 20}


def parse_partial_date(text: str) -> PartialDate:
    """不詳日の解析: one of the forms of doc/j80.txt §1.1.8, in 和暦 (昭和20年 月日不詳) or
    西暦 (1945年 月日不詳), full-width or not, spaces ignored.

    Raises InvalidInput `date.format` (no listed form), `date.invalid` (month or day out of
    range), `wareki.out_of_era` (a year the era does not have), `wareki.lunar_calendar`."""
    cleaned = "".join(unicodedata.normalize("NFKC", text).split())
    for form, pattern in _PATTERNS:
        if match := pattern.fullmatch(cleaned):
            return _built(form, match)
    raise InvalidInput(
        code=CommonErrorCode.DATE_FORMAT,
        detail="日付の形式が正しくありません。不詳日は「昭和20年 月日不詳」「平成3年5月頃」"
        "「年月日不詳」など、標準仕様書の不詳日の形式で入力してください。",
    )


def _built(form: UnknownDateForm, match: re.Match[str]) -> PartialDate:
    if form == UnknownDateForm.UNKNOWN:
        return PartialDate(form, "年月日不詳", None)
    year = _year(match)
    parts = match.groupdict()
    month = _month(parts["month"]) if parts.get("month") else 0
    if form == UnknownDateForm.NON_CALENDAR:
        return _exact(year, month, int(parts["day"]), match)
    text, latest = _text_and_latest(form, year, month, parts)
    return PartialDate(form, text, latest)


def _text_and_latest(
    form: UnknownDateForm, year: _Year, month: int, parts: dict[str, str | None]
) -> tuple[str, date]:
    y = year.label
    day = _day(year, month, parts.get("day"))
    day2 = _day(year, month, parts.get("day2"))
    match form:
        case UnknownDateForm.YEAR_ABOUT:
            return f"{y}頃", date(year.western, 12, 31)
        case UnknownDateForm.MONTH_DAY_UNKNOWN:
            return f"{y} 月日不詳", date(year.western, 12, 31)
        case UnknownDateForm.SEASON:
            return f"{y}{parts['season']}", date(year.western, 12, 31)
        case UnknownDateForm.MONTH_ABOUT:
            return f"{y}{month}月頃", _month_end(year, month)
        case UnknownDateForm.ESTIMATED_MONTH:
            return f"推定{y}{month}月", _month_end(year, month)
        case UnknownDateForm.DAY_UNKNOWN:
            return f"{y}{month}月 日不詳", _month_end(year, month)
        case UnknownDateForm.TEN_DAYS:
            part = str(parts["part"])
            end = _TEN_DAYS_END.get(part)
            latest = _month_end(year, month) if end is None else date(year.western, month, end)
            return f"{y}{month}月{part}旬", latest
        case UnknownDateForm.TEN_DAYS_ABOUT:
            # 「頃」: about that third of the month, so the month's last day bounds it.
            return f"{y}{month}月{parts['part']}旬頃", _month_end(year, month)
        case UnknownDateForm.DAY_ABOUT:
            return f"{y}{month}月{day.day}日頃", day
        case UnknownDateForm.ESTIMATED_DAY:
            return f"推定{y}{month}月{day.day}日", day
        case UnknownDateForm.BETWEEN_DAYS_ABOUT:
            month2 = _month(str(parts["month2"]))
            until = _day(year, month2, parts["day2"])
            return f"{y}{month}月{day.day}日から{month2}月{until.day}日頃までの間", until
        case UnknownDateForm.BETWEEN_ESTIMATED_DAYS:
            return f"{y}{month}月推定{day.day}日から{day2.day}日までの間", day2
        case _:  # BETWEEN_DAYS_ABOUT_EACH
            return f"{y}{month}月{day.day}日頃から{day2.day}日頃までの間", day2


def _exact(year: _Year, month: int, day: int, match: re.Match[str]) -> PartialDate:
    """年月日 written in full that is no ordinary date: 2月29日 of a common year (the latest
    day it can stand for is 3月1日), or the two 改元 days in the old era."""
    text = f"{year.label}{month}月{day}日"
    era, raw_year = match["era"], match["year"]
    edge = ERA_EDGE_DAYS.get((era or "", 1 if raw_year == "元" else int(raw_year), month, day))
    if edge is not None:
        return PartialDate(UnknownDateForm.NON_CALENDAR, text, edge)
    last = calendar.monthrange(year.western, month)[1]
    if not 1 <= day <= 31 or day <= last:
        # An ordinary date is not 暦上日以外; the caller parses it as a date.
        raise InvalidInput(
            code=CommonErrorCode.DATE_INVALID,
            detail="暦上日以外の年月日は、その月にない日（例：平年の2月29日）に限ります。",
        )
    return PartialDate(
        UnknownDateForm.NON_CALENDAR,
        text,
        date(year.western, month, last) + timedelta(days=day - last),
    )


def _year(match: re.Match[str]) -> _Year:
    raw = match["year"]
    number = 1 if raw == "元" else int(raw)
    if match["era"] is None:
        if raw == "元" or number < SOLAR_CALENDAR_START.year:
            raise _invalid("西暦の年は4桁（1873年以降）で入力してください。")
        return _Year(f"{number}年", number)
    era = _ERA_BY_NAME[match["era"]]
    western = era.first_year + number - 1
    if number < 1 or (era.end is not None and western > era.end.year):
        raise InvalidInput(
            code=CommonErrorCode.WAREKI_OUT_OF_ERA,
            detail=f"{era.name}{number}年はありません。元号と年をご確認ください。",
        )
    if western < SOLAR_CALENDAR_START.year:
        raise InvalidInput(
            code=CommonErrorCode.WAREKI_LUNAR_CALENDAR,
            detail="明治5年以前の日付は旧暦のため扱えません。",
        )
    return _Year(f"{era.name}{'元' if number == 1 else number}年", western)


def _month(raw: str) -> int:
    month = int(raw)
    if not 1 <= month <= 12:
        raise _invalid("月は1から12で入力してください。")
    return month


def _day(year: _Year, month: int, raw: str | None) -> date:
    """A day named inside a range or with 「頃」: it must exist in that month."""
    if raw is None:
        return date(year.western, month or 1, 1)
    day = int(raw)
    if not 1 <= day <= calendar.monthrange(year.western, month)[1]:
        raise _invalid("その月にない日です。年月日をご確認ください。")
    return date(year.western, month, day)


def _month_end(year: _Year, month: int) -> date:
    return date(year.western, month, calendar.monthrange(year.western, month)[1])


def _invalid(detail: str) -> InvalidInput:
    return InvalidInput(code=CommonErrorCode.DATE_INVALID, detail=detail)


def parse_birth_date_input(text: str) -> date | PartialDate:
    """生年月日の入力: an ordinary date as parse_date_input reads it, else a 不詳日 or
    暦上日以外の年月日 (parse_partial_date). Raises InvalidInput as parse_partial_date."""
    try:
        return parse_date_input(text)
    except InvalidInput:
        return parse_partial_date(text)
