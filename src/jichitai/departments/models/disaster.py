"""被災者台帳 (災害対策基本法 第90条の3), minimal: the disasters, the 住家被害認定 of each
dwelling surveyed, and the 罹災証明書 issued on it (第90条の2).

The 認定 is per dwelling (its 所在地), as the survey is; a certificate is issued to a person of
the household who lives there, known here only by the business's 符号.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jichitai.departments.models.base import code_field
from jichitai.tenants.models import TenantOwnedModel


class Disaster(TenantOwnedModel):
    """災害: its name, the days it struck (one day, or `occurred_on` to `ended_on`) and the
    area (区域) the municipality surveys."""

    name = models.CharField(_("災害名"), max_length=100)
    occurred_on = models.DateField(_("発生日"))
    ended_on = models.DateField(_("終了日"), null=True, blank=True)
    area = models.CharField(_("被災区域"), max_length=200)
    recorded_at = models.DateTimeField(_("記録日時"))

    class Meta:
        verbose_name = _("災害")
        verbose_name_plural = _("災害")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name", "occurred_on"], name="disaster_unique_name_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.name} {self.occurred_on:%Y-%m-%d}"


class DamageClass(models.TextChoices):
    """住家の被害の程度: 内閣府「災害に係る住家の被害認定基準運用指針」 (損害割合: 全壊 50%以上,
    大規模半壊 40%以上50%未満, 中規模半壊 30%以上40%未満, 半壊 20%以上30%未満, 準半壊
    10%以上20%未満, 準半壊に至らない（一部損壊） 10%未満)."""

    TOTAL = "total", _("全壊")
    LARGE_HALF = "large_half", _("大規模半壊")
    MEDIUM_HALF = "medium_half", _("中規模半壊")
    HALF = "half", _("半壊")
    QUASI_HALF = "quasi_half", _("準半壊")
    PARTIAL = "partial", _("準半壊に至らない（一部損壊）")


class DwellingDamage(TenantOwnedModel):
    """住家被害認定: the class the survey found for the dwelling at `dwelling_address` in the
    disaster. A 再調査 changes it in place (the audit trail keeps that it changed)."""

    disaster = models.ForeignKey(Disaster, on_delete=models.PROTECT, related_name="damages")
    dwelling_address = models.CharField(_("住家の所在地"), max_length=200)
    damage_class = models.CharField(_("被害の程度"), max_length=16, choices=DamageClass.choices)
    surveyed_on = models.DateField(_("調査日"))
    recorded_at = models.DateTimeField(_("記録日時"))

    class Meta:
        verbose_name = _("住家被害認定")
        verbose_name_plural = _("住家被害認定")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "disaster", "dwelling_address"],
                name="dwelling_damage_once_per_disaster",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} 住家被害認定 {self.get_damage_class_display()}"


class DisasterCertificate(TenantOwnedModel):
    """罹災証明書の交付 (第90条の2): the 認定 it certifies, to whom (the applicant's 符号), its
    number (`R` 年 - 連番 within the municipality) and day."""

    damage = models.ForeignKey(
        DwellingDamage, on_delete=models.PROTECT, related_name="certificates"
    )
    code = code_field("申請者の符号")
    number = models.CharField(_("証明番号"), max_length=20)
    issued_on = models.DateField(_("交付日"))

    class Meta:
        verbose_name = _("罹災証明書")
        verbose_name_plural = _("罹災証明書")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "number"], name="disaster_certificate_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} 罹災証明書 {self.number}"
