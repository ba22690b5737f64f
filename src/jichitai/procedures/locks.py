"""Row locks of cases: every state change takes its case row first."""

from __future__ import annotations

from jichitai.procedures.errors import CaseNotFound
from jichitai.procedures.models import Case
from jichitai.tenants.models import Municipality


def case_lock(*, municipality: Municipality, case_id: int) -> Case:
    """The case, locked until the transaction ends: two approvals of one case take turns, and
    the second sees the state the first left (so the back-office action runs once).
    Raises CaseNotFound, also for another municipality's case."""
    case = (
        Case.objects.for_municipality(municipality).select_for_update().filter(pk=case_id).first()
    )
    if case is None:
        raise CaseNotFound
    return case
