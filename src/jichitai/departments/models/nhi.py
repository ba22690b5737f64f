"""国民健康保険 coverage."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jichitai.departments.models.base import code_field
from jichitai.tenants.models import TenantOwnedModel


class NhiCoverage(TenantOwnedModel):
    """国民健康保険の資格 (coverage period) from 資格取得日 to 資格喪失日 (国民健康保険法
    第7条・第8条). A person has at most one open period; a loss end-dates it."""

    class AcquisitionReason(models.TextChoices):
        MOVE_IN = "move_in", _("転入")
        LEFT_EMPLOYEE_INSURANCE = "left_employee_insurance", _("職場の健康保険をやめた")
        BIRTH = "birth", _("出生")
        PUBLIC_ASSISTANCE_ENDED = "public_assistance_ended", _("生活保護を受けなくなった")
        OTHER = "other", _("その他")

    class LossReason(models.TextChoices):
        MOVE_OUT = "move_out", _("転出")
        JOINED_EMPLOYEE_INSURANCE = "joined_employee_insurance", _("職場の健康保険に加入した")
        DEATH = "death", _("死亡")
        PUBLIC_ASSISTANCE_STARTED = "public_assistance_started", _("生活保護を受けるようになった")
        OTHER = "other", _("その他")

    code = code_field()
    acquired_on = models.DateField(_("資格取得日"))
    acquisition_reason = models.CharField(
        _("資格取得事由"), max_length=32, choices=AcquisitionReason.choices
    )
    lost_on = models.DateField(_("資格喪失日"), null=True, blank=True)
    loss_reason = models.CharField(
        _("資格喪失事由"), max_length=32, choices=LossReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("国民健康保険の資格")
        verbose_name_plural = _("国民健康保険の資格")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"],
                condition=Q(lost_on__isnull=True),
                name="nhi_one_open_coverage",
            ),
            models.CheckConstraint(
                condition=Q(lost_on__isnull=True) | Q(lost_on__gte=models.F("acquired_on")),
                name="nhi_lost_after_acquired",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} 国保資格 {self.acquired_on:%Y-%m-%d}〜"
