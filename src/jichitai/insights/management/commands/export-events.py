"""jichitai export-events --municipality LG_CODE --output FILE [--format F] [--procedure ID]:
the municipality's case events as an event log — XES (IEEE 1849), XES.gz, or OCEL 2.0 in
JSON or SQLite — for pm4py, ProM, Disco, Celonis and the like."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jichitai.common.exceptions import DomainError
from jichitai.insights.services import ExportFormat, events_export
from jichitai.tenants.selectors import municipality_get_served


class Command(BaseCommand):
    help = (
        "申請の事象をイベントログ（XES・XES.gz・OCEL 2.0 の JSON/SQLite）として出力します。"
        "個人を特定する情報（実行者のID、申請の内容）は含みません。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", required=True, help="団体コード（6桁）")
        parser.add_argument(
            "--output",
            required=True,
            type=Path,
            help="出力先（.xes・.xes.gz・.json・.sqlite の拡張子で形式が決まります）",
        )
        parser.add_argument(
            "--format",
            choices=[f.value for f in ExportFormat],
            help="形式（拡張子から決まらないとき）",
        )
        parser.add_argument("--procedure", help="この手続の申請だけを出力する（手続ID）")

    def handle(
        self,
        *args: Any,
        municipality: str,
        output: Path | str,
        format: str | None,
        procedure: str | None,
        **options: Any,
    ) -> None:
        output = Path(output)
        export_format = ExportFormat(format) if format else ExportFormat.for_path(output)
        if export_format is None:
            raise CommandError(
                "出力形式が決まりません。--format を指定するか、拡張子を .xes・.xes.gz・.json・"
                ".sqlite にしてください。"
            )
        try:
            target = municipality_get_served(lg_code=municipality)
        except DomainError as error:
            raise CommandError(f"{municipality}: {error.detail}") from None
        written = events_export(
            municipality=target,
            target=output,
            export_format=export_format,
            actor=None,
            procedure_id=procedure,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{target.full_name}: 事象 {written} 件を {output}（{export_format.value}）に出力しました。"
            )
        )
