"""申請の状態遷移 (the case workflow) as one explicit table.

    awaiting_payment ──pay──▶ submitted   (system: an online request with a fee, once paid)
    submitted ──claim──▶ in_review ──approve──▶ approved   (last step: the back-office action runs)
        ▲                 │  │  └──forward──▶ submitted   (more steps: the next step's role claims)
        │                 │  └──reject───▶ rejected
    resubmitted ◀─resubmit─ returned ◀─return─┘
    awaiting_payment / submitted / in_review / returned / resubmitted ──withdraw──▶ withdrawn  (resident, before a decision)
    submitted / in_review / returned / resubmitted ──move_in──▶ approved   (system: a 転入予約
                                                     completes when the counter records the 転入)

Only services.py changes a case's state, always through `transition_target`, so the table
below is the whole truth about which steps exist. Anything else is refused with the stable
code `case.transition_invalid`.
"""

from __future__ import annotations

from jichitai.procedures.errors import TransitionInvalid
from jichitai.procedures.models import Activity, CaseState

S = CaseState
TRANSITIONS: dict[tuple[Activity, CaseState], CaseState] = {
    # 手数料の納付 (system): the payment provider's signed notification confirmed the fee
    # (procedures.services.fees); only then does the case reach the counter's inbox.
    (Activity.PAY, S.AWAITING_PAYMENT): S.SUBMITTED,
    (Activity.WITHDRAW, S.AWAITING_PAYMENT): S.WITHDRAWN,
    (Activity.CLAIM, S.SUBMITTED): S.IN_REVIEW,
    (Activity.CLAIM, S.RESUBMITTED): S.IN_REVIEW,
    (Activity.RETURN, S.IN_REVIEW): S.RETURNED,
    (Activity.RESUBMIT, S.RETURNED): S.RESUBMITTED,
    (Activity.FORWARD, S.IN_REVIEW): S.SUBMITTED,
    (Activity.APPROVE, S.IN_REVIEW): S.APPROVED,
    (Activity.REJECT, S.IN_REVIEW): S.REJECTED,
    # 取下げ: possible until the municipality has decided (行政手続法 has no rule against it;
    # a decided case can only be challenged, not withdrawn).
    (Activity.WITHDRAW, S.SUBMITTED): S.WITHDRAWN,
    (Activity.WITHDRAW, S.IN_REVIEW): S.WITHDRAWN,
    (Activity.WITHDRAW, S.RETURNED): S.WITHDRAWN,
    (Activity.WITHDRAW, S.RESUBMITTED): S.WITHDRAWN,
    # 転入の記録 (system): the registry recorded the 転入 from the 転出証明書情報 of a 転入予約;
    # whoever held the case, the reservation is fulfilled (procedures.services.reservations).
    (Activity.MOVE_IN, S.SUBMITTED): S.APPROVED,
    (Activity.MOVE_IN, S.IN_REVIEW): S.APPROVED,
    (Activity.MOVE_IN, S.RETURNED): S.APPROVED,
    (Activity.MOVE_IN, S.RESUBMITTED): S.APPROVED,
}


def transition_target(*, activity: Activity, state: CaseState | str) -> CaseState:
    """The state after `activity` from `state`. Raises TransitionInvalid (409)."""
    target = TRANSITIONS.get((activity, CaseState(state)))
    if target is None:
        raise TransitionInvalid(
            action_label=str(activity.label), state_label=str(CaseState(state).label)
        )
    return target


# Steps nobody takes by hand: the system writes them when the registry announces an event.
SYSTEM_ACTIVITIES = frozenset({Activity.MOVE_IN, Activity.PAY})


def allowed_activities(state: CaseState | str) -> list[Activity]:
    """What a person can do next (the inbox and the portal show only these buttons)."""
    return [
        activity
        for activity, source in TRANSITIONS
        if source == CaseState(state) and activity not in SYSTEM_ACTIVITIES
    ]
