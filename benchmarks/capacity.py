"""Capacity inputs for docs/scaling.md (issue 21): bytes on disk and rows per resident, per
case and per audit record, measured in a PostgreSQL database that holds benchmark data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jichitai_bench \\
        .venv/bin/python benchmarks/capacity.py

Sizes are pg_total_relation_size (heap, TOAST and every index) after ANALYZE; a group's bytes
are divided by its unit's row count: the registry's tables by residents, procedures' and the
idempotency records by cases, the audit tables by audit records.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jichitai.config.settings.dev")

import django

django.setup()

from django.apps import apps
from django.db import connection

GROUPS = {
    "resident": ("registry_resident", {"registry"}),
    "case": ("procedures_case", {"procedures", "idempotency"}),
    "audit record": ("audit_auditrecord", {"audit"}),
}


def table_sizes() -> dict[str, tuple[int, int]]:
    """{table: (bytes, rows)} of every table of the project."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute(
            "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = 'r' AND n.nspname = 'public'"
        )
        sizes = dict(cursor.fetchall())
        result = {}
        for table, size in sizes.items():
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            result[table] = (int(size), int(cursor.fetchone()[0]))
    return result


def main() -> int:
    sizes = table_sizes()
    tables_of = {
        label: {m._meta.db_table for m in apps.get_app_config(label).get_models()}
        for label in {app for _, labels in GROUPS.values() for app in labels}
    }
    print(
        f"database: {connection.settings_dict['NAME']}, "
        f"{sum(b for b, _ in sizes.values()) / 2**20:.1f} MiB in all"
    )
    print("| unit | units | tables | rows per unit | bytes per unit | biggest tables |")
    print("|---|---|---|---|---|---|")
    for unit, (unit_table, labels) in GROUPS.items():
        tables = sorted(set().union(*(tables_of[label] for label in labels)) & sizes.keys())
        units = sizes[unit_table][1]
        if not units:
            continue
        total_bytes = sum(sizes[t][0] for t in tables)
        total_rows = sum(sizes[t][1] for t in tables)
        biggest = sorted(tables, key=lambda t: -sizes[t][0])[:3]
        print(
            f"| {unit} | {units:,} | {len(tables)} | {total_rows / units:.1f} | "
            f"{total_bytes / units:,.0f} | "
            + ", ".join(f"{t} {sizes[t][0] / 2**20:.1f} MiB" for t in biggest)
            + " |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
