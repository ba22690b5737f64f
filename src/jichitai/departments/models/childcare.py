"""保育 (子ども・子育て支援): 利用申込, 支給認定, placements."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jichitai.departments.models.base import code_field
from jichitai.tenants.models import TenantOwnedModel


class ChildcareApplication(TenantOwnedModel):
    """保育施設等の利用申込 (児童福祉法 第24条の利用調整を受ける申込み)."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("申込み")
        PLACED = "placed", _("利用決定")
        WITHDRAWN = "withdrawn", _("取下げ")

    child_code = code_field("子どもの符号")
    guardian_code = code_field("保護者の符号")
    child_birth_date = models.DateField(_("子どもの生年月日"))
    preferred_facilities = models.JSONField(_("希望する施設（希望順）"))
    wanted_start_month = models.DateField(_("利用希望月"), help_text=_("月の初日"))
    applied_on = models.DateField(_("申込日"))
    status = models.CharField(_("状態"), max_length=16, choices=Status.choices)

    class Meta:
        verbose_name = _("保育施設等の利用申込")
        verbose_name_plural = _("保育施設等の利用申込")

    def __str__(self) -> str:
        return f"{self.municipality_id} 保育利用申込 {self.wanted_start_month:%Y-%m}"


class ChildcareCertification(TenantOwnedModel):
    """教育・保育給付認定 (支給認定, 子ども・子育て支援法 第19条・第20条): 1号 (満3歳以上, 教育),
    2号 (満3歳以上, 保育の必要あり), 3号 (満3歳未満, 保育の必要あり); 保育必要量 for 2号 and 3号
    (施行規則 第4条: 保育標準時間 or 保育短時間)."""

    class Category(models.TextChoices):
        FIRST = "1", _("1号認定")
        SECOND = "2", _("2号認定")
        THIRD = "3", _("3号認定")

    class Hours(models.TextChoices):
        STANDARD = "standard", _("保育標準時間")
        SHORT = "short", _("保育短時間")

    application = models.ForeignKey(
        ChildcareApplication,
        on_delete=models.PROTECT,
        related_name="certifications",
        null=True,
        blank=True,
    )
    child_code = code_field("子どもの符号")
    category = models.CharField(_("認定区分"), max_length=1, choices=Category.choices)
    hours = models.CharField(_("保育必要量"), max_length=16, choices=Hours.choices, blank=True)
    certified_on = models.DateField(_("認定日"))
    valid_from = models.DateField(_("有効期間（開始）"))
    valid_to = models.DateField(_("有効期間（終了）"))

    class Meta:
        verbose_name = _("教育・保育給付認定")
        verbose_name_plural = _("教育・保育給付認定")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=models.F("valid_from")),
                name="childcare_certification_period_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.get_category_display()}"


class ChildcarePlacement(TenantOwnedModel):
    """利用調整の結果 (placement): the facility the child uses from `starts_on`."""

    application = models.ForeignKey(
        ChildcareApplication, on_delete=models.PROTECT, related_name="placements"
    )
    facility = models.CharField(_("施設名"), max_length=100)
    starts_on = models.DateField(_("利用開始日"))

    class Meta:
        verbose_name = _("保育施設等の利用決定")
        verbose_name_plural = _("保育施設等の利用決定")

    def __str__(self) -> str:
        return f"{self.municipality_id} 利用決定 {self.starts_on:%Y-%m-%d}"


class ChildcareStatusReport(TenantOwnedModel):
    """保育施設等の現況届: each year the guardian confirms that the reason the child needs
    保育 still holds; a 認定 whose reason has ended is shortened to the day the report gives
    (`ends_on`; 子ども・子育て支援法 第24条, 支給認定の取消し)."""

    certification = models.ForeignKey(
        ChildcareCertification, on_delete=models.PROTECT, related_name="status_reports"
    )
    reported_on = models.DateField(_("届出日"))
    need_continues = models.BooleanField(_("保育の必要性が続いている"))
    ends_on = models.DateField(_("認定を終える日"), null=True, blank=True)

    class Meta:
        verbose_name = _("保育施設等の現況届")
        verbose_name_plural = _("保育施設等の現況届")

    def __str__(self) -> str:
        return f"{self.municipality_id} 保育の現況届 {self.reported_on:%Y-%m-%d}"
