"""jichitai close-planned-removals: the daily job that turns the records of a 転出届 made before
the move into 除票 once their 転出予定日 has come (doc/j50.txt §1.1.5).

Run it once a day, after midnight (cron: `5 0 * * * jichitai close-planned-removals`). Pages
are right before it runs (registry.models.living); it makes the stored 住民状態 agree and
settles the households left (世帯主 ex officio, or 世帯主未設定, or closed). Idempotent: run it
again, or late, and it closes only what is still due.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jichitai.registry.services.removals import planned_removals_close


class Command(BaseCommand):
    help = "転出予定日の到来した転出届の住民票を除票にする（毎日実行）。"

    def handle(self, *args: Any, **options: Any) -> None:
        closed = planned_removals_close()
        self.stdout.write(f"除票にした住民票: {closed}件")
