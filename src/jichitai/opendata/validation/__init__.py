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
from pathlib import PurePath

from jichitai.opendata.datasets import Dataset, catalog, dataset_get, header_key
from jichitai.opendata.error_codes import FindingCode
from jichitai.opendata.errors import DatasetUndetected
from jichitai.opendata.reading import Record, Table, table_read
from jichitai.opendata.validation.report import (
    Finding,
    Layout,
    Severity,
    Sources,
    ValidationReport,
    finding,
    findings_by_record,
    quote,
    severity_of,
)
from jichitai.opendata.validation.values import check_value, coordinates_check


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
            finding(
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
                finding(
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
                finding(
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
                    finding(
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
                    finding(
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
                finding(
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
            finding(
                record,
                None,
                FindingCode.RECORD_TOO_MANY_FIELDS,
                f'項目数が見出しより多くなっています（{len(cells)}項目、見出しは{len(header)}列）。値の中の「,」を「"」で囲んでください。',
            )
        )
    elif len(cells) < len(header):
        findings.append(
            finding(
                record,
                None,
                FindingCode.RECORD_TOO_FEW_FIELDS,
                f"項目数が見出しより少なくなっています（{len(cells)}項目、見出しは{len(header)}列）。足りない項目は空欄とします。",
            )
        )
    if not any(c.strip() for c in cells):
        findings.append(
            finding(record, None, FindingCode.RECORD_BLANK, "空の記録です。公開しません。")
        )
        return None

    row: dict[str, str] = {}
    for column in dataset.columns:
        feeds = sources.get(column.name, [])
        raw = "".join(cells[p] if p < len(cells) else "" for p, _ in feeds)
        label = feeds[0][1] if feeds else column.name
        value, problems = check_value(column, raw)
        for code, message in problems:
            findings.append(finding(record, label, code, message))
        row[column.name] = value
        # A blank flag is a value: "not designated for this hazard".
        if column.required and feeds and not value and column.type != "flag":
            findings.append(
                finding(
                    record,
                    label,
                    FindingCode.REQUIRED_EMPTY,
                    f"必須の項目「{label}」が空欄です。",
                )
            )
    coordinates_check(record, row, sources, findings)
    if dataset.id_column and (identifier := row.get(dataset.id_column)):
        label = sources.get(dataset.id_column, [(0, dataset.id_column)])[0][1]
        if identifier in seen_ids:
            findings.append(
                finding(
                    record,
                    label,
                    FindingCode.ID_DUPLICATE,
                    f"{label}「{quote(identifier)}」は記録{seen_ids[identifier]}と重複しています。",
                )
            )
        else:
            seen_ids[identifier] = record.number
    return row


__all__ = [
    "Finding",
    "Layout",
    "Severity",
    "ValidationReport",
    "check_value",
    "dataset_detect",
    "file_validate",
    "findings_by_record",
    "severity_of",
    "table_validate",
]
