"""jichitai check-ledger [--municipality LG_CODE]: 台帳の不変条件 (payments/ledger.py); exit 1 when
any invoice, payment or import breaks it."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jichitai.payments.ledger import ledger_check
from jichitai.payments.models import Invoice


class Command(BaseCommand):
    help = "公金収納の台帳（調定から減額と収納を引いた残高、取込ごとの件数・合計）を検査する。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", help="団体コード（省略時は全団体）")

    def handle(self, *args: Any, **options: Any) -> None:
        codes = (
            [options["municipality"]]
            if options["municipality"]
            else list(Invoice.objects.values_list("municipality_id", flat=True).distinct())
        )
        failed = False
        for code in sorted(codes):
            report = ledger_check(municipality_code=code)
            status = "OK" if report.ok else "不整合"
            self.stdout.write(
                f"{code}: 納付書 {report.invoices}件、取込 {report.imports}件 {status}"
            )
            for problem in report.problems:
                self.stdout.write(f"  {problem}")
            failed |= not report.ok
        if failed:
            sys.exit(1)
