# Full-width and look-alike characters are the input under test here.
from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jichitai.common.exceptions import InvalidInput
from jichitai.common.wareki import (
    ERAS,
    parse_date_input,
    parse_jpki_birth_date,
    parse_wareki,
    to_wareki,
)

ERA_BOUNDARIES = [
    (date(1912, 7, 29), "明治45年7月29日"),
    (date(1912, 7, 30), "大正元年7月30日"),
    (date(1926, 12, 24), "大正15年12月24日"),
    (date(1926, 12, 25), "昭和元年12月25日"),
    (date(1989, 1, 7), "昭和64年1月7日"),
    (date(1989, 1, 8), "平成元年1月8日"),
    (date(2019, 4, 30), "平成31年4月30日"),
    (date(2019, 5, 1), "令和元年5月1日"),
]


@pytest.mark.parametrize(("western", "wareki"), ERA_BOUNDARIES)
def test_to_wareki_switches_era_on_the_day_of_kaigen(western: date, wareki: str) -> None:
    assert to_wareki(western).format() == wareki


@pytest.mark.parametrize(("western", "wareki"), ERA_BOUNDARIES)
def test_parse_wareki_reads_era_boundaries(western: date, wareki: str) -> None:
    assert parse_wareki(wareki) == western


def test_to_wareki_exposes_era_and_fields() -> None:
    wareki = to_wareki(date(2026, 4, 7))

    assert (wareki.era.name, wareki.era_name, wareki.era.letter) == ("令和", "令和", "R")
    assert (wareki.year, wareki.month, wareki.day) == (8, 4, 7)
    assert wareki.format() == "令和8年4月7日"


def test_format_writes_gannen_for_the_first_year_unless_asked_not_to() -> None:
    wareki = to_wareki(date(2019, 5, 1))

    assert wareki.format() == "令和元年5月1日"
    assert wareki.format(gannen=False) == "令和1年5月1日"


def test_to_wareki_supports_the_first_solar_calendar_day() -> None:
    assert to_wareki(date(1873, 1, 1)).format() == "明治6年1月1日"


def test_to_wareki_rejects_lunar_calendar_dates() -> None:
    with pytest.raises(InvalidInput) as excinfo:
        to_wareki(date(1872, 12, 31))

    assert excinfo.value.code == "wareki.lunar_calendar"
    assert "明治6年1月1日（1873年1月1日）以降" in excinfo.value.detail


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和8年4月7日", date(2026, 4, 7)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("令和1年5月1日", date(2019, 5, 1)),
        ("R8.4.7", date(2026, 4, 7)),
        ("r8.4.7", date(2026, 4, 7)),
        ("R元.5.1", date(2019, 5, 1)),
        ("H31.4.30", date(2019, 4, 30)),
        ("S64.1.7", date(1989, 1, 7)),
        ("T15.12.24", date(1926, 12, 24)),
        ("M45.7.29", date(1912, 7, 29)),
        ("H31/4/30", date(2019, 4, 30)),
        ("H31-04-30", date(2019, 4, 30)),
        ("平31.4.30", date(2019, 4, 30)),
        ("令和８年４月７日", date(2026, 4, 7)),
        ("Ｒ８．４．７", date(2026, 4, 7)),
        (" 令和 8 年　4 月　7 日 ", date(2026, 4, 7)),
        ("令和8年4月7", date(2026, 4, 7)),
        ("㍻31年4月30日", date(2019, 4, 30)),
    ],
)
def test_parse_wareki_accepts_written_forms(text: str, expected: date) -> None:
    assert parse_wareki(text) == expected


