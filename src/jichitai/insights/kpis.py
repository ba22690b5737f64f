"""指標 (KPIs) of a municipality's cases, computed on DuckDB over the Arrow facts.

Per procedure, channel and month (or all together): cases, lead time from 申請 to the
decision (median, p90), overdue cases against the 処理期限 from the 標準処理期間, returns for
correction (差戻し), the online share, the share signed with the card (電子署名, of online
cases) and the share filed after the card sign-in; and per step of the workflow the time
cases wait in a queue versus the time staff work on them.

Dates are Japan's (JST = UTC+9, no daylight saving since 1951), computed by adding nine
hours: no time-zone database is needed in DuckDB.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from jichitai.insights.eventlog.analysis import connect
from jichitai.insights.facts import Facts
from jichitai.insights.store import store_load

JST_MICROS = 9 * 3600 * 1_000_000
DAY_MICROS = 86_400 * 1_000_000
# 待ち vs 処理: what the time after each activity is. After 申請, 再提出 or 回付 the case lies
# in a staff queue; after 審査開始 someone works on it; after 差戻し the resident has it.
WAITING_AFTER = "'submit', 'resubmit', 'forward', 'certificate'"
WORKING_AFTER = "'claim'"
RESIDENT_AFTER = "'return'"


@dataclass(frozen=True, slots=True)
class Filters:
    """絞り込み: one procedure, one channel, cases submitted from `since` (included) to
    `until` (excluded), each optional."""

    procedure_id: str | None = None
    channel: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None


@dataclass(frozen=True, slots=True)
class KpiRow:
    """指標の一行: `key` is the procedure id, the channel, the month (YYYY-MM) or "" for all."""

    key: str
    cases: int
    decided: int
    lead_median_days: float | None
    lead_p90_days: float | None
    overdue: int
    returned: int
    online: int
    signed: int
    card_sign_in: int

    @property
    def online_share(self) -> float | None:
        return self.online / self.cases if self.cases else None

    @property
    def signed_share(self) -> float | None:
        """Of the online cases: a counter filing is signed on paper, not with the card."""
        return self.signed / self.online if self.online else None

    @property
    def card_sign_in_share(self) -> float | None:
        return self.card_sign_in / self.cases if self.cases else None

    @property
    def rework_share(self) -> float | None:
        return self.returned / self.cases if self.cases else None


@dataclass(frozen=True, slots=True)
class StepTime:
    """One transition of the process with what its time is (待ち・処理・住民), in hours."""

    source: str
    target: str
    kind: str
    count: int
    median_hours: float
    p90_hours: float
    total_hours: float


def facts_connect(
    source: Facts | duckdb.DuckDBPyConnection, filters: Filters
) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection whose `cases` (with their traces, also as `traces`) and `steps`
    are the fact store's narrowed to `filters` (an event belongs to the period of its case's
    申請, so a case is never cut in two). `source` is an opened fact store (store.fact_store:
    the answer is a cursor of it, private temporary views) or facts to build one of in
    memory (tests, one-off figures). Close the answer when done."""
    if isinstance(source, Facts):
        connection = connect()
        store_load(connection, source, lg_code="")
    else:
        connection = source.cursor()
    conditions = _conditions(filters)
    # Views, not copies: the filters are plain scans of the materialised facts.
    for view, table in (("cases", "case_facts"), ("steps", "step_facts")):
        connection.execute(
            f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT * FROM {table} WHERE {conditions}"  # noqa: S608 (literals quoted)
        )
    connection.execute("CREATE OR REPLACE TEMP VIEW traces AS SELECT * FROM cases")
    return connection


def _conditions(filters: Filters) -> str:
    """The filters as a condition with literals (a view takes no parameters): dates as
    integers, strings quoted the SQL way (a quote doubled)."""
    parts: list[str] = ["TRUE"]
    if filters.procedure_id is not None:
        parts.append(f"procedure_id = {_literal(filters.procedure_id)}")
    if filters.channel is not None:
        parts.append(f"channel = {_literal(filters.channel)}")
    for bound, operator in ((filters.since, ">="), (filters.until, "<")):
        if bound is not None:
            parts.append(f"submitted + {JST_MICROS} {operator} {_day_micros(bound):d}")
    return " AND ".join(parts)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _day_micros(day: dt.date) -> int:
    return (day - dt.date(1970, 1, 1)).days * DAY_MICROS


