"""jichitai send-network-outbox: hand the due messages of the outbox to 住基ネット
(doc/j1090.txt §7.1.1.1 CSへの自動送信).

Run it every minute or so (cron, a systemd timer, or the task worker): each run sends what is
due, oldest first per municipality, and schedules a failure for a later retry with
exponential back-off; after JICHITAI_NETWORK_MAX_ATTEMPTS tries a message becomes a 送信エラー
on the staff page (registry:network_outbox) until someone sends it again.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jichitai.registry.services import network_outbox_send
from jichitai.tenants.models import Municipality


class Command(BaseCommand):
    help = "住基ネットへの送信待ち電文を送信する（失敗したものは間隔を空けて再試行）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lg-code", default="", help="この団体の電文だけを送る")
        parser.add_argument("--limit", type=int, default=1000, help="1回に試みる電文の上限")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = None
        if options["lg_code"]:
            municipality = Municipality.objects.filter(
                lg_code=options["lg_code"], is_served=True
            ).first()
            if municipality is None:
                raise CommandError("no served municipality with that 団体コード")
        run = network_outbox_send(municipality=municipality, limit=max(1, options["limit"]))
        self.stdout.write(
            f"sent {run.sent}, retrying {run.retrying}, failed {run.failed}, held {run.held}"
        )
