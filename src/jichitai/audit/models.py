"""監査ログ (audit log): append-only, hash-chained records of who did what, when and why.

A record holds no personal data values: only who acted, the action, the object's type and
id, the 事務 (purpose), the result and non-personal metadata such as which fields changed.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jichitai.common.append_only import AppendOnlyModel, AppendOnlyQuerySet


class AuditRecord(AppendOnlyModel):
    """監査記録: one access or change, linked by HMAC to the previous record of its chain.

    Each municipality has its own chain (`chain` = its 6-digit code; "platform" for
    deployment-wide actions), so municipalities never wait on each other's writes.
    """

    class Result(models.TextChoices):
        SUCCESS = "success", _("成功")
        DENIED = "denied", _("拒否")
        FAILED = "failed", _("失敗")

    class ActorType(models.TextChoices):
        STAFF = "staff", _("職員")
        RESIDENT = "resident", _("住民")
        SYSTEM = "system", _("システム")
        ANONYMOUS = "anonymous", _("未認証")

    chain = models.CharField(_("チェーン"), max_length=16)
    seq = models.PositiveBigIntegerField(_("連番"))
    occurred_at = models.DateTimeField(_("日時"))
    actor_type = models.CharField(_("実行者の種別"), max_length=16, choices=ActorType.choices)
    actor_id = models.CharField(_("実行者ID"), max_length=64, blank=True)
    actor_label = models.CharField(_("実行者"), max_length=150, blank=True)
    municipality_code = models.CharField(_("団体コード"), max_length=6, blank=True)
    action = models.CharField(_("操作"), max_length=64)
    object_type = models.CharField(_("対象の種類"), max_length=64, blank=True)
    object_id = models.CharField(_("対象ID"), max_length=64, blank=True)
    purpose = models.CharField(_("事務（利用目的）"), max_length=100, blank=True)
    result = models.CharField(_("結果"), max_length=8, choices=Result.choices)
    detail = models.JSONField(_("補足（個人情報を含まない）"), default=dict, blank=True)
    request_id = models.CharField(_("リクエストID"), max_length=32, blank=True)
    prev_hash = models.CharField(_("直前のハッシュ"), max_length=64)
    hash = models.CharField(_("ハッシュ"), max_length=64)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("監査記録")
        verbose_name_plural = _("監査記録")
        ordering = ["chain", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="auditrecord_unique_seq")
        ]
        indexes = [models.Index(fields=["municipality_code", "-occurred_at"])]

    def __str__(self) -> str:
        return f"{self.chain}#{self.seq} {self.action} {self.result}"


class AuditChainHead(models.Model):
    """The last record of each chain: lets verification notice a truncated tail, and its row
    lock serialises appends so two writers never take the same sequence number."""

    chain = models.CharField(_("チェーン"), max_length=16, primary_key=True)
    last_seq = models.PositiveBigIntegerField(_("最終連番"), default=0)
    last_hash = models.CharField(_("最終ハッシュ"), max_length=64)
    # HMAC over (chain, last_seq, last_hash): moving the head back needs the audit key.
    mac = models.CharField(_("先頭の認証子"), max_length=64)

    class Meta:
        verbose_name = _("監査チェーンの先頭")
        verbose_name_plural = _("監査チェーンの先頭")

    def __str__(self) -> str:
        return f"{self.chain}#{self.last_seq}"
