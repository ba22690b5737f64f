"""Broken copies of real files: every error is reported at its record, line and column, the
file is not publishable, and warnings alone never stop it."""

from __future__ import annotations

import csv
import io

import pytest

from jichitai.opendata.datasets import dataset_get
from jichitai.opendata.selectors import file_validate
from jichitai.opendata.tests.helpers import PRESCHOOL, TOILET, real_rows
from jichitai.opendata.validation import ValidationReport, check_value

Rows = list[list[str]]


def _written(rows: Rows, *, line_ending: str = "\r\n") -> tuple[str, list[int]]:
    """The CSV text and the physical line each data record starts on, counted while writing
    (so the expected lines do not come from the reader under test)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=line_ending)
    starts: list[int] = []
    for row in rows:
        starts.append(out.getvalue().count("\n") + 1)
        writer.writerow(row)
    return out.getvalue(), starts[1:]


Place = tuple[int | None, int | None, str | None, str]


def _errors(
    text: str, *, encoding: str = "utf-8-sig", filename: str = "x_preschool.csv"
) -> tuple[ValidationReport, set[Place]]:
    report = file_validate(text.encode(encoding), filename=filename)
    return report, {(f.record, f.line, f.column, str(f.code)) for f in report.errors}


def test_every_error_of_a_broken_preschool_file_is_at_its_record_and_column() -> None:
    rows = real_rows(PRESCHOOL, "utf-8-sig")
    col = {name: i for i, name in enumerate(rows[0])}
    broken = {
        2: ("全国地方公共団体コード", "112039", "value.lg_code"),
        3: ("緯度", "135.80447743", "value.coordinate_out_of_range"),
        5: ("開始時間", "7時半ごろ", "value.time"),
        6: ("認可等年月日", "2015/13/45", "value.date"),
        7: ("一時預かりの有無", "あり", "value.vocabulary"),
        8: ("ID", rows[1][col["ID"]], "id.duplicate"),
        10: ("収容定員", "多数", "value.number"),
        11: ("URL", "www.example.jp", "value.uri"),
        12: ("緯度", "N35.8", "value.coordinate"),
        13: ("法人番号", "1234567890123", "value.corporate_number"),
    }
    for record, (column, value, _) in broken.items():
        rows[record][col[column]] = value
    # Record 4: 緯度 and 経度 swapped; record 9: one field more than the header.
    lat, lon = col["緯度"], col["経度"]
    rows[4][lat], rows[4][lon] = rows[4][lon], rows[4][lat]
    rows[9].append("余分")
    text, lines = _written(rows)

    report, errors = _errors(text)

    expected: set[Place] = {
        (r, lines[r - 1], column, code) for r, (column, _, code) in broken.items()
    }
    expected |= {
        (4, lines[3], "緯度", "value.coordinates_swapped"),
        (9, lines[8], None, "record.too_many_fields"),
    }
    assert errors == expected
    assert not report.publishable
    assert report.record_count == 302
    # Line breaks inside quoted cells: records start further down than record + 1.
    assert lines[-1] > 303
    for finding in report.errors:
        assert finding.severity == "error"
        assert any("\u3040" <= ch <= "\u9fff" for ch in finding.message), finding.message


def test_header_errors_of_a_broken_file_name_the_column() -> None:
    rows = real_rows(PRESCHOOL, "utf-8-sig")
    name = rows[0].index("名称")
    rows = [[c for i, c in enumerate(row) if i != name] for row in rows]
    # 名称_英字 and 名称_英語 are the same item twice.
    rows[0].append("名称_英語")
    for row in rows[1:]:
        row.append("")
    text, _ = _written(rows, line_ending="\n")

    report, errors = _errors(text)

    assert not report.publishable
    assert errors == {
        (None, None, "名称", "column.required_missing"),
        (None, None, "名称_英語", "column.duplicate"),
    }


def test_broken_older_layout_file_reports_in_the_files_own_column_names() -> None:
    rows = real_rows(TOILET, "utf-8")
    position = rows[0].index("設置位置")
    rows = [[c for i, c in enumerate(row) if i != position] for row in rows]
    rows[3][0] = "131131"
    text, lines = _written(rows, line_ending="\n")

    report, errors = _errors(text, encoding="utf-8", filename="131130_public_toilet.csv")

    assert report.layout == "suisyou"
    assert errors == {
        (None, None, "設置位置", "column.required_missing"),
        (3, lines[2], "都道府県コード又は市区町村コード", "value.lg_code"),
    }


def test_a_file_with_only_warnings_is_publishable_and_normalised() -> None:
    header = [
        "全国地方公共団体コード",
        "ID",
        "名称",
        "名称_カナ",
        "所在地_連結表記",
        "緯度",
        "経度",
        "設置位置",
        "開始時間",
        "小児対応設備の有無",
    ]
    rows = [
        header,
        [
            "122033",
            "A1",
            "市役所",
            "ｼﾔｸｼｮ",
            "千葉県市川市八幡1-1-1",
            "３５．７２",
            "139.93",
            "1階",
            "8:30",
            "有",
        ],
        ["122033", "A2", "公民館", "コウミンカン", "", "35.7", "", "", "９時", "無"],
        ["", "", "", "", "", "", "", "", "", ""],
        ["122033", "A3", "体育館", "タイイクカン", "千葉県市川市", "35.7", "139.9", "入口"],
    ]
    text, lines = _written(rows)
    report = file_validate(text.encode("cp932"), filename="122033_aed.csv")
    assert lines == [2, 3, 4, 5]
    assert report.publishable
    codes = {(f.record, f.column, str(f.code)) for f in report.warnings}
    assert codes >= {
        (1, "名称_カナ", "value.halfwidth_kana"),
        (1, "緯度", "value.number_normalized"),
        (1, "開始時間", "value.time_normalized"),
        (2, "所在地_連結表記", "value.required_empty"),
        (2, "設置位置", "value.required_empty"),
        (2, "経度", "value.coordinate_partial"),
        (2, "開始時間", "value.time_normalized"),
        (3, None, "record.blank"),
        (4, None, "record.too_few_fields"),
    }
    assert [r["ID"] for r in report.records] == ["A1", "A2", "A3"]
    first = report.records[0]
    assert (first["名称_カナ"], first["緯度"], first["開始時間"]) == (
        "シヤクショ",
        "35.72",
        "08:30",
    )
    assert report.records[1]["開始時間"] == "09:00"


@pytest.mark.parametrize(
    ("value", "published", "code"),
    [
        ("07:00", "07:00", None),
        ("7:00", "07:00", "value.time_normalized"),
        ("０７：３０", "07:30", "value.time_normalized"),
        ("7時", "07:00", "value.time_normalized"),
        ("17:00:00", "17:00", "value.time_normalized"),
        ("24:00", "24:00", None),
        ("24:30", "24:30", "value.time"),
        ("9:75", "9:75", "value.time"),
        ("17:00:30", "17:00:30", "value.time"),
        ("午前", "午前", "value.time"),
    ],
)
def test_times(value: str, published: str, code: str | None) -> None:
    column = dataset_get("aed").column("開始時間")
    result, problems = check_value(column, value)
    assert result == published
    assert [str(c) for c, _ in problems] == ([code] if code else [])


@pytest.mark.parametrize(
    ("value", "published", "code"),
    [
        ("2015-04-01", "2015-04-01", None),
        ("2015/4/1", "2015-04-01", "value.date_normalized"),
        ("令和元年5月1日", "2019-05-01", "value.date_normalized"),
        ("2015-02-30", "2015-02-30", "value.date"),
        ("昔", "昔", "value.date"),
    ],
)
def test_dates(value: str, published: str, code: str | None) -> None:
    column = dataset_get("preschool").column("認可等年月日")
    result, problems = check_value(column, value)
    assert result == published
    assert [str(c) for c, _ in problems] == ([code] if code else [])


@pytest.mark.parametrize(
    ("value", "published", "code"),
    [
        ("1400", "1400", None),
        ("50,700 ", "50700", "value.number_normalized"),
        ("１２０", "120", "value.number_normalized"),
        ("12.5", "12.5", "value.number"),
        ("5,00", "5,00", "value.number"),
    ],
)
def test_integers(value: str, published: str, code: str | None) -> None:
    column = dataset_get("evacuation_space").column("想定収容人数")
    result, problems = check_value(column, value)
    assert result == published
    assert [str(c) for c, _ in problems] == ([code] if code else [])


def test_a_value_outside_an_older_layout_list_is_only_a_warning() -> None:
    column = dataset_get("preschool").column("種別")
    assert [str(c) for c, _ in check_value(column, "放課後児童クラブ")[1]] == [
        "value.vocabulary_unlisted"
    ]
    assert check_value(column, "認可公立保育所")[1] == []
