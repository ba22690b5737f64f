"""窓口の用件 (Counter.services) rows carry the municipality (Citus distribution, issue 21):
the migration that introduced them kept the counters' services, and every writer fills it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from jichitai.identity.models import StaffUser
from jichitai.tenants.models import Municipality
from jichitai.visits.models import Counter, CounterService
from jichitai.visits.services import visits_setup_defaults
from jichitai.visits.tests.factories import certificates_service, counter_of

BEFORE = [("visits", "0003_ticket_recent_done")]
AFTER = [("visits", "0004_counter_service_through")]


def test_default_counters_call_their_services_with_the_municipality(midori: Municipality) -> None:
    visits_setup_defaults(municipality_code=midori.lg_code)

    rows = CounterService.objects.filter(counter__municipality=midori)
    assert rows.exists()
    assert {row.municipality_id for row in rows} == {midori.lg_code}
    counter = Counter.objects.for_municipality(midori).get(number=1)
    assert counter.services.count() == 1


def test_a_row_added_with_only_counter_and_service_takes_the_counters_municipality(
    midori: Municipality,
) -> None:
    """The admin's inline sets counter and service only."""
    service = certificates_service(midori)
    counter = counter_of(midori, 1)

    CounterService(counter=counter, service=service).save()

    assert list(counter.services.all()) == [service]
    assert CounterService.objects.get().municipality_id == midori.lg_code


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_each_counters_services(
    midori: Municipality, minakami: Municipality
) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    old_service, old_counter = (
        old.get_model("visits", "Service"),
        old.get_model("visits", "Counter"),
    )
    pairs = []
    for municipality in (midori, minakami):
        service = old_service.objects.create(
            municipality_id=municipality.lg_code,
            key="certificates",
            name="証明書の発行",
            prefix="A",
            opens_at=dt.time(9),
            closes_at=dt.time(12),
        )
        counter = old_counter.objects.create(
            municipality_id=municipality.lg_code, number=1, name="1番窓口"
        )
        counter.services.add(service)
        pairs.append((municipality.lg_code, counter.pk, service.pk))

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    # Back to the latest of every app, whatever came after 0004, for the tests that follow.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    kept = CounterService.objects.values_list("municipality_id", "counter_id", "service_id")
    assert sorted(kept) == sorted(pairs)


def test_an_operator_gives_a_counter_a_service_in_the_admin(midori: Municipality) -> None:
    operator = StaffUser.objects.create_superuser("operator", password="x" * 16)
    client = Client()
    client.force_login(operator)
    service = certificates_service(midori)
    counter = counter_of(midori, 1)
    url = f"/admin/visits/counter/{counter.pk}/change/"
    assert client.get(url).status_code == 200

    answer = client.post(
        url,
        {
            "municipality": midori.lg_code,
            "number": "1",
            "name": "1番窓口",
            "is_open": "on",
            "service_links-TOTAL_FORMS": "1",
            "service_links-INITIAL_FORMS": "0",
            "service_links-MIN_NUM_FORMS": "0",
            "service_links-MAX_NUM_FORMS": "1000",
            "service_links-0-service": str(service.pk),
        },
    )

    assert answer.status_code == 302
    assert list(counter.services.all()) == [service]
    assert CounterService.objects.get().municipality_id == midori.lg_code
