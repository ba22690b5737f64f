"""A database that is away (a failover of the primary, a restart) is answered 503 with
Retry-After — a problem document under /api/, the 503 page elsewhere — never a 500 (issue 21).
A bug that happens to raise a database error stays a 500."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import pytest
from django.db import IntegrityError, InterfaceError, OperationalError, connection
from django.test import Client

from jichitai.common.db_errors import database_unavailable
from jichitai.config.tests.test_security_headers import assert_security_headers
from jichitai.tenants.models import Municipality


def _lost(cause: Exception) -> OperationalError:
    # As Django's DatabaseErrorWrapper raises it: its own class, the driver's error as cause.
    error = OperationalError(str(cause))
    error.__cause__ = cause
    return error


@contextmanager
def database_gone(error: Callable[[], Exception]) -> Iterator[None]:
    """Every query of the request fails as it does when the primary's postmaster dies."""

    def fail(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        raise error()

    with connection.execute_wrapper(fail):
        yield


SERVER_CLOSED = "server closed the connection unexpectedly"


def test_the_api_answers_503_with_retry_after_when_the_connection_is_lost(
    midori: Municipality,
) -> None:
    with database_gone(lambda: _lost(psycopg.OperationalError(SERVER_CLOSED))):
        response = Client(raise_request_exception=False).get("/api/v1/municipalities")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "5"
    body = response.json()
    assert body["code"] == "server.database_unavailable"
    assert body["retry_after"] == 5
    assert SERVER_CLOSED not in response.content.decode()


def test_a_tenant_api_route_answers_503_when_the_lookup_of_its_municipality_fails(
    midori: Municipality,
) -> None:
    with database_gone(lambda: _lost(psycopg.errors.AdminShutdown("terminating connection"))):
        response = Client(raise_request_exception=False).get("/api/v1/102121/staff/me")
    assert response.status_code == 503
    assert response.json()["code"] == "server.database_unavailable"


def test_a_page_answers_the_503_page_with_retry_after(midori: Municipality) -> None:
    with database_gone(lambda: InterfaceError("the connection is closed")):
        response = Client(raise_request_exception=False).get("/102121/portal/signin/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert "一時的にご利用いただけません" in page
    assert "操作が済んでいるかをご確認" in page
    assert_security_headers(response)


def test_a_write_refused_by_a_demoted_primary_is_503(midori: Municipality) -> None:
    # During a switchover HAProxy may still hold a connection to the node that is now a standby.
    error = _lost(psycopg.errors.ReadOnlySqlTransaction("read-only transaction"))
    with database_gone(lambda: error):
        response = Client(raise_request_exception=False).get("/api/v1/municipalities")
    assert response.status_code == 503


@pytest.mark.parametrize(
    ("error", "unavailable"),
    [
        (_lost(psycopg.OperationalError("connection refused")), True),
        (_lost(psycopg.errors.CannotConnectNow("the database system is starting up")), True),
        (_lost(psycopg.errors.SerializationFailure("could not serialize")), True),
        (_lost(psycopg.errors.UndefinedTable("relation does not exist")), False),
        (OperationalError("database is locked"), True),
        (OperationalError("no such table: registry_resident"), False),
        (IntegrityError("duplicate key"), False),
        (RuntimeError("boom"), False),
        (None, False),
    ],
)
def test_which_errors_mean_the_database_is_away(error: Exception | None, unavailable: bool) -> None:
    assert database_unavailable(error) is unavailable
