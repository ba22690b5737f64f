"""承認時の処理 of the 介護保険 procedures after the 認定 (the 11 介護 procedures of the
national plan, docs/procedures.md): each approval writes the 介護保険 record of the applicant,
known to the department only by the 符号 the broker issues (department_actions.py explains).
"""

from __future__ import annotations

import datetime as dt

from jichitai.departments.models import (
    Business,
    CareBenefitClaim,
    CareCardReissue,
    CareLevel,
    CarePlanProvider,
)
from jichitai.departments.services import (
    care_benefit_claim,
    care_card_reissue,
    care_cost_limit_apply,
    care_plan_provider_notify,
    care_relocation_certify,
)
from jichitai.procedures.approval_types import Action, ActionContext, ApprovalOutcome
from jichitai.procedures.department_actions import applicant_check, applicant_of, code_for

_LEVELS = {str(c.label): c for c in CareLevel}
_PLAN_KINDS = {str(c.label): c for c in CarePlanProvider.Kind}
_REISSUE_REASONS = {str(c.label): c for c in CareCardReissue.Reason}
# 負担割合証 shows 1割, 2割 or 3割 (介護保険法 第49条の2).
_COPAY_TENTHS = {"1割": 1, "2割": 2, "3割": 3}


def _care_code(context: ActionContext) -> str:
    return code_for(context, Business.CARE, applicant_of(context))


def _cost_share_card_reissue(context: ActionContext) -> ApprovalOutcome:
    """負担割合証の再交付 (介護保険法施行規則 第28条の2), on the day of approval."""
    care_card_reissue(
        municipality=context.case.municipality,
        code=_care_code(context),
        card=CareCardReissue.Card.COST_SHARE,
        reason=_REISSUE_REASONS[context.data["reason"]],
        reissued_on=context.decided_on,
        actor=context.actor,
    )
    return ApprovalOutcome()


def _relocation_certify(context: ActionContext) -> ApprovalOutcome:
    """住所移転後の認定 (介護保険法 第36条): the former municipality's level and period,
    checked by the reviewer against the 受給資格証明書 attached, applied for on the day the
    case was submitted."""
    data = context.data
    certification = care_relocation_certify(
        municipality=context.case.municipality,
        code=_care_code(context),
        level=_LEVELS[data["level"]],
        valid_to=dt.date.fromisoformat(data["valid_to"]),
        applied_on=context.notified_on,
        actor=context.actor,
    )
    return ApprovalOutcome(care_certification_id=certification.pk)


def _plan_provider_notify(context: ActionContext) -> ApprovalOutcome:
    """居宅サービス計画作成依頼の届出 (介護保険法施行規則 第83条の9・第95条の3)."""
    data = context.data
    care_plan_provider_notify(
        municipality=context.case.municipality,
        code=_care_code(context),
        kind=_PLAN_KINDS[data["kind"]],
        provider_number=data["provider"]["number"],
        provider_name=data["provider"]["name"],
        starts_on=dt.date.fromisoformat(data["starts_on"]),
        notified_on=context.notified_on,
        actor=context.actor,
    )
    return ApprovalOutcome()


def _cost_limit_apply(context: ActionContext) -> ApprovalOutcome:
    """負担限度額認定の申請 (介護保険法 第51条の3), with the declared facts."""
    data = context.data
    care_cost_limit_apply(
        municipality=context.case.municipality,
        code=_care_code(context),
        applied_on=context.notified_on,
        has_spouse=bool(data["has_spouse"]),
        savings=int(data["savings"]),
        pension_income=int(data["pension_income"]),
        public_assistance=bool(data["public_assistance"]),
        actor=context.actor,
    )
    return ApprovalOutcome()


def _high_cost_benefit(context: ActionContext) -> ApprovalOutcome:
    """高額介護サービス費の支給申請 (介護保険法 第51条) from the first month above the cap."""
    care_benefit_claim(
        municipality=context.case.municipality,
        code=_care_code(context),
        kind=CareBenefitClaim.Kind.HIGH_COST,
        occurred_on=dt.date.fromisoformat(context.data["first_month"]),
        applied_on=context.notified_on,
        cost=None,
        copay_tenths=None,
        actor=context.actor,
    )
    return ApprovalOutcome()


def _paid_back(kind: CareBenefitClaim.Kind, day_field: str) -> Action:
    """福祉用具購入費 or 住宅改修費: the amount paid back is decided on approval."""

    def run(context: ActionContext) -> ApprovalOutcome:
        data = context.data
        care_benefit_claim(
            municipality=context.case.municipality,
            code=_care_code(context),
            kind=kind,
            occurred_on=dt.date.fromisoformat(data[day_field]),
            applied_on=context.notified_on,
            cost=int(data["cost"]),
            copay_tenths=_COPAY_TENTHS[data["copay"]],
            actor=context.actor,
        )
        return ApprovalOutcome()

    return Action(
        check=applicant_check,
        run=run,
        effect=(
            f"{kind.label}の支給額（支給限度基準額の残りの範囲で、負担割合を除いた額）を"
            "介護保険の記録に決定します。"
        ),
    )


CARE_ACTIONS: dict[str, Action] = {
    "care.cost_share_card_reissue": Action(
        check=applicant_check,
        run=_cost_share_card_reissue,
        effect="介護保険負担割合証の再交付を記録します。",
    ),
    "care.relocation_certify": Action(
        check=applicant_check,
        run=_relocation_certify,
        effect=(
            "前の市区町村の要介護・要支援認定（受給資格証明書）を引き継ぎ、資格取得日から前の"
            "有効期間の終わりまでの認定を記録します。資格取得日から14日を過ぎた申請は引き継げません。"
        ),
    ),
    "care.plan_provider_notify": Action(
        check=applicant_check,
        run=_plan_provider_notify,
        effect="居宅サービス計画を作成する事業者を記録します（前の届出は前日で終わります）。",
    ),
    "care.cost_limit_apply": Action(
        check=applicant_check,
        run=_cost_limit_apply,
        effect="負担限度額認定の申請を、申告の内容から判定した段階とともに記録します。",
    ),
    "care.high_cost_benefit": Action(
        check=applicant_check,
        run=_high_cost_benefit,
        effect="高額介護サービス費の支給申請（対象となる最初の月から）を記録します。",
    ),
    "care.equipment_purchase": _paid_back(CareBenefitClaim.Kind.EQUIPMENT, "purchased_on"),
    "care.home_modification": _paid_back(CareBenefitClaim.Kind.HOME_MODIFICATION, "completed_on"),
}
