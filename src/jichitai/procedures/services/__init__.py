"""Case services: every write to a case, one function per use case (selectors.py reads).

Submitting: `case_submit` (online by a ResidentActor, or at the counter by staff) and
`case_submit_moving` (引越しワンストップ: 転出届 + 転入予約 in one signed submission).
Processing: `case_claim`, `case_return`, `case_approve` (runs the approval actions once),
`case_reject` by staff, each a step of `CASE_STEPS` (the API and the inbox run them from
there); `case_resubmit`, `case_withdraw` by the resident; `case_decide_at_counter` (窓口で決定:
claim and approve in the counter's completing transaction).
`case_access_record` logs a read of a case's data (personal data), `case_list_access_record`
a page of the inbox that names applicants; `case_department_check`
refuses (404, audited) a staff member a case outside their departments (need to know).
Each writes the case, a CaseEvent and an audit record in one transaction, or nothing.
`case_history_import` writes the decided cases of a former system (and the demo's year).
Also exported for other apps: who acts (`Actor`, `ResidentActor`) and what is uploaded
(`Upload`, at most `MAX_BYTES`), the types these services take.
"""

from jichitai.procedures.actors import Actor, ResidentActor
from jichitai.procedures.attachments import MAX_BYTES, Upload
from jichitai.procedures.services.care_results import case_care_result_record
from jichitai.procedures.services.case_steps import CASE_STEPS, CaseStep
from jichitai.procedures.services.counter_decision import case_decide_at_counter
from jichitai.procedures.services.history import PastCase, PastEvent, case_history_import
from jichitai.procedures.services.recording import (
    case_access_record,
    case_attachment_access_record,
    case_department_check,
    case_list_access_record,
)
from jichitai.procedures.services.submission import (
    MOVE_IN_RESERVATION,
    MOVE_OUT,
    Submitted,
    case_submit,
    case_submit_moving,
)
from jichitai.procedures.services.transitions import (
    case_approve,
    case_claim,
    case_reject,
    case_resubmit,
    case_return,
    case_withdraw,
)

__all__ = [
    "CASE_STEPS",
    "MAX_BYTES",
    "MOVE_IN_RESERVATION",
    "MOVE_OUT",
    "Actor",
    "CaseStep",
    "PastCase",
    "PastEvent",
    "ResidentActor",
    "Submitted",
    "Upload",
    "case_access_record",
    "case_approve",
    "case_attachment_access_record",
    "case_care_result_record",
    "case_claim",
    "case_decide_at_counter",
    "case_department_check",
    "case_history_import",
    "case_list_access_record",
    "case_reject",
    "case_resubmit",
    "case_return",
    "case_submit",
    "case_submit_moving",
    "case_withdraw",
]
