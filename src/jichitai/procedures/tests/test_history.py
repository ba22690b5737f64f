"""過去の申請の移行: a former system's decided cases come in with their events, numbered in
the year's sequence; a history the workflow could not have produced is refused whole."""

from __future__ import annotations

import pytest

from jichitai.audit.models import AuditRecord
from jichitai.insights.tests.factories import A, at, four_cases, import_cases, past
from jichitai.procedures.errors import TransitionInvalid
from jichitai.procedures.models import Case, CaseEvent, CaseState
from jichitai.tenants.models import Municipality


def test_history_cases_keep_their_events_states_and_deadlines(midori: Municipality) -> None:
    assert import_cases(midori, four_cases()) == 4
    cases = list(Case.objects.for_municipality(midori).order_by("submitted_at"))
    assert [c.reference_number for c in cases] == [f"2026-00000{n}" for n in range(1, 5)]
    assert [c.state for c in cases] == [
        CaseState.APPROVED,
        CaseState.APPROVED,
        CaseState.REJECTED,
        CaseState.APPROVED,
    ]
    # 住民票 filed Wednesday 4/1, 標準処理期間 1 開庁日: due Thursday 4/2.
    assert str(cases[0].due_on) == "2026-04-02"
    assert cases[0].decided_at == at("2026-04-01 13:00")
    assert cases[0].signature_verified_at is not None
    assert CaseEvent.objects.for_municipality(midori).count() == 17
    assert AuditRecord.objects.get(action="procedures.case_history_import").detail == {"cases": 4}


def test_a_path_the_workflow_does_not_allow_writes_nothing(midori: Municipality) -> None:
    bad = past(
        "juminhyo_request",
        [(A.SUBMIT, at("2026-04-01 10:00")), (A.APPROVE, at("2026-04-01 11:00"))],
    )
    with pytest.raises(TransitionInvalid):
        import_cases(midori, [*four_cases(), bad])
    assert not Case.objects.exists()


def test_a_history_must_start_with_the_application(midori: Municipality) -> None:
    bad = past("juminhyo_request", [(A.CLAIM, at("2026-04-01 10:00"))])
    with pytest.raises(TransitionInvalid):
        import_cases(midori, [bad])
