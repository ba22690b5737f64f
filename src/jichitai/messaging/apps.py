from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    """お知らせの送信: every mail and SMS to residents, delivered by the task queue."""

    name = "jichitai.messaging"
    verbose_name = _("お知らせの送信")
