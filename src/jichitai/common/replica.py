"""Reads that may be a moment stale go to the standby (issue 21, docs/operations.md「高可用性」).

`JICHITAI_REPLICA_DATABASE_URL` names a streaming standby (HAProxy's read port in front of
Patroni's replicas); unset — `make demo`, the tests, a small town on one database — there is
no "replica" alias and every query goes to "default" as before.

A view opts in with `@stale_reads_allowed` (innermost, next to the view: sign-in, role checks
and their audit records run on the primary before it). Inside it, reads of the project's own
models go to the standby, except inside a transaction (a service that reads what it is about
to write, or just wrote, stays on the primary). Every write goes to the primary, and so does
every read outside such views: a page that shows what its user just did must see it, and the
standby applies a commit a moment after the primary acknowledged it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model

REPLICA_DB = "replica"
# Only the project's own models: Django's cache table (rate limits), sessions, axes' login
# counters and the like are read to be written back and must be current.
_PROJECT_PACKAGE = "jichitai."

_stale_reads: ContextVar[bool] = ContextVar("jichitai_stale_reads", default=False)

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def stale_reads() -> Iterator[None]:
    """Within the block, reads may come from the standby (see the module's rules)."""
    token = _stale_reads.set(True)
    try:
        yield
    finally:
        _stale_reads.reset(token)


def stale_reads_allowed(view: Callable[P, R]) -> Callable[P, R]:
    """Marks a read-only view whose figures may lag the primary by a moment (dashboards,
    open data, the public catalog). `reads_may_be_stale` is copied up through the outer
    decorators (functools.wraps), so a test can ask the resolved view."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with stale_reads():
            return view(*args, **kwargs)

    wrapper.reads_may_be_stale = True  # type: ignore[attr-defined]
    return wrapper


def replica_configured() -> bool:
    return REPLICA_DB in settings.DATABASES


class ReplicaRouter:
    """After linkage's router: it sends the broker's models to their own database first."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if not (replica_configured() and _stale_reads.get()):
            return None
        if not model.__module__.startswith(_PROJECT_PACKAGE):
            return None
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return None
        return REPLICA_DB

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        # An object read from the standby is saved to the primary (Django would otherwise
        # write where it was read).
        return DEFAULT_DB_ALIAS if replica_configured() else None

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        both = {obj1._state.db, obj2._state.db}
        return True if both <= {DEFAULT_DB_ALIAS, REPLICA_DB} else None
