"""送信待ちのお知らせ (outgoing messages): one row per mail or SMS, kept until delivered.

The row is written in the transaction of the change that causes it, together with its
delivery task (django-tasks' database backend uses the same database), so a message is
never sent for a change that rolled back and never lost for one that committed.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jichitai.tenants.models import TenantOwnedModel

# RFC 5321 §4.5.3.1.3: a path (address) is at most 256 octets.
ADDRESS_MAX = 256
# A mail subject line people read whole; longer ones are cut by the caller.
SUBJECT_MAX = 200
BODY_MAX = 4000


class Channel(models.TextChoices):
    EMAIL = "email", _("メール")
    SMS = "sms", _("SMS")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("送信待ち")
    SENT = "sent", _("送信済み")


class Message(TenantOwnedModel):
    """お知らせ (one mail or SMS): its address and text, attempts and the last failure's kind."""

    channel = models.CharField(_("送信方法"), max_length=8, choices=Channel.choices)
    to = models.CharField(_("宛先"), max_length=ADDRESS_MAX)
    subject = models.CharField(_("件名"), max_length=SUBJECT_MAX, blank=True)
    body = models.TextField(_("本文"), max_length=BODY_MAX)
    # What the message is about, for the outbox page and tests; never personal data.
    topic = models.CharField(_("種類"), max_length=40)
    status = models.CharField(
        _("状態"), max_length=8, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveIntegerField(_("送信を試みた回数"), default=0)
    # The exception's class name only: an SMTP error's text carries the address.
    last_error = models.CharField(_("直近の失敗"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("作成日時"))
    sent_at = models.DateTimeField(_("送信日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("お知らせ")
        verbose_name_plural = _("お知らせ")
        ordering = ["municipality", "-created_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "channel", "created_at"])]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.channel} {self.topic} #{self.pk}"
