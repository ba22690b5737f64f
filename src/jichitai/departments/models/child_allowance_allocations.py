"""児童手当 paid elsewhere at the recipient's request: 寄附 to the municipality and 学校給食費等
collected from it (児童手当法 第20条・第21条)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jichitai.departments.models.child_allowance import ChildAllowanceRecipient
from jichitai.tenants.models import TenantOwnedModel


class ChildAllowanceAllocation(TenantOwnedModel):
    """受給資格者の申出 that part of the allowance goes, from `from_month` until `until_month`
    (the last month, inclusive; open while None), to a 寄附 (児童手当法 第20条) or to a fee
    the municipality collects (学校給食費・保育料等, 第21条). `monthly_amount` None: all of it.
    A 変更等の申出 ends the open one and, unless withdrawn, opens the new one: history stays."""

    class Kind(models.TextChoices):
        DONATION = "donation", _("寄附")
        SCHOOL_LUNCH = "school_lunch", _("学校給食費")
        CHILDCARE_FEE = "childcare_fee", _("保育料")
        SCHOOL_SUPPLIES = "school_supplies", _("学用品費等")

    recipient = models.ForeignKey(
        ChildAllowanceRecipient, on_delete=models.PROTECT, related_name="allocations"
    )
    kind = models.CharField(_("充てる先"), max_length=20, choices=Kind.choices)
    monthly_amount = models.PositiveIntegerField(
        _("月額（円）"), null=True, blank=True, help_text=_("空欄は全額")
    )
    from_month = models.DateField(_("開始月"), help_text=_("月の初日"))
    until_month = models.DateField(_("終了月"), null=True, blank=True, help_text=_("月の初日"))
    applied_on = models.DateField(_("申出日"))

    class Meta:
        verbose_name = _("児童手当の寄附・徴収の申出")
        verbose_name_plural = _("児童手当の寄附・徴収の申出")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "recipient", "kind"],
                condition=Q(until_month__isnull=True),
                name="child_allowance_one_open_allocation",
            ),
            models.CheckConstraint(
                condition=Q(until_month__isnull=True) | Q(until_month__gte=models.F("from_month")),
                name="child_allowance_allocation_order",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.municipality_id} 児童手当 {self.get_kind_display()} {self.from_month:%Y-%m}〜"
        )