@pytest.mark.parametrize(
    ("text", "code", "detail"),
    [
        ("令和0年1月1日", "wareki.year_invalid", "和暦の年は1（元年）以上で入力してください。"),
        (
            "平成32年1月1日",
            "wareki.out_of_era",
            "平成の日付は平成元年1月8日から平成31年4月30日までです。元号と年をご確認ください。",
        ),
        (
            "平成31年5月1日",
            "wareki.out_of_era",
            "平成の日付は平成元年1月8日から平成31年4月30日までです。元号と年をご確認ください。",
        ),
        (
            "令和元年4月30日",
            "wareki.out_of_era",
            "令和の日付は令和元年5月1日以降です。元号と年をご確認ください。",
        ),
        (
            "明治45年7月30日",
            "wareki.out_of_era",
            "明治の日付は明治6年1月1日から明治45年7月29日までです。元号と年をご確認ください。",
        ),
        ("令和8年2月30日", "date.invalid", "存在しない日付です。年月日をご確認ください。"),
        ("令和8年13月1日", "date.invalid", "存在しない日付です。年月日をご確認ください。"),
        (
            "慶応3年1月1日",
            "wareki.era_unknown",
            "元号が正しくありません。明治・大正・昭和・平成・令和"
            "（M・T・S・H・R）のいずれかで入力してください。",
        ),
        (
            "X8.4.7",
            "wareki.era_unknown",
            "元号が正しくありません。明治・大正・昭和・平成・令和"
            "（M・T・S・H・R）のいずれかで入力してください。",
        ),
        (
            "明治5年12月2日",
            "wareki.lunar_calendar",
            "明治5年以前の日付は旧暦（太陰太陽暦）のため扱えません。"
            "明治6年1月1日（1873年1月1日）以降の日付を入力してください。",
        ),
        (
            "よろしく",
            "date.format",
            "日付の形式が正しくありません。例：2026-04-07、令和8年4月7日、R8.4.7",
        ),
        (
            "8年4月7日",
            "date.format",
            "日付の形式が正しくありません。例：2026-04-07、令和8年4月7日、R8.4.7",
        ),
        ("", "date.format", "日付の形式が正しくありません。例：2026-04-07、令和8年4月7日、R8.4.7"),
    ],
)
def test_parse_wareki_rejects_bad_input_with_a_stable_code(
    text: str, code: str, detail: str
) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        parse_wareki(text)

    assert excinfo.value.code == code
    assert excinfo.value.detail == detail


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-04-07", date(2026, 4, 7)),
        ("2026/4/7", date(2026, 4, 7)),
        ("2026.4.7", date(2026, 4, 7)),
        ("20260407", date(2026, 4, 7)),
        ("2026年4月7日", date(2026, 4, 7)),
        ("２０２６－０４－０７", date(2026, 4, 7)),
        ("令和8年4月7日", date(2026, 4, 7)),
        ("R8.4.7", date(2026, 4, 7)),
        ("H31.4.30", date(2019, 4, 30)),
    ],
)
def test_parse_date_input_accepts_iso_compact_and_wareki(text: str, expected: date) -> None:
    assert parse_date_input(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2026-02-30", "date.invalid"),
        ("20261301", "date.invalid"),
        ("2026", "date.format"),
        ("2026-4", "date.format"),
        ("昨日", "date.format"),
        ("平成32年1月1日", "wareki.out_of_era"),
    ],
)
def test_parse_date_input_rejects_bad_input(text: str, code: str) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        parse_date_input(text)

    assert excinfo.value.code == code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("319850401", date(1985, 4, 1)),
        ("419890108", date(1989, 1, 8)),
        ("520190501", date(2019, 5, 1)),
        ("219120730", date(1912, 7, 30)),
        ("119120729", date(1912, 7, 29)),
    ],
)
def test_parse_jpki_birth_date_reads_era_digit_and_gregorian_date(
    text: str, expected: date
) -> None:
    assert parse_jpki_birth_date(text) == expected


def test_parse_jpki_birth_date_rejects_an_era_that_was_not_in_force() -> None:
    with pytest.raises(InvalidInput) as excinfo:
        parse_jpki_birth_date("320190501")

    assert excinfo.value.code == "wareki.era_mismatch"
    assert excinfo.value.detail == "生年月日の元号コードと日付が一致しません。"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("619850401", "date.format"),
        ("19850401", "date.format"),
        ("３19850401", "date.format"),
        ("319850230", "date.invalid"),
        ("419890107", "wareki.era_mismatch"),
    ],
)
def test_parse_jpki_birth_date_rejects_bad_input(text: str, code: str) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        parse_jpki_birth_date(text)

    assert excinfo.value.code == code


DATES = st.dates(min_value=date(1873, 1, 1), max_value=date(2100, 12, 31))


@given(DATES)
def test_wareki_round_trips_for_every_supported_date(value: date) -> None:
    assert parse_wareki(to_wareki(value).format()) == value
    assert parse_wareki(to_wareki(value).format(gannen=False)) == value


@given(DATES)
def test_short_form_round_trips_for_every_supported_date(value: date) -> None:
    wareki = to_wareki(value)

    assert parse_date_input(f"{wareki.era.letter}{wareki.year}.{value.month}.{value.day}") == value


def test_eras_follow_each_other_without_gaps() -> None:
    for earlier, later in itertools.pairwise(ERAS):
        assert earlier.end == later.start - timedelta(days=1)
    assert ERAS[-1].end is None
