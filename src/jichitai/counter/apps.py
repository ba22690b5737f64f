from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CounterConfig(AppConfig):
    """書かないワンストップ窓口: the counter console and the resident's confirmation display."""

    name = "jichitai.counter"
    verbose_name = _("書かない窓口")
