"""jichitai load-municipalities [FILE]: load the national municipality code list (idempotent)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jichitai.tenants.errors import MunicipalityListInvalid
from jichitai.tenants.services import municipality_list_load


class Command(BaseCommand):
    help = "全国地方公共団体コード一覧（CSV）を取り込みます。何度実行しても同じ結果になります。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file",
            nargs="?",
            default=settings.JICHITAI_MUNICIPALITIES_CSV,
            help="CSV (lg_code,kind,prefecture,name,name_kana,parent_lg_code); 既定は同梱の一覧",
        )

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        try:
            report = municipality_list_load(source=file)
        except FileNotFoundError:
            raise CommandError(f"ファイルが見つかりません: {file}") from None
        except MunicipalityListInvalid as error:
            for problem in error.errors:
                self.stderr.write(problem.message)
            raise CommandError(error.detail) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.total}団体: 新規 {report.created}、更新 {report.updated}、変更なし {report.unchanged}"
            )
        )
