"""介護保険: the insured, 要介護認定 and 被保険者証 再交付."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jichitai.departments.models.base import code_field
from jichitai.tenants.models import TenantOwnedModel


class CareInsured(TenantOwnedModel):
    """介護保険の被保険者 (介護保険法 第9条) from 資格取得日 to 資格喪失日."""

    code = code_field()
    insured_number = models.CharField(_("被保険者番号"), max_length=10)
    acquired_on = models.DateField(_("資格取得日"))
    lost_on = models.DateField(_("資格喪失日"), null=True, blank=True)

    class Meta:
        verbose_name = _("介護保険の被保険者")
        verbose_name_plural = _("介護保険の被保険者")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "insured_number"], name="care_insured_number_unique"
            ),
            models.UniqueConstraint(
                fields=["municipality", "code"],
                condition=Q(lost_on__isnull=True),
                name="care_one_open_insured",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} 介護保険被保険者"


class CareLevel(models.TextChoices):
    """要介護状態区分・要支援状態区分 (要介護認定等に係る介護認定審査会による審査及び判定の
    基準等に関する省令), and 非該当 for an application found to need neither."""

    SUPPORT_1 = "support_1", _("要支援1")
    SUPPORT_2 = "support_2", _("要支援2")
    CARE_1 = "care_1", _("要介護1")
    CARE_2 = "care_2", _("要介護2")
    CARE_3 = "care_3", _("要介護3")
    CARE_4 = "care_4", _("要介護4")
    CARE_5 = "care_5", _("要介護5")
    NOT_APPLICABLE = "not_applicable", _("非該当")


class CareCertification(TenantOwnedModel):
    """要介護・要支援認定の申請と結果 (介護保険法 第27条・第32条). One application is
    pending at a time; its result is recorded on the same row (申請 → 認定 or 非該当)."""

    class Kind(models.TextChoices):
        NEW = "new", _("新規")
        RENEWAL = "renewal", _("更新")
        CHANGE = "change", _("区分変更")
        # 介護保険法 第36条: a 認定 of the former municipality, taken over after a move.
        RELOCATION = "relocation", _("住所移転後")

    class Status(models.TextChoices):
        APPLIED = "applied", _("申請中")
        DECIDED = "decided", _("認定済み")

    insured = models.ForeignKey(
        CareInsured, on_delete=models.PROTECT, related_name="certifications"
    )
    kind = models.CharField(_("申請の区分"), max_length=16, choices=Kind.choices)
    applied_on = models.DateField(_("申請日"))
    status = models.CharField(_("状態"), max_length=16, choices=Status.choices)
    level = models.CharField(_("認定結果"), max_length=16, choices=CareLevel.choices, blank=True)
    decided_on = models.DateField(_("認定日"), null=True, blank=True)
    valid_from = models.DateField(_("認定の有効期間（開始）"), null=True, blank=True)
    valid_to = models.DateField(_("認定の有効期間（終了）"), null=True, blank=True)

    class Meta:
        verbose_name = _("要介護認定")
        verbose_name_plural = _("要介護認定")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "insured"],
                condition=Q(status="applied"),
                name="care_one_pending_application",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} 要介護認定 {self.get_status_display()}"


class CareCardReissue(TenantOwnedModel):
    """被保険者証 (介護保険法施行規則 第27条) or 負担割合証 (第28条の2) の再交付."""

    class Card(models.TextChoices):
        INSURANCE = "insurance", _("被保険者証")
        COST_SHARE = "cost_share", _("負担割合証")

    class Reason(models.TextChoices):
        LOST = "lost", _("紛失")
        DAMAGED = "damaged", _("破損")
        SOILED = "soiled", _("汚損")
        OTHER = "other", _("その他")

    insured = models.ForeignKey(CareInsured, on_delete=models.PROTECT, related_name="reissues")
    card = models.CharField(
        _("証の種類"), max_length=16, choices=Card.choices, default=Card.INSURANCE
    )
    reason = models.CharField(_("再交付の理由"), max_length=16, choices=Reason.choices)
    reissued_on = models.DateField(_("再交付日"))

    class Meta:
        verbose_name = _("介護保険の証の再交付")
        verbose_name_plural = _("介護保険の証の再交付")

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.get_card_display()}再交付 {self.reissued_on:%Y-%m-%d}"
