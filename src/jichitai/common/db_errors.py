"""Which database errors mean "the database is not there right now" (answered 503 with
Retry-After) rather than a bug (500).

During a failover (docs/operations.md「高可用性」) a request meets a connection that the old
primary dropped, a refused connection while HAProxy has no leader yet, or a node that is now a
standby and refuses writes. Each rolls the request's transaction back whole, so the client
may simply send it again. Lock and serialization conflicts are the same kind of moment.
"""

from __future__ import annotations

from django.db import InterfaceError, OperationalError

# SQLSTATE classes and codes (PostgreSQL Appendix A) of a database that is away or busy.
_UNAVAILABLE_CLASSES = ("08",)  # connection exception
_UNAVAILABLE_CODES = frozenset(
    {
        "57P01",  # admin_shutdown: the server was stopped or demoted
        "57P02",  # crash_shutdown
        "57P03",  # cannot_connect_now: starting up, in recovery
        "25006",  # read_only_sql_transaction: a write reached a node that is now a standby
        "40001",  # serialization_failure
        "40P01",  # deadlock_detected
        "55P03",  # lock_not_available
    }
)


def database_unavailable(error: BaseException | None) -> bool:
    """True for an error raised because the database is unreachable, shutting down, read-only
    after a switchover, or momentarily conflicted; False for anything else (a bug)."""
    if isinstance(error, InterfaceError):
        # psycopg: "the connection is closed" — the server went away under a kept connection.
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate is None:
        # psycopg's connection failures (refused, reset, "server closed the connection
        # unexpectedly") carry no SQLSTATE; SQLite's busy database says "database is locked".
        # Other SQLite OperationalErrors (a missing table, bad SQL) are bugs.
        if type(cause).__module__.startswith("psycopg"):
            return True
        return "database is locked" in str(error)
    return sqlstate.startswith(_UNAVAILABLE_CLASSES) or sqlstate in _UNAVAILABLE_CODES
