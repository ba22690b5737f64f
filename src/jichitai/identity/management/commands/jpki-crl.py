"""jichitai jpki-crl load FILE… | refresh | status: J-LIS's revocation lists (CRL).

`load` verifies each CRL against JPKI_TRUST_ANCHORS and replaces that CA's revoked list;
`refresh` loads the files named by JPKI_CRL_FILES (where the download job puts them);
`status` shows each CA's newest list and exits 1 when one is past its nextUpdate (monitoring).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jichitai.common.exceptions import DomainError
from jichitai.identity.jpki.revocation import crl_load, crl_status


class Command(BaseCommand):
    help = "公的個人認証の失効リスト（CRL）を取り込み、状態を表示します。"

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("load", help="CRLファイル（PEM/DER）を取り込む")
        load.add_argument("files", nargs="+")
        actions.add_parser("refresh", help="JPKI_CRL_FILES のCRLを取り込む")
        actions.add_parser("status", help="取り込み済みCRLの状態（期限切れなら終了コード1）")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "status":
            self._status()
            return
        files = options["files"] if action == "load" else settings.JPKI_CRL_FILES
        if not files:
            raise CommandError("取り込むCRLファイルがありません（JPKI_CRL_FILES）。")
        for name in files:
            self._load(name)

    def _load(self, name: str) -> None:
        try:
            data = Path(name).read_bytes()
        except OSError as error:
            raise CommandError(f"{name} を読み込めません: {error.strerror}") from None
        try:
            load = crl_load(data=data)
        except DomainError as error:
            raise CommandError(f"{name}: {error.detail}（{error.code}）") from None
        stale = "（期限切れ）" if timezone.now() > load.next_update else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{name}: {load.issuer_name} 失効 {load.revoked_count} 件、"
                f"次回更新 {timezone.localtime(load.next_update):%Y-%m-%d %H:%M}{stale}"
            )
        )

    def _status(self) -> None:
        loads = crl_status()
        if not loads:
            raise CommandError("失効リストが取り込まれていません。", returncode=1)
        stale = False
        for load in loads:
            expired = timezone.now() > load.next_update
            stale = stale or expired
            mark = "期限切れ" if expired else "有効"
            self.stdout.write(
                f"{mark}  {load.issuer_name}  発行 {timezone.localtime(load.this_update):%Y-%m-%d %H:%M}"
                f"  次回更新 {timezone.localtime(load.next_update):%Y-%m-%d %H:%M}  失効 {load.revoked_count} 件"
            )
        if stale:
            raise CommandError(
                "期限切れの失効リストがあります。jichitai jpki-crl refresh を実行してください。",
                returncode=1,
            )
