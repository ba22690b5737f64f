"""個人住民税 (resident tax) assessments."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jichitai.departments.models.base import code_field
from jichitai.tenants.models import TenantOwnedModel


class ResidentTaxAssessment(TenantOwnedModel):
    """個人住民税の賦課 (resident tax assessment) of one person for one 賦課年度.

    The tax of 年度 N is levied on the income of 年 N-1 (地方税法 第32条・第313条: 前年の所得).
    A correction (更正) bumps `revision` and keeps the superseded values as a
    `ResidentTaxRevision` row.
    """

    code = code_field()
    fiscal_year = models.PositiveSmallIntegerField(_("賦課年度"))
    income_year = models.PositiveSmallIntegerField(_("所得年"))
    total_income = models.BigIntegerField(_("総所得金額等"))
    income_levy = models.BigIntegerField(_("所得割額"))
    per_capita_levy = models.BigIntegerField(_("均等割額"))
    tax_total = models.BigIntegerField(_("税額"))
    revision = models.PositiveIntegerField(_("更正の回数"), default=0)
    recorded_at = models.DateTimeField(_("記録日時"))

    class Meta:
        verbose_name = _("個人住民税の賦課")
        verbose_name_plural = _("個人住民税の賦課")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code", "fiscal_year"], name="resident_tax_unique_year"
            ),
            models.CheckConstraint(
                condition=Q(income_year=models.F("fiscal_year") - 1),
                name="resident_tax_income_previous_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} 個人住民税 {self.fiscal_year}年度"


class ResidentTaxRevision(TenantOwnedModel):
    """更正前の賦課 (an assessment's values before a correction)."""

    assessment = models.ForeignKey(
        ResidentTaxAssessment, on_delete=models.PROTECT, related_name="revisions"
    )
    revision = models.PositiveIntegerField(_("更正の回数"))
    total_income = models.BigIntegerField(_("総所得金額等"))
    income_levy = models.BigIntegerField(_("所得割額"))
    per_capita_levy = models.BigIntegerField(_("均等割額"))
    tax_total = models.BigIntegerField(_("税額"))
    superseded_at = models.DateTimeField(_("更正日時"))

    class Meta:
        verbose_name = _("個人住民税の更正前の賦課")
        verbose_name_plural = _("個人住民税の更正前の賦課")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "assessment", "revision"],
                name="resident_tax_revision_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} 個人住民税 更正前 {self.revision}"
