"""窓口の指標 (counter figures) from the registered sources (sources.py): waiting and
service times by weekday and hour, no-shows, and the 書かない rate (the share of fields the
counter pre-filled instead of having them typed). None when no source is registered or
the sources hold nothing for the period: the dashboard then says there is no data yet, not zero.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from jichitai.insights.eventlog.analysis import connect
from jichitai.insights.kpis import JST_MICROS
from jichitai.insights.sources import (
    FIELD_COUNT_SCHEMA,
    TICKET_SCHEMA,
    field_count_sources,
    ticket_sources,
)
from jichitai.tenants.models import Municipality

WEEKDAYS = ("月", "火", "水", "木", "金", "土", "日")


@dataclass(frozen=True, slots=True)
class HourSlot:
    """受付の曜日と時台 (JST): tickets and their waiting / service medians, minutes."""

    weekday: str
    hour: int
    tickets: int
    wait_median_minutes: float | None
    service_median_minutes: float | None


@dataclass(frozen=True, slots=True)
class CounterFigures:
    tickets: int
    served: int
    no_shows: int
    wait_median_minutes: float | None
    wait_p90_minutes: float | None
    service_median_minutes: float | None
    slots: list[HourSlot]


@dataclass(frozen=True, slots=True)
class WritingFigures:
    """書かない窓口: fields pre-filled vs typed over the counter's filings."""

    filings: int
    typed: int
    prefilled: int

    @property
    def rate(self) -> float | None:
        total = self.typed + self.prefilled
        return self.prefilled / total if total else None


def counter_figures(
    *, municipality: Municipality, since: dt.date, until: dt.date
) -> CounterFigures | None:
    sources = ticket_sources()
    if not sources:
        return None
    table = pa.concat_tables(
        source.tickets(municipality=municipality, since=since, until=until)
        .select(TICKET_SCHEMA.names)
        .cast(TICKET_SCHEMA)
        for source in sources
    )
    if not table.num_rows:
        return None
    connection = connect()
    try:
        connection.register("tickets", table)
        (row,) = connection.execute(
            """
            SELECT count(*), count(ended), count(*) FILTER (WHERE no_show),
                   quantile_cont((called - arrived) / 6e7, 0.5),
                   quantile_cont((called - arrived) / 6e7, 0.9),
                   quantile_cont((ended - started) / 6e7, 0.5)
            FROM tickets
            """
        ).fetchall()
        slots = connection.execute(
            f"""
            SELECT isodow(t) - 1 AS day, hour(t) AS h, count(*),
                   quantile_cont((called - arrived) / 6e7, 0.5),
                   quantile_cont((ended - started) / 6e7, 0.5)
            FROM (SELECT *, make_timestamp(arrived + {JST_MICROS}) AS t FROM tickets)
            GROUP BY day, h ORDER BY day, h
            """  # noqa: S608 (a constant)
        ).fetchall()
    finally:
        connection.close()
    return CounterFigures(
        tickets=int(row[0]),
        served=int(row[1]),
        no_shows=int(row[2]),
        wait_median_minutes=_float(row[3]),
        wait_p90_minutes=_float(row[4]),
        service_median_minutes=_float(row[5]),
        slots=[
            HourSlot(WEEKDAYS[d], int(h), int(n), _float(w), _float(s)) for d, h, n, w, s in slots
        ],
    )


def writing_figures(
    *, municipality: Municipality, since: dt.date, until: dt.date
) -> WritingFigures | None:
    sources = field_count_sources()
    if not sources:
        return None
    filings = typed = prefilled = 0
    for source in sources:
        table = (
            source.field_counts(municipality=municipality, since=since, until=until)
            .select(FIELD_COUNT_SCHEMA.names)
            .cast(FIELD_COUNT_SCHEMA)
        )
        filings += table.num_rows
        typed += int(pc.sum(table["typed"]).as_py() or 0)
        prefilled += int(pc.sum(table["prefilled"]).as_py() or 0)
    if not filings:
        return None
    return WritingFigures(filings=filings, typed=typed, prefilled=prefilled)


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]
