"""審査の操作 (a staff member's step on a case): the one table of which service each step
runs, shared by the API (`POST …/cases/{id}/transitions`) and the inbox's forms."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from jichitai.identity.models import StaffUser
from jichitai.procedures.models import Case
from jichitai.procedures.services.transitions import (
    case_approve,
    case_claim,
    case_reject,
    case_return,
)
from jichitai.tenants.models import Municipality


@dataclass(frozen=True)
class CaseStep:
    """One step: its service and whether it takes the reason the applicant is shown
    (差戻し・却下)."""

    name: str
    service: Callable[..., Case]
    takes_reason: bool = False

    def run(
        self, *, municipality: Municipality, case_id: int, actor: StaffUser, reason: str = ""
    ) -> Case:
        """The step done on this municipality's case. Raises what its service raises."""
        if self.takes_reason:
            return self.service(
                municipality=municipality, case_id=case_id, actor=actor, reason=reason
            )
        return self.service(municipality=municipality, case_id=case_id, actor=actor)


CASE_STEPS: dict[str, CaseStep] = {
    step.name: step
    for step in (
        CaseStep("claim", case_claim),
        CaseStep("return", case_return, takes_reason=True),
        CaseStep("approve", case_approve),
        CaseStep("reject", case_reject, takes_reason=True),
    )
}
