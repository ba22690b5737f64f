"""jichitai verify-case-signature LG_CODE [REFERENCE ...]: re-verify the 署名用電子証明書
signatures kept with cases, long after they were filed (for an auditor, or a dispute).

Each signature is checked over the case's stored data as of when it was given, exactly as the
inbox shows it; no reference means every signed case of the municipality. Exit 1 when any is
invalid. Prints 受付番号, result and the refusal's code, never the data.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jichitai.procedures.error_codes import ProcedureErrorCode
from jichitai.procedures.inbox import case_signature_status
from jichitai.procedures.models import Case


class Command(BaseCommand):
    help = (
        "申請に保存された電子署名（署名用電子証明書）を、保存された申請内容に対して検証し直します。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("lg_code", help="全国地方公共団体コード（6桁）")
        parser.add_argument("references", nargs="*", help="受付番号（省略時は署名のある全件）")

    def handle(self, *args: Any, lg_code: str, references: list[str], **options: Any) -> None:
        cases = Case.objects.for_municipality(lg_code).exclude(signature_cms=None).order_by("pk")
        if references:
            cases = cases.filter(reference_number__in=references)
            missing = set(references) - set(cases.values_list("reference_number", flat=True))
            if missing:
                raise CommandError(f"署名のある申請が見つかりません: {', '.join(sorted(missing))}")
        invalid = 0
        for case in cases:
            status = case_signature_status(case=case, actor=None)
            if status is not None and status.is_valid:
                self.stdout.write(f"{case.reference_number}  有効")
            else:
                invalid += 1
                code = status.refusal_code if status else ProcedureErrorCode.SIGNATURE_MISSING
                self.stdout.write(f"{case.reference_number}  無効  {code}")
        if invalid:
            raise CommandError(f"{invalid}件の署名を確認できませんでした。", returncode=1)
        self.stdout.write(self.style.SUCCESS("すべての署名を確認しました。"))
