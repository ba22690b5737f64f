from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """住民ポータル: residents sign in with their card, apply online and follow their cases."""

    name = "jichitai.portal"
    verbose_name = _("住民ポータル")
