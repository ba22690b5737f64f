"""How the import writes: rows inserted in bulk (COPY on PostgreSQL, bulk_create elsewhere),
the change and snapshot rows it builds, and the numbering sequences raised afterwards."""

from __future__ import annotations

import datetime as dt
import json
import operator
from collections.abc import Mapping
from typing import Any

from django.db import connection, models
from psycopg.copy import QueuedLibpqWriter

from jichitai.registry.layout.columns import SNAPSHOT_KEYS
from jichitai.registry.models import NumberSequence, Resident
from jichitai.tenants.models import Municipality

BATCH_SIZE = 5000


def change_row(
    lg_code: str,
    kind: str,
    effective_on: dt.date,
    notified_on: dt.date | None,
    processed_at: dt.datetime,
    note: str,
    offered_on: dt.date | None = None,
) -> dict[str, Any]:
    return {
        "municipality_id": lg_code,
        "change_type": kind,
        "effective_on": effective_on,
        "notified_on": notified_on,
        "processed_at": processed_at,
        "actor_id": None,
        "note": note,
        "cancels_id": None,
        # The layout carries the 申出日 but not the other circumstances yet
        # (docs/registry-layout.md): a change with a 申出日 was made on 申出, any other reads
        # as a 届出.
        "basis": "offer" if offered_on is not None else "notification",
        "offered_on": offered_on,
        "notifier_name": "",
        "informed_on": None,
        "requested_on": None,
        "input_place_id": None,
        "input_terminal_id": None,
    }


def history_snapshot(
    items: Mapping[str, Any], *, cipher: str, digest: str, household_id: Any = None
) -> dict[str, Any]:
    """A history snapshot as recording.snapshot_of writes it (same keys, same order, dates
    as ISO text), from checked items."""
    snapshot = {key: items.get(key) for key in SNAPSHOT_KEYS}
    snapshot["household_head_name"] = snapshot["household_head_name"] or ""
    for key in _SNAPSHOT_DATES:
        value = snapshot[key]
        if isinstance(value, dt.date):
            snapshot[key] = value.isoformat()
    snapshot.update(my_number_cipher=cipher, my_number_hash=digest, household_id=household_id)
    return snapshot


_SNAPSHOT_DATES = tuple(
    f.name
    for f in Resident._meta.concrete_fields
    if isinstance(f, models.DateField) and f.name in SNAPSHOT_KEYS
)


class CopyStreams:
    """PostgreSQL COPY streams of one import, on the transaction's connection.

    A COPY stays open while rows for its table keep coming, so that the server indexes them
    on its core while Python checks the next rows; writing to another table (or running any
    other query) ends it first. Primary keys are drawn from the tables' sequences over a
    second connection: nextval is not transactional, and the first one is busy copying.
    """

    def __init__(self) -> None:
        self._open: tuple[BulkInserter, Any, Any, Any] | None = None
        self._ids: Any = None
        self._sequences: dict[str, str] = {}

    def ids(self, table: str, count: int) -> list[int]:
        if self._ids is None:
            self._ids = connection.get_new_connection(connection.get_connection_params())
            self._ids.autocommit = True
        with self._ids.cursor() as cursor:
            sequence = self._sequences.get(table)
            if sequence is None:
                # Looked up once: inside the query it was looked up for every row, most of
                # the time of drawing 5,000 keys (180 ms against 50 ms, psql \timing).
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
                (sequence,) = cursor.fetchone()
                self._sequences[table] = sequence
            cursor.execute(
                "SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count]
            )
            return [pk for (pk,) in cursor.fetchall()]

    def copy_for(self, inserter: BulkInserter) -> Any:
        if self._open is not None and self._open[0] is inserter:
            return self._open[3]
        self.close()
        quote = connection.ops.quote_name
        keyed = [inserter.model._meta.pk] if inserter.returning else []
        columns = ", ".join(quote(str(f.column)) for f in [*keyed, *inserter.fields])
        cursor = connection.cursor()
        # Queued: write_row returns at once and a thread feeds the socket, so Python goes
        # on checking rows while the server is busy with indexes.
        manager = cursor.cursor.copy(
            f"COPY {quote(inserter.table)} ({columns}) FROM STDIN",
            writer=QueuedLibpqWriter(cursor.cursor),
        )
        self._open = (inserter, cursor, manager, manager.__enter__())
        return self._open[3]

    def close(self, error: BaseException | None = None) -> None:
        """Ends the open COPY (aborting it on `error`, so the transaction rolls back)."""
        if self._open is not None:
            _, cursor, manager, _ = self._open
            self._open = None
            manager.__exit__(type(error) if error else None, error, None)
            cursor.close()

    def shutdown(self, error: BaseException | None = None) -> None:
        self.close(error)
        if self._ids is not None:
            self._ids.close()
            self._ids = None


class BulkInserter:
    """Inserts rows (values in the order of `attnames`) and returns their new primary keys.

    PostgreSQL: into a COPY stream (CopyStreams). Django's bulk_create sends each column as
    one array literal (UNNEST), which psycopg quotes character by character when it binds
    client-side (the default): measured at about 1,500 rows/s against tens of thousands with
    COPY (docs/registry-layout.md). Elsewhere (SQLite: tests and the demo): bulk_create.
    """

    def __init__(
        self,
        model: type[models.Model],
        streams: CopyStreams | None = None,
        *,
        returning: bool = True,
    ) -> None:
        self.model = model
        # returning=False: the rows' keys are not wanted; on PostgreSQL the column's identity
        # default numbers them (no nextval round trip) and insert returns [].
        self.returning = returning
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.attnames = [f.attname for f in self.fields]
        self.table = model._meta.db_table
        self.streams = streams
        self._json = [i for i, f in enumerate(self.fields) if isinstance(f, models.JSONField)]

    def row(self, **values: Any) -> list[Any]:
        return [values[name] for name in self.attnames]

    def insert(self, rows: list[list[Any]]) -> list[int]:
        if not rows:
            return []
        if self.streams is None:
            objects = [self.model(**dict(zip(self.attnames, row, strict=True))) for row in rows]
            self.model._default_manager.bulk_create(objects, batch_size=BATCH_SIZE)
            return [obj.pk for obj in objects]
        copy = self.streams.copy_for(self)
        if not self.returning:
            for row in rows:
                for at in self._json:
                    row[at] = json.dumps(row[at], ensure_ascii=False)
                copy.write_row(row)
            return []
        pks = self.streams.ids(self.table, len(rows))
        for pk, row in zip(pks, rows, strict=True):
            for at in self._json:
                row[at] = json.dumps(row[at], ensure_ascii=False)
            copy.write_row([pk, *row])
        return pks


RESIDENT_ROW = tuple(BulkInserter(Resident).attnames)
RESIDENT_ROW_VALUES = operator.itemgetter(*RESIDENT_ROW)


def sequences_raise(municipality: Municipality, *, atena: int, household: int) -> None:
    """自動付番 continues above every imported number (§1.1.13: existing numbers are kept)."""
    for kind, value in (
        (NumberSequence.Kind.ATENA, atena),
        (NumberSequence.Kind.HOUSEHOLD, household),
    ):
        sequence = NumberSequence.objects.select_for_update().get(
            municipality=municipality, kind=kind
        )
        if sequence.last_value < value:
            sequence.last_value = value
            sequence.save(update_fields=["last_value"])
