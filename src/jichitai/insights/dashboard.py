"""The DX dashboard's figures as tables: every chart of the page is drawn from one of these,
and the same table is shown beside it and offered as CSV (one source, three views).

Numbers are rounded here, once: a share is a percentage with one decimal, a time in days
or hours with one decimal, so the page, its table and the CSV say the same thing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar, cast

import duckdb
from django.conf import settings
from django.core.cache import cache

from jichitai.insights.counter_figures import (
    WEEKDAYS,
    CounterFigures,
    WritingFigures,
    counter_figures,
    writing_figures,
)
from jichitai.insights.eventlog.analysis import summarize_log
from jichitai.insights.eventlog.log import EventLog
from jichitai.insights.facts import Facts
from jichitai.insights.kpis import (
    Filters,
    KpiRow,
    StepTime,
    facts_connect,
    kind_totals,
    kpi_rows,
    step_times,
    submissions_by_hour,
)
from jichitai.insights.models import PublishedFigures
from jichitai.insights.process_map import (
    ProcessMap,
    process_map_build,
    process_map_from_summary,
)
from jichitai.insights.store import store_generation
from jichitai.procedures.models import Activity, Channel
from jichitai.procedures.selectors import procedure_list
from jichitai.tenants.models import Municipality

Cell = str | int | float | None
KIND_LABELS = {
    "waiting": "職員の対応待ち",
    "working": "処理中",
    "resident": "住民の対応待ち",
    "other": "その他",
}


@dataclass(frozen=True, slots=True)
class Table:
    """A figure's data: `key` names its CSV, `caption` says what it shows."""

    key: str
    caption: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Dashboard:
    total: KpiRow | None
    months: list[KpiRow]
    online_procedures: int
    procedures_total: int
    tables: dict[str, Table]
    kind_hours: dict[str, float]
    counter: CounterFigures | None
    writing: WritingFigures | None


def activity_labels() -> dict[str, str]:
    return {code: str(label) for code, label in Activity.choices}


def procedure_labels() -> dict[str, str]:
    return {procedure.id: procedure.name for procedure in procedure_list()}


def online_procedure_count() -> tuple[int, int]:
    """オンラインで申請できる手続の数, and of all the catalog's procedures."""
    procedures = procedure_list()
    return sum(1 for p in procedures if p.accepts("online")), len(procedures)


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


_KPI_HEADERS = [
    "申請件数",
    "決定済み",
    "処理日数 中央値",
    "処理日数 90%",
    "処理期限超過",
    "差戻しあり",
    "差戻し率(%)",
    "オンライン率(%)",
    "電子署名率(%)",
    "カードでログイン(%)",
]


def _kpi_cells(row: KpiRow) -> list[Cell]:
    return [
        row.cases,
        row.decided,
        _round(row.lead_median_days),
        _round(row.lead_p90_days),
        row.overdue,
        row.returned,
        percent(row.returned, row.cases),
        percent(row.online, row.cases),
        percent(row.signed, row.online),
        percent(row.card_sign_in, row.cases),
    ]


def dashboard_build(
    *,
    municipality: Municipality,
    facts: Facts | duckdb.DuckDBPyConnection,
    filters: Filters,
    today: dt.date,
) -> Dashboard:
    """業務の見える化: KPIs overall, by month, procedure and channel; waiting vs working by
    transition; the counter's figures when a source is registered. `facts` is the opened
    fact store (store.fact_store) or facts to build one of."""
    figures = cached_figures(
        municipality,
        facts,
        ("dashboard", filters, today),
        lambda: _case_figures(facts, filters, today),
    )
    overall, months, by_procedure, by_channel, steps, hours = figures
    procedures = procedure_labels()
    channels = {code: str(label) for code, label in Channel.choices}
    online, catalog = online_procedure_count()
    tables = {
        "months": Table(
            "months",
            "月別の指標（申請した月）",
            ["月", *_KPI_HEADERS],
            [[row.key, *_kpi_cells(row)] for row in months],
        ),
        "procedures": Table(
            "procedures",
            "手続別の指標",
            ["手続", *_KPI_HEADERS],
            [[procedures.get(row.key, row.key), *_kpi_cells(row)] for row in by_procedure],
        ),
        "channels": Table(
            "channels",
            "受付チャネル別の指標",
            ["受付チャネル", *_KPI_HEADERS],
            [[channels.get(row.key, row.key), *_kpi_cells(row)] for row in by_channel],
        ),
        "steps": _steps_table(steps),
        "hours": Table(
            "hours",
            "申請の曜日・時間帯（受付チャネル別の件数）",
            ["曜日", "時台", "窓口", "オンライン"],
            [[WEEKDAYS[day], hour, counter, online] for day, hour, counter, online in hours],
        ),
    }
    since = filters.since or (today - dt.timedelta(days=365))
    until = filters.until or (today + dt.timedelta(days=1))
    counter = counter_figures(municipality=municipality, since=since, until=until)
    writing = writing_figures(municipality=municipality, since=since, until=until)
    if counter is not None:
        tables["counter"] = Table(
            "counter",
            "窓口の待ち時間（曜日・時台別、分）",
            ["曜日", "時台", "整理券", "待ち時間 中央値", "対応時間 中央値"],
            [
                [
                    s.weekday,
                    s.hour,
                    s.tickets,
                    _round(s.wait_median_minutes),
                    _round(s.service_median_minutes),
                ]
                for s in counter.slots
            ],
        )
    return Dashboard(
        total=overall[0] if overall else None,
        months=months,
        online_procedures=online,
        procedures_total=catalog,
        tables=tables,
        kind_hours=kind_totals(steps),
        counter=counter,
        writing=writing,
    )


