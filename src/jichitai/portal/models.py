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
