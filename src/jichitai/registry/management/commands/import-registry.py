"""jichitai import-registry PATH --municipality LG_CODE: load a register in the migration layout."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jichitai.common.exceptions import DomainError
from jichitai.registry.layout import LayoutInvalid, RegistryNotEmpty, registry_import
from jichitai.tenants.selectors import municipality_get_served


class Command(BaseCommand):
    help = (
        "移行用レイアウト（ディレクトリまたは .zip）の住民記録を、住民記録が空の団体に取り込みます。"
        "全行を検証し、誤りが1件でもあれば何も取り込みません（1トランザクション）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="export-registry の出力（ディレクトリまたは .zip）")
        parser.add_argument("--municipality", required=True, help="取込み先の団体コード（6桁）")
        parser.add_argument(
            "--allow-other-municipality",
            action="store_true",
            help="manifest.json の団体コードと取込み先が違っても取り込む（研修・検証用の複製）",
        )

    def handle(
        self,
        *args: Any,
        path: str,
        municipality: str,
        allow_other_municipality: bool,
        **options: Any,
    ) -> None:
        try:
            target = municipality_get_served(lg_code=municipality)
        except DomainError as error:
            raise CommandError(f"{municipality}: {error.detail}") from None
        started = time.monotonic()
        try:
            result = registry_import(
                municipality=target,
                path=Path(path),
                actor=None,
                allow_other_municipality=allow_other_municipality,
                progress=lambda message: self.stdout.write(f"  {message}"),
            )
        except FileNotFoundError:
            raise CommandError(f"見つかりません: {path}") from None
        except RegistryNotEmpty as error:
            raise CommandError(error.detail) from None
        except LayoutInvalid as error:
            for problem in error.errors:
                self.stderr.write(problem.message)
            raise CommandError(error.detail) from None
        counts = result.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"{target.full_name}: 世帯 {counts.households}、異動 {counts.changes}、"
                f"住民 {counts.residents}、住民履歴 {counts.history} 件を取り込みました"
                f"（{time.monotonic() - started:.1f}秒）。"
            )
        )
