"""備考 (統合記載欄のＣ類型, doc/j140.txt §1.1.14): 「異動履歴に関係しない事項である備考…
については異動履歴とは別に管理し」, 「備考については自由入力できること」, with the fixed words
for 特別養子縁組; and the 事実上の世帯主 (doc/j740.txt §4.1.4.3): 「事実上の世帯主を管理し、
統合記載欄の備考（Ｃ類型）へその者の氏名が記載できること」.

A remark is never rewritten: it is written once and may be deleted (消除), the row staying
with who deleted it and when, so the 備考 of any past day can be read again."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jichitai.tenants.models import TenantOwnedModel

REMARK_MAX_LENGTH = 200


class RemarkKind(models.TextChoices):
    FREE = "free", _("備考（自由記載）")
    DE_FACTO_HEAD = "de_facto_head", _("事実上の世帯主")
    SPECIAL_ADOPTION = "special_adoption", _("特別養子縁組")
    SPECIAL_ADOPTION_DISSOLVED = "special_adoption_dissolved", _("特別養子縁組解消")
    # 未届転入 (doc/j620.txt §4.1.1.4): 「留意事項として未届転入である旨と転入前住所（未届）」.
    UNREPORTED_MOVE_IN = "unreported_move_in", _("未届転入")


# The words the standard fixes (§1.1.14); no text is typed for them.
FIXED_WORDS = {
    RemarkKind.SPECIAL_ADOPTION: "特別養子縁組",
    RemarkKind.SPECIAL_ADOPTION_DISSOLVED: "特別養子縁組解消",
}


class ResidentRemark(TenantOwnedModel):
    """備考 of one record: free text, a 事実上の世帯主's name, or a fixed wording."""

    resident = models.ForeignKey(
        "Resident", on_delete=models.PROTECT, related_name="remarks", verbose_name=_("住民")
    )
    kind = models.CharField(_("種類"), max_length=32, choices=RemarkKind.choices)
    text = models.CharField(_("内容"), max_length=REMARK_MAX_LENGTH, blank=True)
    recorded_on = models.DateField(_("記載日"))
    written_by = models.ForeignKey(
        "identity.StaffUser", on_delete=models.PROTECT, related_name="+", verbose_name=_("記載者")
    )
    written_at = models.DateTimeField(_("記載日時"))
    deleted_by = models.ForeignKey(
        "identity.StaffUser",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("消除者"),
    )
    deleted_at = models.DateTimeField(_("消除日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("備考")
        verbose_name_plural = _("備考")
        ordering = ["resident", "written_at", "pk"]
        indexes = [models.Index(fields=["resident", "deleted_at"], name="remark_resident_idx")]

    def __str__(self) -> str:
        return f"備考 {self.pk}"

    @property
    def wording(self) -> str:
        """What the 統合記載欄 prints."""
        kind = RemarkKind(self.kind)
        if kind in FIXED_WORDS:
            return FIXED_WORDS[kind]
        if kind == RemarkKind.DE_FACTO_HEAD:
            return f"事実上の世帯主　{self.text}"
        return self.text

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None
