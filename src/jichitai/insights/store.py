"""The fact store (事実の蓄積): a municipality's facts kept between requests, materialised
once per refresh, so a dashboard page groups prepared rows instead of re-reading and
re-ordering every event.

Case events are append-only, so a refresh reads only the events recorded since the last
one (`event_id` above the last read, with a margin re-read for transactions that committed
late, those already held skipped) and rebuilds the facts of the cases they touch:

- `events`: the raw facts (facts.py), the source of every rebuild;
- `step_facts`: each event with the next event of its case and its position (the window
  pass of `eventlog.analysis.steps_select`, the same SQL as the analysis of a file), with
  the case's procedure, channel and 申請 instant for the filters;
- `case_facts`: one row per case (facts.py's `cases`) with its trace (the variant), first
  and last instant and whether it was returned (差戻し).

Kept in a DuckDB file per municipality, `INSIGHTS_STORE_DIR/<lg_code>.duckdb`, which
records its municipality and is refused for another; one process at a time holds it (an
exclusive `flock` beside it: DuckDB lets one process write a file). With
`INSIGHTS_STORE_DIR = None` (the tests) each page builds the store in memory.

A page refreshes the store when its last refresh is older than `INSIGHTS_STORE_MAX_AGE`
seconds (incremental: reading the new events costs little); the figures of a page are kept
in Django's cache under the store's generation, which each refresh that adds facts moves
on, so a page over the same facts is not computed twice (dashboard.py).
"""

from __future__ import annotations

import fcntl
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa
from django.conf import settings

from jichitai.insights.eventlog.analysis import connect, steps_select, traces_select
from jichitai.insights.facts import Facts, case_rows, event_instant, event_rows
from jichitai.tenants.models import Municipality

# Events re-read below the last id seen: a transaction that took its ids before the last
# refresh may have committed after it (ids are handed out at insert, not at commit).
REREAD_MARGIN = 10_000
_JST_MICROS = 9 * 3600 * 1_000_000
# Above this many touched cases the whole municipality's cases are read (one query, not a
# list of ids).
_CASES_BY_ID = 5_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    lg_code VARCHAR NOT NULL, generation VARCHAR NOT NULL, refreshed_at DOUBLE NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    case_id BIGINT, event_id BIGINT, activity VARCHAR, instant BIGINT, actor_type VARCHAR);
CREATE TABLE IF NOT EXISTS case_facts (
    case_id BIGINT, procedure_id VARCHAR, channel VARCHAR, submitted BIGINT, due_on DATE,
    decided BIGINT, signed BOOLEAN, card_sign_in BOOLEAN,
    trace VARCHAR[], first_instant BIGINT, last_instant BIGINT, returned BOOLEAN,
    month VARCHAR);
CREATE TABLE IF NOT EXISTS step_facts (
    case_id BIGINT, activity VARCHAR, instant BIGINT, next_activity VARCHAR,
    next_instant BIGINT, position BIGINT, procedure_id VARCHAR, channel VARCHAR,
    submitted BIGINT);
