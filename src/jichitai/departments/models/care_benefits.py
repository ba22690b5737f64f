"""介護保険 after the 認定: the 居宅サービス計画 provider, 負担限度額認定 and the benefits paid on
application (高額介護サービス費, 福祉用具購入費, 住宅改修費)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jichitai.departments.models.care import CareInsured
from jichitai.tenants.models import TenantOwnedModel


class CarePlanProvider(TenantOwnedModel):
    """居宅サービス計画作成依頼の届出 (介護保険法施行規則 第83条の9第1号イ・第95条の3第1号イ):
    who makes the insured's care plan from `starts_on`; a new notice ends the one before
    (`ends_on`), so the history stays and one provider is in force at a time."""

    class Kind(models.TextChoices):
        CARE = "care", _("居宅介護支援（要介護）")
        PREVENTIVE = "preventive", _("介護予防支援（要支援）")

    insured = models.ForeignKey(
        CareInsured, on_delete=models.PROTECT, related_name="plan_providers"
    )
    kind = models.CharField(_("区分"), max_length=16, choices=Kind.choices)
    provider_number = models.CharField(_("事業所番号"), max_length=10)
    provider_name = models.CharField(_("事業所名"), max_length=100)
    notified_on = models.DateField(_("届出日"))
    starts_on = models.DateField(_("適用開始日"))
    ends_on = models.DateField(_("適用終了日"), null=True, blank=True)

    class Meta:
        verbose_name = _("居宅サービス計画作成依頼の届出")
        verbose_name_plural = _("居宅サービス計画作成依頼の届出")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "insured"],
                condition=Q(ends_on__isnull=True),
                name="care_one_plan_provider",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} 居宅サービス計画作成 {self.starts_on:%Y-%m-%d}〜"


class CareCostLimitApplication(TenantOwnedModel):
    """介護保険負担限度額認定の申請 (介護保険法 第51条の3, 施行規則 第83条の6): the facts the
    applicant declared and the 利用者負担段階 they point to; the department confirms the
    household's 住民税 and decides (認定証) afterwards."""

    class Stage(models.TextChoices):
        FIRST = "1", _("第1段階")
        SECOND = "2", _("第2段階")
        THIRD_1 = "3-1", _("第3段階①")
        THIRD_2 = "3-2", _("第3段階②")
        NONE = "none", _("対象外")

    insured = models.ForeignKey(
        CareInsured, on_delete=models.PROTECT, related_name="cost_limit_applications"
    )
    applied_on = models.DateField(_("申請日"))
    has_spouse = models.BooleanField(_("配偶者の有無"))
    savings = models.BigIntegerField(_("預貯金等の額（配偶者の分を含む、円）"))
    pension_income = models.BigIntegerField(_("年金収入等の額（円）"))
    public_assistance = models.BooleanField(_("生活保護・老齢福祉年金の受給"))
    stage = models.CharField(_("申告による段階"), max_length=8, choices=Stage.choices)

    class Meta:
        verbose_name = _("負担限度額認定の申請")
        verbose_name_plural = _("負担限度額認定の申請")

    def __str__(self) -> str:
        return f"{self.municipality_id} 負担限度額認定申請 {self.applied_on:%Y-%m-%d}"


class CareBenefitClaim(TenantOwnedModel):
    """償還払いの給付の支給申請: 高額介護（予防）サービス費 (介護保険法 第51条・第61条),
    居宅介護（介護予防）福祉用具購入費 (第44条・第56条) and 住宅改修費 (第45条・第57条).

    福祉用具・住宅改修 carry the cost and the amount to pay, decided on approval; 高額介護
    サービス費 is applied for once and then paid each month from the 国保連's 給付実績, which
    this platform does not hold, so it carries no amount."""

    class Kind(models.TextChoices):
        HIGH_COST = "high_cost", _("高額介護（予防）サービス費")
        EQUIPMENT = "equipment", _("福祉用具購入費")
        HOME_MODIFICATION = "home_modification", _("住宅改修費")

    insured = models.ForeignKey(
        CareInsured, on_delete=models.PROTECT, related_name="benefit_claims"
    )
    kind = models.CharField(_("給付の種類"), max_length=20, choices=Kind.choices)
    applied_on = models.DateField(_("申請日"))
    occurred_on = models.DateField(_("購入日・工事完了日・対象月の初日"))
    cost = models.PositiveIntegerField(_("費用の額（円）"), null=True, blank=True)
    counted_cost = models.PositiveIntegerField(
        _("支給限度基準額の内で数えた費用（円）"), null=True, blank=True
    )
    benefit = models.PositiveIntegerField(_("支給額（円）"), null=True, blank=True)
    copay_tenths = models.PositiveSmallIntegerField(_("負担割合（割）"), null=True, blank=True)

    class Meta:
        verbose_name = _("介護給付の支給申請")
        verbose_name_plural = _("介護給付の支給申請")
        constraints = [
            models.CheckConstraint(
                condition=Q(benefit__isnull=True) | Q(benefit__lte=models.F("cost")),
                name="care_benefit_not_above_cost",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.get_kind_display()} {self.applied_on:%Y-%m-%d}"
