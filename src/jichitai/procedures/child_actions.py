"""承認時の処理 of the 子育て procedures added for the national plan (docs/procedures.md):
児童手当の届出 (氏名・住所変更等, 受給事由消滅), 未支払の児童手当の請求 and 保育 (支給認定の申請, 現況届). Each writes
the department's record under the 符号 the broker issues (department_actions.py explains).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from jichitai.common.dates import age_reached_on
from jichitai.departments.models import (
    Business,
    ChildAllowanceAllocation,
    ChildAllowanceNotice,
    ChildcareCertification,
)
from jichitai.departments.services import (
    child_allowance_allocation_apply,
    child_allowance_allocation_change,
    child_allowance_notify,
    child_allowance_unpaid_pay,
    child_support_status_presend,
    childcare_certify,
    childcare_status_report,
)
from jichitai.procedures import errors
from jichitai.procedures.approval_types import Action, ActionContext, ApprovalOutcome
from jichitai.procedures.department_actions import (
    applicant_check,
    applicant_of,
    children_check,
    code_for,
    nursery_child_check,
    people_of,
)
from jichitai.registry.models import Resident

_NOTICE_KINDS = {str(c.label): c for c in ChildAllowanceNotice.Kind}
EDUCATION, CHILDCARE = "教育（幼稚園など）", "保育（保育所など）"
NEED_ENDED = "なくなった"
PART, PART_CHANGE, STOP = "一部", "一部の額にする", "やめる"
_FEES = {str(c.label): c for c in ChildAllowanceAllocation.Kind}


def _notify(context: ActionContext, kind: ChildAllowanceNotice.Kind) -> ApprovalOutcome:
    child_allowance_notify(
        municipality=context.case.municipality,
        recipient_code=code_for(context, Business.CHILD_ALLOWANCE, applicant_of(context)),
        kind=kind,
        occurred_on=dt.date.fromisoformat(context.data["occurred_on"]),
        notified_on=context.notified_on,
        actor=context.actor,
    )
    return ApprovalOutcome()


def _change_notice(context: ActionContext) -> ApprovalOutcome:
    """氏名変更・住所変更等の届出 (児童手当法 第26条) kept on the recipient's record."""
    return _notify(context, _NOTICE_KINDS[context.data["change"]])


def _extinction_notice(context: ActionContext) -> ApprovalOutcome:
    """受給事由消滅の届出: the recipient ends on the day the reason arose (第8条第2項)."""
    return _notify(context, ChildAllowanceNotice.Kind.EXTINCTION)


def _unpaid(context: ActionContext) -> ApprovalOutcome:
    """未支払の児童手当の請求 (児童手当法 第12条): the department finds the recipient who died
    while counting these children (by the children's 符号: the deceased is no longer in the
    register's household, and a department never matches people by name) and pays what was
    owed and not yet paid to the children, in equal shares."""
    children = people_of(context, context.data["children"])
    child_allowance_unpaid_pay(
        municipality=context.case.municipality,
        child_codes=[code_for(context, Business.CHILD_ALLOWANCE, child) for child in children],
        claimed_on=context.notified_on,
        decided_on=context.decided_on,
        actor=context.actor,
    )
    return ApprovalOutcome()


def _child(context: ActionContext) -> Resident:
    [child] = people_of(context, [context.data["child"]])
    return child


def _certification_check(data: Mapping[str, Any], applicant: Resident | None) -> None:
    """The child of the applicant's 世帯; 保育 needs its reason (子ども・子育て支援法 第19条
    第1項第2号・第3号: 保育を必要とする事由)."""
    nursery_child_check(data, applicant)
    if data["purpose"] == CHILDCARE and not data.get("need_reason"):
        raise errors.field_needed(
            "/need_reason", "保育を希望するときは、保育を必要とする事由を選んでください。"
        )


def _certify(context: ActionContext) -> ApprovalOutcome:
    """教育・保育給付認定 (子ども・子育て支援法 第19条・第20条): 1号 for 教育 (from 3), else
    3号 under 3 on the start day and 2号 from 3, 保育標準時間 (the department changes it when
    the 就労証明書 shows fewer hours)."""
    child = _child(context)
    start = dt.date.fromisoformat(context.data["start_on"])
    if context.data["purpose"] == EDUCATION:
        category, hours = ChildcareCertification.Category.FIRST, None
    elif max(start, child.birth_date) < age_reached_on(child.birth_date, 3):
        category, hours = (
            ChildcareCertification.Category.THIRD,
            ChildcareCertification.Hours.STANDARD,
        )
    else:
        category, hours = (
            ChildcareCertification.Category.SECOND,
            ChildcareCertification.Hours.STANDARD,
        )
    childcare_certify(
        municipality=context.case.municipality,
        child_code=code_for(context, Business.CHILDCARE, child),
        child_birth_date=child.birth_date,
        category=category,
        hours=hours,
        valid_from=start,
        certified_on=context.decided_on,
        actor=context.actor,
    )
    return ApprovalOutcome()


