"""住民ポータル: which My Number card belongs to which resident.

A card is bound once, with a 署名用電子証明書 whose 基本4情報 match the register; later sign-ins
need only the 利用者証明用電子証明書 (challenge-response). A renewed card is bound the same way
and supersedes the old binding.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jichitai.tenants.models import TenantOwnedModel


class CardBinding(TenantOwnedModel):
    """カードの紐付け: a 利用者証明用電子証明書 (by fingerprint) and the resident it signs in."""

    resident = models.ForeignKey(
        "registry.Resident", on_delete=models.PROTECT, related_name="+", verbose_name=_("住民")
    )
    authentication_fingerprint = models.CharField(
        _("利用者証明用電子証明書のSHA-256フィンガープリント"), max_length=64
    )
    authentication_not_after = models.DateTimeField(_("利用者証明用電子証明書の有効期限"))
    signing_fingerprint = models.CharField(
        _("紐付けに用いた署名用電子証明書のSHA-256フィンガープリント"), max_length=64
    )
    bound_at = models.DateTimeField(_("紐付け日時"))
    # 引越し (portal.moving): the municipality this binding came from with the 転出証明書情報,
    # and the one it was handed to; "" when bound here / not handed over.
    carried_from = models.CharField(_("引継ぎ元の団体コード"), max_length=6, blank=True)
    handed_over_to = models.CharField(_("引継ぎ先の団体コード"), max_length=6, blank=True)
    superseded_at = models.DateTimeField(_("新しいカードによる置換日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("カードの紐付け")
        verbose_name_plural = _("カードの紐付け")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "authentication_fingerprint"],
                condition=Q(superseded_at__isnull=True),
                name="card_binding_one_active_per_certificate",
            )
        ]

    def __str__(self) -> str:
        return f"カードの紐付け {self.authentication_fingerprint[:16]}"


class NotificationAddress(TenantOwnedModel):
    """通知先メールアドレス: where the portal tells a resident that a case of theirs moved.

    Given by the resident in the portal, never taken from elsewhere; removing it stops the
    mails. The mails carry the 受付番号, the procedure and the state, never the case's data.
    """

    resident = models.ForeignKey(
        "registry.Resident", on_delete=models.PROTECT, related_name="+", verbose_name=_("住民")
    )
    email = models.EmailField(_("メールアドレス"))
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("通知先メールアドレス")
        verbose_name_plural = _("通知先メールアドレス")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "resident"], name="notification_address_one_per_resident"
            )
        ]

    def __str__(self) -> str:
        return f"通知先 {self.resident_id}"


class ResidentApiToken(TenantOwnedModel):
    """住民のAPIトークン (a resident's bearer token for the online channel without HTML).

    Issued after the card answered a challenge (portal.tokens), valid for
    JICHITAI_RESIDENT_TOKEN_SECONDS. The text is `jtr_<lg_code>_<secret>`; only a keyed hash
    of the secret is stored, so a copy of the table signs nobody in.
    """

    resident = models.ForeignKey(
        "registry.Resident", on_delete=models.PROTECT, related_name="+", verbose_name=_("住民")
    )
    prefix = models.CharField(_("先頭の文字"), max_length=16)
    secret_hash = models.CharField(_("秘密のハッシュ"), max_length=64)
    created_at = models.DateTimeField(_("発行日時"))
    expires_at = models.DateTimeField(_("有効期限"))
    revoked_at = models.DateTimeField(_("失効日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("住民のAPIトークン")
        verbose_name_plural = _("住民のAPIトークン")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "secret_hash"], name="resident_token_unique_secret"
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix}…"


class ApplicationDraft(TenantOwnedModel):
    """入力途中の申請 (a half-filled form), kept so that a session that ends — the resident
    stepped away, the browser closed — loses no work (JIS X 8341-3 / WCAG 2.2.1).

    The resident's own data, stored for them alone (portal.drafts): saved as they type,
    shown again after they sign in again, deleted when the application is sent, when they
    start over, or JICHITAI_DRAFT_KEEP_DAYS after the last save.
    """

    resident = models.ForeignKey(
        "registry.Resident", on_delete=models.PROTECT, related_name="+", verbose_name=_("住民")
    )
    procedure_id = models.CharField(_("手続"), max_length=64)
    data = models.JSONField(_("入力内容"))
    destination_lg_code = models.CharField(_("転入予約の団体コード"), max_length=6, blank=True)
    saved_at = models.DateTimeField(_("保存日時"))
    expires_at = models.DateTimeField(_("削除予定日時"))

    class Meta:
        verbose_name = _("入力途中の申請")
        verbose_name_plural = _("入力途中の申請")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "resident", "procedure_id"],
                name="application_draft_one_per_procedure",
            )
        ]
        indexes = [models.Index(fields=["municipality", "expires_at"])]

    def __str__(self) -> str:
        return f"入力途中 {self.procedure_id}"
