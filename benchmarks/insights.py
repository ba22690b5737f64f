"""Benchmark of the insights analysis against pm4py on the same logs, in one process.

    PYTHONPATH=src .venv/bin/python benchmarks/insights.py [--logs DIR] [--synthetic N] [--repeat R]

For each log — ../shared/data/eventlogs/receipt.csv (a Dutch municipality's permit
applications), bpic2012.xes.gz (262,200 events) and, with --synthetic N, a made-up CSV of N
events — times end to end, start-up excluded (both libraries are imported first):

- ours: `analyze_file` — read the file, load DuckDB, counts, start/end activities, DFG with
  median times, variants, case-duration statistics;
- pm4py: read (`read_xes`, or pandas `read_csv`), `format_dataframe` (its documented order:
  by case, instant, file position), the same figures with pm4py's functions
  (jichitai/insights/tests/reference.py).

Then checks the figures are identical (counts exactly, times to the microsecond) and prints
a Markdown table row per log with both times (best of --repeat) and the ratio.
pm4py is AGPL-3.0: it is a dev dependency, imported only here and in tests.
"""

from __future__ import annotations

import argparse
import csv
import gc
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from jichitai.insights.eventlog.analysis import LogSummary, analyze_file
from jichitai.insights.tests.reference import (
    assert_same,
    summary_of_csv,
    summary_of_xes,
)

DEFAULT_LOGS = Path(__file__).resolve().parents[2] / "shared" / "data" / "eventlogs"


def _best(run: Callable[[], LogSummary], repeat: int) -> tuple[float, LogSummary]:
    best = float("inf")
    summary = None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        summary = run()
        best = min(best, time.perf_counter() - start)
    assert summary is not None
    return best, summary


def synthetic_csv(path: Path, events: int, seed: int = 2026) -> None:
    """A permit-like process (受付, 審査, 差戻し loops, 決裁 or 却下), about 6 events a case,
    instants spread over a year, written in JST (+09:00) as a municipality would."""
    rng = random.Random(seed)
    start = datetime(2026, 4, 1, tzinfo=UTC)
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["case:concept:name", "concept:name", "time:timestamp"])
        written = case = 0
        while written < events:
            case += 1
            moment = start + timedelta(seconds=rng.randrange(365 * 86_400))
            trace = ["受付", "形式審査", "内容審査"]
            while rng.random() < 0.2:
                trace += ["差戻し", "再提出", "内容審査"]
            trace += ["決裁", "交付"] if rng.random() < 0.95 else ["却下"]
            for activity in trace[: events - written]:
                moment += timedelta(seconds=rng.randrange(60, 5 * 86_400))
                local = moment + timedelta(hours=9)
                writer.writerow(
                    [f"case-{case}", activity, local.strftime("%Y-%m-%dT%H:%M:%S+09:00")]
                )
                written += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--logs", type=Path, default=DEFAULT_LOGS)
    parser.add_argument("--synthetic", type=int, default=0, help="events of a made-up CSV log")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--synthetic-file",
        type=Path,
        help="where the made-up CSV is kept: written if missing, reused otherwise "
        "(writing 10 M rows takes minutes; do it once, outside the timed lock)",
    )
    parser.add_argument("--write-only", action="store_true", help="write the made-up CSV and stop")
    parser.add_argument(
        "--real", action=argparse.BooleanOptionalAction, default=True, help="the shared logs"
    )
    options = parser.parse_args()

    runs: list[tuple[str, Path, Callable[[Path], LogSummary]]] = []
    if options.real:
        runs += [
            ("receipt.csv", options.logs / "receipt.csv", summary_of_csv),
            ("bpic2012.xes.gz", options.logs / "bpic2012.xes.gz", summary_of_xes),
        ]
    scratch = tempfile.TemporaryDirectory()
    if options.synthetic:
        path = options.synthetic_file or Path(scratch.name) / f"synthetic-{options.synthetic}.csv"
        if not path.exists():
            started = time.perf_counter()
            synthetic_csv(path, options.synthetic)
            print(f"wrote {path.name} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        if options.write_only:
            return 0
        runs.append((f"synthetic {options.synthetic:,} events (CSV)", path, summary_of_csv))

    print("| log | events | cases | ours (s) | pm4py (s) | pm4py ÷ ours | same figures |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name, path, reference in runs:
        ours_time, ours = _best(lambda p=path: analyze_file(p), options.repeat)
        theirs_time, theirs = _best(lambda p=path, r=reference: r(p), options.repeat)
        assert_same(ours, theirs)
        print(
            f"| {name} | {ours.events:,} | {ours.cases:,} | {ours_time:.3f} | {theirs_time:.3f} "
            f"| {theirs_time / ours_time:.1f} | yes |",
            flush=True,
        )
    scratch.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
