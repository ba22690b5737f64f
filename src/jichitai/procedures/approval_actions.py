"""承認時の処理 (approval actions): what approving a case does in the back yard.

DESIGN.md, data first: approval applies the case's data by a service call, never by someone
typing it again. A procedure file names its actions in `on_approval`; `ACTIONS` is the one
registry of those names. Each action has
- `check`: run at submission (and again at approval), so a resident hears about a problem
  while filing, not days later (e.g. 転出する人 must be members of the applicant's 世帯);
- `run`: run once, inside the approving transaction, with the case row locked
  (services.case_approve), so a rolled-back approval leaves no half-done back-office change.
  It returns its `ApprovalOutcome`; the approving service applies it to the case.

The register's actions are here; the departments' (児童手当, 国保, 介護, 保育, 母子保健, and
the ワンスオンリー income check through the linkage broker) are in `department_actions.py`
(and `care_actions.py`, `child_actions.py`, `disaster_actions.py` for 罹災証明書).
`none` is for procedures whose back-office system is not built: the procedure file says in
its `note` which system will consume the approved data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from jichitai.procedures import errors
from jichitai.procedures.approval_types import (
    Action,
    ActionContext,
    ApprovalOutcome,
    case_document_keep,
    household_check,
    no_check,
    resident_ids,
)
from jichitai.procedures.care_actions import CARE_ACTIONS
from jichitai.procedures.child_actions import CHILD_ACTIONS
from jichitai.procedures.department_actions import DEPARTMENT_ACTIONS
from jichitai.procedures.disaster_actions import DISASTER_ACTIONS
from jichitai.procedures.models import Case
from jichitai.registry.models import ChangeType, Resident
from jichitai.registry.selectors import household_living_member_ids
from jichitai.registry.services import (
    Address,
    CertificateKind,
    CertificateOptions,
    CertificateRequest,
    certificate_issue,
    move_out_certificate_send,
    residents_move_within,
    residents_remove,
)

__all__ = [
    "ACTIONS",
    "ActionContext",
    "ApprovalOutcome",
    "approval_actions_check",
    "approval_actions_run",
]


def _move_out_check(data: Mapping[str, Any], applicant: Resident | None) -> None:
    """転出する人 are of the applicant's 世帯, and a new 世帯主 named for the household that
    stays is one of the members who stay (住民基本台帳法 第25条: the 世帯主変更 that follows)."""
    household_check("movers")(data, applicant)
    new_head_id = data.get("new_head_resident_id")
    if new_head_id is None or applicant is None:
        return
    staying = household_living_member_ids(resident=applicant) - set(resident_ids(data["movers"]))
    if new_head_id not in staying:
        raise errors.new_head_not_staying()


def _registry_move_out(context: ActionContext) -> ApprovalOutcome:
    """国内転出 (住民基本台帳法 第24条): 異動日 = 転出予定日, 届出日 = 申請日."""
    data = context.data
    change = residents_remove(
        municipality=context.case.municipality,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=resident_ids(data["movers"]),
        effective_on=dt.date.fromisoformat(data["planned_move_on"]),
        notified_on=context.notified_on,
        actor=context.actor,
        moving_to_address=data["moving_to"]["address"],
        new_head_id=data.get("new_head_resident_id"),
        note=f"オンライン申請 受付番号 {context.case.reference_number}",
    )
    return ApprovalOutcome(registry_change_id=change.pk)


def _registry_move_within(context: ActionContext) -> ApprovalOutcome:
    """転居 (住民基本台帳法 第23条)."""
    data = context.data
    address = data["new_address"]
    change = residents_move_within(
        municipality=context.case.municipality,
        resident_ids=resident_ids(data["movers"]),
        address=Address(
            address=address["address"],
            address_extra=address.get("address_extra", ""),
            postal_code=address.get("postal_code", ""),
        ),
        effective_on=dt.date.fromisoformat(data["moved_on"]),
        notified_on=context.notified_on,
        actor=context.actor,
        new_head_id=data.get("new_head_resident_id"),
        note=f"受付番号 {context.case.reference_number}",
    )
    return ApprovalOutcome(registry_change_id=change.pk)


def _registry_certificate(context: ActionContext) -> ApprovalOutcome:
    """住民票の写しの交付 (住民基本台帳法 第12条): the signed PDF is kept with the case for the
    portal to deliver (the registry itself never stores certificate PDFs)."""
    data = context.data
    issued = certificate_issue(
        municipality=context.case.municipality,
        kind=CertificateKind.JUMINHYO,
        resident_ids=resident_ids(data["persons"]),
        options=CertificateOptions(
            include_household_head_and_relationship=bool(
                data.get("include_household_head_and_relationship", False)
            ),
            include_domicile=bool(data.get("include_domicile", False)),
        ),
        actor=context.actor,
        purpose="住民票の写しの交付請求",
        # Online: the applicant asked with their own card (JPKI), for one PDF. Naming them
        # lets a 支援対象者 have their own certificate (本人からの請求, 事務処理要領 第5-10);
        # anyone else's request for a protected person is refused at approval.
        request=CertificateRequest(
            requester="self",
            identity_check="my_number_card",
            applicant_id=context.case.applicant_id,
        ),
    )
    case_document_keep(
        context,
        title=str(CertificateKind.JUMINHYO.label),
        issue_number=issued.certificate.issue_number,
        pdf=issued.pdf,
    )
    return ApprovalOutcome()


def _is_paired(case: Case) -> bool:
    """A 引越しワンストップ 転出届 with its 転入予約 on this deployment. One without moves to a
    municipality not on it: its certificate goes when the resident makes the 転入届 there, as
    on paper."""
    return bool(case.related_lg_code)


def _forward_move_out_certificate(context: ActionContext) -> ApprovalOutcome:
    """引越しワンストップ: hand the 転出証明書情報 of the 転出 just recorded to the municipality
    of the paired 転入予約 through the registry's stand-in for 住基ネット (registry.network)."""
    case = context.case
    change_id = context.earlier.registry_change_id
    if change_id is not None:
        move_out_certificate_send(
            municipality=case.municipality,
            change_id=change_id,
            destination_lg_code=case.related_lg_code,
            actor=context.actor,
            # The paired 転入予約 there: the destination links it to the certificate.
            reservation_reference=case.related_reference_number,
        )
    return ApprovalOutcome()


