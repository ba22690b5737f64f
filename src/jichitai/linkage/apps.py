from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkageConfig(AppConfig):
    """情報連携 (data linkage): 符号 issuance, the broker, the table of allowed exchanges and
    the hash-chained exchange records."""

    name = "jichitai.linkage"
    verbose_name = _("情報連携")

    def ready(self) -> None:
        # A bad row of the table of allowed exchanges stops the process here, not at the
        # first exchange that needs it.
        from jichitai.linkage.table import exchange_table

        exchange_table()
