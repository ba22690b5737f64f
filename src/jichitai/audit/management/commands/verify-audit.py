"""jichitai verify-audit: recompute the audit chains; exit 1 when a record was tampered with."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jichitai.audit.services import audit_chain_verify


class Command(BaseCommand):
    help = "監査ログのハッシュチェーンを検証し、改ざん・削除・並べ替えを検出します。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--chain", help="検証するチェーン（団体コードまたは platform）")

    def handle(self, *args: Any, chain: str | None, **options: Any) -> None:
        result = audit_chain_verify(chain=chain)
        for problem in result.problems:
            self.stderr.write(f"[{problem.chain}] {problem.kind}: {problem.message}")
        summary = f"{result.chains}チェーン、{result.records}件を検証しました。"
        if not result.ok:
            raise CommandError(f"{summary} {len(result.problems)}件の問題があります。")
        self.stdout.write(self.style.SUCCESS(f"{summary} 改ざんは検出されませんでした。"))