def _nothing(context: ActionContext) -> ApprovalOutcome:
    """The department system that will consume the approved data is not built yet."""
    return ApprovalOutcome()


ACTIONS: dict[str, Action] = {
    "registry.move_out": Action(
        check=_move_out_check,
        run=_registry_move_out,
        effect="住民記録に国内転出を記録します。",
    ),
    "registry.move_within": Action(
        check=household_check("movers"),
        run=_registry_move_within,
        effect="住民記録に転居を記録します。",
    ),
    "registry.certificate": Action(
        check=household_check("persons"),
        run=_registry_certificate,
        effect="住民票の写しを作成し、電子署名付きのPDFをポータルで交付します。",
    ),
    "moving.forward_move_out_certificate": Action(
        check=no_check,
        run=_forward_move_out_certificate,
        effect="転出証明書情報を転入先（{destination}）へ送ります。",
        applies_to=_is_paired,
    ),
    "none": Action(check=no_check, run=_nothing),
    **DEPARTMENT_ACTIONS,
    **CARE_ACTIONS,
    **CHILD_ACTIONS,
    **DISASTER_ACTIONS,
}


def approval_actions_check(
    *, names: Sequence[str], data: Mapping[str, Any], applicant: Resident | None
) -> None:
    """Runs the submission-time checks of the procedure's approval actions."""
    for name in names:
        ACTIONS[name].check(data, applicant)


def approval_actions_run(*, names: Sequence[str], context: ActionContext) -> ApprovalOutcome:
    """Runs the procedure's approval actions that apply to the case, in file order (転出
    before its hand-over), and returns what they did together."""
    outcome = ApprovalOutcome()
    for name in names:
        action = ACTIONS[name]
        if action.applies_to(context.case):
            outcome = outcome.merged(action.run(replace(context, earlier=outcome)))
    return outcome
