"""jichitai request-my-numbers: ask 住基ネット for the 個人番号 of every living record without
one and write it (doc/j1130.txt §7.1.2.1 個人番号の生成要求・取込).

Run it with `jichitai send-network-outbox` (cron, a systemd timer, or the task worker): a 出生
or a 国外転入 recorded without a 個人番号 gets its number at the next run, as 個人番号の職権記載.
A run stops when the network does not answer; the rest wait for the next one.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jichitai.registry.services import my_numbers_designate
from jichitai.tenants.models import Municipality


class Command(BaseCommand):
    help = "個人番号が記載されていない住民について、住基ネットに個人番号の生成を要求して記載する。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lg-code", default="", help="この団体の住民だけ")
        parser.add_argument("--limit", type=int, default=1000, help="1回に要求する人数の上限")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = None
        if options["lg_code"]:
            municipality = Municipality.objects.filter(
                lg_code=options["lg_code"], is_served=True
            ).first()
            if municipality is None:
                raise CommandError("no served municipality with that 団体コード")
        run = my_numbers_designate(municipality=municipality, limit=max(1, options["limit"]))
        self.stdout.write(f"designated {run.designated}, refused {run.refused}")
        if run.error:
            # The detail holds the network's short code only, never personal data.
            raise CommandError(run.error)
