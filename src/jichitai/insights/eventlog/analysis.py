"""The analysis of an event log on DuckDB (DESIGN.md: analytics on an embedded DuckDB).

One in-memory database per analysis holds `events(case_id, activity, instant)` in file
order: `instant` in microseconds since the epoch (UTC); the row's `rowid`, its position in
the file, breaks ties between equal instants (pm4py sorts stably, so equal instants keep
file order; DuckDB keeps insertion order in a table, so `rowid` is that position).
From it: counts, the directly-follows graph (DFG) with counts and median transition times,
variants with counts, case durations. No extension is installed or loaded at run time; ICU
and JSON are built into the wheel.
"""

from __future__ import annotations

import csv
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import duckdb

from jichitai.insights.errors import EventLogUnreadable
from jichitai.insights.eventlog.log import EventLog
from jichitai.insights.eventlog.ocel import SQLITE_MAGIC, read_ocel_json, read_ocel_sqlite
from jichitai.insights.eventlog.xes import GZIP_MAGIC, read_xes

CASE_COLUMN = "case:concept:name"
ACTIVITY_COLUMN = "concept:name"
TIMESTAMP_COLUMN = "time:timestamp"
_LOG_COLUMNS = (CASE_COLUMN, ACTIVITY_COLUMN, TIMESTAMP_COLUMN)
# Rows handed to DuckDB at once when loading from Python: bounds the memory of one batch.
_BATCH = 500_000


@dataclass(frozen=True, slots=True)
class Edge:
    """有向辺 of the DFG: how often `target` directly follows `source` within a case, and the
    median time between them (seconds; the mean of the two middle values for an even count)."""

    source: str
    target: str
    count: int
    median_seconds: float


@dataclass(frozen=True, slots=True)
class Variant:
    """バリアント: a sequence of activities and how many cases follow it exactly."""

    activities: list[str]
    count: int


@dataclass(frozen=True, slots=True)
class Durations:
    """Case durations (last event's instant minus first event's), seconds."""

    cases: int
    min: float
    max: float
    mean: float
    median: float
    p90: float


@dataclass(frozen=True, slots=True)
class LogSummary:
    cases: int
    events: int
    activities: dict[str, int]
    start_activities: dict[str, int]
    end_activities: dict[str, int]
    dfg: list[Edge]
    variants: list[Variant]
    case_durations: Durations | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def connect(database: str = ":memory:") -> duckdb.DuckDBPyConnection:
    """A private DuckDB (in memory unless a file is named) that neither downloads nor
    autoloads an extension."""
    connection = duckdb.connect(
        database,
        config={
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        },
    )
    # A time with no offset is UTC, as in the readers (and pm4py).
    connection.execute("SET TimeZone = 'UTC'")
    return connection


_shared: duckdb.DuckDBPyConnection | None = None
_shared_lock = threading.Lock()


