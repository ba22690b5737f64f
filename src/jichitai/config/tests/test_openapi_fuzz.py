"""Every operation of the OpenAPI document, fuzzed by schemathesis against the WSGI app.

Valid and invalid requests generated from the document itself go to every operation, with
a staff API token (all roles) on staff operations and a resident token on the residents'
ones; the municipality in the path is the served みどり市 so that the handlers are reached.
Two checks must hold for every answer: no 5xx (`not_a_server_error`) and no status the
document does not declare (`status_code_conformance`).

CI runs a few examples per operation; run it longer with
`JICHITAI_FUZZ_EXAMPLES=500 pytest src/jichitai/config/tests/test_openapi_fuzz.py`
(add `JICHITAI_FUZZ_SEED=<n>` to replay one run).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import status_code_conformance

from jichitai.identity.models import Role
from jichitai.identity.services import api_token_issue, staff_create
from jichitai.portal.tokens import resident_token_issue
from jichitai.registry.models import ChangeType, Resident
from jichitai.registry.services import Address, residents_register
from jichitai.registry.tests.factories import person
from jichitai.tenants.models import Municipality

EXAMPLES = int(os.environ.get("JICHITAI_FUZZ_EXAMPLES", "8"))
SEED = os.environ.get("JICHITAI_FUZZ_SEED")
CHECKS = [not_a_server_error, status_code_conformance]
OPENAPI_PATH = "/api/v1/openapi.json"


def _staff_token(midori: Municipality) -> str:
    staff = staff_create(
        municipality=midori,
        username="fuzz-staff",
        password="fuzz-staff-password-not-used",
        display_name="fuzz",
        roles=tuple(Role),
        actor=None,
        check_password=False,
    )
    return api_token_issue(user=staff, name="fuzz", valid_days=1, actor=None).plaintext


def _resident_tokens(midori: Municipality) -> Callable[[], str]:
    """A new token for every request: signing out (DELETE sessions/current) revokes one."""
    change = residents_register(
        municipality=midori,
        change_type=ChangeType.MOVE_IN,
        people=[person("試験　太郎", "シケン　タロウ", dt.date(1980, 1, 1), "1", "世帯主")],
        address=Address(address="群馬県みどり市笠懸町鹿1番地"),
        effective_on=dt.date(2024, 4, 1),
        notified_on=dt.date(2024, 4, 1),
        actor=None,
    )
    resident = Resident.objects.get(history__change=change)
    return lambda: resident_token_issue(resident=resident).plaintext


Credentials = dict[str, Callable[[], str]]


def _authorization(operation: Any, credentials: Credentials) -> dict[str, str]:
    """The bearer token of the operation's security scheme (none for public operations).
    It replaces whatever schemathesis generated for the scheme: the handlers are the target."""
    security = operation.definition.raw.get("security", [])
    for scheme in (name for requirement in security for name in requirement):
        if scheme in credentials:
            return {"Authorization": f"Bearer {credentials[scheme]()}"}
    return {}


def _fuzz(operation: Any, credentials: Credentials, lg_code: str) -> list[str]:
    """Runs the operation's examples; the failures as one line each."""
    failures: list[str] = []
    fixed = {"lg_code": lg_code} if "{lg_code}" in operation.path else None
    strategy = st.one_of(
        operation.as_strategy(schemathesis.GenerationMode.POSITIVE, path_parameters=fixed),
        operation.as_strategy(schemathesis.GenerationMode.NEGATIVE, path_parameters=fixed),
    )

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=SEED is None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case: Any) -> None:
        case.headers = {**(case.headers or {}), **_authorization(operation, credentials)}
        response = case.call()
        try:
            case.validate_response(response, checks=CHECKS)
        except (Exception, BaseExceptionGroup) as failure:  # one check, or a FailureGroup
            failures.append(f"{operation.label}: {response.status_code} {str(failure)[:300]}")

    decorated: Callable[[], None] = seed(int(SEED))(run) if SEED else run
    decorated()
    return failures


@pytest.fixture
def connections_kept() -> Iterator[None]:
    """The requests go straight to the WSGI app, whose request signals close the database
    connection (close_old_connections): on PostgreSQL that ends the test's transaction.
    Django's own test client disconnects them the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db(transaction=False)
@pytest.mark.usefixtures("connections_kept")
def test_every_operation_answers_only_documented_statuses_and_never_5xx(
    midori: Municipality,
) -> None:
    staff_token = _staff_token(midori)
    credentials = {
        "StaffTokenAuth": lambda: staff_token,
        "ResidentTokenAuth": _resident_tokens(midori),
    }
    schema = schemathesis.openapi.from_wsgi(OPENAPI_PATH, get_wsgi_application())
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            raise result.err()  # the schema itself is broken
        operation = result.ok()
        operations += 1
        failures.extend(_fuzz(operation, credentials, midori.lg_code))
    assert operations >= 39
    assert failures == [], "\n".join(failures)
