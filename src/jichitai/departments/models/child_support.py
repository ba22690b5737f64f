"""児童扶養手当 (child support allowance for single-parent families): recipients and their
annual 現況届."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jichitai.departments.models.base import code_field
from jichitai.tenants.models import TenantOwnedModel


class ChildSupportRecipient(TenantOwnedModel):
    """児童扶養手当の受給資格者 (児童扶養手当法 第6条: 認定), until the 資格 ends."""

    class Status(models.TextChoices):
        CERTIFIED = "certified", _("認定")
        ENDED = "ended", _("喪失")

    code = code_field("受給資格者の符号")
    status = models.CharField(_("状態"), max_length=16, choices=Status.choices)
    certified_on = models.DateField(_("認定日"))
    ended_on = models.DateField(_("資格喪失日"), null=True, blank=True)

    class Meta:
        verbose_name = _("児童扶養手当の受給資格者")
        verbose_name_plural = _("児童扶養手当の受給資格者")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"],
                condition=Q(status="certified"),
                name="child_support_one_certified_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} 児童扶養手当受給資格者 {self.get_status_display()}"


class ChildSupportStatusReport(TenantOwnedModel):
    """現況届 (児童扶養手当法 第28条, 施行規則 第4条) of one year, sent ahead online (事前送信):
    the facts as of 8月1日; the report is complete once the 面談 at the counter confirms them
    (`interviewed_on`)."""

    recipient = models.ForeignKey(
        ChildSupportRecipient, on_delete=models.PROTECT, related_name="status_reports"
    )
    year = models.PositiveSmallIntegerField(_("現況届の年"))
    sent_on = models.DateField(_("事前送信日"))
    children_count = models.PositiveSmallIntegerField(_("監護等している児童の数"))
    support_received = models.PositiveIntegerField(_("受け取った養育費（前年・円）"))
    interviewed_on = models.DateField(_("面談日"), null=True, blank=True)

    class Meta:
        verbose_name = _("児童扶養手当の現況届")
        verbose_name_plural = _("児童扶養手当の現況届")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "recipient", "year"], name="child_support_report_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} 児童扶養手当 現況届 {self.year}"
