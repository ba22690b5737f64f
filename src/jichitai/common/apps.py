from __future__ import annotations

from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "jichitai.common"
    verbose_name = "共通"
