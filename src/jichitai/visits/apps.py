from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    """来庁 (visits): reservations, the queue and its display board, card renewal."""

    name = "jichitai.visits"
    verbose_name = _("来庁予約・窓口の順番")
