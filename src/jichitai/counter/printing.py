"""印刷 (what the resident takes home): after completion, the summary of what was done and what
comes next, and the forms a law still wants on paper, pre-filled — one PDF, rendered like the
register's notices (registry's WeasyPrint rendering: A4, 明朝, the Japanese glyphs embedded, or
refused rather than printed as empty boxes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from jichitai.counter.errors import SessionNotCompleted
from jichitai.counter.filings import new_address
from jichitai.counter.models import CounterSession
from jichitai.counter.selectors import session_get
from jichitai.counter.services import session_audit
from jichitai.identity.models import StaffUser
from jichitai.procedures.models import Case
from jichitai.procedures.selectors import (
    Procedure,
    SummaryRow,
    data_summary,
    life_event_get,
    procedure_get,
)
from jichitai.registry.services import RenderedPdf, document_pdf_render
from jichitai.tenants.models import Municipality

TEMPLATE = "counter/print/summary.html"


@dataclass(frozen=True)
class PrintedCase:
    """One case of the session as the resident reads it: decided or waiting, and what next."""

    procedure: Procedure
    reference: str
    decided: bool
    next_steps: str  # the catalog's summary: what the municipality does and what the resident does


@dataclass(frozen=True)
class PaperForm:
    """A form a law still wants on paper, filled with the filed data."""

    procedure: Procedure
    reference: str
    why: str  # the law (and what it wants), from the life-event rule's `paper`
    rows: list[tuple[str, str]]  # (label, value), a group's label before its items' labels


def _flat(rows: list[SummaryRow], prefix: str = "") -> list[tuple[str, str]]:
    """A form's answered items as the lines of a printed sheet: 「保護者　氏名」「山田　花子」."""
    lines: list[tuple[str, str]] = []
    for row in rows:
        label = f"{prefix}　{row.label}" if prefix else row.label
        if row.children:
            lines += _flat(row.children, label)
        else:
            lines.append((label, row.value))
    return lines


def _paper_forms(session: CounterSession, cases: dict[str, Case]) -> list[PaperForm]:
    event = life_event_get(event_id=session.event_id)
    on_paper = {rule.procedure_id: rule.paper for rule in event.rules if rule.paper}
    forms = []
    for reference, case in cases.items():
        if case.procedure_id not in on_paper:
            continue
        procedure = procedure_get(procedure_id=case.procedure_id)
        forms.append(
            PaperForm(
                procedure=procedure,
                reference=reference,
                why=on_paper[case.procedure_id],
                rows=_flat(data_summary(procedure.form, case.data)),
            )
        )
    return forms


def _printed(row: dict[str, Any], case: Case) -> PrintedCase:
    procedure = procedure_get(procedure_id=case.procedure_id)
    return PrintedCase(
        procedure=procedure,
        reference=row["reference"],
        decided=bool(row.get("decided")),
        next_steps=procedure.summary,
    )


def summary_context(session: CounterSession) -> dict[str, Any]:
    filed = session.result.get("cases", [])
    cases = {
        case.reference_number: case
        for case in Case.objects.for_municipality(session.municipality_id).filter(
            reference_number__in=[row["reference"] for row in filed]
        )
    }
    return {
        "session": session,
        "municipality": session.municipality,
        "event": life_event_get(event_id=session.event_id),
        "name": session.card.get("name", ""),
        "address": new_address(session),
        "completed_on": timezone.localdate(session.completed_at),
        "cases": [_printed(row, cases[row["reference"]]) for row in filed],
        "paper_forms": _paper_forms(session, cases),
        "counts": session.result.get("counts", {}),
    }


def session_summary_pdf(
    *, municipality: Municipality, session_id: str, actor: StaffUser
) -> RenderedPdf:
    """The printed summary of a completed session (personal data: the read is audited).
    Raises SessionNotFound, SessionNotCompleted and what the rendering raises (a glyph no
    font has, no Japanese font)."""
    session = session_get(municipality=municipality, session_id=session_id)
    if session.status != CounterSession.Status.COMPLETED:
        raise SessionNotCompleted
    rendered = document_pdf_render(TEMPLATE, summary_context(session))
    session_audit(session, "counter.summary_print", actor, pages=rendered.pages)
    return rendered
