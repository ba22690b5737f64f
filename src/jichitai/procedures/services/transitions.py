"""審査 (processing a case): claim, return for correction, resubmit, approve, reject, withdraw.

Each service locks the case row, asks the workflow table (workflow.py) whether the step is
allowed from the current state, and writes the new state, a case event and an audit record
in one transaction. Staff act only within their municipality and departments (need to know),
with the role the procedure file names for the current step, and only on a case they claimed
(担当者).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from jichitai.identity.models import StaffUser
from jichitai.procedures import errors
from jichitai.procedures.actors import ResidentActor
from jichitai.procedures.approval_actions import (
    ActionContext,
    ApprovalOutcome,
    approval_actions_check,
    approval_actions_run,
)
from jichitai.procedures.attachments import Upload
from jichitai.procedures.definitions import Procedure
from jichitai.procedures.locks import case_lock
from jichitai.procedures.models import Activity, Case, CaseExchange, CaseReturn, CaseState
from jichitai.procedures.selectors import (
    case_departments_for_staff,
    case_get_for_resident,
    case_is_own,
    procedure_get,
)
from jichitai.procedures.services.recording import (
    case_transition,
    role_check,
    staff_of,
)
from jichitai.procedures.services.submission import (
    Checked,
    application_check,
    attachments_store,
    signature_check,
)
from jichitai.procedures.signing import VerifiedSignature
from jichitai.procedures.workflow import transition_target
from jichitai.tenants.models import Municipality


def _reason(reason: str) -> str:
    if not reason.strip():
        raise errors.reason_required()
    return reason.strip()


def _staff_case(
    *, municipality: Municipality, case_id: int, actor: StaffUser, activity: Activity
) -> tuple[Case, CaseState, Procedure]:
    """The locked case, the target state and its procedure, after the checks every staff step
    shares: same municipality, a department the staff member may read (need to know), a
    transition the table allows, the current step's role, and (after the claim) the 担当者."""
    staff_of(actor, municipality)
    case = case_lock(municipality=municipality, case_id=case_id)
    # Need to know: the pages and the API check first, with an audit record that survives;
    # here the service trusts no caller (the rollback would take a record with it).
    if case.department not in case_departments_for_staff(staff=actor):
        raise errors.CaseNotFound
    target = transition_target(activity=activity, state=case.state)
    procedure = procedure_get(procedure_id=case.procedure_id)
    role_check(actor=actor, role=procedure.workflow[case.step].role)
    if activity != Activity.CLAIM and case.assigned_to_id != actor.pk:
        raise errors.CaseNotAssigned
    return case, target, procedure


def _own_case(*, municipality: Municipality, case_id: int, actor: ResidentActor) -> Case:
    """The resident's own case (filed by them, or with them as applicant), locked; anyone
    else's is answered as not found."""
    case = case_lock(municipality=municipality, case_id=case_id)
    if not case_is_own(case=case, actor=actor):
        raise errors.CaseNotFound
    return case


@transaction.atomic
def case_claim(*, municipality: Municipality, case_id: int, actor: StaffUser) -> Case:
    """審査開始 (claim): the staff member becomes the case's 担当者.
    Raises CaseNotFound, TransitionInvalid, CaseRoleRequired."""
    case, target, procedure = _staff_case(
        municipality=municipality, case_id=case_id, actor=actor, activity=Activity.CLAIM
    )
    case.assigned_to = actor
    return case_transition(
        case=case,
        activity=Activity.CLAIM,
        target=target,
        actor=actor,
        now=timezone.now(),
        procedure=procedure,
        fields=["assigned_to"],
    )


@transaction.atomic
def case_return(*, municipality: Municipality, case_id: int, actor: StaffUser, reason: str) -> Case:
    """差戻し (return for correction) with the reason the resident will read.
    Raises CaseNotFound, TransitionInvalid, CaseRoleRequired, CaseNotAssigned,
    RuleViolation `case.reason_required`."""
    case, target, procedure = _staff_case(
        municipality=municipality, case_id=case_id, actor=actor, activity=Activity.RETURN
    )
    now = timezone.now()
    CaseReturn.objects.create(
        municipality_id=case.municipality_id,
        case=case,
        reason=_reason(reason),
        returned_at=now,
        returned_by=actor,
    )
    case.assigned_to = None
    return case_transition(
        case=case,
        activity=Activity.RETURN,
        target=target,
        actor=actor,
        now=now,
        procedure=procedure,
        fields=["assigned_to"],
    )


def case_resubmit(
    *,
    municipality: Municipality,
    case_id: int,
    actor: ResidentActor,
    data: Any,
    attachments: Sequence[Upload] = (),
    signature: bytes | None = None,
) -> Case:
    """再提出 (answer a return): the corrected data replaces the old, checked and (when the
    procedure asks for it) signed again, since the signature covered the old data. New
    attachments are added to the earlier ones.
    Raises CaseNotFound, TransitionInvalid and what case_submit raises for the data."""
    case = case_get_for_resident(municipality=municipality, case_id=case_id, actor=actor)
    # Checked before the writing transaction, like a submission: a refused signature stays
    # in the audit log.
    checked = application_check(
        municipality=municipality,
        procedure_id=case.procedure_id,
        data=data,
        actor=actor,
        applicant=case.applicant,
        uploads=attachments,
    )
    now = timezone.now()
    verified = signature_check(applications=[checked], signature=signature, actor=actor, now=now)
    return _resubmit_write(
        municipality=municipality,
        case_id=case_id,
        actor=actor,
        checked=checked,
        verified=verified,
        now=now,
    )


