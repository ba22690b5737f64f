"""Which reads go to the standby (common/replica.py): only inside a view marked stale-tolerant,
only the project's own models, never inside a transaction, never a write; and nothing at all
while no replica is configured (the default: demo and tests)."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.db import transaction
from django.urls import resolve

from jichitai.common import replica
from jichitai.common.replica import REPLICA_DB, ReplicaRouter, stale_reads
from jichitai.procedures.models import Case
from jichitai.tenants.models import Municipality

ROUTER = ReplicaRouter()


@pytest.fixture
def with_replica(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(replica, "replica_configured", lambda: True)


def test_without_a_replica_every_read_stays_on_the_primary() -> None:
    with stale_reads():
        assert ROUTER.db_for_read(Case) is None
    assert ROUTER.db_for_write(Case) is None


@pytest.mark.usefixtures("with_replica")
def test_reads_go_to_the_standby_only_inside_a_stale_tolerant_view() -> None:
    assert ROUTER.db_for_read(Case) is None
    with stale_reads():
        assert ROUTER.db_for_read(Case) == REPLICA_DB
        assert ROUTER.db_for_read(Municipality) == REPLICA_DB
    assert ROUTER.db_for_read(Case) is None


@pytest.mark.usefixtures("with_replica")
def test_framework_tables_read_to_be_written_stay_on_the_primary() -> None:
    # Sessions (and the cache table of the rate limits) are read to be written back.
    with stale_reads():
        assert ROUTER.db_for_read(Session) is None


@pytest.mark.django_db
@pytest.mark.usefixtures("with_replica")
def test_a_transaction_reads_its_own_writes_on_the_primary() -> None:
    with stale_reads(), transaction.atomic():
        assert ROUTER.db_for_read(Case) is None


@pytest.mark.usefixtures("with_replica")
def test_every_write_goes_to_the_primary_even_of_an_object_read_from_the_standby() -> None:
    with stale_reads():
        assert ROUTER.db_for_write(Case) == "default"
    read_there, here = Municipality(), Municipality()
    read_there._state.db, here._state.db = REPLICA_DB, "default"
    assert ROUTER.allow_relation(read_there, here) is True


STALE_TOLERANT = [
    "/102121/insights/",
    "/102121/insights/process/",
    "/102121/insights/csv/kpis/",
    "/102121/insights/export/xes/",
    "/102121/opendata/",
    "/102121/opendata/dcat.ttl",
    "/102121/opendata/api/3/action/package_search",
    "/102121/opendata/aed/",
    "/102121/opendata/aed/csv/",
]
MUST_SEE_OWN_WRITES = [
    "/102121/insights/publish/",  # a write
    "/102121/opendata/office/",  # the office's upload shows what it just published
    "/102121/visits/board/state/",  # the display board calls the ticket just called
    "/102121/portal/",  # a resident's own cases
]


@pytest.mark.parametrize("path", STALE_TOLERANT)
def test_dashboards_open_data_and_the_catalog_may_read_the_standby(path: str) -> None:
    assert getattr(resolve(path).func, "reads_may_be_stale", False) is True


@pytest.mark.parametrize("path", MUST_SEE_OWN_WRITES)
def test_pages_that_show_what_was_just_done_read_the_primary(path: str) -> None:
    assert getattr(resolve(path).func, "reads_may_be_stale", False) is False
