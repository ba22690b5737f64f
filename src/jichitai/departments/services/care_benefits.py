"""介護保険 after the 認定: 住所移転後の認定, 居宅サービス計画作成依頼, 負担限度額認定の申請 and
the benefits paid on application (高額介護サービス費, 福祉用具購入費, 住宅改修費)."""

from __future__ import annotations

import datetime as dt
import re

from django.db import IntegrityError, transaction
from django.db.models import Sum

from jichitai.audit.services import audit_record
from jichitai.departments.errors import (
    CareApplicationPending,
    CareNotCertified,
    CareRelocationLate,
    DatesOutOfOrder,
    ValueInvalid,
)
from jichitai.departments.models import (
    CareBenefitClaim,
    CareCertification,
    CareCostLimitApplication,
    CareInsured,
    CareLevel,
    CarePlanProvider,
)
from jichitai.departments.services.care import (
    CERTIFICATION_OBJECT,
    CERTIFICATION_PURPOSE,
    INSURED_OBJECT,
    certification_in_force,
    insured_locked,
)
from jichitai.departments.services.checks import (
    choice_checked,
    code_checked,
    count_checked,
    fiscal_year_of,
    month_start,
    order_checked,
    text_checked,
    yen_checked,
)
from jichitai.identity.models import StaffUser
from jichitai.tenants.models import Municipality

BENEFIT_PURPOSE = "介護保険法による保険給付の支給に関する事務"
PLAN_PURPOSE = "介護保険法による居宅サービス計画作成依頼の届出の受理に関する事務"
COST_LIMIT_PURPOSE = "介護保険法による特定入所者介護サービス費の支給に関する事務"
# 介護保険法 第36条: the 認定 of the former municipality is taken over when applied for
# within 14 days of becoming insured here.
RELOCATION_DAYS = 14
# 支給限度基準額 set by the 厚生労働大臣 (介護保険法 第44条第4項・第45条第4項): 福祉用具購入費
# 10万円 a 年度 (April to March), 住宅改修費 20万円 in all.
EQUIPMENT_LIMIT = 100_000
HOME_MODIFICATION_LIMIT = 200_000
_PROVIDER_NUMBER = re.compile(r"[0-9A-Z]{10}", re.ASCII)
# 負担限度額認定, 厚生労働省's criteria as published for August 2025 on (not checked here
# against the text of the 政令・告示): 預貯金等 by 段階, single and with a spouse; the
# 年金収入等 thresholds of 第2段階 and 第3段階①.
_SAVINGS_LIMITS = {
    CareCostLimitApplication.Stage.FIRST: (10_000_000, 20_000_000),
    CareCostLimitApplication.Stage.SECOND: (6_500_000, 16_500_000),
    CareCostLimitApplication.Stage.THIRD_1: (5_500_000, 15_500_000),
    CareCostLimitApplication.Stage.THIRD_2: (5_000_000, 15_000_000),
}
SECOND_STAGE_INCOME = 809_000
THIRD_STAGE_INCOME = 1_200_000


@transaction.atomic
def care_relocation_certify(
    *,
    municipality: Municipality,
    code: str,
    level: CareLevel,
    valid_to: dt.date,
    applied_on: dt.date,
    actor: StaffUser | None,
) -> CareCertification:
    """住所移転後の要介護・要支援認定 (介護保険法 第36条): within 14 days of becoming
    insured here, the 認定 the former municipality made (its 受給資格証明書) is taken over
    without a new 審査 — the same level, from the 資格取得日 to the end of its period.
    Raises CodeInvalid, ValueInvalid, DatesOutOfOrder, CareNotInsured, CareRelocationLate,
    CareApplicationPending.
    """
    code_checked(code, pointer="/code")
    level = choice_checked(CareLevel, level, pointer="/level")
    if level == CareLevel.NOT_APPLICABLE:
        raise ValueInvalid(pointer="/level", message="非該当の認定は引き継げません。")
    insured = insured_locked(municipality, code, on=applied_on)
    if applied_on > insured.acquired_on + dt.timedelta(days=RELOCATION_DAYS):
        raise CareRelocationLate(pointer="/applied_on")
    if valid_to <= insured.acquired_on:
        raise DatesOutOfOrder(
            pointer="/valid_to", message="前の市区町村の認定の有効期間が終わっています。"
        )
    if insured.certifications.filter(status=CareCertification.Status.APPLIED).exists():
        raise CareApplicationPending()
    certification = CareCertification.objects.create(
        municipality=municipality,
        insured=insured,
        kind=CareCertification.Kind.RELOCATION,
        applied_on=applied_on,
        status=CareCertification.Status.DECIDED,
        level=level,
        decided_on=applied_on,
        valid_from=insured.acquired_on,
        valid_to=valid_to,
    )
    audit_record(
        actor=actor,
        action="care.relocation_certify",
        municipality_code=municipality.pk,
        object_type=CERTIFICATION_OBJECT,
        object_id=certification.pk,
        purpose=CERTIFICATION_PURPOSE,
    )
    return certification


