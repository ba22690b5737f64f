"""jichitai export-registry: the whole register of one municipality, in the migration layout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jichitai.common.exceptions import DomainError
from jichitai.registry.layout import registry_export
from jichitai.tenants.selectors import municipality_get_served


class Command(BaseCommand):
    help = (
        "住民記録（現在の記載と全履歴）を移行用レイアウト（docs/registry-layout.md）で出力します。"
        "個人番号を平文で含むため、出力は特定個人情報として扱ってください。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", required=True, help="団体コード（6桁）")
        parser.add_argument(
            "--output",
            help="出力先（.zip で終わればZIP、それ以外はディレクトリ）。既定は <団体コード>_<日時>",
        )

    def handle(self, *args: Any, municipality: str, output: str | None, **options: Any) -> None:
        try:
            target = municipality_get_served(lg_code=municipality)
        except DomainError as error:
            raise CommandError(f"{municipality}: {error.detail}") from None
        stamp = timezone.localtime().strftime("%Y%m%d%H%M%S")
        destination = Path(output or f"{target.lg_code}_{stamp}")
        try:
            result = registry_export(municipality=target, destination=destination, actor=None)
        except FileExistsError:
            raise CommandError(
                f"出力先が既にあります（空でないディレクトリまたはファイル）: {destination}"
            ) from None
        counts = result.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"{target.full_name}: 世帯 {counts.households}、異動 {counts.changes}、"
                f"住民 {counts.residents}、住民履歴 {counts.history} 件を {destination} に出力しました。"
            )
        )
        self.stdout.write(
            "個人番号を含む特定個人情報です。暗号化して受け渡し、用済み後は消去してください。"
        )
