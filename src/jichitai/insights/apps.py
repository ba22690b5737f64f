from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    """業務の見える化 (insights): process mining over the case events — event logs in and out
    (XES, OCEL 2.0, CSV) and their analysis (counts, directly-follows graph, variants, case
    durations) on DuckDB."""

    name = "jichitai.insights"
    verbose_name = _("業務の見える化")

    def ready(self) -> None:
        from jichitai.insights.plugged_sources import plugged_sources_register

        plugged_sources_register()
