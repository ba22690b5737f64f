"""The validation report: findings per record and column, their severity (error refuses
publishing, warning publishes with the note) and the records as they will be published."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from jichitai.opendata.datasets import Dataset
from jichitai.opendata.error_codes import FindingCode
from jichitai.opendata.reading import Record

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


def finding(record: Record | None, column: str | None, code: FindingCode, message: str) -> Finding:
    return Finding(
        record=record.number if record else None,
        line=record.line if record else None,
        column=column,
        code=code,
        message=message,
    )


def quote(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= QUOTE_CHARS else value[:QUOTE_CHARS] + "…"


# Which header positions feed a column, and under which header name (for the report).
Sources = dict[str, list[tuple[int, str]]]
# What a value's check found: (code, message) pairs, turned into findings by the caller.
Problems = list[tuple[FindingCode, str]]


def findings_by_record(report: ValidationReport) -> Iterator[tuple[int | None, list[Finding]]]:
    """The findings grouped by record (None first: the file's own), in file order."""
    groups: dict[int | None, list[Finding]] = {}
    for finding in report.findings:
        groups.setdefault(finding.record, []).append(finding)
    yield from sorted(groups.items(), key=lambda item: -1 if item[0] is None else item[0])
