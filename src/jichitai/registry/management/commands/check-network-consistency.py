"""jichitai check-network-consistency: compare each record's 本人確認情報 with what 住基ネット
(the CS) reports (doc/j1100.txt §7.1.1.2 整合性確認). Run it regularly (cron, nightly).

Prints the 宛名番号 and the item names that differ, never their values; exits with an error
when there are differences or the network does not answer, so the scheduler reports it.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jichitai.registry.services import identity_consistency_check
from jichitai.tenants.models import Municipality


class Command(BaseCommand):
    help = "住民記録の本人確認情報と住基ネット（CS）の本人確認情報の整合性を確認する。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lg-code", default="", help="この団体だけ")

    def handle(self, *args: Any, **options: Any) -> None:
        served = Municipality.objects.filter(is_served=True).order_by("lg_code")
        if options["lg_code"]:
            served = served.filter(lg_code=options["lg_code"])
            if not served.exists():
                raise CommandError("no served municipality with that 団体コード")
        problems = 0
        for municipality in served:
            run = identity_consistency_check(municipality=municipality, actor=None)
            self.stdout.write(
                f"{municipality.lg_code}: checked {run.checked}, waiting {run.waiting}, "
                f"differences {len(run.differences)}"
            )
            for difference in run.differences:
                self.stdout.write(f"  {difference.atena_number}: {'、'.join(difference.items)}")
            if run.error:
                self.stdout.write(f"  error {run.error}")
            problems += len(run.differences) + bool(run.error)
        if problems:
            raise CommandError(f"{problems} problem(s) found")
