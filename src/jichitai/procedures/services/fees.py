"""手数料の納付 (fees of online requests): the payments app announces a confirmed payment
(procedures.signals.case_fee_paid) and this receiver moves the case on, in the payments app's
transaction, so the ledger and the case commit together or not at all.

An online request with a fee is filed in 「手数料のお支払い待ち」 (services.submission); the
payment moves it to 受付済み, and only then can the counter take it up and issue the
certificate (workflow.py). procedures never imports payments: the signal carries plain values.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from jichitai.procedures import errors
from jichitai.procedures.models import Activity, Case, CaseState
from jichitai.procedures.selectors import procedure_get
from jichitai.procedures.services.recording import case_transition
from jichitai.procedures.workflow import transition_target


def case_fee_record(
    *, municipality_code: str, reference_number: str, amount: int, paid_at: dt.datetime
) -> Case | None:
    """The case waiting for this fee becomes 受付済み (event 「手数料の納付」 by the system).
    None when no case waits for it (withdrawn meanwhile, or paid already): the payment stays in
    the ledger, where an unneeded one is a refund candidate. A wrong amount raises
    FeeAmountMismatch, which undoes the sender's transaction."""
    case = (
        Case.objects.select_for_update()
        .filter(
            municipality_id=municipality_code,
            reference_number=reference_number,
            state=CaseState.AWAITING_PAYMENT,
        )
        .first()
    )
    if case is None:
        return None
    procedure = procedure_get(procedure_id=case.procedure_id)
    if amount != procedure.fee:
        raise errors.fee_amount_mismatch(expected=procedure.fee, paid=amount)
    return case_transition(
        case=case,
        activity=Activity.PAY,
        target=transition_target(activity=Activity.PAY, state=case.state),
        actor=None,
        now=paid_at,
        procedure=procedure,
        fields=[],
        detail={"amount": amount},
    )


def on_case_fee_paid(sender: Any, **announced: Any) -> None:
    case_fee_record(
        municipality_code=announced["municipality_code"],
        reference_number=announced["reference_number"],
        amount=announced["amount"],
        paid_at=announced["paid_at"],
    )
