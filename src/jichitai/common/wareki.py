"""和暦 (Japanese era calendar) ⇄ western dates, and date parsing for people's input.

Eras follow the 改元 rules of each era:
- 明治: 明治改元の詔 (慶応4年9月8日) applied the era from 慶応4年1月1日, i.e. 1868-01-25.
- 大正 1912-07-30, 昭和 1926-12-25: the era changed on the day of the 践祚.
- 平成: 元号を改める政令 (昭和64年政令第1号), from 1989-01-08.
- 令和: 元号を改める政令 (平成31年政令第143号), from 2019-05-01.

Japan kept the lunisolar calendar until 明治5年12月2日; 改暦ノ布告 (明治5年太政官布告第337号)
made the next day 明治6年1月1日 = 1873-01-01. Earlier 和暦 dates name lunar days that do not map
to the Gregorian calendar by the era year alone, so this module supports 1873-01-01 onward only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from jichitai.common.error_codes import CommonErrorCode
from jichitai.common.exceptions import InvalidInput

SOLAR_CALENDAR_START = date(1873, 1, 1)


@dataclass(frozen=True)
class Era:
    """元号 (era): its name, Latin initial, JPKI era digit and first day."""

    name: str
    letter: str
    jpki_digit: str
    start: date
    end: date | None

    @property
    def first_year(self) -> int:
        return self.start.year


ERAS: tuple[Era, ...] = (
    Era("明治", "M", "1", date(1868, 1, 25), date(1912, 7, 29)),
    Era("大正", "T", "2", date(1912, 7, 30), date(1926, 12, 24)),
    Era("昭和", "S", "3", date(1926, 12, 25), date(1989, 1, 7)),
    Era("平成", "H", "4", date(1989, 1, 8), date(2019, 4, 30)),
    Era("令和", "R", "5", date(2019, 5, 1), None),
)

# People write the era as its name, its Latin initial (R8.4.7) or its first kanji (令8.4.7).
_ERA_BY_LABEL: dict[str, Era] = {
    label: era for era in ERAS for label in (era.name, era.letter, era.name[0])
}


@dataclass(frozen=True)
class Wareki:
    """和暦の日付 (a date in the Japanese era calendar)."""

    era: Era
    year: int
    month: int
    day: int

    @property
    def era_name(self) -> str:
        return self.era.name

    def format(self, *, gannen: bool = True) -> str:
        """和暦表記: "令和8年4月7日"; the first year is written 元年 unless gannen=False."""
        year = "元" if gannen and self.year == 1 else str(self.year)
        return f"{self.era.name}{year}年{self.month}月{self.day}日"


def to_wareki(value: date) -> Wareki:
    """西暦→和暦 (western date to 和暦). Raises InvalidInput `wareki.lunar_calendar`."""
    if value < SOLAR_CALENDAR_START:
        raise _lunar_calendar_error()
    era = next(era for era in reversed(ERAS) if era.start <= value)
    return Wareki(era, value.year - era.first_year + 1, value.month, value.day)


def parse_wareki(text: str) -> date:
    """和暦の解析 (parse a 和暦 date): "令和8年4月7日", "令和元年5月1日", "R8.4.7", "H31.4.30".

    Full-width characters and spaces are accepted.

    Raises InvalidInput: `date.format`, `wareki.era_unknown`, `wareki.year_invalid`,
    `date.invalid`, `wareki.lunar_calendar`, `wareki.out_of_era`.
    """
    match = _WAREKI.fullmatch(_separators_to_dots(_clean(text)))
    if match is None:
        raise _format_error()
    era = _ERA_BY_LABEL.get(match["era"].upper())
    if era is None:
        raise InvalidInput(
            code=CommonErrorCode.WAREKI_ERA_UNKNOWN,
            detail="元号が正しくありません。明治・大正・昭和・平成・令和"
            "（M・T・S・H・R）のいずれかで入力してください。",
        )
    year = 1 if match["year"] == "元" else int(match["year"])
    if year < 1:
        raise InvalidInput(
            code=CommonErrorCode.WAREKI_YEAR_INVALID,
            detail="和暦の年は1（元年）以上で入力してください。",
        )
    value = _make_date(era.first_year + year - 1, int(match["month"]), int(match["day"]))
    if value < SOLAR_CALENDAR_START:
        raise _lunar_calendar_error()
    if value < era.start or (era.end is not None and value > era.end):
        raise _out_of_era_error(era)
    return value


def parse_date_input(text: str) -> date:
    """日付入力の解析 (parse a date typed into a search box or form).

    Accepts "2026-04-07", "2026/4/7", "2026.4.7", "2026年4月7日", "20260407" and every form
    parse_wareki accepts. Raises the same InvalidInput codes as parse_wareki.
    """
    cleaned = _clean(text)
    if match := _COMPACT_ISO.fullmatch(cleaned) or _WESTERN.fullmatch(_separators_to_dots(cleaned)):
        return _make_date(int(match["year"]), int(match["month"]), int(match["day"]))
    return parse_wareki(cleaned)


def parse_jpki_birth_date(text: str) -> date:
    """公的個人認証の生年月日 (JPKI birth date) "EYYYYMMDD": era digit + Gregorian date.

    E is 1=明治 2=大正 3=昭和 4=平成 5=令和; the era must be the one in force on that date.
    Raises InvalidInput `date.format`, `date.invalid`, `wareki.era_mismatch`.
    """
    match = _JPKI_BIRTH_DATE.fullmatch(text)
    if match is None:
        raise InvalidInput(
            code=CommonErrorCode.DATE_FORMAT,
            detail="生年月日は元号コード1桁と西暦8桁（例：319850401）で指定してください。",
        )
    value = _make_date(int(match["year"]), int(match["month"]), int(match["day"]))
    if to_wareki(value).era.jpki_digit != match["era"]:
        raise InvalidInput(
            code=CommonErrorCode.WAREKI_ERA_MISMATCH,
            detail="生年月日の元号コードと日付が一致しません。",
        )
    return value


_WAREKI = re.compile(r"(?P<era>\D+?)(?P<year>\d{1,4}|元)\.(?P<month>\d{1,2})\.(?P<day>\d{1,2})")
_WESTERN = re.compile(r"(?P<year>\d{4})\.(?P<month>\d{1,2})\.(?P<day>\d{1,2})")
_COMPACT_ISO = re.compile(r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})")
_JPKI_BIRTH_DATE = re.compile(r"(?P<era>[1-5])(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})")


def _clean(text: str) -> str:
    # NFKC folds full-width digits, letters and punctuation, and the squared era signs (㍻, ㋿).
    return "".join(unicodedata.normalize("NFKC", text).split())


def _separators_to_dots(text: str) -> str:
    """One separator for all forms: 年/月 and "/", "-" become ".", a closing 日 is dropped."""
    return re.sub(r"[年月/\-]", ".", text.removesuffix("日"))


def _make_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidInput(
            code=CommonErrorCode.DATE_INVALID, detail="存在しない日付です。年月日をご確認ください。"
        ) from None


def _format_error() -> InvalidInput:
    return InvalidInput(
        code=CommonErrorCode.DATE_FORMAT,
        detail="日付の形式が正しくありません。例：2026-04-07、令和8年4月7日、R8.4.7",
    )


def _lunar_calendar_error() -> InvalidInput:
    return InvalidInput(
        code=CommonErrorCode.WAREKI_LUNAR_CALENDAR,
        detail="明治5年以前の日付は旧暦（太陰太陽暦）のため扱えません。"
        "明治6年1月1日（1873年1月1日）以降の日付を入力してください。",
    )


def _out_of_era_error(era: Era) -> InvalidInput:
    start = to_wareki(max(era.start, SOLAR_CALENDAR_START)).format()
    span = f"{start}から{to_wareki(era.end).format()}まで" if era.end else f"{start}以降"
    return InvalidInput(
        code=CommonErrorCode.WAREKI_OUT_OF_ERA,
        detail=f"{era.name}の日付は{span}です。元号と年をご確認ください。",
    )
