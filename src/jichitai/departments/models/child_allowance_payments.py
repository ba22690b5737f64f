"""児童手当の支払 (payments): what was paid for which months, and the 未支払の児童手当 paid to
the children after the recipient's death (児童手当法 第8条第4項, 第12条)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jichitai.departments.models.base import code_field
from jichitai.departments.models.child_allowance import ChildAllowanceRecipient
from jichitai.tenants.models import TenantOwnedModel


class ChildAllowancePayment(TenantOwnedModel):
    """One 支払月's payment to the recipient: the months from `first_month` to `last_month`
    (both the first day of the month, inclusive) and the amount. 第8条第4項 (令和6年10月から):
    six times a year, in the even months, each paying the months before it."""

    recipient = models.ForeignKey(
        ChildAllowanceRecipient, on_delete=models.PROTECT, related_name="payments"
    )
    payment_month = models.DateField(_("支払月"), help_text=_("月の初日"))
    first_month = models.DateField(_("支払った最初の月分"))
    last_month = models.DateField(_("支払った最後の月分"))
    amount = models.PositiveIntegerField(_("支払額（円）"))
    paid_on = models.DateField(_("支払日"))

    class Meta:
        verbose_name = _("児童手当の支払")
        verbose_name_plural = _("児童手当の支払")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "recipient", "payment_month"],
                name="child_allowance_payment_once_a_month",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} 児童手当の支払 {self.payment_month:%Y-%m}"


class ChildAllowanceUnpaidPayment(TenantOwnedModel):
    """未支払の児童手当 (児童手当法 第12条): what the deceased recipient was owed and not yet
    paid, paid to a child who was counted for them (`claimant_code`, the child's 符号), its
    share of the months from `first_month` to `last_month`."""

    recipient = models.ForeignKey(
        ChildAllowanceRecipient, on_delete=models.PROTECT, related_name="unpaid_payments"
    )
    claimant_code = code_field("請求した児童の符号")
    claimed_on = models.DateField(_("請求日"))
    first_month = models.DateField(_("最初の月分"))
    last_month = models.DateField(_("最後の月分"))
    amount = models.PositiveIntegerField(_("支払額（円）"))
    paid_on = models.DateField(_("支払決定日"))

    class Meta:
        verbose_name = _("未支払の児童手当の支払")
        verbose_name_plural = _("未支払の児童手当の支払")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "recipient", "claimant_code"],
                name="child_allowance_unpaid_once_per_child",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} 未支払の児童手当 {self.paid_on:%Y-%m-%d}"
