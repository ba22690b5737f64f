"""jichitai analyze FILE [--json] [--object-type TYPE]: the figures of an event log file —
XES, XES.gz, OCEL 2.0 (JSON or SQLite) or CSV — without touching the database.

Case, event and activity counts, the directly-follows graph with counts and median times,
the variants with counts and the case-duration statistics; pm4py's semantics
(docs/insights.md), so an analyst can check a figure there.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jichitai.common.exceptions import DomainError
from jichitai.insights.eventlog.analysis import LogSummary, analyze_file

# How many variants and edges the text report lists; --json gives them all.
_SHOWN = 10


class Command(BaseCommand):
    help = (
        "イベントログ（XES・XES.gz・OCEL 2.0 の JSON/SQLite・CSV）を分析し、ケース数・イベント数・"
        "活動・直接後続グラフ・バリアント・ケース所要時間を表示します。データベースは使いません。"
    )
    # Reads a file only: no system checks, which could reach for the database.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="イベントログのファイル")
        parser.add_argument("--json", action="store_true", help="JSON で出力する")
        parser.add_argument(
            "--object-type",
            help="OCEL 2.0 で分析するオブジェクト型（ケースとみなす型。型が一つなら省略可）",
        )

    def handle(
        self, *args: Any, file: Path, json: bool, object_type: str | None, **options: Any
    ) -> None:
        try:
            summary = analyze_file(file, object_type=object_type)
        except DomainError as error:
            types = error.extra.get("object_types")
            suffix = f"（この記録の型: {', '.join(types)}）" if types else ""
            raise CommandError(f"{error.detail}{suffix}") from None
        if json:
            self.stdout.write(_json_text(summary))
        else:
            self.stdout.write(_report(summary))


def _json_text(summary: LogSummary) -> str:
    return json.dumps(summary.as_dict(), ensure_ascii=False, indent=2)


def _days(seconds: float) -> str:
    return f"{seconds / 86_400:.2f}日"


def _report(summary: LogSummary) -> str:
    lines = [
        f"ケース {summary.cases}件、イベント {summary.events}件、活動 {len(summary.activities)}種類",
    ]
    if summary.case_durations:
        d = summary.case_durations
        lines.append(
            f"所要時間: 中央値 {_days(d.median)}、90%点 {_days(d.p90)}、平均 {_days(d.mean)}、"
            f"最短 {_days(d.min)}、最長 {_days(d.max)}"
        )
    lines.append("活動:")
    lines += [f"  {count:>8}  {name}" for name, count in summary.activities.items()]
    lines.append(f"直接後続（上位{_SHOWN}）:")
    lines += [
        f"  {e.count:>8}  {e.source} → {e.target}（中央値 {_days(e.median_seconds)}）"
        for e in summary.dfg[:_SHOWN]
    ]
    lines.append(f"バリアント {len(summary.variants)}種類（上位{_SHOWN}）:")
    lines += [f"  {v.count:>8}  {' → '.join(v.activities)}" for v in summary.variants[:_SHOWN]]
    return "\n".join(lines)
