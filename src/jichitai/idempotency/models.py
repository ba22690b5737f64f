"""Idempotency-Key (IETF draft-ietf-httpapi-idempotency-key-header): a retried write with the
same key returns the first result instead of writing twice."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jichitai.tenants.models import TenantOwnedModel


class IdempotencyRecord(TenantOwnedModel):
    """再送防止の記録: which key produced which resource. No request or response body is kept
    (they may hold personal data); a replay loads the resource again."""

    actor_id = models.CharField(_("実行者ID"), max_length=64)
    key = models.CharField(_("Idempotency-Key"), max_length=200)
    operation = models.CharField(_("操作"), max_length=100)
    fingerprint = models.CharField(_("要求のハッシュ"), max_length=64)
    resource_id = models.CharField(_("作成したリソース"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("再送防止の記録")
        verbose_name_plural = _("再送防止の記録")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "actor_id", "key"], name="idempotency_unique_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.operation} {self.key}"
