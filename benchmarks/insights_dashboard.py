"""Benchmark of the insights dashboard's figures over a large municipality, in one process.

    PYTHONPATH=src .venv/bin/python benchmarks/insights_dashboard.py [--events N] [--repeat R]

Builds the dashboard's facts (insights.facts: the Arrow tables of case events and cases) for
a made-up year of N events directly in Arrow (numpy, seeded; no database), then times what
one dashboard page computes from them — `dashboard_build` (KPIs overall, by month, procedure
and channel; waiting vs working by transition) — and what the process-map page computes
(`process_map_get`: DFG with medians, variants), best of --repeat, and peak memory (RSS).
Reading the facts from the database is not in these times (see docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

# The figures need the procedure catalog (labels), which needs Django's settings.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jichitai.config.settings.test")
import django

django.setup()

from jichitai.insights.dashboard import dashboard_build, process_map_get
from jichitai.insights.facts import Facts
from jichitai.insights.kpis import Filters
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    started = time.perf_counter()
    facts = synthetic_facts(options.events)
    print(
        f"facts: {facts.events.num_rows:,} events, {facts.cases.num_rows:,} cases "
        f"(made in {time.perf_counter() - started:.1f} s)",
        file=sys.stderr,
    )
    municipality = Municipality(lg_code="102121")
    today = dt.date(2027, 1, 1)
    page = _best(
        lambda: dashboard_build(
            municipality=municipality, facts=facts, filters=Filters(), today=today
        ),
        options.repeat,
    )
    one = _best(
        lambda: dashboard_build(
            municipality=municipality,
            facts=facts,
            filters=Filters(procedure_id="move_out", since=dt.date(2026, 3, 1)),
            today=today,
        ),
        options.repeat,
    )
    process_map = _best(lambda: process_map_get(facts=facts, filters=Filters()), options.repeat)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        "| events | cases | dashboard (s) | dashboard, one procedure from March (s) | process map (s) | peak RSS (MiB) |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {facts.events.num_rows:,} | {facts.cases.num_rows:,} | {page:.2f} | {one:.2f} "
        f"| {process_map:.2f} | {peak:,.0f} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
