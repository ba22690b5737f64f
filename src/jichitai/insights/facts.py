"""The facts the dashboard counts, read from the database into Arrow tables, one municipality
at a time (DESIGN.md: insights read only the case events and the queue's tickets).

- `events`: one row per case event: `case_id`, `event_id` (ties at one instant keep the
  order they were recorded in), `activity` (the stable code), `instant` (µs since the epoch,
  UTC), `actor_type`.
- `cases`: one row per case: `case_id`, `procedure_id`, `channel`, `submitted` (µs),
  `due_on` (処理期限, a date), `decided` (µs, null while open), `signed` (電子署名付き),
  `card_sign_in` (filed online by a resident signed in with the card).

Arrow because DuckDB reads it in place (no copy, no type guessing); the columns are built
from plain Python lists a few thousand rows at a time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pyarrow as pa

from jichitai.procedures.models import Case, CaseEvent
from jichitai.tenants.models import Municipality

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)
# Rows fetched per round trip.
_CHUNK = 5_000


@dataclass(frozen=True, slots=True)
class Facts:
    events: pa.Table
    cases: pa.Table

    @property
    def empty(self) -> bool:
        return bool(self.cases.num_rows == 0)


def micros(moment: dt.datetime) -> int:
    """µs since the epoch, the unit of every instant here (exact, unlike a float)."""
    return (moment - _EPOCH) // _MICROSECOND


def case_facts(*, municipality: Municipality) -> Facts:
    """事実 (facts): the municipality's case events and cases as Arrow tables. Reads no form
    data and no actor id: only what a process measure needs."""
    return Facts(
        events=event_rows(municipality=municipality),
        cases=case_rows(municipality=municipality),
    )


def event_rows(*, municipality: Municipality, after_id: int = 0) -> pa.Table:
    """The municipality's case events whose id is above `after_id` (the fact store's
    refresh reads only those)."""
    columns: dict[str, list[object]] = {
        "case_id": [],
        "event_id": [],
        "activity": [],
        "instant": [],
        "actor_type": [],
    }
    rows = (
        CaseEvent.objects.for_municipality(municipality)
        .filter(pk__gt=after_id)
        .order_by()
        .values_list("case_id", "pk", "activity", "timestamp", "actor_type")
    )
    for case_id, event_id, activity, timestamp, actor_type in rows.iterator(chunk_size=_CHUNK):
        columns["case_id"].append(case_id)
        columns["event_id"].append(event_id)
        columns["activity"].append(activity)
        columns["instant"].append(micros(timestamp))
        columns["actor_type"].append(actor_type)
    return pa.table(
        columns,
        schema=pa.schema(
            [
                ("case_id", pa.int64()),
                ("event_id", pa.int64()),
                ("activity", pa.string()),
                ("instant", pa.int64()),
                ("actor_type", pa.string()),
            ]
        ),
    )


def event_instant(*, municipality: Municipality, event_id: int) -> tuple[int, int] | None:
    """(case id, instant) of one of the municipality's case events; None when the database
    holds no such event (the fact store checks it still describes this database)."""
    row = (
        CaseEvent.objects.for_municipality(municipality)
        .filter(pk=event_id)
        .values_list("case_id", "timestamp")
        .first()
    )
    return None if row is None else (row[0], micros(row[1]))


def case_rows(*, municipality: Municipality, case_ids: list[int] | None = None) -> pa.Table:
    """The municipality's cases, all or those of `case_ids`."""
    columns: dict[str, list[object]] = {
        name: []
        for name in (
            "case_id",
            "procedure_id",
            "channel",
            "submitted",
            "due_on",
            "decided",
            "signed",
            "card_sign_in",
        )
    }
    cases = Case.objects.for_municipality(municipality)
    if case_ids is not None:
        cases = cases.filter(pk__in=case_ids)
    rows = cases.order_by().values_list(
        "pk",
        "procedure_id",
        "channel",
        "submitted_at",
        "due_on",
        "decided_at",
        "signature_verified_at",
        "applicant_key",
    )
    for case_id, procedure_id, channel, submitted, due_on, decided, signed, key in rows.iterator(
        chunk_size=_CHUNK
    ):
        columns["case_id"].append(case_id)
        columns["procedure_id"].append(procedure_id)
        columns["channel"].append(channel)
        columns["submitted"].append(micros(submitted))
        columns["due_on"].append(due_on)
        columns["decided"].append(None if decided is None else micros(decided))
        columns["signed"].append(signed is not None)
        # Online filing happens only after the portal's card sign-in (利用者証明用電子証明書),
        # which is what gives the case a resident's key.
        columns["card_sign_in"].append(channel == "online" and bool(key))
    return pa.table(
        columns,
        schema=pa.schema(
            [
                ("case_id", pa.int64()),
                ("procedure_id", pa.string()),
                ("channel", pa.string()),
                ("submitted", pa.int64()),
                ("due_on", pa.date32()),
                ("decided", pa.int64()),
                ("signed", pa.bool_()),
                ("card_sign_in", pa.bool_()),
            ]
        ),
    )