def analysis_connect() -> duckdb.DuckDBPyConnection:
    """A connection of its own to the process's in-memory analysis database, for one
    analysis: opening a database costs tens of milliseconds, more than the whole analysis
    of a small log; a cursor costs a few. Everything an analysis creates is TEMP, private to
    its connection and gone when it is closed."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = connect()
        cursor = _shared.cursor()
    # A time with no offset is UTC, on this connection whatever another set.
    cursor.execute("SET SESSION TimeZone = 'UTC'")
    return cursor


def load_log(connection: duckdb.DuckDBPyConnection, log: EventLog) -> list[str]:
    """Create `events` from a log read in Python, in batches of columns; returns the activity
    names. Cases and activities go in as numbers (their order of first appearance): DuckDB
    takes integers from Python faster than strings, and groups them faster too."""
    case_numbers: dict[str, int] = {}
    cases = [case_numbers.setdefault(case, len(case_numbers)) for case in log.case_ids]
    activity_numbers: dict[str, int] = {}
    activities = [activity_numbers.setdefault(a, len(activity_numbers)) for a in log.activities]
    connection.execute("CREATE TEMP TABLE events (case_id BIGINT, activity BIGINT, instant BIGINT)")
    for start in range(0, len(log), _BATCH):
        end = start + _BATCH
        connection.execute(
            "INSERT INTO events SELECT unnest($1::BIGINT[]), unnest($2::BIGINT[]), "
            "unnest($3::BIGINT[])",
            [cases[start:end], activities[start:end], log.instants[start:end]],
        )
    return list(activity_numbers)


def load_csv(connection: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Create `events` from a CSV with the XES-named columns `case:concept:name`,
    `concept:name` and `time:timestamp` (ISO 8601; an offset per row is applied, none means
    UTC); other columns are ignored.

    The dialect is pandas' default (RFC 4180: comma, double quotes doubled inside quotes),
    the one pm4py users read with, so DuckDB's sniffer is not run: it could guess another
    dialect, and on a small file it costs more than the whole analysis. The header is read
    here (a UTF-8 byte order mark is dropped), the rows by DuckDB (CRLF accepted).
    """
    try:
        with path.open("r", encoding="utf-8-sig", newline="") as stream:
            header = next(csv.reader(stream), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        raise EventLogUnreadable("UTF-8 の CSV として読めません。") from None
    missing = [c for c in _LOG_COLUMNS if c not in header]
    if missing:
        raise EventLogUnreadable(f"CSV に列 {', '.join(missing)} がありません。")
    # Other columns get placeholder names: a header may repeat or leave out a name.
    columns = {
        (name if name in _LOG_COLUMNS and header.index(name) == i else f"column{i}"): "VARCHAR"
        for i, name in enumerate(header)
    }
    try:
        # Only the three columns are read; the table keeps the file's row order.
        connection.execute(
            """
            CREATE TEMP TABLE events AS
            SELECT "case:concept:name" AS case_id, "concept:name" AS activity,
                   epoch_us(TRY_CAST(trim("time:timestamp") AS TIMESTAMPTZ)) AS instant
            FROM read_csv($1, header = true, auto_detect = false, delim = ',', quote = '"',
                          escape = '"', columns = $2)
            """,
            [str(path), columns],
        )
    except duckdb.Error:
        raise EventLogUnreadable("CSV として読めません（列の数が行によって違うなど）。") from None
    (bad,) = connection.execute(
        "SELECT min(rowid) FROM events WHERE case_id IS NULL OR activity IS NULL OR instant IS NULL"
    ).fetchall()
    if bad[0] is not None:
        # +2: the header is line 1 and rowid starts at 0.
        raise EventLogUnreadable(
            f"CSV の{bad[0] + 2}行目にケースID・活動・ISO 8601 の日時のいずれかがありません。"
        )


def steps_select(source: str, tie: str) -> str:
    """The SQL of `steps`: each event of `source` with the next event of its case (null at
    the case's end) and its position in the case, in order of instant, ties by `tie` (the
    file position, or the recorded order). Materialised once, then every figure reads it."""
    return f"""
        SELECT case_id, activity, instant,
               lead(activity) OVER w AS next_activity,
               lead(instant) OVER w AS next_instant,
               row_number() OVER w AS position
        FROM {source}
        WINDOW w AS (PARTITION BY case_id ORDER BY instant, {tie})
    """  # noqa: S608 (names of this package)


def traces_select(steps: str) -> str:
    """The SQL of `traces` from `steps`: per case, its activities in order (the variant),
    first and last instant. Ordered by the position the window pass gave, one integer:
    ordering the aggregate by instant and tie again costs nearly twice as much."""
    return f"""
        SELECT case_id, list(activity ORDER BY position) AS trace,
               min(instant) AS first_instant, max(instant) AS last_instant
        FROM {steps} GROUP BY case_id
    """  # noqa: S608 (names of this package)


def materialise(connection: duckdb.DuckDBPyConnection) -> None:
    """`steps` and `traces` of the loaded `events`, in file order for ties (`rowid`)."""
    connection.execute(f"CREATE TEMP TABLE steps AS {steps_select('events', 'rowid')}")
    connection.execute(f"CREATE TEMP TABLE traces AS {traces_select('steps')}")


def summarize(connection: duckdb.DuckDBPyConnection, names: list[str] | None = None) -> LogSummary:
    """The figures of the connection's `steps` and `traces` (materialise, or the dashboard's
    fact store, narrowed by its filters); `names` are the activity names when `activity`
    holds their numbers (load_log). Cases without an event (a trace of null) do not count."""

    def name(activity: Any) -> str:
        return names[activity] if names is not None else str(activity)

    # Per activity in one pass: its events, the cases it starts, the cases it ends.
    per_activity = connection.execute(
        """
        SELECT activity, count(*), count(*) FILTER (WHERE position = 1),
               count(*) FILTER (WHERE next_instant IS NULL)
        FROM steps GROUP BY activity
        """
    ).fetchall()
    activities, starts, ends = (
        _counts([(name(row[0]), int(row[column])) for row in per_activity]) for column in (1, 2, 3)
    )
    events = sum(activities.values())
    dfg = [
        Edge(name(source), name(target), count, float(median))
        for source, target, count, median in connection.execute(
            """
            SELECT activity, next_activity, count(*) AS n,
                   quantile_cont((next_instant - instant) / 1e6, 0.5)
            FROM steps WHERE next_instant IS NOT NULL
            GROUP BY activity, next_activity
            """
        ).fetchall()
    ]
    dfg.sort(key=lambda e: (-e.count, e.source, e.target))
    variants = [
        Variant([name(a) for a in trace], count)
        for trace, count in connection.execute(
            "SELECT trace, count(*) AS n FROM traces WHERE trace IS NOT NULL GROUP BY trace"
        ).fetchall()
    ]
    variants.sort(key=lambda v: (-v.count, v.activities))
    durations = connection.execute(
        """
        SELECT count(*), min(d), max(d), avg(d), quantile_cont(d, [0.5, 0.9])
        FROM (SELECT (last_instant - first_instant) / 1e6 AS d FROM traces
              WHERE trace IS NOT NULL)
        """
    ).fetchall()[0]
    cases = int(durations[0]) if durations is not None else 0
    return LogSummary(
        cases=cases,
        events=events,
        activities=activities,
        start_activities=starts,
        end_activities=ends,
        dfg=dfg,
        variants=variants,
        case_durations=(
            Durations(cases, *(float(v) for v in (*durations[1:4], *durations[4])))
            if durations is not None and cases
            else None
        ),
    )


def _counts(rows: list[tuple[str, int]]) -> dict[str, int]:
    """Most frequent first, ties by name: the order a reader scans; none left out."""
    return dict(sorted((row for row in rows if row[1]), key=lambda row: (-row[1], row[0])))


def summarize_log(log: EventLog) -> LogSummary:
    """The figures of a log read in Python."""
    connection = analysis_connect()
    try:
        names = load_log(connection, log)
        materialise(connection)
        return summarize(connection, names)
    finally:
        connection.close()


def sniff_format(path: Path) -> str:
    """`xes`, `ocel-json`, `ocel-sqlite` or `csv`, from the file's first bytes (a `.xes.gz`
    is XES): the name of a file from another system is not to be trusted."""
    try:
        with path.open("rb") as stream:
            head = stream.read(64)
    except OSError:
        raise EventLogUnreadable("ファイルを開けません。") from None
    if head.startswith(GZIP_MAGIC):
        return "xes"
    if head.startswith(SQLITE_MAGIC):
        return "ocel-sqlite"
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"<"):
        return "xes"
    if text.startswith(b"{"):
        return "ocel-json"
    return "csv"


def analyze_file(path: Path, *, object_type: str | None = None) -> LogSummary:
    """The figures of an event log file: XES, XES.gz, OCEL 2.0 (JSON or SQLite, flattened
    along `object_type`) or CSV. Raises EventLogUnreadable or ObjectTypeRequired."""
    kind = sniff_format(path)
    if kind == "csv":
        connection = analysis_connect()
        try:
            load_csv(connection, path)
            materialise(connection)
            return summarize(connection)
        finally:
            connection.close()
    if kind == "xes":
        log = read_xes(path)
    elif kind == "ocel-json":
        log = read_ocel_json(path, object_type=object_type)
    else:
        log = read_ocel_sqlite(path, object_type=object_type)
    return summarize_log(log)