@transaction.atomic
def care_plan_provider_notify(
    *,
    municipality: Municipality,
    code: str,
    kind: CarePlanProvider.Kind,
    provider_number: str,
    provider_name: str,
    starts_on: dt.date,
    notified_on: dt.date,
    actor: StaffUser | None,
) -> CarePlanProvider:
    """居宅サービス計画作成（変更）依頼の届出 (介護保険法施行規則 第83条の9第1号イ, 第95条の3
    第1号イ): the provider who makes the plan from `starts_on`, for a 被保険者 with a 認定 in
    force that day; the one before ends the day before.
    Raises CodeInvalid, ValueInvalid, DatesOutOfOrder, CareNotInsured, CareNotCertified.
    """
    code_checked(code, pointer="/code")
    kind = choice_checked(CarePlanProvider.Kind, kind, pointer="/kind")
    if not isinstance(provider_number, str) or not _PROVIDER_NUMBER.fullmatch(provider_number):
        raise ValueInvalid(
            pointer="/provider_number", message="事業所番号は英数字10桁で指定してください。"
        )
    text_checked(provider_name, pointer="/provider_name", max_length=100)
    insured = insured_locked(municipality, code, on=starts_on)
    if certification_in_force(insured, on=starts_on) is None:
        raise CareNotCertified()
    current = insured.plan_providers.select_for_update().filter(ends_on__isnull=True).first()
    if current is not None:
        if starts_on <= current.starts_on:
            raise DatesOutOfOrder(
                pointer="/starts_on", message="適用開始日は今の届出の開始日より後にしてください。"
            )
        current.ends_on = starts_on - dt.timedelta(days=1)
        current.save(update_fields=["ends_on"])
    try:
        with transaction.atomic():
            provider = CarePlanProvider.objects.create(
                municipality=municipality,
                insured=insured,
                kind=kind,
                provider_number=provider_number,
                provider_name=provider_name,
                notified_on=notified_on,
                starts_on=starts_on,
            )
    except IntegrityError:
        # Another notice for the same person was recorded at the same moment.
        raise DatesOutOfOrder(
            pointer="/starts_on", message="同じ方の届出が同時に処理されました。"
        ) from None
    audit_record(
        actor=actor,
        action="care.plan_provider_notify",
        municipality_code=municipality.pk,
        object_type=INSURED_OBJECT,
        object_id=insured.pk,
        purpose=PLAN_PURPOSE,
    )
    return provider


def care_cost_limit_stage(
    *, savings: int, pension_income: int, has_spouse: bool, public_assistance: bool
) -> CareCostLimitApplication.Stage:
    """利用者負担段階 the declared facts point to, for a household exempt from 住民税: 第1段階
    on 生活保護 or 老齢福祉年金, else by 年金収入等 (第2段階 up to 809,000円, 第3段階①
    up to 1,200,000円, ②above); 対象外 when the 預貯金等 pass that stage's limit."""
    if public_assistance:
        stage = CareCostLimitApplication.Stage.FIRST
    elif pension_income <= SECOND_STAGE_INCOME:
        stage = CareCostLimitApplication.Stage.SECOND
    elif pension_income <= THIRD_STAGE_INCOME:
        stage = CareCostLimitApplication.Stage.THIRD_1
    else:
        stage = CareCostLimitApplication.Stage.THIRD_2
    single, couple = _SAVINGS_LIMITS[stage]
    if savings > (couple if has_spouse else single):
        return CareCostLimitApplication.Stage.NONE
    return stage


