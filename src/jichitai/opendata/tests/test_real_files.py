"""The five files municipalities really published import with their record counts, their
encoding and layout found without a hint, and validate with their quirks as warnings only."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest

from jichitai.opendata.selectors import file_validate
from jichitai.opendata.tests.helpers import AED, EVACUATION, PRESCHOOL, REAL, TOILET, TOURISM
from jichitai.opendata.validation import ValidationReport

# (file, dataset, layout, encoding, records, upstream git blob) — ../shared/data/opendata/README.md
REAL_FILES = [
    (AED, "aed", "standard", "cp932", 191, "a058d602f76a4a44940f483772f1e86aa07604e7"),
    (
        EVACUATION,
        "evacuation_space",
        "standard",
        "utf-8-sig",
        390,
        "23de33e68dca28e28abbc977188571574d507614",
    ),
    (
        PRESCHOOL,
        "preschool",
        "standard",
        "utf-8-sig",
        302,
        "5ae27ebf4cfc01728a8033eb8f3f33f165d2203f",
    ),
    (TOILET, "public_toilet", "suisyou", "utf-8", 82, "aa794d7f6d7cf36718d44c4af58abb123a15a683"),
    (TOURISM, "tourism", "suisyou", "cp932", 792, "eb26a20206379f6c42fa078a143844a6728b58be"),
]


def _published_name(path: Path) -> str:
    """The file name as the municipality published it (after `<dataset kind>__`)."""
    return path.name.split("__", 1)[1]


def _validate(path: Path, *, filename: str | None = None) -> ValidationReport:
    return file_validate(
        path.read_bytes(), filename=_published_name(path) if filename is None else filename
    )


@pytest.mark.parametrize(("path", "dataset", "layout", "encoding", "records", "blob"), REAL_FILES)
def test_real_file_imports_with_its_record_count_and_no_error(
    path: Path, dataset: str, layout: str, encoding: str, records: int, blob: str
) -> None:
    data = path.read_bytes()
    assert hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest() == blob  # noqa: S324
    report = _validate(path)
    assert (report.dataset.key, report.layout, report.encoding) == (dataset, layout, encoding)
    assert report.record_count == records
    assert len(report.records) == records
    assert report.errors == []
    assert report.publishable


@pytest.mark.parametrize(("path", "dataset"), [(f[0], f[1]) for f in REAL_FILES])
def test_real_file_dataset_is_found_from_the_header_alone(path: Path, dataset: str) -> None:
    assert _validate(path, filename="upload.csv").dataset.key == dataset


def test_the_real_files_are_all_here() -> None:
    assert sorted(p.name for p in REAL.glob("*.csv")) == sorted(f[0].name for f in REAL_FILES)


def test_aed_half_width_kana_is_published_full_width_with_a_warning() -> None:
    report = _validate(AED)
    first = report.records[0]
    assert first["名称_カナ"] == "イチカワカンコウ・ブッサンインフォメーション"
    assert first["緯度"] == "35.72257083"
    warning = next(f for f in report.warnings if f.code == "value.halfwidth_kana")
    assert (warning.record, warning.line, warning.column) == (1, 2, "名称_カナ")
    # 名称_英字, as 市川市 spells it, is published as the definition's 名称_英語.
    assert any(f.code == "column.renamed" and f.column == "名称_英字" for f in report.warnings)


def test_evacuation_numbers_with_thousands_separators_are_published_plain() -> None:
    report = _validate(EVACUATION)
    assert report.records[0]["想定収容人数"] == "50700"
    assert report.records[0]["災害種別_地震"] == "1"
    blank = [f for f in report.warnings if f.code == "column.blank_header"]
    assert [f.column for f in blank] == ["34列目"]


def test_preschool_times_and_dates_are_published_in_the_standard_form() -> None:
    report = _validate(PRESCHOOL)
    first = report.records[0]
    assert (first["開始時間"], first["終了時間"]) == ("07:00", "19:00")
    assert first["認可等年月日"] == "1952-01-25"
    codes = Counter(str(f.code) for f in report.warnings)
    assert codes["value.time_normalized"] > 0 and codes["value.date_normalized"] > 0
    # 放課後児童クラブ is outside the older layout's list: noted, not refused.
    assert codes["value.vocabulary_unlisted"] == 59


def test_preschool_records_keep_the_line_they_start_on_despite_line_breaks_in_cells() -> None:
    report = _validate(PRESCHOOL)
    lines = {f.record: f.line or 0 for f in report.findings if f.record}
    assert lines[1] == 2
    # The file has 464 physical lines for 302 records: later records start further down.
    assert max(lines.values()) > 302


def test_older_layout_toilets_are_mapped_to_the_new_layout() -> None:
    report = _validate(TOILET)
    first = report.records[0]
    assert first["全国地方公共団体コード"] == "131130"
    assert first["ID"] == "1"
    assert first["地方公共団体名"] == "東京都渋谷区"
    assert first["所在地_連結表記"] == "東京都渋谷区神宮前4-12-1"
    assert list(first) == [c.name for c in report.dataset.columns]
    unknown = {f.column for f in report.warnings if f.code == "column.unknown"}
    assert unknown == {"通称", "通称_カナ", "多機能トイレ", "URL"}


def test_tourism_keeps_the_characters_only_cp932_has() -> None:
    report = _validate(TOURISM)
    text = "".join(v for row in report.records for v in row.values())
    assert "㈱" in text
    assert report.records[0]["地方公共団体名"] == "山口県"
    assert report.records[0]["開始時間"] == "08:00"
