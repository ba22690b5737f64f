"""母子保健: 妊娠の届出 and 母子健康手帳."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jichitai.departments.models.base import code_field
from jichitai.tenants.models import TenantOwnedModel


class PregnancyNotification(TenantOwnedModel):
    """妊娠の届出 (母子保健法 第15条)."""

    code = code_field()
    notified_on = models.DateField(_("届出日"))
    expected_on = models.DateField(_("出産予定日"))
    weeks = models.PositiveSmallIntegerField(_("届出時の妊娠週数"))
    fetuses = models.PositiveSmallIntegerField(_("胎児の数"), default=1)

    class Meta:
        verbose_name = _("妊娠の届出")
        verbose_name_plural = _("妊娠の届出")

    def __str__(self) -> str:
        return f"{self.municipality_id} 妊娠の届出 {self.notified_on:%Y-%m-%d}"


class MaternalHandbook(TenantOwnedModel):
    """母子健康手帳 (母子保健法 第16条): one per expected child, numbered per municipality
    and 年度 (`2026-00001`)."""

    pregnancy = models.ForeignKey(
        PregnancyNotification, on_delete=models.PROTECT, related_name="handbooks"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("交付年度"))
    serial = models.PositiveIntegerField(_("年度内の番号"))
    issued_on = models.DateField(_("交付日"))

    class Meta:
        verbose_name = _("母子健康手帳")
        verbose_name_plural = _("母子健康手帳")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "fiscal_year", "serial"], name="maternal_handbook_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} 母子健康手帳 {self.number}"

    @property
    def number(self) -> str:
        """手帳番号 as printed: 年度 and the serial of that year."""
        return f"{self.fiscal_year}-{self.serial:05d}"
