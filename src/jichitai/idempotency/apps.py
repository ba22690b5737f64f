from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdempotencyConfig(AppConfig):
    name = "jichitai.idempotency"
    verbose_name = _("APIの再送防止")