@transaction.atomic
def _resubmit_write(
    *,
    municipality: Municipality,
    case_id: int,
    actor: ResidentActor,
    checked: Checked,
    verified: VerifiedSignature | None,
    now: dt.datetime,
) -> Case:
    case = _own_case(municipality=municipality, case_id=case_id, actor=actor)
    target = transition_target(activity=Activity.RESUBMIT, state=case.state)
    case.data = dict(checked.data)
    fields = ["data"]
    if verified is not None:
        case.signed_payload = verified.payload
        case.signature_cms = verified.cms
        case.signer_certificate_der = verified.certificate_der
        case.signature_verified_at = verified.verified_at
        fields += [
            "signed_payload",
            "signature_cms",
            "signer_certificate_der",
            "signature_verified_at",
        ]
    attachments_store(case=case, checked=checked, now=now)
    CaseReturn.objects.for_municipality(municipality).filter(
        case=case, answered_at__isnull=True
    ).update(answered_at=now)
    return case_transition(
        case=case,
        activity=Activity.RESUBMIT,
        target=target,
        actor=actor,
        now=now,
        procedure=checked.procedure,
        fields=fields,
        detail={"attachments": len(checked.attachments), "signed": verified is not None},
    )


@transaction.atomic
def case_approve(*, municipality: Municipality, case_id: int, actor: StaffUser) -> Case:
    """承認 (approve). At a step before the last, the case goes on to the next step (回付),
    unassigned, for that step's role. At the last step the procedure's approval actions run
    (approval_actions.py) in this transaction, on the locked case, and the case keeps what
    they return: approving twice, even at the same moment, applies them once; the second is
    refused as `case.transition_invalid`.
    Raises CaseNotFound, TransitionInvalid, CaseRoleRequired, CaseNotAssigned and what the
    actions raise (the registry's rules, e.g. a record already closed)."""
    case, _, procedure = _staff_case(
        municipality=municipality, case_id=case_id, actor=actor, activity=Activity.APPROVE
    )
    now = timezone.now()
    if case.step + 1 < len(procedure.workflow):
        case.step += 1
        case.assigned_to = None
        return case_transition(
            case=case,
            activity=Activity.FORWARD,
            target=transition_target(activity=Activity.FORWARD, state=case.state),
            actor=actor,
            now=now,
            procedure=procedure,
            fields=["step", "assigned_to"],
        )
    return approval_apply(case=case, procedure=procedure, actor=actor, now=now)


def approval_apply(*, case: Case, procedure: Procedure, actor: StaffUser, now: dt.datetime) -> Case:
    """The last step's approval of a locked case in review: the approval actions once, what
    they return kept on the case, the APPROVE event. Raises what the actions raise."""
    names = [a.action for a in procedure.on_approval]
    # The register may have changed since submission (someone else moved out already).
    approval_actions_check(names=names, data=case.data, applicant=case.applicant)
    outcome = approval_actions_run(
        names=names, context=ActionContext(case=case, actor=actor, now=now)
    )
    kept = outcome.case_fields()
    for name, value in kept.items():
        setattr(case, name, value)
    _exchanges_keep(case, outcome)
    case.decided_at = now
    return case_transition(
        case=case,
        activity=Activity.APPROVE,
        target=transition_target(activity=Activity.APPROVE, state=case.state),
        actor=actor,
        now=now,
        procedure=procedure,
        fields=["decided_at", *kept],
        detail={"actions": len(names), "exchanges": len(outcome.exchanges)},
    )


def _exchanges_keep(case: Case, outcome: ApprovalOutcome) -> None:
    """The case keeps which exchange supplied what (its metadata, never the values)."""
    CaseExchange.objects.bulk_create(
        CaseExchange(
            municipality_id=case.municipality_id,
            case=case,
            exchange_id=note.exchange.public_id,
            item=note.exchange.item,
            item_label=note.item_label,
            about=note.about,
            provider_municipality=note.exchange.provider_municipality,
            provider_business=str(note.exchange.provider_business),
            legal_basis=note.exchange.legal_basis,
            occurred_at=note.exchange.occurred_at,
        )
        for note in outcome.exchanges
    )


@transaction.atomic
def case_reject(*, municipality: Municipality, case_id: int, actor: StaffUser, reason: str) -> Case:
    """却下 (reject) with the reason (行政手続法 第8条: 拒否の処分には理由を示す).
    Raises CaseNotFound, TransitionInvalid, CaseRoleRequired, CaseNotAssigned,
    RuleViolation `case.reason_required`."""
    case, target, procedure = _staff_case(
        municipality=municipality, case_id=case_id, actor=actor, activity=Activity.REJECT
    )
    now = timezone.now()
    case.rejection_reason = _reason(reason)
    case.decided_at = now
    return case_transition(
        case=case,
        activity=Activity.REJECT,
        target=target,
        actor=actor,
        now=now,
        procedure=procedure,
        fields=["rejection_reason", "decided_at"],
    )


@transaction.atomic
def case_withdraw(*, municipality: Municipality, case_id: int, actor: ResidentActor) -> Case:
    """取下げ (withdraw) by the resident, before the municipality decides.
    Raises CaseNotFound (also for someone else's case), TransitionInvalid."""
    case = _own_case(municipality=municipality, case_id=case_id, actor=actor)
    target = transition_target(activity=Activity.WITHDRAW, state=case.state)
    now = timezone.now()
    case.assigned_to = None
    case.decided_at = now
    return case_transition(
        case=case,
        activity=Activity.WITHDRAW,
        target=target,
        actor=actor,
        now=now,
        procedure=procedure_get(procedure_id=case.procedure_id),
        fields=["assigned_to", "decided_at"],
    )
