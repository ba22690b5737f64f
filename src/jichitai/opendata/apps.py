from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    """オープンデータ: the 自治体標準オープンデータセット definitions, reading and validation."""

    name = "jichitai.opendata"
    verbose_name = _("オープンデータ")

    def ready(self) -> None:
        # Every process checks the dataset definitions before serving: a wrong file stops it
        # with the file's path and the exact problem (as the procedure catalog does).
        from jichitai.opendata.datasets import catalog

        catalog()
        # The municipality's home page (tenants, below opendata) links to the catalog.
        from jichitai.opendata.selectors import opendata_home_context
        from jichitai.tenants.home_sections import home_context_register

        home_context_register("opendata", opendata_home_context)
