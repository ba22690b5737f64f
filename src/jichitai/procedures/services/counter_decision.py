"""窓口で決定 (decided at the counter): a case the counter filed, for a procedure its life event
marks `complete_at_counter`, is claimed and approved by the counter's staff member in the
counter's completing transaction — the same approval actions as a department's approval, so the
department's records show the result and the case's history names who decided.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from jichitai.identity.models import Role, StaffUser
from jichitai.procedures import errors
from jichitai.procedures.locks import case_lock
from jichitai.procedures.models import Activity, Case, CaseState, Channel
from jichitai.procedures.selectors import procedure_get
from jichitai.procedures.services.recording import case_transition, role_check, staff_of
from jichitai.procedures.services.transitions import approval_apply
from jichitai.procedures.workflow import transition_target
from jichitai.tenants.models import Municipality


@transaction.atomic
def case_decide_at_counter(*, municipality: Municipality, case_id: int, actor: StaffUser) -> Case:
    """Claim and approve, by the 窓口 staff member, a case filed at the counter and not yet
    claimed, of a one-step procedure (the life event file checks the procedure has one step).
    Raises CaseNotFound (another municipality's, or not filed at the counter),
    TransitionInvalid, CaseRoleRequired and what the approval actions raise."""
    staff_of(actor, municipality)
    role_check(actor=actor, role=Role.COUNTER)
    case = case_lock(municipality=municipality, case_id=case_id)
    if case.channel != Channel.COUNTER:
        raise errors.CaseNotFound
    procedure = procedure_get(procedure_id=case.procedure_id)
    if len(procedure.workflow) != 1:
        raise errors.TransitionInvalid(
            action_label=str(Activity.APPROVE.label), state_label=str(CaseState(case.state).label)
        )
    now = timezone.now()
    case.assigned_to = actor
    case = case_transition(
        case=case,
        activity=Activity.CLAIM,
        target=transition_target(activity=Activity.CLAIM, state=case.state),
        actor=actor,
        now=now,
        procedure=procedure,
        fields=["assigned_to"],
    )
    return approval_apply(case=case, procedure=procedure, actor=actor, now=now)
