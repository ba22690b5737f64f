"""jichitai verify-certificate FILE: is this PDF a certificate we issued, unchanged?
Exit 0 when valid, 1 when altered or not on record."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jichitai.registry.certificates.verification import (
    VerificationStatus,
    verify_certificate_pdf,
)
from jichitai.tenants.errors import MunicipalityNotFound
from jichitai.tenants.selectors import municipality_get_served

_VERDICTS = {
    VerificationStatus.ALTERED: "無効（改ざんされています）",
    VerificationStatus.UNKNOWN: "無効（発行記録がありません）",
}


class Command(BaseCommand):
    help = "証明書のPDFの電子署名と発行記録を検証し、改ざんの有無を表示します。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="検証するPDFファイル")
        parser.add_argument(
            "--lg-code", help="この団体が発行したものだけを有効とする（団体コード）"
        )

    def handle(self, *args: Any, file: str, lg_code: str | None, **options: Any) -> None:
        municipality = None
        if lg_code:
            try:
                municipality = municipality_get_served(lg_code=lg_code)
            except MunicipalityNotFound:
                raise CommandError(f"団体コード {lg_code} の団体は利用されていません。") from None
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"ファイルを読み込めません: {error.strerror}") from None
        result = verify_certificate_pdf(data, municipality=municipality)
        if not result.valid:
            raise CommandError(f"{_VERDICTS[result.status]}: {result.reason}", returncode=1)
        assert result.municipality is not None and result.issued_at is not None  # noqa: S101
        issued = timezone.localtime(result.issued_at)
        self.stdout.write(
            self.style.SUCCESS(
                f"有効: 発行番号 {result.issue_number}（{result.kind_label}、"
                f"{result.municipality.full_name}、{issued:%Y-%m-%d %H:%M} 交付）。{result.reason}"
            )
        )
