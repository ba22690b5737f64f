"""要介護認定の結果の記録 on a case (介護保険法 第27条第7項): the 介護認定審査会's result is
written on the application the case's approval recorded in the 介護保険 record."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from jichitai.departments.models import CareCertification, CareLevel
from jichitai.departments.services import care_certification_decide
from jichitai.identity.models import StaffUser
from jichitai.procedures.errors import CareResultNotWaiting
from jichitai.procedures.models import Case, CaseState
from jichitai.procedures.selectors import case_care_certification


@transaction.atomic
def case_care_result_record(
    *,
    case: Case,
    level: CareLevel,
    decided_on: dt.date,
    valid_from: dt.date | None,
    valid_to: dt.date | None,
    actor: StaffUser,
) -> CareCertification:
    """Once per application: only an approved case whose application still waits (a replay,
    or a colleague who recorded it first, is refused). The dates are checked, and the write
    audited, by `care_certification_decide`.
    Raises CareResultNotWaiting and the department service's errors."""
    certification = case_care_certification(case=case)
    if case.state != CaseState.APPROVED or certification is None:
        raise CareResultNotWaiting(
            "申請を承認して介護保険の記録に申請を登録してから、結果を記録してください。"
        )
    if certification.status != CareCertification.Status.APPLIED:
        raise CareResultNotWaiting("この申請の認定結果はすでに記録されています。")
    return care_certification_decide(
        municipality=case.municipality,
        code=certification.insured.code,
        level=level,
        decided_on=decided_on,
        valid_from=valid_from,
        valid_to=valid_to,
        actor=actor,
    )