"""


class StoreMismatch(RuntimeError):
    """A store file that belongs to another municipality: never read."""


def store_create(connection: duckdb.DuckDBPyConnection, *, lg_code: str) -> None:
    connection.execute(_SCHEMA)
    rows = connection.execute("SELECT lg_code FROM meta").fetchall()
    if not rows:
        connection.execute("INSERT INTO meta VALUES (?, ?, 0)", [lg_code, uuid.uuid4().hex])
    elif rows[0][0] != lg_code:
        raise StoreMismatch(f"the store belongs to {rows[0][0]}, not {lg_code}")


def last_event_id(connection: duckdb.DuckDBPyConnection) -> int:
    ((last,),) = connection.execute("SELECT coalesce(max(event_id), 0) FROM events").fetchall()
    return int(last)


def fresh_case_ids(connection: duckdb.DuckDBPyConnection, events: pa.Table) -> list[int]:
    """Take the events not yet held into `fresh` and answer the cases they touch."""
    connection.register("candidate_events", events)
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE fresh AS "
        "SELECT * FROM candidate_events ANTI JOIN events USING (event_id)"
    )
    connection.unregister("candidate_events")
    return [
        int(case_id)
        for (case_id,) in connection.execute("SELECT DISTINCT case_id FROM fresh").fetchall()
    ]


def store_apply(connection: duckdb.DuckDBPyConnection, cases: pa.Table) -> None:
    """Add `fresh` to the events and rebuild the facts of the cases it touches, from `cases`
    (their current rows, at least those touched), in one transaction."""
    connection.register("given_cases", cases)
    connection.execute("BEGIN")
    try:
        # The cases of the new events, and cases given that the store does not hold yet
        # (a case with no event still counts in the KPIs).
        connection.execute(
            "CREATE OR REPLACE TEMP TABLE touched AS SELECT case_id FROM fresh UNION "
            "SELECT case_id FROM given_cases ANTI JOIN case_facts USING (case_id)"
        )
        connection.execute("INSERT INTO events SELECT * FROM fresh")
        for table in ("case_facts", "step_facts"):
            connection.execute(
                f"DELETE FROM {table} WHERE case_id IN (SELECT case_id FROM touched)"  # noqa: S608 (two table names)
            )
        touched_events = "(SELECT * FROM events SEMI JOIN touched USING (case_id))"
        steps = steps_select(touched_events, "event_id")
        connection.execute(f"CREATE OR REPLACE TEMP TABLE touched_steps AS {steps}")
        connection.execute(
            f"""
            INSERT INTO case_facts
            SELECT c.case_id, c.procedure_id, c.channel, c.submitted, c.due_on, c.decided,
                   c.signed, c.card_sign_in, t.trace, t.first_instant, t.last_instant,
                   coalesce(list_contains(t.trace, 'return'), false),
                   -- The month of the 申請 in Japan (UTC+9, no daylight saving).
                   strftime(make_timestamp(c.submitted + {_JST_MICROS}), '%Y-%m')
            FROM (SELECT * FROM given_cases SEMI JOIN touched USING (case_id)) c
            LEFT JOIN ({traces_select("touched_steps")}) t USING (case_id)
            """  # noqa: S608 (names of this package)
        )
        connection.execute(
            """
            INSERT INTO step_facts
            SELECT s.*, c.procedure_id, c.channel, c.submitted
            FROM touched_steps s JOIN given_cases c USING (case_id)
            """
        )
        connection.execute("DROP TABLE touched_steps")
        # A new generation: figures computed from the previous one are out of date. Random,
        # so a store deleted and rebuilt never meets figures cached for the old one.
        connection.execute("UPDATE meta SET generation = ?", [uuid.uuid4().hex])
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    finally:
        connection.unregister("given_cases")


def store_load(connection: duckdb.DuckDBPyConnection, facts: Facts, *, lg_code: str) -> None:
    """A store of `facts` whole (a benchmark's, a test's): every case is touched."""
    store_create(connection, lg_code=lg_code)
    fresh_case_ids(connection, facts.events)
    store_apply(connection, facts.cases)


def store_generation(connection: duckdb.DuckDBPyConnection) -> tuple[str, float]:
    """(generation, refreshed at as a Unix time): the generation changes whenever facts are
    added, so figures cached under it are those of the store as it is."""
    ((generation, refreshed_at),) = connection.execute(
        "SELECT generation, refreshed_at FROM meta"
    ).fetchall()
    return str(generation), float(refreshed_at)


def _describes(connection: duckdb.DuckDBPyConnection, municipality: Municipality) -> bool:
    """Whether the store's last event is still in the database as it was. It is not after
    the database was restored to an earlier point (PITR) or re-created (a demo database
    deleted): event ids are then handed out again for other events, which the store would
    take for events it already holds."""
    held = connection.execute(
        "SELECT event_id, case_id, instant FROM events ORDER BY event_id DESC LIMIT 1"
    ).fetchall()
    if not held:
        return True
    event_id, case_id, instant = held[0]
    return event_instant(municipality=municipality, event_id=event_id) == (case_id, instant)


def _store_clear(connection: duckdb.DuckDBPyConnection) -> None:
    """Forget every fact (rebuilt by the refresh that follows), under a new generation so no
    figures computed from them are shown again."""
    for table in ("events", "case_facts", "step_facts"):
        connection.execute(f"DELETE FROM {table}")  # noqa: S608 (three table names)
    connection.execute("UPDATE meta SET generation = ?", [uuid.uuid4().hex])


def store_refresh(connection: duckdb.DuckDBPyConnection, municipality: Municipality) -> int:
    """Bring the store up to the database: the events recorded since the last refresh and
    the current rows of the cases they touch, or everything again when the store no longer
    describes the database. Returns the number of new events."""
    connection.execute("UPDATE meta SET refreshed_at = ?", [time.time()])
    if not _describes(connection, municipality):
        _store_clear(connection)
    after = last_event_id(connection)
    events = event_rows(municipality=municipality, after_id=max(0, after - REREAD_MARGIN))
    touched = fresh_case_ids(connection, events)
    if not touched:
        return 0
    cases = case_rows(
        municipality=municipality,
        case_ids=touched if after and len(touched) <= _CASES_BY_ID else None,
    )
    store_apply(connection, cases)
    ((count,),) = connection.execute("SELECT count(*) FROM fresh").fetchall()
    return int(count)


def store_path(municipality: Municipality) -> Path | None:
    directory = settings.INSIGHTS_STORE_DIR
    if directory is None:
        return None
    # The LG code is six digits (tenants validate it): a safe file name.
    return Path(directory) / f"{municipality.lg_code}.duckdb"


def _stale(connection: duckdb.DuckDBPyConnection) -> bool:
    _, refreshed_at = store_generation(connection)
    return bool(time.time() - refreshed_at >= settings.INSIGHTS_STORE_MAX_AGE)


@contextmanager
def fact_store(
    municipality: Municipality, *, refresh: bool | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """The municipality's store, held by this process until the block ends; refreshed first
    when `refresh`, or when None and its last refresh is older than
    `INSIGHTS_STORE_MAX_AGE` seconds (a page then shows the facts as of that refresh)."""
    path = store_path(municipality)
    if path is None:
        connection = connect()
        try:
            store_create(connection, lg_code=municipality.lg_code)
            store_refresh(connection, municipality)
            yield connection
        finally:
            connection.close()
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.with_suffix(".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        connection = connect(str(path))
        try:
            store_create(connection, lg_code=municipality.lg_code)
            if refresh or (refresh is None and _stale(connection)):
                store_refresh(connection, municipality)
            yield connection
        finally:
            connection.close()
