"""The counter's figures from the apps that record them, plugged into `insights.sources`.

- 整理券 (visits): `visits.selectors.ticket_list_for_insights`, the queue's arrival, call,
  start and end of each ticket;
- 書かない測定 (counter): `counter.selectors.field_origins_export`, where each field of a
  counter filing came from.

Both apps sit below insights (pyproject's import layers), so insights reads them and they
never learn about insights. Each read is for the one municipality the dashboard shows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter as Tally

import pyarrow as pa
from django.utils import timezone

from jichitai.counter.selectors import field_origins_export
from jichitai.insights.sources import (
    FIELD_COUNT_SCHEMA,
    TICKET_SCHEMA,
    field_count_source_register,
    ticket_source_register,
)
from jichitai.tenants.models import Municipality
from jichitai.visits.models import TicketStatus
from jichitai.visits.selectors import ticket_list_for_insights

_PREFILLED = "prefilled"


def _micros(value: dt.datetime | None) -> int | None:
    return None if value is None else int(value.timestamp() * 1_000_000)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class QueueTickets:
    """整理券 of the visits app, one row per ticket issued in [since, until)."""

    def tickets(self, *, municipality: Municipality, since: dt.date, until: dt.date) -> pa.Table:
        rows = ticket_list_for_insights(
            municipality_code=municipality.lg_code, first=since, last=until - dt.timedelta(days=1)
        )
        columns: dict[str, list[object]] = {name: [] for name in TICKET_SCHEMA.names}
        for ticket in rows.iterator(chunk_size=2000):
            # The queue closes a no-show ticket too; insights counts as served only the ended
            # tickets that were not no-shows.
            no_show = ticket.status == TicketStatus.NO_SHOW
            columns["arrived"].append(_micros(ticket.arrived_at))
            columns["called"].append(_micros(ticket.called_at))
            columns["started"].append(None if no_show else _micros(ticket.started_at))
            columns["ended"].append(None if no_show else _micros(ticket.ended_at))
            columns["no_show"].append(no_show)
        return pa.table(columns, schema=TICKET_SCHEMA)


class CounterFieldCounts:
    """書かない測定 of the counter app, one row per (counter session, procedure) filing."""

    def field_counts(
        self, *, municipality: Municipality, since: dt.date, until: dt.date
    ) -> pa.Table:
        fields = field_origins_export(
            municipality=municipality, since=_day_start(since), until=_day_start(until)
        )
        recorded: dict[tuple[str, str], str] = {}
        tally: Tally[tuple[str, str, bool]] = Tally()
        for row in fields:
            filing = (row["session"], row["procedure"])
            recorded.setdefault(filing, row["recorded_at"])
            tally[(*filing, row["origin"] == _PREFILLED)] += 1
        columns: dict[str, list[object]] = {name: [] for name in FIELD_COUNT_SCHEMA.names}
        for (session, procedure), at in recorded.items():
            columns["recorded"].append(_micros(dt.datetime.fromisoformat(at)))
            columns["procedure_id"].append(procedure)
            columns["typed"].append(tally[(session, procedure, False)])
            columns["prefilled"].append(tally[(session, procedure, True)])
        return pa.table(columns, schema=FIELD_COUNT_SCHEMA)


def plugged_sources_register() -> None:
    """Called from InsightsConfig.ready(): the dashboard reads the queue and the counter."""
    ticket_source_register(QueueTickets())
    field_count_source_register(CounterFieldCounts())
