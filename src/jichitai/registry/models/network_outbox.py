"""住基ネットへの送信 (the outbox to the CS, doc/j1090.txt §7.1.1.1 CSへの自動送信) and the stock of
住民票コード空きコード (doc/j870.txt §4.3.1).

Every change writes its messages here in its own transaction, so a message exists exactly when
its change does; the sender (`registry.services.network_outbox_send`) hands them to
`registry.network` in change order. A row holds no personal data: it points at the history row
or the change it is about, and the 電文 (with the 個人番号) is built from those at send time.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jichitai.tenants.models import TenantOwnedModel


class NetworkMessageKind(models.TextChoices):
    """電文の種類 this register sends (doc/j1090.txt §7.1.1.1)."""

    IDENTITY_UPDATE = "identity_update", _("本人確認情報")
    MOVE_OUT_CERTIFICATE = "move_out_certificate", _("転出証明書情報")
    MOVE_IN_NOTICE = "move_in_notice", _("転入通知")
    # doc/j1140.txt §7.1.2.2: asked for one resident, not made by a change. The 符号 itself goes
    # from 住基ネット to the 中間サーバー; the register keeps only whether the request went.
    SYMBOL_REQUEST = "symbol_request", _("符号取得要求")


class NetworkMessage(TenantOwnedModel):
    """送信電文: one message to 住基ネット, in the order of the changes (pk order per
    municipality). `status` is pending until the network takes it (sent) or the sender gives
    up after its retries (failed, shown to staff for 再送)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("送信待ち")
        SENT = "sent", _("送信済み")
        FAILED = "failed", _("送信エラー")

    kind = models.CharField(_("電文の種類"), max_length=32, choices=NetworkMessageKind.choices)
    # None for a request made for a resident without a change (符号取得要求).
    change = models.ForeignKey(
        "registry.Change",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("異動"),
    )
    resident = models.ForeignKey(
        "registry.Resident",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("住民"),
    )
    history = models.ForeignKey(
        "registry.ResidentHistory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("住民履歴"),
    )
    # Only what is not personal: the other municipality's 団体コード, ids of this register.
    params = models.JSONField(_("送信条件"), default=dict, blank=True)
    status = models.CharField(
        _("状態"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("送信回数"), default=0)
    next_attempt_at = models.DateTimeField(_("次回送信日時"))
    last_error = models.CharField(_("エラーコード"), max_length=40, blank=True)
    receipt = models.CharField(_("受付番号"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    sent_at = models.DateTimeField(_("送信日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("住基ネット送信電文")
        verbose_name_plural = _("住基ネット送信電文")
        ordering = ["municipality", "pk"]
        indexes = [
            models.Index(fields=["municipality", "status", "id"], name="network_outbox_queue_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} {self.get_status_display()}"


class ResidentCodeStock(TenantOwnedModel):
    """住民票コード空きコード: codes obtained from the CS and not yet given to anyone
    (doc/j870.txt §4.3.1). A code leaves the stock when it is assigned."""

    code = models.CharField(_("住民票コード"), max_length=11)
    obtained_at = models.DateTimeField(_("取得日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("住民票コード空きコード")
        verbose_name_plural = _("住民票コード空きコード")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"], name="resident_code_stock_unique"
            )
        ]

    def __str__(self) -> str:
        return f"空きコード #{self.pk}"


class ResidentCertificateSerial(TenantOwnedModel):
    """利用者証明用電子証明書のシリアル番号 (doc/j1160.txt §7.1.2.4), as 住基ネット last gave it
    for the resident's 個人番号カード, with the network's error code when the last try failed."""

    resident = models.ForeignKey(
        "registry.Resident",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("住民"),
    )
    serial = models.CharField(_("利用者証明用電子証明書シリアル番号"), max_length=64, blank=True)
    obtained_at = models.DateTimeField(_("取得日時"), null=True, blank=True)
    last_error = models.CharField(_("エラーコード"), max_length=40, blank=True)
    attempted_at = models.DateTimeField(_("最終要求日時"))

    class Meta:
        verbose_name = _("利用者証明用電子証明書シリアル番号")
        verbose_name_plural = _("利用者証明用電子証明書シリアル番号")
        constraints = [
            # One row per resident, within the resident's municipality (tenant rule).
            models.UniqueConstraint(
                fields=["municipality", "resident"], name="certificate_serial_one_per_resident"
            )
        ]

    def __str__(self) -> str:
        return f"シリアル番号 #{self.pk}"
