"""Benchmark of 地域・年齢別人口 from the register: counting the 住民履歴 as of a date and the
small-count suppression, on the demo population of one municipality.

    DATABASE_URL=sqlite:////tmp/opendata_bench.sqlite3 PYTHONPATH=src \\
        .venv/bin/python benchmarks/opendata.py --residents 10000 [--repeat 3]

Migrates the (scratch) database, makes the demo municipalities and, when みどり市's register is
empty, --residents demo residents with their history; then times `population_counts` (the
register read) and `population_records` (bands and suppression), best of --repeat, with the
peak memory Python allocated (tracemalloc) and the number of areas and hidden cells.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jichitai.config.settings.dev")

import django

django.setup()

from django.core.management import call_command

from jichitai.demo.services import demo_residents_seed, demo_seed
from jichitai.opendata.population import population_records
from jichitai.opendata.suppression import SUPPRESSED
from jichitai.registry.models import ResidentHistory
from jichitai.registry.selectors import address_area_names, population_counts
from jichitai.tenants.models import Municipality


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("migrate", database="linkage", verbosity=0)
    demo_seed(seed=2026)
    started = time.perf_counter()
    demo_residents_seed(seed=2026, count=args.residents)
    print(f"register made in {time.perf_counter() - started:.1f} s")
    municipality = Municipality.objects.get(lg_code="102121")
    history = ResidentHistory.objects.filter(municipality=municipality).count()
    on = dt.date.today()

    count_times, record_times = [], []
    for _ in range(args.repeat):
        gc.collect()
        tracemalloc.start()
        begin = time.perf_counter()
        counts = population_counts(municipality=municipality, on=on)
        middle = time.perf_counter()
        names = address_area_names(
            municipality=municipality, codes={k.address_code for k in counts if k.address_code}
        )
        records = population_records(
            municipality=municipality, on=on, counts=counts, area_names=names
        )
        end = time.perf_counter()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        count_times.append(middle - begin)
        record_times.append(end - middle)
    hidden = sum(value == SUPPRESSED for record in records for value in record.values())
    print(
        f"| {sum(counts.values()):,} living of {history:,} history rows | "
        f"population_counts {min(count_times) * 1000:.0f} ms | "
        f"population_records {min(record_times) * 1000:.0f} ms | "
        f"{len(records)} areas, {hidden} cells X | peak {peak / 2**20:.0f} MiB |"
    )


if __name__ == "__main__":
    main()
