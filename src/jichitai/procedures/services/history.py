"""過去の申請の移行 (case history import): cases a former system processed, with their events.

A municipality that moves to this platform brings the trail of the cases it already decided,
so its process analysis (insights) starts with years, not days. The demo seeds a year of
such history the same way. Each case's events must follow the workflow table
(`workflow.transition_target`): a history the workflow could not have produced is refused,
so the event log stays one the inbox could have written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.procedures.actors import Actor
from jichitai.procedures.definitions import Procedure
from jichitai.procedures.errors import TransitionInvalid
from jichitai.procedures.models import (
    Activity,
    ActorType,
    Case,
    CaseEvent,
    CaseState,
    ReferenceSequence,
)
from jichitai.procedures.services.recording import due_on_compute
from jichitai.procedures.workflow import transition_target
from jichitai.tenants.models import Municipality

_DECIDING = {Activity.APPROVE, Activity.REJECT, Activity.WITHDRAW, Activity.MOVE_IN}
# Rows written per INSERT: bounds one statement's parameters (SQLite allows 32,766).
_BATCH = 500


@dataclass(frozen=True, slots=True)
class PastEvent:
    """One step of a past case: what happened, when, and who did it (a role, no id)."""

    activity: Activity
    at: dt.datetime
    actor_type: ActorType


@dataclass(frozen=True, slots=True)
class PastCase:
    """A case of the former system: its procedure, channel, processing deadline, whether the
    application was signed with the card (and when the signature was verified) and its
    events from 申請 (submit) on. Its form data is not carried: the analysis needs none.
    The 処理期限 is computed here from the procedure's 標準処理期間, as for a live case."""

    procedure: Procedure
    channel: str
    applicant_key: str
    signature_verified_at: dt.datetime | None
    events: Sequence[PastEvent]


def case_history_import(
    *, municipality: Municipality, cases: Sequence[PastCase], actor: Actor | None
) -> int:
    """過去の申請の移行: write `cases` with their events and 受付番号 of the year each was
    submitted; returns how many. Raises TransitionInvalid for a case whose events the
    workflow does not allow (nothing is written then). Audited (the count only)."""
    with transaction.atomic():
        numbers = _reference_numbers(municipality=municipality, cases=cases)
        due: dict[tuple[dt.date, int], dt.date] = {}
        rows: list[Case] = []
        for past, reference_number in zip(cases, numbers, strict=True):
            row = _case_row(municipality, past, reference_number)
            submitted = (timezone.localdate(row.submitted_at), past.procedure.processing_days)
            if submitted not in due:
                due[submitted] = due_on_compute(
                    municipality=municipality, submitted_on=submitted[0], open_days=submitted[1]
                )
            row.due_on = due[submitted]
            rows.append(row)
        for start in range(0, len(rows), _BATCH):
            # bulk_create sets primary keys on PostgreSQL and SQLite ≥ 3.35 (RETURNING).
            Case.objects.bulk_create(rows[start : start + _BATCH])
        CaseEvent.objects.bulk_create(
            (
                event
                for row, past in zip(rows, cases, strict=True)
                for event in _event_rows(row, past)
            ),
            batch_size=_BATCH,
        )
        audit_record(
            actor=actor,
            action="procedures.case_history_import",
            municipality_code=municipality.lg_code,
            object_type="procedures.Case",
            detail={"cases": len(rows)},
        )
    return len(rows)


def _reference_numbers(*, municipality: Municipality, cases: Sequence[PastCase]) -> list[str]:
    """A block of the year's running numbers per year, taken under the sequence's row lock
    (the same lock every submission takes), so history and live cases never collide."""
    years = [timezone.localdate(past.events[0].at).year for past in cases]
    next_number: dict[int, int] = {}
    for year in sorted(set(years)):
        sequence, _ = ReferenceSequence.objects.select_for_update().get_or_create(
            municipality=municipality, year=year
        )
        next_number[year] = sequence.last_value + 1
        sequence.last_value += years.count(year)
        sequence.save(update_fields=["last_value"])
    numbers = []
    for year in years:
        numbers.append(f"{year}-{next_number[year]:06d}")
        next_number[year] += 1
    return numbers


def _case_row(municipality: Municipality, past: PastCase, reference_number: str) -> Case:
    if not past.events or past.events[0].activity != Activity.SUBMIT:
        # Every case starts with its 申請; the workflow table has no state before it.
        raise TransitionInvalid(
            action_label=str(Activity.SUBMIT.label), state_label=str(CaseState.SUBMITTED.label)
        )
    state: CaseState = CaseState.SUBMITTED
    decided_at = None
    for event in past.events[1:]:
        state = transition_target(activity=event.activity, state=state)
        if event.activity in _DECIDING:
            decided_at = event.at
    return Case(
        municipality=municipality,
        procedure_id=past.procedure.id,
        procedure_version=past.procedure.version,
        procedure_sha256=past.procedure.sha256,
        department=past.procedure.department,
        reference_number=reference_number,
        applicant_key=past.applicant_key,
        state=state,
        channel=past.channel,
        data={},
        submitted_at=past.events[0].at,
        decided_at=decided_at,
        signature_verified_at=past.signature_verified_at,
    )


def _event_rows(case: Case, past: PastCase) -> list[CaseEvent]:
    rows = []
    state: CaseState = CaseState.SUBMITTED
    for position, event in enumerate(past.events):
        if position:
            state = transition_target(activity=event.activity, state=state)
        rows.append(
            CaseEvent(
                municipality_id=case.municipality_id,
                case=case,
                activity=event.activity,
                timestamp=event.at,
                actor_type=event.actor_type,
                # The former system's staff are not this platform's accounts: a role only.
                actor_id="",
                channel=case.channel,
                procedure_id=case.procedure_id,
                state=state,
            )
        )
    return rows
