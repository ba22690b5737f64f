from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "jichitai.identity"
    verbose_name = _("職員と本人確認")

    def ready(self) -> None:
        # The municipality's home page (tenants, below identity) lists the 窓口: its 課.
        from jichitai.identity.selectors import department_counters
        from jichitai.tenants.home_sections import home_context_register

        home_context_register(
            "counters",
            lambda municipality: {"counters": department_counters(municipality=municipality)},
        )
