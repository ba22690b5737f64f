"""検証 (validation): a file read by reading.py, checked against its dataset definition.

The report lists findings per record and column, each with a stable code (error_codes.
FindingCode), a severity and a Japanese message. An **error** means the value cannot be
published as it is (a wrong 検査数字, a point outside Japan, a time nobody can read): the file
is refused until none is left. A **warning** is a quirk that can be published without changing
its meaning, and is published normalised with the note (7:00 → 07:00, 2015/4/1 → 2015-04-01,
ｲﾁｶﾜ → イチカワ, "50,700 " → 50700, an older-layout file mapped to the new layout). The list of
which is which is docs/opendata.md「エラーと警告」, generated from the same codes.

`records` of the report are the file's records in the new layout, normalised, keyed by the
definition's column names: what publishing writes out. Pure code: no database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePath

import jaconv

from jichitai.common.checkdigits import is_valid_corporate_number, is_valid_lg_code
from jichitai.common.exceptions import InvalidInput
from jichitai.common.wareki import parse_date_input
from jichitai.opendata.datasets import Column, Dataset, catalog, dataset_get, header_key
from jichitai.opendata.error_codes import FindingCode
from jichitai.opendata.errors import DatasetUndetected
from jichitai.opendata.reading import Record, Table, table_read

# Japan from 沖ノ鳥島 (20 deg 25 min N) to 択捉島 (45 deg 33 min N), 与那国島 (122 deg 56 min E)
# to 南鳥島 (153 deg 59 min E).
LATITUDE_RANGE = (20.0, 46.0)
LONGITUDE_RANGE = (122.0, 154.0)
# A value quoted in a message is cut here: enough to find it, never a whole description.
QUOTE_CHARS = 30


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Layout(StrEnum):
    STANDARD = "standard"  # 自治体標準オープンデータセット
    SUISYOU = "suisyou"  # the older 推奨データセット


WARNINGS = frozenset(
    {
        FindingCode.LAYOUT_SUISYOU,
        FindingCode.COLUMN_UNKNOWN,
        FindingCode.COLUMN_BLANK_HEADER,
        FindingCode.COLUMN_RENAMED,
        FindingCode.RECORD_TOO_FEW_FIELDS,
        FindingCode.RECORD_BLANK,
        FindingCode.REQUIRED_EMPTY,
        FindingCode.TIME_NORMALIZED,
        FindingCode.DATE_NORMALIZED,
        FindingCode.NUMBER_NORMALIZED,
        FindingCode.HALFWIDTH_KANA,
        FindingCode.VOCABULARY_UNLISTED,
        FindingCode.COORDINATE_PARTIAL,
    }
)


def severity_of(code: FindingCode) -> Severity:
    return Severity.WARNING if code in WARNINGS else Severity.ERROR


@dataclass(frozen=True)
class Finding:
    """One problem: where (record counted from 1 after the header, the physical line, the
    column by its header name; None for the whole file or record) and what."""

    record: int | None
    line: int | None
    column: str | None
    code: FindingCode
    message: str

    @property
    def severity(self) -> Severity:
        return severity_of(self.code)

    def as_dict(self) -> dict[str, str | int | None]:
        return {
            "record": self.record,
            "line": self.line,
            "column": self.column,
            "code": str(self.code),
            "severity": str(self.severity),
            "message": self.message,
        }


@dataclass
class ValidationReport:
    """検証結果: what the file is, its findings, and its records in the new layout."""

    dataset: Dataset
    layout: Layout
    encoding: str
    file_format: str
    record_count: int
    findings: list[Finding] = field(default_factory=list)
    records: list[dict[str, str]] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    @property
    def publishable(self) -> bool:
        """公開可否: nothing is published while an error is left."""
        return not self.errors

    def as_dict(self) -> dict[str, object]:
        return {
            "dataset": self.dataset.key,
            "title": self.dataset.title,
            "layout": str(self.layout),
            "encoding": self.encoding,
            "format": self.file_format,
            "records": self.record_count,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "publishable": self.publishable,
            "findings": [f.as_dict() for f in self.findings],
        }


def file_validate(
    data: bytes, *, filename: str = "", dataset_key: str | None = None
) -> ValidationReport:
    """ファイルの検証 (validate an uploaded file): read it, find its dataset (given, else from
    the file name or the header) and check every record.

    Raises: FileTooLarge, FileUnreadable (the file cannot be read at all), DatasetNotFound
    (an unknown `dataset_key`), DatasetUndetected.
    """
    table = table_read(data)
    dataset = (
        dataset_get(dataset_key)
        if dataset_key
        else dataset_detect(header=table.header, filename=filename)
    )
    return table_validate(table, dataset=dataset)


def dataset_detect(*, header: tuple[str, ...], filename: str = "") -> Dataset:
    """Which dataset a file holds: the standard file name `<団体コード>_<key>….csv` first
    (122033_108_aed.csv, 382019_evacuation_space.csv), else the definition whose new or older
    header shares the most column names with it.

    Raises: DatasetUndetected.
    """
    datasets = catalog()
    stem = PurePath(filename).stem.lower()
    named = [d for d in datasets.values() if re.search(rf"(^|_){re.escape(d.key)}(_|$)", stem)]
    if len(named) == 1:
        return named[0]
    keys = {header_key(h) for h in header if h.strip()}

    def overlap(dataset: Dataset) -> int:
        return max(len(keys & set(dataset.by_header)), len(keys & set(dataset.by_legacy_header)))

    ranked = sorted(datasets.values(), key=overlap, reverse=True)
    best = ranked[0]
    # Every dataset shares the common items (名称, 緯度 …): only a clear winner counts.
    if overlap(best) < 5 or (len(ranked) > 1 and overlap(ranked[1]) == overlap(best)):
        raise DatasetUndetected()
    return best


def table_validate(table: Table, *, dataset: Dataset) -> ValidationReport:
    """Check a read file against a dataset definition (see the module docstring)."""
    layout = _layout(table.header, dataset)
    report = ValidationReport(
        dataset=dataset,
        layout=layout,
        encoding=table.encoding,
        file_format=table.file_format,
        record_count=len(table.records),
    )
    findings = report.findings
    if layout is Layout.SUISYOU:
        findings.append(
            _finding(
                None,
                None,
                FindingCode.LAYOUT_SUISYOU,
                f"旧「推奨データセット」の様式です。{dataset.title}の自治体標準の様式に読み替えて公開します。",
            )
        )
    sources = _header_check(table.header, dataset, layout, findings)
    seen_ids: dict[str, int] = {}
    for record in table.records:
        row = _record_check(record, table.header, sources, dataset, findings, seen_ids)
        if row is not None:
            report.records.append(row)
    return report


def _layout(header: tuple[str, ...], dataset: Dataset) -> Layout:
    keys = {header_key(h) for h in header}
    new = len(keys & set(dataset.by_header))
    old = len(keys & set(dataset.by_legacy_header))
    return Layout.SUISYOU if old > new else Layout.STANDARD


def _finding(record: Record | None, column: str | None, code: FindingCode, message: str) -> Finding:
    return Finding(
        record=record.number if record else None,
        line=record.line if record else None,
        column=column,
        code=code,
        message=message,
    )


def _quote(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= QUOTE_CHARS else value[:QUOTE_CHARS] + "…"


# Which header positions feed a column, and under which header name (for the report).
Sources = dict[str, list[tuple[int, str]]]


def _header_check(
    header: tuple[str, ...], dataset: Dataset, layout: Layout, findings: list[Finding]
) -> Sources:
    """Map header positions to the dataset's columns; report unknown, blank, renamed and
    duplicate columns and the 必須 columns the header lacks."""
    sources: Sources = {}
    for position, name in enumerate(header):
        key = header_key(name)
        if not key:
            findings.append(
                _finding(
                    None,
                    f"{position + 1}列目",
                    FindingCode.COLUMN_BLANK_HEADER,
                    f"{position + 1}列目に見出しがありません。この列は公開しません。",
                )
            )
            continue
        if layout is Layout.SUISYOU:
            targets = dataset.by_legacy_header.get(key, ())
        else:
            column = dataset.by_header.get(key)
            targets = (column,) if column else ()
        if not targets:
            findings.append(
                _finding(
                    None,
                    name,
                    FindingCode.COLUMN_UNKNOWN,
                    f"列「{name}」は{dataset.title}の定義にありません。この列は公開しません。",
                )
            )
            continue
        for column in targets:
            feeds = sources.setdefault(column.name, [])
            # An older layout joins several columns into one item (都道府県名+市区町村名);
            # in the new layout one item in two columns is ambiguous.
            if feeds and layout is Layout.STANDARD:
                findings.append(
                    _finding(
                        None,
                        name,
                        FindingCode.COLUMN_DUPLICATE,
                        f"列「{name}」は「{feeds[0][1]}」と同じ項目「{column.name}」です。どちらかを削除してください。",
                    )
                )
                continue
            feeds.append((position, name))
            if layout is Layout.STANDARD and name != column.name:
                findings.append(
                    _finding(
                        None,
                        name,
                        FindingCode.COLUMN_RENAMED,
                        f"列「{name}」を定義の項目名「{column.name}」として公開します。",
                    )
                )
    for column in dataset.columns:
        if column.required and column.name not in sources:
            expected = (
                "」「".join(dataset.legacy_sources(column)) or column.name
                if layout is Layout.SUISYOU
                else column.name
            )
            findings.append(
                _finding(
                    None,
                    expected,
                    FindingCode.COLUMN_REQUIRED_MISSING,
                    f"必須の列「{expected}」がありません。",
                )
            )
    return sources


def _record_check(
    record: Record,
    header: tuple[str, ...],
    sources: Sources,
    dataset: Dataset,
    findings: list[Finding],
    seen_ids: dict[str, int],
) -> dict[str, str] | None:
    cells = record.cells
    if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
        findings.append(
            _finding(
                record,
                None,
                FindingCode.RECORD_TOO_MANY_FIELDS,
                f'項目数が見出しより多くなっています（{len(cells)}項目、見出しは{len(header)}列）。値の中の「,」を「"」で囲んでください。',
            )
        )
    elif len(cells) < len(header):
        findings.append(
            _finding(
                record,
                None,
                FindingCode.RECORD_TOO_FEW_FIELDS,
                f"項目数が見出しより少なくなっています（{len(cells)}項目、見出しは{len(header)}列）。足りない項目は空欄とします。",
            )
        )
    if not any(c.strip() for c in cells):
        findings.append(
            _finding(record, None, FindingCode.RECORD_BLANK, "空の記録です。公開しません。")
        )
        return None

    row: dict[str, str] = {}
    for column in dataset.columns:
        feeds = sources.get(column.name, [])
        raw = "".join(cells[p] if p < len(cells) else "" for p, _ in feeds)
        label = feeds[0][1] if feeds else column.name
        value, problems = check_value(column, raw)
        for code, message in problems:
            findings.append(_finding(record, label, code, message))
        row[column.name] = value
        # A blank flag is a value: "not designated for this hazard".
        if column.required and feeds and not value and column.type != "flag":
            findings.append(
                _finding(
                    record,
                    label,
                    FindingCode.REQUIRED_EMPTY,
                    f"必須の項目「{label}」が空欄です。",
                )
            )
    _coordinates_check(record, row, sources, findings)
    if dataset.id_column and (identifier := row.get(dataset.id_column)):
        label = sources.get(dataset.id_column, [(0, dataset.id_column)])[0][1]
        if identifier in seen_ids:
            findings.append(
                _finding(
                    record,
                    label,
                    FindingCode.ID_DUPLICATE,
                    f"{label}「{_quote(identifier)}」は記録{seen_ids[identifier]}と重複しています。",
                )
            )
        else:
            seen_ids[identifier] = record.number
    return row


Problems = list[tuple[FindingCode, str]]


def check_value(column: Column, raw: str) -> tuple[str, Problems]:
    """One cell: the value to publish and what is wrong with it (an error leaves the value as
    it was). Column types are those of datasets.COLUMN_TYPES."""
    problems: Problems = []
    value = raw
    if column.type in ("string", "kana", "id"):
        value = _kana_check(column, value, problems)
    else:
        value = value.strip()
    if not value:
        return "", problems
    checker = _CHECKERS.get(column.type)
    if checker is not None:
        value = checker(column, value, problems)
    if column.vocabulary and value not in column.vocabulary:
        choices = "、".join(column.vocabulary)
        if column.vocabulary_strict:
            problems.append(
                (
                    FindingCode.VOCABULARY,
                    f"「{_quote(value)}」は{column.name}の値として使えません（{choices}）。",
                )
            )
        else:
            problems.append(
                (
                    FindingCode.VOCABULARY_UNLISTED,
                    f"「{_quote(value)}」は旧様式の{column.name}の一覧（{choices}）にありません。",
                )
            )
    return value, problems


def _kana_check(column: Column, value: str, problems: Problems) -> str:
    # JIS X 0201 half-width katakana is published full-width (the common rule of the 定義書:
    # 全角); the letters and digits around it stay as they are.
    if not re.search("[\uff61-\uff9f]", value):
        return value
    converted = jaconv.h2z(value, kana=True, ascii=False, digit=False)
    problems.append(
        (
            FindingCode.HALFWIDTH_KANA,
            f"半角カナを全角にして公開します（「{_quote(value)}」→「{_quote(converted)}」）。",
        )
    )
    return converted


def _lg_code(column: Column, value: str, problems: Problems) -> str:
    if not is_valid_lg_code(value):
        problems.append(
            (
                FindingCode.LG_CODE_INVALID,
                f"「{_quote(value)}」は全国地方公共団体コード（検査数字付きの6桁）として正しくありません。",
            )
        )
    return value


def _corporate_number(column: Column, value: str, problems: Problems) -> str:
    if not is_valid_corporate_number(value):
        problems.append(
            (
                FindingCode.CORPORATE_NUMBER_INVALID,
                f"「{_quote(value)}」は法人番号（検査用数字付きの13桁）として正しくありません。",
            )
        )
    return value


_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")


def _plain_number(value: str) -> str | None:
    """The number as plain ASCII ("50,700 " → "50700", "１２" → "12"), or None."""
    folded = unicodedata.normalize("NFKC", value).strip()
    if _THOUSANDS.fullmatch(folded):
        folded = folded.replace(",", "")
    return folded if _NUMBER.fullmatch(folded) else None


def _number(column: Column, value: str, problems: Problems) -> str:
    plain = _plain_number(value)
    if plain is None or (column.type == "integer" and not plain.lstrip("+-").isdigit()):
        kind = "整数" if column.type == "integer" else "数値"
        problems.append(
            (FindingCode.NUMBER_INVALID, f"「{_quote(value)}」は{kind}ではありません。")
        )
        return value
    if plain != value:
        problems.append(
            (
                FindingCode.NUMBER_NORMALIZED,
                f"「{_quote(value)}」を「{plain}」として公開します。",
            )
        )
    return plain


def _coordinate(column: Column, value: str, problems: Problems) -> str:
    plain = _plain_number(value)
    if plain is None or "," in value:
        problems.append(
            (
                FindingCode.COORDINATE_INVALID,
                f"「{_quote(value)}」は{column.name}（度の10進数）ではありません。",
            )
        )
        return value
    if plain != value:
        problems.append(
            (FindingCode.NUMBER_NORMALIZED, f"「{_quote(value)}」を「{plain}」として公開します。")
        )
    return plain


_TIME = re.compile(r"(?P<hour>\d{1,2})(?::|時)(?P<minute>\d{1,2})?分?(?::(?P<second>\d{2}))?")


def _time(column: Column, value: str, problems: Problems) -> str:
    folded = "".join(unicodedata.normalize("NFKC", value).split())
    match = _TIME.fullmatch(folded)
    hour = int(match["hour"]) if match else -1
    minute = int(match["minute"] or 0) if match else -1
    second = int(match["second"] or 0) if match else 0
    # 24:00 is an end of day (閉館 24:00); seconds would be lost by hh:mm, so refused.
    if not match or second or minute > 59 or hour > 24 or (hour == 24 and minute):
        problems.append(
            (
                FindingCode.TIME_INVALID,
                f"「{_quote(value)}」は時刻（hh:mm、例 09:00）として読めません。",
            )
        )
        return value
    normalized = f"{hour:02d}:{minute:02d}"
    if normalized != value:
        problems.append(
            (
                FindingCode.TIME_NORMALIZED,
                f"時刻「{_quote(value)}」を「{normalized}」として公開します。",
            )
        )
    return normalized


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(column: Column, value: str, problems: Problems) -> str:
    try:
        parsed = parse_date_input(value)
    except InvalidInput:
        problems.append(
            (
                FindingCode.DATE_INVALID,
                f"「{_quote(value)}」は日付（YYYY-MM-DD、例 2026-04-01）として読めません。",
            )
        )
        return value
    normalized = parsed.isoformat()
    if normalized != value:
        problems.append(
            (
                FindingCode.DATE_NORMALIZED,
                f"日付「{_quote(value)}」を「{normalized}」として公開します。",
            )
        )
    return normalized


def _uri(column: Column, value: str, problems: Problems) -> str:
    if not re.match(r"https?://\S+$", value):
        problems.append(
            (
                FindingCode.URI_INVALID,
                f"「{_quote(value)}」はURL（http:// または https:// で始まる）ではありません。",
            )
        )
    return value


def _flag(column: Column, value: str, problems: Problems) -> str:
    if unicodedata.normalize("NFKC", value) != "1":
        problems.append(
            (
                FindingCode.VOCABULARY,
                f"「{_quote(value)}」は{column.name}の値として使えません（該当は「1」、非該当は空欄）。",
            )
        )
        return value
    return "1"


_CHECKERS = {
    "lg_code": _lg_code,
    "corporate_number": _corporate_number,
    "integer": _number,
    "number": _number,
    "latitude": _coordinate,
    "longitude": _coordinate,
    "time": _time,
    "date": _date,
    "uri": _uri,
    "flag": _flag,
}


def _coordinates_check(
    record: Record, row: dict[str, str], sources: Sources, findings: list[Finding]
) -> None:
    """緯度 and 経度 together: both or neither, inside Japan, not in each other's column."""
    if "緯度" not in row or "経度" not in row:
        return
    labels = {name: sources.get(name, [(0, name)])[0][1] for name in ("緯度", "経度")}
    latitude, longitude = _as_float(row["緯度"]), _as_float(row["経度"])
    if not row["緯度"] and not row["経度"]:
        return
    if not row["緯度"] or not row["経度"]:
        missing = "緯度" if not row["緯度"] else "経度"
        findings.append(
            _finding(
                record,
                labels[missing],
                FindingCode.COORDINATE_PARTIAL,
                f"{missing}がありません。この記録は地図に表示されません。",
            )
        )
        return
    if latitude is None or longitude is None:
        return  # already reported as value.coordinate
    if _inside(longitude, LATITUDE_RANGE) and _inside(latitude, LONGITUDE_RANGE):
        findings.append(
            _finding(
                record,
                labels["緯度"],
                FindingCode.COORDINATES_SWAPPED,
                f"緯度「{row['緯度']}」と経度「{row['経度']}」が入れ替わっています。",
            )
        )
        return
    for name, number, bounds in (
        ("緯度", latitude, LATITUDE_RANGE),
        ("経度", longitude, LONGITUDE_RANGE),
    ):
        if not _inside(number, bounds):
            findings.append(
                _finding(
                    record,
                    labels[name],
                    FindingCode.COORDINATE_OUT_OF_RANGE,
                    f"{name}「{row[name]}」は日本の範囲（{bounds[0]:g}〜{bounds[1]:g}）の外です。",
                )
            )


def _as_float(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _inside(number: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= number <= bounds[1]


def findings_by_record(report: ValidationReport) -> Iterator[tuple[int | None, list[Finding]]]:
    """The findings grouped by record (None first: the file's own), in file order."""
    groups: dict[int | None, list[Finding]] = {}
    for finding in report.findings:
        groups.setdefault(finding.record, []).append(finding)
    yield from sorted(groups.items(), key=lambda item: -1 if item[0] is None else item[0])
