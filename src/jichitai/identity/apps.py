from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "jichitai.identity"
    verbose_name = _("職員と本人確認")
