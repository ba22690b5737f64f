"""Reads of insights (業務の見える化): the case events of a municipality as event-log records.

Only the events procedures records are read (DESIGN.md: insights read only the events and
the queue's tickets), through procedures' selector, one municipality at a time; the facts
the dashboard counts (`case_facts`, facts.py) likewise. Across municipalities, only the
figures each published (`published_figures_list`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from jichitai.insights.eventlog.log import EventLog
from jichitai.insights.eventlog.records import RecordedEvent
from jichitai.insights.facts import Facts as Facts
from jichitai.insights.facts import case_facts as case_facts
from jichitai.insights.models import ImportedEvent, ImportedLog, PublishedFigures
from jichitai.insights.store import fact_store as fact_store
from jichitai.procedures.models import Activity, ActorType
from jichitai.procedures.selectors import case_events_for_mining
from jichitai.tenants.models import Municipality

# Rows fetched per round trip while streaming a large log.
_CHUNK = 2_000


def recorded_events(
    *, municipality: Municipality, procedure_id: str | None = None
) -> Iterator[RecordedEvent]:
    """事象ログ: every case event of `municipality` (of one procedure if given), a case's
    events together in time order.

    The activity is named by its Japanese label (what a process map shows), the stable code
    kept as `jichitai:activity`; who acted is only a role (`org:role`: 職員・住民・システム),
    never an id, so an exported log carries no personal data.
    """
    labels = dict(Activity.choices)
    roles = dict(ActorType.choices)
    for event in case_events_for_mining(
        municipality=municipality, procedure_id=procedure_id
    ).iterator(chunk_size=_CHUNK):
        yield RecordedEvent(
            event_id=str(event.pk),
            case_id=event.case.reference_number,
            activity=str(labels.get(event.activity, event.activity)),
            time=event.timestamp,
            case_attributes={"procedure": event.procedure_id, "channel": event.channel},
            attributes={
                "jichitai:activity": event.activity,
                "org:role": str(roles.get(event.actor_type, event.actor_type)),
                "lifecycle:transition": "complete",
                "jichitai:state": event.state,
            },
        )


def published_figures_list(*, since: dt.date) -> list[PublishedFigures]:
    """公表指標 of every municipality of the deployment from the month of `since` on: what
    each chose to publish (aggregates only), ordered by municipality and month."""
    return list(
        PublishedFigures.objects.filter(month__gte=since.replace(day=1)).order_by(
            "municipality_id", "month"
        )
    )


def municipality_names(*, lg_codes: Iterable[str]) -> dict[str, str]:
    """団体名 for the comparison table."""
    return {m.lg_code: m.full_name for m in Municipality.objects.filter(lg_code__in=list(lg_codes))}


def imported_log_list(*, municipality: Municipality) -> list[ImportedLog]:
    """取り込んだログ of the municipality, newest first."""
    return list(ImportedLog.objects.for_municipality(municipality).order_by("-imported_at", "pk"))


def imported_log_events(*, municipality: Municipality, log_id: int) -> EventLog | None:
    """The events of one imported log in file order, or None when the municipality has no
    log of that id (another municipality's id included)."""
    if not ImportedLog.objects.for_municipality(municipality).filter(pk=log_id).exists():
        return None
    log = EventLog()
    rows = (
        ImportedEvent.objects.for_municipality(municipality)
        .filter(log_id=log_id)
        .order_by("position")
        .values_list("case_id", "activity", "instant")
    )
    for case_id, activity, instant in rows.iterator(chunk_size=_CHUNK):
        log.append(case_id, activity, instant)
    return log
