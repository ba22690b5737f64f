"""書かないワンストップ窓口 (the counter): one session per person served, the pairing of the
resident's confirmation display, where each filed field came from, and what follows after
commit.

A session holds, until it is completed, what the counter learnt (the 基本4情報 read from the
card, the answers, what staff typed): personal data, like a case's data, kept in the
municipality's rows only and never in logs or URLs (the URLs carry a random public id).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from jichitai.tenants.models import TenantOwnedModel


class CounterSession(TenantOwnedModel):
    """窓口受付: one person served at the counter for one life event."""

    class Status(models.TextChoices):
        OPEN = "open", _("受付中")
        COMPLETED = "completed", _("完了")

    public_id = models.UUIDField(_("受付ID"), default=uuid.uuid4, editable=False)
    staff = models.ForeignKey(
        "identity.StaffUser", on_delete=models.PROTECT, related_name="+", verbose_name=_("職員")
    )
    # Where the session started: a 転入待ち entry, or the register (the person the event is
    # about: the deceased at an おくやみ, the mover at a 転居).
    move_out_certificate = models.ForeignKey(
        "registry.MoveOutCertificate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("転出証明書情報"),
    )
    resident = models.ForeignKey(
        "registry.Resident",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("対象の住民"),
    )
    event_id = models.CharField(_("ライフイベント"), max_length=40, blank=True)
    event_on = models.DateField(_("異動日・発生日"), null=True, blank=True)
    answers = models.JSONField(_("質問への回答"), default=dict, blank=True)
    # 基本4情報 of the card read (券面事項入力補助AP) and the demo card's id; never the 個人番号.
    card = models.JSONField(_("読み取ったカード"), default=dict, blank=True)
    staff_inputs = models.JSONField(_("職員の入力"), default=dict, blank=True)
    status = models.CharField(_("状態"), max_length=16, choices=Status.choices, default=Status.OPEN)
    confirmed_at = models.DateTimeField(_("本人確認画面での確認日時"), null=True, blank=True)
    created_at = models.DateTimeField(_("受付日時"), auto_now_add=True)
    completed_at = models.DateTimeField(_("完了日時"), null=True, blank=True)
    # What completion did: the 異動 id, the cases' 受付番号, the counts of 書かない.
    result = models.JSONField(_("結果"), default=dict, blank=True)

    class Meta:
        verbose_name = _("窓口受付")
        verbose_name_plural = _("窓口受付")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "public_id"], name="counter_session_unique_id"
            ),
        ]

    def __str__(self) -> str:
        return f"窓口受付 {self.public_id}"


class Pairing(TenantOwnedModel):
    """確認画面の接続: a short code, shown to staff, that the tablet facing the resident types
    once to show one session. Only its keyed hash is stored; it expires and is used once."""

    session = models.ForeignKey(CounterSession, on_delete=models.CASCADE, related_name="pairings")
    code_hash = models.CharField(_("接続コード（ハッシュ）"), max_length=64)
    expires_at = models.DateTimeField(_("有効期限"))
    used_at = models.DateTimeField(_("使用日時"), null=True, blank=True)
    # The tablet's proof after the code: a random token kept in its browser session.
    display_token_hash = models.CharField(_("表示トークン（ハッシュ）"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("確認画面の接続")
        verbose_name_plural = _("確認画面の接続")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code_hash"], name="counter_pairing_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return f"確認画面の接続 {self.pk}"


class FieldOrigin(TenantOwnedModel):
    """書かない測定: where one filed field's value came from."""

    class Origin(models.TextChoices):
        PREFILLED = "prefilled", _("事前入力")
        STAFF = "staff", _("職員が入力")
        RESIDENT = "resident", _("住民が記入")

    session = models.ForeignKey(
        CounterSession, on_delete=models.CASCADE, related_name="field_origins"
    )
    procedure_id = models.CharField(_("手続"), max_length=64)
    field = models.CharField(_("項目（JSON Pointer）"), max_length=200)
    origin = models.CharField(_("入力元"), max_length=16, choices=Origin.choices)
    recorded_at = models.DateTimeField(_("記録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("項目の入力元")
        verbose_name_plural = _("項目の入力元")
        indexes = [models.Index(fields=["municipality", "recorded_at"])]

    def __str__(self) -> str:
        return f"{self.procedure_id} {self.field} {self.origin}"


class OutboxMessage(TenantOwnedModel):
    """What follows a completed session outside this database (the card's 券面 and 署名用電子証明書
    at the card issuer, J-LIS in production, the virtual card in the demo): written in the
    completion's transaction, delivered after commit, once."""

    class Kind(models.TextChoices):
        CARD_UPDATE = "card_update", _("券面記載事項の変更・署名用電子証明書の再発行")

    session = models.ForeignKey(CounterSession, on_delete=models.CASCADE, related_name="outbox")
    kind = models.CharField(_("種類"), max_length=32, choices=Kind.choices)
    payload = models.JSONField(_("内容"))
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("送信日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("送信待ち")
        verbose_name_plural = _("送信待ち")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "session", "kind"], name="counter_outbox_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"