_CaseFigures = tuple[
    list[KpiRow],
    list[KpiRow],
    list[KpiRow],
    list[KpiRow],
    list[StepTime],
    list[tuple[int, int, int, int]],
]


def _case_figures(
    facts: Facts | duckdb.DuckDBPyConnection, filters: Filters, today: dt.date
) -> _CaseFigures:
    connection = facts_connect(facts, filters)
    try:
        return (
            kpi_rows(connection, grouping="all", today=today),
            kpi_rows(connection, grouping="month", today=today),
            kpi_rows(connection, grouping="procedure", today=today),
            kpi_rows(connection, grouping="channel", today=today),
            step_times(connection),
            submissions_by_hour(connection),
        )
    finally:
        connection.close()


T = TypeVar("T")
# Figures of a store's generation are the same as long as it lasts; a day bounds what an
# unused entry holds in the cache.
_FIGURES_TIMEOUT = 86_400


def cached_figures(
    municipality: Municipality,
    facts: Facts | duckdb.DuckDBPyConnection,
    key: tuple[object, ...],
    compute: Callable[[], T],
) -> T:
    """The figures `compute` answers for the fact store, computed once per generation of a
    kept store (store.py) and shared through Django's cache by every process; the key holds
    the municipality, so one municipality's figures are never another's. Facts given as
    Arrow tables, or a store built in memory (`INSIGHTS_STORE_DIR = None`), are computed
    every time."""
    if isinstance(facts, Facts) or settings.INSIGHTS_STORE_DIR is None:
        return compute()
    generation, _ = store_generation(facts)
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:32]
    cache_key = f"insights:figures:{municipality.lg_code}:{generation}:{digest}"
    found = cache.get(cache_key)
    if found is not None:
        return cast(T, found)
    value = compute()
    cache.set(cache_key, value, _FIGURES_TIMEOUT)
    return value


def _steps_table(steps: list[StepTime]) -> Table:
    labels = activity_labels()
    return Table(
        "steps",
        "遷移ごとの時間（待ちか処理か、時間）",
        ["から", "へ", "区分", "件数", "中央値（時間）", "90%（時間）", "合計（時間）"],
        [
            [
                labels.get(s.source, s.source),
                labels.get(s.target, s.target),
                KIND_LABELS[s.kind],
                s.count,
                _round(s.median_hours),
                _round(s.p90_hours),
                _round(s.total_hours, 0),
            ]
            for s in steps
        ],
    )


def process_map_get(
    *,
    facts: Facts | duckdb.DuckDBPyConnection,
    filters: Filters,
    municipality: Municipality | None = None,
) -> ProcessMap | None:
    """プロセスマップ of the filtered cases, or None when they have no event; kept per
    generation of the store when the municipality is named (cached_figures)."""
    if municipality is not None:
        return cached_figures(
            municipality,
            facts,
            ("process_map", filters),
            lambda: process_map_get(facts=facts, filters=filters),
        )
    connection = facts_connect(facts, filters)
    try:
        ((count,),) = connection.execute("SELECT count(*) FROM steps").fetchall()
        if not count:
            return None
        return process_map_build(connection, labels=activity_labels())
    finally:
        connection.close()


def process_map_of_log(log: EventLog) -> ProcessMap | None:
    """プロセスマップ of an imported log (its activities keep their own names)."""
    if not len(log):
        return None
    return process_map_from_summary(summarize_log(log), labels={})


def process_map_tables(process_map: ProcessMap) -> dict[str, Table]:
    return {
        "edges": Table(
            "edges",
            "遷移（直接続く活動）と時間",
            ["から", "へ", "件数", "中央値（時間）", "遅い遷移"],
            [
                [
                    e.source,
                    e.target,
                    e.count,
                    round(e.median_seconds / 3600, 1),
                    "遅い" if e.slowest else "",
                ]
                for e in process_map.edges
            ],
        ),
        "variants": Table(
            "variants",
            f"よく通る経路（上位{len(process_map.variants)}、全{process_map.variant_count}経路）",
            ["経路", "件数", "割合(%)"],
            [
                [" → ".join(v.activities), v.count, round(100 * v.share, 1)]
                for v in process_map.variants
            ],
        ),
    }


def comparison_table(published: list[PublishedFigures], names: dict[str, str]) -> Table:
    """団体の比較: each municipality's latest published month, side by side."""
    latest: dict[str, PublishedFigures] = {}
    for row in published:
        latest[row.municipality_id] = row
    return Table(
        "municipalities",
        "団体の比較（各団体が公表した直近の月）",
        [
            "団体",
            "月",
            "申請件数",
            "オンライン率(%)",
            "カードでログイン(%)",
            "オンライン手続の数",
            "処理日数 中央値",
        ],
        [
            [
                names.get(code, code),
                f"{row.month:%Y-%m}",
                row.cases,
                percent(row.online_cases, row.cases),
                percent(row.card_sign_in_cases, row.cases),
                row.online_procedures,
                _round(row.lead_median_days),
            ]
            for code, row in sorted(latest.items())
        ],
    )
