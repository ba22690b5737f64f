"""承認時の処理 of the department procedures: approving a 児童手当, 保育, 国保, 介護 or 妊娠の届出
case writes the department's record through `departments.services`.

A department knows a person only by its own 符号 (DESIGN.md, 分散管理). Each action resolves
the people of the case — the applicant (`case.applicant`) and the `resident_id`s of the form,
checked at submission and again at approval to be of the applicant's 世帯 — to their
住民票コード, asks the linkage broker for the business's 符号 (`person_code_obtain`, issued on
first use), and passes only that 符号 to the department.

A person given without `resident_id` (typed in, not chosen from the household the form
offers, e.g. a child who lives apart, 別居監護) is refused at submission with
`case.person_not_identified`: without a 住民票コード the broker cannot name them to the
department, and a department must never match people by name. The 現況届 is the exception:
it only counts the children, so they need no `resident_id`.

ワンスオンリー: the 児童手当の認定 obtains the income of the claimant (and of their spouse in
the 世帯) through the broker (`exchange_request`) from whichever municipality of the
deployment assessed it — the one the family lived in on 1 January — so no 課税証明書 is
attached. The exchanges go back in the ApprovalOutcome; the case keeps their metadata.

The broker commits its own records (符号, exchange records) in its own database: an approval
that is refused or rolled back afterwards leaves an issued 符号 (harmless: it reveals nothing)
and the exchange on the person's やりとり履歴 (true: the exchange happened).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from jichitai.common.dates import age_reached_on
from jichitai.departments.models import (
    Business,
    CareCardReissue,
    CareCertification,
    ChildcareCertification,
    NhiCoverage,
)
from jichitai.departments.selectors import RESIDENT_TAX_INCOME
from jichitai.departments.services import (
    ClaimedChild,
    care_card_reissue,
    care_certification_apply,
    child_allowance_certify,
    child_allowance_revise,
    child_allowance_status_report,
    childcare_application_submit,
    nhi_coverage_acquire,
    nhi_coverage_lose,
    pregnancy_notify,
)
from jichitai.linkage.services import exchange_request, person_code_obtain
from jichitai.procedures import errors
from jichitai.procedures.approval_types import (
    Action,
    ActionContext,
    ApprovalOutcome,
    CaseExchangeNote,
    Check,
    household_check,
)
from jichitai.registry.models import HEAD, Resident
from jichitai.registry.selectors import household_living_member_ids

# 児童手当法 第3条第2項: a spouse includes one not registered as married (未届).
SPOUSES = frozenset({"夫", "妻", "夫（未届）", "妻（未届）"})
# The row `child_allowance.income` of the broker's table (linkage/exchanges.yaml), word for word.
INCOME_TASK = "児童手当の支給に関する事務"
INCOME_PURPOSE = "生計中心者の認定（所得の確認）"
CLAIMANT, SPOUSE = "請求者", "配偶者"
# The 賦課年度 whose assessment (on the income of the year before) is known from June.
ASSESSMENT_KNOWN_MONTH = 6
# 児童手当法 第8条第3項: within 15 days of a birth or a move, the claim counts from it.
GRACE_DAYS = 15


# ---------------------------------------------------------------------------- people


def applicant_of(context: ActionContext) -> Resident:
    applicant = context.case.applicant
    if applicant is None:
        raise errors.applicant_required()
    return applicant


def people_of(context: ActionContext, rows: Sequence[Mapping[str, Any]]) -> list[Resident]:
    """The residents of `rows` (checked by the action's check), in the order of the form."""
    ids = [int(row["resident_id"]) for row in rows]
    found = Resident.objects.for_municipality(context.case.municipality_id).in_bulk(ids)
    return [found[resident_id] for resident_id in ids]


def code_for(context: ActionContext, business: Business, resident: Resident) -> str:
    """The business's 符号 for the person, from the broker (never derived here)."""
    return person_code_obtain(
        municipality_code=context.case.municipality_id,
        business=business,
        resident_code=resident.resident_code,
    )


def identified(field: str, rows: Sequence[Mapping[str, Any]]) -> None:
    for index, row in enumerate(rows):
        if row.get("resident_id") is None:
            raise errors.person_not_identified(f"/{field}/{index}/resident_id")


def children_check(field: str) -> Check:
    """Each child is a member of the applicant's 世帯 chosen from the register, and not the
    applicant (the form offers the whole household, the applicant included)."""

    def check(data: Mapping[str, Any], applicant: Resident | None) -> None:
        identified(field, data[field])
        household_check(field)(data, applicant)
        for index, row in enumerate(data[field]):
            if applicant is not None and row["resident_id"] == applicant.pk:
                raise errors.applicant_listed(f"/{field}/{index}/resident_id")

    return check


def applicant_check(data: Mapping[str, Any], applicant: Resident | None) -> None:
    """The department's record is about the applicant: one of the register is needed."""
    if applicant is None:
        raise errors.applicant_required()


def _spouse(applicant: Resident) -> Resident | None:
    """配偶者 in the 世帯: a 夫/妻 of the 世帯主 when the claimant is the head, the 世帯主 when
    the claimant is the head's 夫/妻. A spouse who is the head's 子の夫 and the like is not
    read from the 続柄 (the register records relationships to the head only)."""
    members = Resident.objects.for_municipality(applicant.municipality_id).filter(
        pk__in=household_living_member_ids(resident=applicant) - {applicant.pk}
    )
    if applicant.is_head:
        members = members.filter(relationship__in=SPOUSES)
    elif applicant.relationship in SPOUSES:
        members = members.filter(relationship=HEAD)
    else:
        return None
    return members.order_by("household_order", "pk").first()


# ---------------------------------------------------------------------------- 児童手当


def income_fiscal_year(claimed_on: dt.date) -> int:
    """The 賦課年度 whose income (that of the year before) decides a claim made on
    `claimed_on`: from June of year Y the 年度 Y assessment, before June that of Y-1."""
    return claimed_on.year if claimed_on.month >= ASSESSMENT_KNOWN_MONTH else claimed_on.year - 1


@dataclass(frozen=True)
class _Income:
    total: int
    note: CaseExchangeNote


def _income(context: ActionContext, code: str, *, fiscal_year: int, about: str) -> _Income:
    """The person's 総所得金額等 of `fiscal_year`, asked of the tax business through the
    broker. Raises IncomeNotFound (no municipality assessed it) and what the broker raises
    (a refused exchange, already recorded)."""
    result = exchange_request(
        requester_municipality=context.case.municipality_id,
        requester_business=Business.CHILD_ALLOWANCE,
        requester_code=code,
        item=RESIDENT_TAX_INCOME,
        task=INCOME_TASK,
        purpose=INCOME_PURPOSE,
        params={"fiscal_year": fiscal_year},
    )
    if result.data is None:
        raise errors.income_not_found(about=about, fiscal_year=fiscal_year)
    return _Income(
        total=int(result.data["total_income"]),
        note=CaseExchangeNote(
            exchange=result,
            item_label=f"個人住民税の所得（{fiscal_year}年度・{fiscal_year - 1}年分）",
            about=about,
        ),
    )


def _right_arose_on(
    applicant: Resident, children: Sequence[Resident], *, claimed_on: dt.date
) -> dt.date | None:
    """事由が生じた日 when the claim is within 15 days of it (第8条第3項): the latest birth of
    a child claimed for, or the day the claimant became a resident here (転入)."""
    events = [c.birth_date for c in children] + [applicant.became_resident_on]
    latest = max((day for day in events if day <= claimed_on), default=None)
    if latest is None or claimed_on > latest + dt.timedelta(days=GRACE_DAYS):
        return None
    return latest


def _claimed(context: ActionContext, children: Sequence[Resident]) -> list[ClaimedChild]:
    return [
        ClaimedChild(
            code=code_for(context, Business.CHILD_ALLOWANCE, child), birth_date=child.birth_date
        )
        for child in children
    ]


def _child_allowance_claim(context: ActionContext) -> ApprovalOutcome:
    """認定請求 → 認定 (児童手当法 第7条), the 生計中心者 decided by the income the broker
    supplies (第4条第2項). Raises IncomeNotFound, NotMainEarner, what the department and the
    broker raise."""
    applicant = applicant_of(context)
    children = people_of(context, context.data["children"])
    claimed_on = context.notified_on
    fiscal_year = income_fiscal_year(claimed_on)
    claimant_code = code_for(context, Business.CHILD_ALLOWANCE, applicant)
    claimant = _income(context, claimant_code, fiscal_year=fiscal_year, about=CLAIMANT)
    notes = [claimant.note]
    spouse = _spouse(applicant)
    if spouse is not None:
        other = _income(
            context,
            code_for(context, Business.CHILD_ALLOWANCE, spouse),
            fiscal_year=fiscal_year,
            about=SPOUSE,
        )
        notes.append(other.note)
        # Equal incomes: either parent may claim, so the claimant stands.
        if other.total > claimant.total:
            raise errors.not_main_earner()
    child_allowance_certify(
        municipality=context.case.municipality,
        recipient_code=claimant_code,
        children=_claimed(context, children),
        claimed_on=claimed_on,
        occurred_on=_right_arose_on(applicant, children, claimed_on=claimed_on),
        certified_on=context.decided_on,
        income_fiscal_year=fiscal_year,
        total_income=claimant.total,
        income_exchange_id=claimant.note.exchange.public_id,
        actor=context.actor,
    )
    return ApprovalOutcome(exchanges=tuple(notes))


def _child_allowance_status(context: ActionContext) -> ApprovalOutcome:
    """現況届の受理 (児童手当法施行規則 第4条): the number of children the recipient raises."""
    child_allowance_status_report(
        municipality=context.case.municipality,
        recipient_code=code_for(context, Business.CHILD_ALLOWANCE, applicant_of(context)),
        reported_on=context.notified_on,
        children_count=len(context.data["children"]),
        actor=context.actor,
    )
    return ApprovalOutcome()


def _child_allowance_revision(context: ActionContext) -> ApprovalOutcome:
    """額改定請求 → 増額改定 (児童手当法 第9条) for the children added."""
    added = people_of(context, context.data["added_children"])
    child_allowance_revise(
        municipality=context.case.municipality,
        recipient_code=code_for(context, Business.CHILD_ALLOWANCE, applicant_of(context)),
        occurred_on=dt.date.fromisoformat(context.data["occurred_on"]),
        claimed_on=context.notified_on,
        added_children=_claimed(context, added),
        actor=context.actor,
    )
    return ApprovalOutcome()


# ---------------------------------------------------------------------------- 保育


def nursery_child_check(data: Mapping[str, Any], applicant: Resident | None) -> None:
    """The child is of the applicant's 世帯, chosen from the register, not the applicant."""
    resident_id = data["child"].get("resident_id")
    if resident_id is None:
        raise errors.person_not_identified("/child/resident_id")
    if applicant is None:
        raise errors.applicant_required()
    if resident_id not in household_living_member_ids(resident=applicant):
        raise errors.not_household_member_at("/child/resident_id")
    if resident_id == applicant.pk:
        raise errors.applicant_listed("/child/resident_id")


def _nursery_application(context: ActionContext) -> ApprovalOutcome:
    """利用申込 and 保育の必要性の認定 (子ども・子育て支援法 第19条・第20条): 3号 under 3 at
    the start, 2号 from 3. The form does not ask for working hours, so the 保育必要量 is
    保育標準時間 (施行規則 第4条); the department changes it when the 就労証明書 shows fewer."""
    applicant = applicant_of(context)
    [child] = people_of(context, [context.data["child"]])
    wanted = dt.date.fromisoformat(context.data["desired_start_on"])
    starts = max(wanted.replace(day=1), child.birth_date)
    category = (
        ChildcareCertification.Category.THIRD
        if starts < age_reached_on(child.birth_date, 3)
        else ChildcareCertification.Category.SECOND
    )
    childcare_application_submit(
        municipality=context.case.municipality,
        child_code=code_for(context, Business.CHILDCARE, child),
        guardian_code=code_for(context, Business.CHILDCARE, applicant),
        child_birth_date=child.birth_date,
        preferred_facilities=list(context.data["preferences"]),
        wanted_start_on=wanted,
        applied_on=context.notified_on,
        category=category,
        hours=ChildcareCertification.Hours.STANDARD,
        certified_on=context.decided_on,
        actor=context.actor,
    )
    return ApprovalOutcome()


# ---------------------------------------------------------------------------- 国民健康保険

ACQUIRE, LOSE = "資格取得", "資格喪失"
_ACQUISITION_REASONS = {str(c.label): c for c in NhiCoverage.AcquisitionReason}
_LOSS_REASONS = {str(c.label): c for c in NhiCoverage.LossReason}


def _nhi_check(data: Mapping[str, Any], applicant: Resident | None) -> None:
    """The reason fits the kind; the members are of the applicant's 世帯 — for a 資格喪失
    also one whose record was closed (転出, 死亡), who is still of that 世帯's records."""
    reasons = _ACQUISITION_REASONS if data["kind"] == ACQUIRE else _LOSS_REASONS
    if data["reason"] not in reasons:
        raise errors.reason_kind_mismatch()
    identified("members", data["members"])
    if data["kind"] == ACQUIRE:
        household_check("members")(data, applicant)
        return
    if applicant is None:
        raise errors.applicant_required()
    household = set(
        Resident.objects.for_municipality(applicant.municipality_id)
        .filter(household_id=applicant.household_id)
        .values_list("pk", flat=True)
    )
    for index, row in enumerate(data["members"]):
        if row["resident_id"] not in household:
            raise errors.not_household_member("members", index)


def _nhi_membership(context: ActionContext) -> ApprovalOutcome:
    """資格取得 (国民健康保険法 第7条: from the day of the event) or 資格喪失 (第8条第1項: from
    the day after; 第2項: the day 生活保護 starts) of each member, as the 世帯主 notified
    (第9条)."""
    data = context.data
    occurred_on = dt.date.fromisoformat(data["occurred_on"])
    for member in people_of(context, data["members"]):
        code = code_for(context, Business.NHI, member)
        if data["kind"] == ACQUIRE:
            nhi_coverage_acquire(
                municipality=context.case.municipality,
                code=code,
                acquired_on=occurred_on,
                reason=_ACQUISITION_REASONS[data["reason"]],
                actor=context.actor,
            )
            continue
        reason = _LOSS_REASONS[data["reason"]]
        nhi_coverage_lose(
            municipality=context.case.municipality,
            code=code,
            lost_on=occurred_on
            if reason == NhiCoverage.LossReason.PUBLIC_ASSISTANCE_STARTED
            else occurred_on + dt.timedelta(days=1),
            reason=reason,
            actor=context.actor,
        )
    return ApprovalOutcome()


# ---------------------------------------------------------------------------- 介護保険

_CERTIFICATION_KINDS = {str(c.label): c for c in CareCertification.Kind}
_REISSUE_REASONS = {str(c.label): c for c in CareCardReissue.Reason}


def _care_need_certification(context: ActionContext) -> ApprovalOutcome:
    """要介護・要支援認定の申請の記録 (介護保険法 第27条第1項・第32条第1項), on the day it was
    made. This approval is the last step of the case (認定調査 and 主治医意見書 done); the
    介護認定審査会's result — the level and its 有効期間 — is recorded afterwards by the 介護保険
    担当 (`care_certification_decide`), within 30 days of the application (第27条第11項)."""
    certification = care_certification_apply(
        municipality=context.case.municipality,
        code=code_for(context, Business.CARE, applicant_of(context)),
        kind=_CERTIFICATION_KINDS[context.data["application_kind"]],
        applied_on=context.notified_on,
        actor=context.actor,
    )
    return ApprovalOutcome(care_certification_id=certification.pk)


def _care_card_reissue(context: ActionContext) -> ApprovalOutcome:
    """被保険者証の再交付 (介護保険法施行規則 第27条), on the day of approval."""
    care_card_reissue(
        municipality=context.case.municipality,
        code=code_for(context, Business.CARE, applicant_of(context)),
        reason=_REISSUE_REASONS[context.data["reason"]],
        reissued_on=context.decided_on,
        actor=context.actor,
    )
    return ApprovalOutcome()


# ---------------------------------------------------------------------------- 母子保健


def _pregnancy_check(data: Mapping[str, Any], applicant: Resident | None) -> None:
    applicant_check(data, applicant)
    if dt.date.fromisoformat(data["expected_delivery_on"]) <= timezone.localdate():
        raise errors.date_not_ahead("/expected_delivery_on")


def _pregnancy_notification(context: ActionContext) -> ApprovalOutcome:
    """妊娠の届出の受理 (母子保健法 第15条) and the 母子健康手帳 numbers (第16条), one per
    expected child, of the 年度 of the notification."""
    data = context.data
    pregnancy_notify(
        municipality=context.case.municipality,
        code=code_for(context, Business.MATERNAL_HEALTH, applicant_of(context)),
        notified_on=context.notified_on,
        expected_on=dt.date.fromisoformat(data["expected_delivery_on"]),
        weeks=int(data["pregnancy_weeks"]),
        fetuses=int(data["fetuses"]),
        actor=context.actor,
    )
    return ApprovalOutcome()


DEPARTMENT_ACTIONS: dict[str, Action] = {
    "child_allowance.certify": Action(
        check=children_check("children"),
        run=_child_allowance_claim,
        effect=(
            "児童手当の受給資格と額を認定します（支給開始月と児童ごとの月額）。請求者と同じ世帯の"
            "配偶者の所得は、情報連携で住民税の担当（転入前の市区町村を含む）から取得し、請求者が"
            "所得の高い方（生計中心者）であることを確かめます。課税証明書は不要です。"
        ),
    ),
    "child_allowance.status_report": Action(
        check=applicant_check,
        run=_child_allowance_status,
        effect="児童手当の受給者の記録に現況届を受理します。",
    ),
    "child_allowance.revise": Action(
        check=children_check("added_children"),
        run=_child_allowance_revision,
        effect="児童手当の対象児童を加え、額を改定します（増額改定）。",
    ),
    "childcare.apply": Action(
        check=nursery_child_check,
        run=_nursery_application,
        effect=(
            "保育の利用申込と保育の必要性の認定（3歳未満は3号、3歳以上は2号・保育標準時間）を"
            "子育て支援の記録に登録します。利用調整の結果は後で記録します。"
        ),
    ),
    "nhi.membership": Action(
        check=_nhi_check,
        run=_nhi_membership,
        effect="対象となる人ごとに、国民健康保険の資格取得または資格喪失を記録します。",
    ),
    "care.certification_apply": Action(
        check=applicant_check,
        run=_care_need_certification,
        effect=(
            "要介護・要支援認定の申請を介護保険の記録に登録します。認定の結果（要介護度と"
            "有効期間）は、介護認定審査会の判定の後に介護保険の担当が記録します。"
        ),
    ),
    "care.card_reissue": Action(
        check=applicant_check,
        run=_care_card_reissue,
        effect="介護保険被保険者証の再交付を記録します。",
    ),
    "maternal_health.pregnancy": Action(
        check=_pregnancy_check,
        run=_pregnancy_notification,
        effect="妊娠の届出を受理し、母子健康手帳の番号を胎児の数だけ採番します。",
    ),
}
