"""転出証明書情報 (move-out certificate data) as the municipality moved into receives it.

住民基本台帳法 第24条の2 (転入届の特例) lets a card holder move without a paper 転出証明書: the
former municipality sends the 転出証明書情報 of 施行令 第23条 over 住基ネット to the new one,
which records the 転入 from it. Here the message arrives through `registry.network`; this
model is the new municipality's copy, waiting until the counter completes the 転入.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from jichitai.tenants.models import TenantOwnedModel


class MoveOutCertificate(TenantOwnedModel):
    """転出証明書情報, held by the destination municipality (`municipality`).

    `persons` holds, per person, the items of 施行令 第23条 (氏名, 出生の年月日, 男女の別,
    世帯主との続柄, 戸籍の表示, 住民票コード, 国民健康保険等の資格, 外国人住民の国籍等) as the
    entry services take them (`registry.inputs.PersonData`); the 個人番号 of each is stored only
    encrypted, bound to this certificate and the person's position.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("転入待ち")
        COMPLETED = "completed", _("転入済み")

    public_id = models.UUIDField(_("証明書情報ID"), default=uuid.uuid4, editable=False)
    source_lg_code = models.CharField(_("転出地の団体コード"), max_length=6)
    source_name = models.CharField(_("転出地"), max_length=40)
    source_reference = models.CharField(_("転出地の異動番号"), max_length=40)
    previous_address = models.CharField(_("転出前の住所"), max_length=200)
    moving_to_address = models.CharField(_("転出先（届出の住所）"), max_length=200)
    planned_on = models.DateField(_("転出（予定）年月日"))
    persons = models.JSONField(_("記載事項"))
    status = models.CharField(
        _("状態"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    # 引越しワンストップ: the 受付番号 of the paired 転入予約 here, as the sender gave it.
    reservation_reference = models.CharField(_("転入予約の受付番号"), max_length=20, blank=True)
    # What the apps of this deployment carried with the move (registry.network), e.g. the
    # portal's card binding; {} for a move from outside the deployment.
    carried = models.JSONField(_("共同利用で引き継ぐ情報"), default=dict, blank=True)
    received_at = models.DateTimeField(_("受信日時"), auto_now_add=True)
    completed_change = models.ForeignKey(
        "registry.Change",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("転入の異動"),
    )

    class Meta:
        verbose_name = _("転出証明書情報")
        verbose_name_plural = _("転出証明書情報")
        indexes = [models.Index(fields=["municipality", "status", "planned_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "public_id"], name="move_out_certificate_unique_id"
            ),
            # The same move is delivered once, however often the sender retries.
            models.UniqueConstraint(
                fields=["municipality", "source_lg_code", "source_reference"],
                name="move_out_certificate_delivered_once",
            ),
        ]

    def __str__(self) -> str:
        return f"転出証明書情報 {self.source_name} {self.planned_on:%Y-%m-%d}"

    @property
    def carries_support_measures(self) -> bool:
        """支援対象者 among the people: the former municipality's 支援措置 travelled with the
        move (services.support_measures.CARRIED_KEY); their 転入 starts a 仮支援措置 here."""
        return isinstance(self.carried, dict) and bool(
            self.carried.get("registry.support_measures")
        )
