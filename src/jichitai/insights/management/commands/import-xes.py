"""jichitai import-xes FILE --municipality LG_CODE [--name NAME] [--object-type TYPE]: keep an
event log from another system (XES or XES.gz; OCEL 2.0 and CSV are read too) so the
municipality analyses it on the dashboard's process map beside its own cases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jichitai.common.exceptions import DomainError
from jichitai.insights.imports import event_log_import
from jichitai.tenants.selectors import municipality_get_served


class Command(BaseCommand):
    help = (
        "他のシステムのイベントログ（XES・XES.gz。OCEL 2.0・CSV も可）を取り込み、"
        "業務の見える化のプロセスマップで分析できるようにします。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="イベントログのファイル")
        parser.add_argument("--municipality", required=True, help="団体コード（6桁）")
        parser.add_argument("--name", help="ログの名前（既定: ファイル名、100文字まで）")
        parser.add_argument("--object-type", help="OCEL 2.0 のとき、分析するオブジェクト型")

    def handle(
        self,
        *args: Any,
        file: Path,
        municipality: str,
        name: str | None,
        object_type: str | None,
        **options: Any,
    ) -> None:
        name = (name or Path(file).name).strip()
        if not 1 <= len(name) <= 100:
            raise CommandError("ログの名前は1〜100文字にしてください。")
        try:
            target = municipality_get_served(lg_code=municipality)
            imported = event_log_import(
                municipality=target,
                path=Path(file),
                name=name,
                actor=None,
                object_type=object_type,
            )
        except DomainError as error:
            raise CommandError(f"{error.code}: {error.detail}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{target.full_name}: 「{imported.name}」を取り込みました"
                f"（ケース {imported.cases} 件、事象 {imported.events} 件）。"
            )
        )
