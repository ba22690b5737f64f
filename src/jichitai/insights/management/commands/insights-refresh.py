"""jichitai insights-refresh [--municipality LG_CODE]: bring each municipality's fact store
up to its case events and compute the dashboard's and the process map's unfiltered figures
once, so the pages find them kept (run it from cron more often than
INSIGHTS_STORE_MAX_AGE, or after a large history import)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jichitai.common.exceptions import DomainError
from jichitai.insights.dashboard import dashboard_build, process_map_get
from jichitai.insights.kpis import Filters
from jichitai.insights.store import fact_store
from jichitai.tenants.models import Municipality
from jichitai.tenants.selectors import municipality_get_served, municipality_list_served


class Command(BaseCommand):
    help = (
        "業務の見える化の集計用データ（事実の蓄積）を最新の事象まで更新し、"
        "ダッシュボードとプロセスマップ（絞り込みなし）の数値を計算しておきます。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", help="団体コード（6桁）。省略するとすべての団体")

    def handle(self, *args: Any, municipality: str | None, **options: Any) -> None:
        targets: list[Municipality]
        if municipality is None:
            targets = list(municipality_list_served())
        else:
            try:
                targets = [municipality_get_served(lg_code=municipality)]
            except DomainError as error:
                raise CommandError(f"{municipality}: {error.detail}") from None
        today = timezone.localdate()
        for target in targets:
            with fact_store(target, refresh=True) as store:
                dashboard_build(municipality=target, facts=store, filters=Filters(), today=today)
                process_map_get(facts=store, filters=Filters(), municipality=target)
            self.stdout.write(f"{target.lg_code}: 更新しました。")
