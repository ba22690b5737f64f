"""来庁予約 in the portal: a resident signed in with their card books with no code, sees the
reservation and cancels it; another resident cannot cancel it."""

from __future__ import annotations

import pytest
from django.test import Client

from jichitai.registry.models import Resident
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality
from jichitai.visits.models import Reservation, ReservationStatus, Slot
from jichitai.visits.tests.factories import at, certificates_service, next_open_day


def _signed_in(resident: Resident) -> Client:
    client = Client()
    session = client.session
    session["portal.resident"] = {"lg_code": resident.municipality_id, "resident_id": resident.pk}
    session.save()
    return client


@pytest.fixture
def family(midori: Municipality) -> dict[str, Resident]:
    return yamada_family(midori)


def test_a_card_signed_in_resident_books_and_cancels(family: dict[str, Resident]) -> None:
    service = certificates_service(family["花子"].municipality)
    starts_at = at(next_open_day(service), 10)
    hanako = _signed_in(family["花子"])
    assert "証明書の発行" in hanako.get("/102121/portal/visits/").content.decode()
    booked = hanako.post(
        "/102121/portal/visits/",
        {
            "service": "certificates",
            "starts_at": starts_at.isoformat(),
            "email": "hanako@example.jp",
        },
    )
    assert booked.status_code == 302
    reservation = Reservation.objects.get()
    assert (reservation.resident_id, reservation.name) == (family["花子"].pk, family["花子"].name)
    assert reservation.code in hanako.get("/102121/portal/visits/").content.decode()

    shota = _signed_in(family["翔太"])
    refused = shota.post("/102121/portal/visits/", {"cancel": str(reservation.pk)})
    assert refused.status_code == 422
    hanako.post("/102121/portal/visits/", {"cancel": str(reservation.pk)})
    reservation.refresh_from_db()
    assert reservation.status == ReservationStatus.CANCELLED
    assert Slot.objects.get().booked == 0


def test_a_past_time_is_refused(family: dict[str, Resident]) -> None:
    certificates_service(family["花子"].municipality)
    page = _signed_in(family["花子"]).post(
        "/102121/portal/visits/",
        {"service": "certificates", "starts_at": "2020-01-06T10:00:00+09:00", "email": "a@b.jp"},
    )
    assert page.status_code == 422
    assert "過ぎた時間は予約できません。" in page.content.decode()