# The grouping keys kpi_rows accepts, as SQL over `cases`.
GROUPINGS = {
    "all": "''",
    "procedure": "procedure_id",
    "channel": "channel",
    # Materialised by the store (the month of the 申請 in JST).
    "month": "month",
}


def kpi_rows(
    connection: duckdb.DuckDBPyConnection, *, grouping: str, today: dt.date
) -> list[KpiRow]:
    """The KPIs per group (`GROUPINGS`), ordered by key. A case is overdue when decided after
    its 処理期限, or still open after it on `today`."""
    key = GROUPINGS[grouping]
    rows = connection.execute(
        f"""
        SELECT {key} AS key, count(*), count(decided),
               -- Both quantiles from one sort.
               quantile_cont((decided - submitted) / {DAY_MICROS}, [0.5, 0.9]),
               count(*) FILTER (
                   WHERE coalesce(CAST(make_timestamp(decided + {JST_MICROS}) AS DATE), ?)
                         > due_on),
               count(*) FILTER (WHERE returned),
               count(*) FILTER (WHERE channel = 'online'),
               count(*) FILTER (WHERE signed AND channel = 'online'),
               count(*) FILTER (WHERE card_sign_in)
        FROM cases
        GROUP BY key ORDER BY key
        """,  # noqa: S608 (the key is one of GROUPINGS)
        [today],
    ).fetchall()
    return [
        KpiRow(
            str(row[0]),
            *(int(v) for v in row[1:3]),
            *(None if v is None else float(v) for v in (row[3] or [None, None])),
            *(int(v) for v in row[4:]),
        )
        for row in rows
    ]


def step_times(connection: duckdb.DuckDBPyConnection) -> list[StepTime]:
    """待ち vs 処理: the time between each event and the next of its case, by transition,
    slowest median first."""
    rows = connection.execute(
        f"""
        SELECT activity, next_activity,
               CASE WHEN activity IN ({WAITING_AFTER}) THEN 'waiting'
                    WHEN activity IN ({WORKING_AFTER}) THEN 'working'
                    WHEN activity IN ({RESIDENT_AFTER}) THEN 'resident' ELSE 'other' END,
               count(*), quantile_cont(hours, [0.5, 0.9]) AS q, sum(hours)
        FROM (SELECT activity, next_activity, (next_instant - instant) / 3.6e9 AS hours
              FROM steps WHERE next_activity IS NOT NULL)
        GROUP BY ALL ORDER BY q[1] DESC, 1, 2
        """  # noqa: S608 (constants of this module)
    ).fetchall()
    return [
        StepTime(str(a), str(b), str(k), int(n), float(q[0]), float(q[1]), float(t))
        for a, b, k, n, q, t in rows
    ]


def kind_totals(steps: list[StepTime]) -> dict[str, float]:
    """Hours of all cases by kind of time (待ち・処理・住民), the share a chart shows."""
    totals: dict[str, float] = {}
    for step in steps:
        totals[step.kind] = totals.get(step.kind, 0.0) + step.total_hours
    return totals


def submissions_by_hour(connection: duckdb.DuckDBPyConnection) -> list[tuple[int, int, int, int]]:
    """申請の曜日・時間帯 (JST): (weekday 0 = Monday, hour, counter cases, online cases), for
    the busy hours of the counter (the lunch-hour queue) and of online filing."""
    rows = connection.execute(
        f"""
        SELECT isodow(t) - 1 AS day, hour(t) AS h,
               count(*) FILTER (WHERE channel = 'counter'), count(*) FILTER (WHERE channel = 'online')
        FROM (SELECT channel, make_timestamp(submitted + {JST_MICROS}) AS t FROM cases)
        GROUP BY day, h ORDER BY day, h
        """  # noqa: S608 (a constant)
    ).fetchall()
    return [(int(d), int(h), int(c), int(o)) for d, h, c, o in rows]
