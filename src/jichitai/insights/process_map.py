"""プロセスマップ (process map): the directly-follows graph of the filtered cases with counts
and median transition times, the slowest transitions marked, and the top variants.

The figures are the event-log analysis's own (`eventlog.analysis.summarize`, pm4py's
semantics), run on the events of the cases the filters keep.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from jichitai.insights.eventlog.analysis import LogSummary, summarize

# Transitions marked as the slowest; only those taken often enough to matter (a single
# case that waited a month is an anecdote, not a bottleneck).
SLOWEST = 3
_MIN_SHARE_OF_CASES = 0.02
# …and clearly slower than a typical transition: twice the median of all transitions.
_SLOW_FACTOR = 2
TOP_VARIANTS = 10


@dataclass(frozen=True, slots=True)
class MapEdge:
    source: str
    target: str
    count: int
    median_seconds: float
    slowest: bool


@dataclass(frozen=True, slots=True)
class MapVariant:
    activities: list[str]
    count: int
    share: float


@dataclass(frozen=True, slots=True)
class ProcessMap:
    """Activities in process order (where they usually come in a case), with their counts."""

    cases: int
    events: int
    activities: list[tuple[str, int]]
    start_activities: dict[str, int]
    end_activities: dict[str, int]
    edges: list[MapEdge]
    variants: list[MapVariant]
    variant_count: int

    @property
    def slowest(self) -> list[MapEdge]:
        return sorted((e for e in self.edges if e.slowest), key=lambda e: -e.median_seconds)


def process_map_build(
    connection: duckdb.DuckDBPyConnection, *, labels: dict[str, str]
) -> ProcessMap:
    """The map of the connection's `steps` and `traces` (kpis.facts_connect), activities named by
    `labels` (code → Japanese label)."""
    summary = summarize(connection)
    return process_map_from_summary(summary, labels=labels)


def process_map_from_summary(summary: LogSummary, *, labels: dict[str, str]) -> ProcessMap:
    def name(code: str) -> str:
        return labels.get(code, code)

    enough = max(1, round(summary.cases * _MIN_SHARE_OF_CASES))
    candidates = sorted(
        (e for e in summary.dfg if e.count >= enough), key=lambda e: -e.median_seconds
    )
    typical = _typical_seconds(summary)
    slow = {
        (e.source, e.target)
        for e in candidates[:SLOWEST]
        if e.median_seconds > _SLOW_FACTOR * typical
    }
    edges = [
        MapEdge(
            name(e.source), name(e.target), e.count, e.median_seconds, (e.source, e.target) in slow
        )
        for e in summary.dfg
    ]
    order = _process_order(summary)
    return ProcessMap(
        cases=summary.cases,
        events=summary.events,
        activities=[(name(a), summary.activities[a]) for a in order],
        start_activities={name(a): n for a, n in summary.start_activities.items()},
        end_activities={name(a): n for a, n in summary.end_activities.items()},
        edges=edges,
        variants=[
            MapVariant([name(a) for a in v.activities], v.count, v.count / summary.cases)
            for v in summary.variants[:TOP_VARIANTS]
        ],
        variant_count=len(summary.variants),
    )


def _typical_seconds(summary: LogSummary) -> float:
    """The median transition time over all transitions taken (edges weighted by count)."""
    remaining = sum(e.count for e in summary.dfg) / 2
    for edge in sorted(summary.dfg, key=lambda e: e.median_seconds):
        remaining -= edge.count
        if remaining <= 0:
            return edge.median_seconds
    return 0.0


def _process_order(summary: LogSummary) -> list[str]:
    """Activities by the mean position of their first occurrence in a case, weighted by the
    variants' counts: 申請 first, decisions last, loops in between, as a reader expects."""
    positions: dict[str, float] = {}
    weights: dict[str, int] = {}
    for variant in summary.variants:
        seen: set[str] = set()
        for position, activity in enumerate(variant.activities):
            if activity not in seen:
                seen.add(activity)
                positions[activity] = positions.get(activity, 0.0) + position * variant.count
                weights[activity] = weights.get(activity, 0) + variant.count
    # An activity no case goes on from (承認, 却下, 取下げ) is an end: drawn last.
    sources = {edge.source for edge in summary.dfg}
    return sorted(
        summary.activities, key=lambda a: (a not in sources, positions[a] / weights[a], a)
    )
