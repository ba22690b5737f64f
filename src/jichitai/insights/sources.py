"""Sources of the counter's figures that other apps plug in (窓口の待ち時間, 書かない窓口).

Insights reads the case events itself. The queue tickets (visits) and the counter's field
counts (counter) belong to apps that register a source here at start-up, in their
`AppConfig.ready()`; until one is registered the dashboard says there is no data yet.
A source answers for one municipality only (it is handed the municipality and must not
read another's rows) and returns an Arrow table of exactly these columns:

- tickets (`TicketSource.tickets`): `arrived`, `called`, `started`, `ended` (µs since the
  epoch, UTC; null when it did not happen), `no_show` (bool: called and never came);
- field counts (`FieldCountSource.field_counts`): `recorded` (µs), `procedure_id` (str),
  `typed` (fields the resident or staff typed), `prefilled` (fields taken from the
  register or the card, int64).
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

import pyarrow as pa

from jichitai.tenants.models import Municipality

TICKET_SCHEMA = pa.schema(
    [
        ("arrived", pa.int64()),
        ("called", pa.int64()),
        ("started", pa.int64()),
        ("ended", pa.int64()),
        ("no_show", pa.bool_()),
    ]
)
FIELD_COUNT_SCHEMA = pa.schema(
    [
        ("recorded", pa.int64()),
        ("procedure_id", pa.string()),
        ("typed", pa.int64()),
        ("prefilled", pa.int64()),
    ]
)


class TicketSource(Protocol):
    """整理券 (queue tickets) of a municipality issued from `since` to `until` (excluded)."""

    def tickets(
        self, *, municipality: Municipality, since: dt.date, until: dt.date
    ) -> pa.Table: ...


class FieldCountSource(Protocol):
    """書かない窓口: per counter filing, how many fields were typed and how many pre-filled."""

    def field_counts(
        self, *, municipality: Municipality, since: dt.date, until: dt.date
    ) -> pa.Table: ...


_tickets: list[TicketSource] = []
_field_counts: list[FieldCountSource] = []


def ticket_source_register(source: TicketSource) -> None:
    """Called once by the app that owns the queue; a second registration replaces none."""
    if source not in _tickets:
        _tickets.append(source)


def field_count_source_register(source: FieldCountSource) -> None:
    if source not in _field_counts:
        _field_counts.append(source)


def ticket_sources() -> tuple[TicketSource, ...]:
    return tuple(_tickets)


def field_count_sources() -> tuple[FieldCountSource, ...]:
    return tuple(_field_counts)


def sources_unregister(source: object) -> None:
    """Tests plug in a source of their own and take it out again."""
    for registry in (_tickets, _field_counts):
        if source in registry:
            registry.remove(source)  # type: ignore[arg-type]
