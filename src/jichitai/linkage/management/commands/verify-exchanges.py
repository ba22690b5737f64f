"""jichitai verify-exchanges: recompute the exchange records' chains; exit 1 when a record was
edited, deleted or its tail truncated."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jichitai.linkage.services import exchange_chain_verify


class Command(BaseCommand):
    help = "情報提供等記録のハッシュチェーンを検証し、改ざん・削除・末尾の切り詰めを検出します。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--chain", help="検証するチェーン（照会元の団体コード）")

    def handle(self, *args: Any, chain: str | None, **options: Any) -> None:
        result = exchange_chain_verify(chain=chain)
        for problem in result.problems:
            self.stderr.write(
                f"[{problem.chain}] 連番 {problem.seq} {problem.kind}: {problem.message}"
            )
        summary = f"{result.chains}チェーン、{result.records}件を検証しました。"
        if not result.ok:
            raise CommandError(f"{summary} {len(result.problems)}件の問題があります。")
        self.stdout.write(self.style.SUCCESS(f"{summary} 改ざんは検出されませんでした。"))