@transaction.atomic
def care_cost_limit_apply(
    *,
    municipality: Municipality,
    code: str,
    applied_on: dt.date,
    has_spouse: bool,
    savings: int,
    pension_income: int,
    public_assistance: bool,
    actor: StaffUser | None,
) -> CareCostLimitApplication:
    """介護保険負担限度額認定の申請 (介護保険法 第51条の3, 第61条の3): recorded with the
    段階 the declared facts point to; the department confirms the household's 住民税 before
    it issues the 認定証. Raises CodeInvalid, ValueInvalid, CareNotInsured."""
    code_checked(code, pointer="/code")
    yen_checked(savings, pointer="/savings")
    yen_checked(pension_income, pointer="/pension_income")
    insured = insured_locked(municipality, code, on=applied_on)
    application = CareCostLimitApplication.objects.create(
        municipality=municipality,
        insured=insured,
        applied_on=applied_on,
        has_spouse=bool(has_spouse),
        savings=savings,
        pension_income=pension_income,
        public_assistance=bool(public_assistance),
        stage=care_cost_limit_stage(
            savings=savings,
            pension_income=pension_income,
            has_spouse=bool(has_spouse),
            public_assistance=bool(public_assistance),
        ),
    )
    audit_record(
        actor=actor,
        action="care.cost_limit_apply",
        municipality_code=municipality.pk,
        object_type=INSURED_OBJECT,
        object_id=insured.pk,
        purpose=COST_LIMIT_PURPOSE,
    )
    return application


def _counted_before(insured: CareInsured, kind: CareBenefitClaim.Kind, *, on: dt.date) -> int:
    """What earlier claims already counted against the limit: 福祉用具 in the same 年度,
    住宅改修 in all."""
    claims = insured.benefit_claims.filter(kind=kind)
    if kind == CareBenefitClaim.Kind.EQUIPMENT:
        year = fiscal_year_of(on)
        claims = claims.filter(
            occurred_on__gte=dt.date(year, 4, 1), occurred_on__lte=dt.date(year + 1, 3, 31)
        )
    return int(claims.aggregate(total=Sum("counted_cost"))["total"] or 0)


@transaction.atomic
def care_benefit_claim(
    *,
    municipality: Municipality,
    code: str,
    kind: CareBenefitClaim.Kind,
    occurred_on: dt.date,
    applied_on: dt.date,
    cost: int | None,
    copay_tenths: int | None,
    actor: StaffUser | None,
) -> CareBenefitClaim:
    """支給申請 of a benefit paid back to a 被保険者 with a 認定 in force on `occurred_on`.

    - 福祉用具購入費 (介護保険法 第44条) and 住宅改修費 (第45条): the cost, counted up to what
      is left of the limit (10万円 a 年度; 20万円 in all), is paid but for the 負担割合
      (1割から3割, 第49条の2): 9割 of 100,000円 is 90,000円.
    - 高額介護サービス費 (第51条): applied for once from the month `occurred_on`; the amounts
      follow monthly from the 国保連's 給付実績, so no cost is given.
    Raises CodeInvalid, ValueInvalid, DatesOutOfOrder, CareNotInsured, CareNotCertified.
    """
    code_checked(code, pointer="/code")
    kind = choice_checked(CareBenefitClaim.Kind, kind, pointer="/kind")
    order_checked(
        occurred_on,
        applied_on,
        pointer="/applied_on",
        message="申請日は購入日等より前にできません。",
    )
    insured = insured_locked(municipality, code, on=occurred_on)
    if certification_in_force(insured, on=occurred_on) is None:
        raise CareNotCertified()
    claim = CareBenefitClaim(
        municipality=municipality, insured=insured, kind=kind, applied_on=applied_on
    )
    if kind == CareBenefitClaim.Kind.HIGH_COST:
        claim.occurred_on = month_start(occurred_on)
    else:
        if cost is None or copay_tenths is None:
            raise ValueInvalid(pointer="/cost", message="費用の額と負担割合を指定してください。")
        yen_checked(cost, pointer="/cost")
        count_checked(copay_tenths, pointer="/copay_tenths", low=1, high=3)
        limit = (
            EQUIPMENT_LIMIT if kind == CareBenefitClaim.Kind.EQUIPMENT else HOME_MODIFICATION_LIMIT
        )
        counted = min(cost, max(0, limit - _counted_before(insured, kind, on=occurred_on)))
        claim.occurred_on = occurred_on
        claim.cost = cost
        claim.counted_cost = counted
        claim.copay_tenths = copay_tenths
        # 1円未満切捨て: the insurer pays whole yen and never more than its share.
        claim.benefit = counted * (10 - copay_tenths) // 10
    claim.save()
    audit_record(
        actor=actor,
        action=f"care.benefit_claim.{kind.value}",
        municipality_code=municipality.pk,
        object_type=INSURED_OBJECT,
        object_id=insured.pk,
        purpose=BENEFIT_PURPOSE,
    )
    return claim
