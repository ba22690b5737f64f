"""Benchmark of the insights dashboard's figures over a large municipality, in one process.

    PYTHONPATH=src .venv/bin/python benchmarks/insights_dashboard.py [--events N] [--repeat R]
        [--store FILE]

Builds the dashboard's facts (insights.facts: the Arrow tables of case events and cases) for
a made-up year of N events directly in Arrow (numpy, seeded; no database), loads them into
the fact store (insights.store: a DuckDB file, steps and per-case facts materialised; timed,
once), extends it with 10,000 more events of 2,000 new cases and 1,000 old ones (the
incremental refresh, timed), then times what one dashboard page computes over the store —
`dashboard_build` (KPIs overall, by month, procedure and channel; waiting vs working by
transition) — the same for one procedure from March, and what the process-map page computes
(`process_map_get`: DFG with medians, variants), each on a freshly opened store file as a
request does, best of --repeat, and peak memory (RSS). Reading the new events from the
database is not in these times (see docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

# The figures need the procedure catalog (labels), which needs Django's settings.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jichitai.config.settings.test")
import django

django.setup()

from django.conf import settings

from jichitai.insights.dashboard import dashboard_build, process_map_get
from jichitai.insights.eventlog.analysis import connect
from jichitai.insights.facts import Facts
from jichitai.insights.kpis import Filters
from jichitai.insights.sources import field_count_sources, sources_unregister, ticket_sources
from jichitai.insights.store import fresh_case_ids, store_apply, store_load
from jichitai.tenants.models import Municipality

# Paths of the demo history (申請 … 承認), with their share of cases.
_PATHS = [
    (["submit", "claim", "approve"], 0.72),
    (["submit", "claim", "return", "resubmit", "claim", "approve"], 0.12),
    (["submit", "claim", "forward", "claim", "approve"], 0.10),
    (["submit", "claim", "reject"], 0.04),
    (["submit", "withdraw"], 0.02),
]
_PROCEDURES = ["juminhyo_request", "move_out", "nhi_membership", "child_allowance_claim"]
_YEAR_START = int(dt.datetime(2026, 1, 1, tzinfo=dt.UTC).timestamp() * 1_000_000)


def synthetic_facts(events: int, seed: int = 2026) -> Facts:
    """About `events` case events of a year, in Arrow, with their cases."""
    rng = np.random.default_rng(seed)
    mean_length = sum(len(p) * s for p, s in _PATHS)
    cases = int(events / mean_length)
    choice = rng.choice(len(_PATHS), size=cases, p=[s for _, s in _PATHS])
    lengths = np.array([len(p) for p, _ in _PATHS])[choice]
    case_of_event = np.repeat(np.arange(cases, dtype=np.int64), lengths)
    starts = np.cumsum(lengths) - lengths
    position = np.arange(len(case_of_event)) - np.repeat(starts, lengths)
    flat = np.array([a for p, _ in _PATHS for a in p])
    offsets = np.cumsum([0] + [len(p) for p, _ in _PATHS])[:-1]
    activity = flat[np.repeat(offsets[choice], lengths) + position]
    submitted = _YEAR_START + rng.integers(0, 365 * 86_400, size=cases) * 1_000_000
    gaps = rng.exponential(20 * 3600, size=len(case_of_event)).astype(np.int64) * 1_000_000
    gaps[starts] = 0
    instant = np.repeat(submitted, lengths) + _cumsum_by_case(gaps, starts, lengths)
    ends = starts + lengths - 1
    decided = instant[ends]
    event_table = pa.table(
        {
            "case_id": case_of_event,
            "event_id": np.arange(len(case_of_event), dtype=np.int64),
            "activity": pa.array(activity).cast(pa.string()),
            "instant": instant,
            "actor_type": pa.array(np.where(position == 0, "resident", "staff")),
        }
    )
    online = rng.random(cases) < 0.35
    case_table = pa.table(
        {
            "case_id": np.arange(cases, dtype=np.int64),
            "procedure_id": pa.array(np.array(_PROCEDURES)[rng.integers(0, 4, size=cases)]),
            "channel": pa.array(np.where(online, "online", "counter")),
            "submitted": submitted,
            "due_on": pa.array(
                (submitted // 86_400_000_000 + 5).astype("datetime64[D]"), type=pa.date32()
            ),
            "decided": decided,
            "signed": online & (rng.random(cases) < 0.9),
            "card_sign_in": online,
        }
    )
    return Facts(events=event_table, cases=case_table)


def _cumsum_by_case(gaps: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    total = np.cumsum(gaps)
    return total - np.repeat(total[starts], lengths)


def _best(run: object, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()  # type: ignore[operator]
        best = min(best, time.perf_counter() - started)
    return best


def _extension(facts: Facts, seed: int = 7) -> Facts:
    """10,000 new events: 2,000 new cases of 4 events and 2,000 more events of 1,000 open
    cases already held (a case goes on), with the current rows of the cases they touch."""
    rng = np.random.default_rng(seed)
    first_case = facts.cases.num_rows
    first_event = facts.events.num_rows
    old = rng.choice(first_case, size=1_000, replace=False).astype(np.int64)
    new = np.arange(first_case, first_case + 2_000, dtype=np.int64)
    case_ids = np.concatenate([np.repeat(new, 4), np.repeat(old, 2)])
    last = int(facts.events.column("instant").to_numpy().max())
    instant = last + np.arange(len(case_ids), dtype=np.int64) * 1_000_000
    activity = np.concatenate(
        [
            np.tile(["submit", "claim", "forward", "claim"], 2_000),
            np.tile(["claim", "approve"], 1_000),
        ]
    )
    events = pa.table(
        {
            "case_id": case_ids,
            "event_id": np.arange(first_event, first_event + len(case_ids), dtype=np.int64),
            "activity": pa.array(activity).cast(pa.string()),
            "instant": instant,
            "actor_type": pa.array(np.full(len(case_ids), "staff")),
        }
    )
    old_rows = facts.cases.take(pa.array(old))
    new_rows = pa.table(
        {
            "case_id": new,
            "procedure_id": pa.array(np.full(2_000, "move_out")),
            "channel": pa.array(np.full(2_000, "online")),
            "submitted": np.full(2_000, last, dtype=np.int64),
            "due_on": pa.array(
                np.full(2_000, last // 86_400_000_000 + 5).astype("datetime64[D]"), type=pa.date32()
            ),
            "decided": pa.array([None] * 2_000, type=pa.int64()),
            "signed": np.ones(2_000, dtype=bool),
            "card_sign_in": np.ones(2_000, dtype=bool),
        }
    )
    return Facts(events=events, cases=pa.concat_tables([old_rows, new_rows.cast(old_rows.schema)]))


def _timed(run: object) -> float:
    started = time.perf_counter()
    run()  # type: ignore[operator]
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--store", type=Path, default=Path(tempfile.gettempdir()) / "insights-store-bench.duckdb"
    )
    options = parser.parse_args()
    # The counter's sources read the database (tickets, field counts): not the case facts
    # timed here, and there is no database in this benchmark.
    for source in (*ticket_sources(), *field_count_sources()):
        sources_unregister(source)
    started = time.perf_counter()
    facts = synthetic_facts(options.events)
    print(
        f"facts: {facts.events.num_rows:,} events, {facts.cases.num_rows:,} cases "
        f"(made in {time.perf_counter() - started:.1f} s)",
        file=sys.stderr,
    )
    options.store.unlink(missing_ok=True)
    store = connect(str(options.store))
    build = _timed(lambda: store_load(store, facts, lg_code="102121"))
    extension = _extension(facts)

    def extend() -> None:
        fresh_case_ids(store, extension.events)
        store_apply(store, extension.cases)

    refresh = _timed(extend)
    store.close()
    municipality = Municipality(lg_code="102121")
    today = dt.date(2027, 1, 1)

    def page(filters: Filters) -> None:
        # A request opens the file, as fact_store does (the refresh finds nothing new).
        connection = connect(str(options.store))
        try:
            dashboard_build(
                municipality=municipality, facts=connection, filters=filters, today=today
            )
        finally:
            connection.close()

    def process_map() -> None:
        connection = connect(str(options.store))
        try:
            process_map_get(facts=connection, filters=Filters(), municipality=municipality)
        finally:
            connection.close()

    one_procedure = Filters(procedure_id="move_out", since=dt.date(2026, 3, 1))
    # Computed from the store (no figure kept: the first page after a refresh)…
    whole = _best(lambda: page(Filters()), options.repeat)
    one = _best(lambda: page(one_procedure), options.repeat)
    map_time = _best(process_map, options.repeat)
    # …and kept for the store's generation (cached_figures; every later page until the next
    # refresh that brings new events).
    settings.INSIGHTS_STORE_DIR = str(options.store.parent)
    kept = []
    for run in (lambda: page(Filters()), lambda: page(one_procedure), process_map):
        run()
        kept.append(_best(run, options.repeat))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = options.store.stat().st_size / 2**20
    print(
        "| events | cases | store build (s) | refresh +10,000 events (s) | dashboard (s) "
        "| dashboard, one procedure from March (s) | process map (s) | the same three, kept (s) "
        "| store file (MiB) | peak RSS (MiB) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|")
    print(
        f"| {facts.events.num_rows:,} | {facts.cases.num_rows:,} | {build:.2f} | {refresh:.2f} "
        f"| {whole:.2f} | {one:.2f} | {map_time:.2f} | {' / '.join(f'{k:.3f}' for k in kept)} "
        f"| {size:,.0f} | {peak:,.0f} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
