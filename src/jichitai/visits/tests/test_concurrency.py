"""Two people can never get the last place: parallel bookings of one slot on PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from jichitai.common.exceptions import DomainError
from jichitai.identity.models import StaffUser
from jichitai.tenants.models import Municipality
from jichitai.visits.models import Reservation, ReservationChannel, Slot
from jichitai.visits.services import reservation_book
from jichitai.visits.tests.factories import at, certificates_service, next_open_day

PARALLEL = 8


@pytest.mark.django_db(transaction=True)
def test_parallel_requests_for_the_last_places_book_each_place_once(
    midori: Municipality, clerk: StaffUser
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one transaction at a time: no two bookings can race there")
    service = certificates_service(midori, capacity=3)
    starts_at = at(next_open_day(service), 10)

    def book(n: int) -> str:
        try:
            reservation_book(
                municipality_code="102121",
                service_key=service.key,
                starts_at=starts_at,
                name=f"来庁者{n}",
                email=f"visitor{n}@example.jp",
                channel=ReservationChannel.PHONE,
                actor=clerk,
            )
            return "booked"
        except DomainError as refused:
            return refused.code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        outcomes = sorted(pool.map(book, range(PARALLEL)))
    assert outcomes == ["booked"] * 3 + ["visit.slot_full"] * (PARALLEL - 3)
    assert Reservation.objects.count() == 3
    assert Slot.objects.get().booked == 3
