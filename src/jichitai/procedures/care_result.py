"""What the case pages of a 要介護・要支援認定の申請 (and of a 住所移転後の認定) show of the
介護保険 record the approval wrote: the application waiting for the 介護認定審査会, or the
認定 recorded on it — the level and its 有効期間 — and, for staff, the form recording it.

The approval records the application in the department (`care.certification_apply`): the
result is recorded on that row afterwards (`care_certification_decide`, within 30 days of the
application, 介護保険法 第27条第11項), so the form is offered on the approved case while the
application waits. A 住所移転後 認定 (第36条) is decided by the approval itself."""

from __future__ import annotations

from dataclasses import dataclass

from django.forms import Form

from jichitai.departments.models import CareCertification, CareLevel
from jichitai.procedures.forms import CareResultForm
from jichitai.procedures.models import Case, CaseState
from jichitai.procedures.selectors import CARE_CERTIFICATION_PROCEDURES, case_care_certification

PROCEDURE_ID = "care_need_certification"
PROCEDURE_IDS = CARE_CERTIFICATION_PROCEDURES


@dataclass(frozen=True)
class CareResult:
    """The case's certification (None before approval) and, for staff while the
    application waits, the form recording its result."""

    certification: CareCertification | None
    form: Form | None

    @property
    def waiting(self) -> bool:
        """申請中: the 審査会's result is not recorded yet."""
        return (
            self.certification is not None
            and self.certification.status == CareCertification.Status.APPLIED
        )

    @property
    def not_applicable(self) -> bool:
        return (
            self.certification is not None
            and self.certification.status == CareCertification.Status.DECIDED
            and self.certification.level == CareLevel.NOT_APPLICABLE
        )


def case_certification(case: Case) -> CareCertification | None:
    """The certification the case's approval wrote, when it is one of these procedures."""
    return case_care_certification(case=case)


def case_care_result(case: Case, *, form: Form | None = None, staff: bool) -> CareResult | None:
    """None for every other procedure. The form is offered to staff on an approved 要介護認定
    case whose application still waits for its result."""
    if case.procedure_id not in PROCEDURE_IDS:
        return None
    certification = case_certification(case)
    result = CareResult(certification=certification, form=None)
    if (
        staff
        and case.procedure_id == PROCEDURE_ID
        and case.state == CaseState.APPROVED
        and result.waiting
    ):
        result = CareResult(certification=certification, form=form or CareResultForm())
    return result
