"""Run the task queue in the test's own process: CI needs no background worker."""

from __future__ import annotations

from django.core.management import call_command


def run_queued_tasks() -> None:
    """Run every task whose time has come, as `jichitai db_worker --batch` does, then return."""
    call_command(
        "db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0
    )
