"""jichitai import-payments FILE --municipality LG_CODE: 収納データの取込と消込.

The file is read twice, streamed (checked whole first, then applied in one transaction): a
malformed line stops it with every problem's line number and nothing imported (exit 1). The
same file again changes nothing and says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jichitai.common.exceptions import DomainError
from jichitai.payments.errors import FileMalformed
from jichitai.payments.services import payments_import
from jichitai.tenants.models import Municipality


class Command(BaseCommand):
    help = "収納データ（金融機関CSV、コンビニ固定長、eLTAX形式）を取り込んで消込する。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="取り込むファイル")
        parser.add_argument("--municipality", required=True, help="団体コード（6桁）")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(lg_code=options["municipality"]).first()
        if municipality is None:
            raise CommandError("その団体コードの地方公共団体はありません。")
        path = Path(options["file"])
        try:
            with path.open("rb") as file:
                result = payments_import(
                    municipality=municipality, file=file, file_name=path.name, actor=None
                )
        except OSError as exc:
            raise CommandError(f"ファイルを読めません: {path}（{exc.strerror}）") from exc
        except FileMalformed as exc:
            for line, message in exc.problems:
                self.stderr.write(f"{path.name}:{line}: {message}")
            raise CommandError(exc.detail) from exc
        except DomainError as exc:
            raise CommandError(f"{exc.detail}（{exc.code}）") from exc
        record = result.payment_import
        if result.already_imported:
            self.stdout.write(
                f"このファイルは取込済みです（取込 {record.pk}）。何も変更していません。"
            )
            return
        self.stdout.write(
            f"取込 {record.pk}: {record.record_count}件 {record.total_amount:,}円"
            f"（取込済みで飛ばした {record.skipped_count}件）、"
            f"消込 {record.matched_count}件 {record.applied_amount:,}円、"
            f"還付候補 {record.refund_count}件 {record.refund_amount:,}円、"
            f"例外 {record.exception_count}件 {record.exception_amount:,}円"
        )
