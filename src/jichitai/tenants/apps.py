from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "jichitai.tenants"
    verbose_name = _("自治体 (テナント)")

    def ready(self) -> None:
        from django.urls import register_converter

        from jichitai.tenants.converters import LgCodeConverter

        register_converter(LgCodeConverter, "lg")
