"""Run the task queue in the test's own process: CI needs no background worker."""

from __future__ import annotations

from django.db import transaction
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

WORKER_ID = "tests"


def run_queued_tasks() -> None:
    """Run every task whose time has come, as `jichitai db_worker --batch` does, then return.

    The worker's own loop closes "old" database connections between tasks, which inside a
    test's transaction closes the test's connection; this loop claims and runs the same way
    without that.
    """
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=WORKER_ID,
        excluded_queue_names=[],
    )
    while True:
        with transaction.atomic():
            task = DBTaskResult.objects.ready().get_locked()
            if task is None:
                return
            task.claim(WORKER_ID)
        worker.run_task(task)