def _status_check(data: Mapping[str, Any], applicant: Resident | None) -> None:
    nursery_child_check(data, applicant)
    ended = data["need_continues"] == NEED_ENDED
    if ended != bool(data.get("ends_on")):
        raise errors.field_needed(
            "/ends_on", "認定を終える日は、保育を必要とする事由がなくなったときだけ書いてください。"
        )


def _status_report(context: ActionContext) -> ApprovalOutcome:
    """保育施設等の現況届 on the child's 認定 in force on the day it was filed."""
    ends_on = context.data.get("ends_on")
    childcare_status_report(
        municipality=context.case.municipality,
        child_code=code_for(context, Business.CHILDCARE, _child(context)),
        reported_on=context.notified_on,
        need_continues=context.data["need_continues"] != NEED_ENDED,
        ends_on=dt.date.fromisoformat(ends_on) if ends_on else None,
        actor=context.actor,
    )
    return ApprovalOutcome()


# ---------------------------------------------------------------------------- 寄附・学校給食費等


def _amount_check(data: Mapping[str, Any], applicant: Resident | None) -> None:
    """Part of the allowance needs its amount; all of it, or stopping, takes none."""
    applicant_check(data, applicant)
    partial = data.get("portion", data.get("change")) in (PART, PART_CHANGE)
    if partial != ("monthly_amount" in data):
        raise errors.field_needed(
            "/monthly_amount", "月額は「一部」のときだけ、円で書いてください。"
        )


def _allocation(kind_of: str | None, *, change: bool) -> Action:
    """寄附 (児童手当法 第20条, `kind_of` None) or a fee (第21条, the form's `fee`): the
    申出, or its 変更等の申出 (`change`), on the recipient's record."""

    def run(context: ActionContext) -> ApprovalOutcome:
        data = context.data
        kind = ChildAllowanceAllocation.Kind.DONATION if kind_of is None else _FEES[data[kind_of]]
        code = code_for(context, Business.CHILD_ALLOWANCE, applicant_of(context))
        amount = data.get("monthly_amount")
        from_month = dt.date.fromisoformat(data["from_month"])
        if change:
            child_allowance_allocation_change(
                municipality=context.case.municipality,
                recipient_code=code,
                kind=kind,
                monthly_amount=amount,
                withdraw=data["change"] == STOP,
                from_month=from_month,
                applied_on=context.notified_on,
                actor=context.actor,
            )
        else:
            child_allowance_allocation_apply(
                municipality=context.case.municipality,
                recipient_code=code,
                kind=kind,
                monthly_amount=amount,
                from_month=from_month,
                applied_on=context.notified_on,
                actor=context.actor,
            )
        return ApprovalOutcome()

    what = "寄附" if kind_of is None else "学校給食費等の徴収"
    return Action(
        check=_amount_check,
        run=run,
        effect=(
            f"児童手当の受給者の記録に{what}の{'変更等の' if change else ''}申出（月額と開始月）を"
            "記録します。"
        ),
    )


def _child_support_status(context: ActionContext) -> ApprovalOutcome:
    """現況届の事前送信 (児童扶養手当法 第28条) on the recipient's record, for the year it is sent."""
    child_support_status_presend(
        municipality=context.case.municipality,
        code=code_for(context, Business.CHILD_SUPPORT, applicant_of(context)),
        sent_on=context.notified_on,
        children_count=int(context.data["children_count"]),
        support_received=int(context.data["support_received"]),
        actor=context.actor,
    )
    return ApprovalOutcome()


CHILD_ACTIONS: dict[str, Action] = {
    "child_support.status_presend": Action(
        check=applicant_check,
        run=_child_support_status,
        effect="児童扶養手当の受給者の記録に、今年の現況届（事前送信）を記録します。面談は別に行います。",
    ),
    "child_allowance.donation": _allocation(None, change=False),
    "child_allowance.donation_change": _allocation(None, change=True),
    "child_allowance.fee_deduction": _allocation("fee", change=False),
    "child_allowance.fee_deduction_change": _allocation("fee", change=True),
    "child_allowance.notify": Action(
        check=applicant_check,
        run=_change_notice,
        effect="児童手当の受給者の記録に届出（変わったことと変わった日）を記録します。",
    ),
    "child_allowance.unpaid": Action(
        check=children_check("children"),
        run=_unpaid,
        effect=(
            "亡くなった受給者に支払っていなかった児童手当（死亡した月の分まで）を、その受給者が"
            "養育していた児童に等分して支払うことを決定し、児童手当の記録に残します。"
        ),
    ),
    "child_allowance.extinction": Action(
        check=applicant_check,
        run=_extinction_notice,
        effect="児童手当の受給資格を、理由が生じた日で消滅させます（その月の分まで支給）。",
    ),
    "childcare.certify": Action(
        check=_certification_check,
        run=_certify,
        effect="教育・保育給付認定（1号・2号・3号）と有効期間を子育て支援の記録に登録します。",
    ),
    "childcare.status_report": Action(
        check=_status_check,
        run=_status_report,
        effect=(
            "子どもの教育・保育給付認定に現況届を記録します。保育の必要性がなくなったときは、"
            "認定を届出の日で終えます。"
        ),
    ),
}
