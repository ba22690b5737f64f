"""The public pages (kiosk, board, booking) and the staff pages answer plainly and refuse bad
input without a 500; another municipality's staff get 404."""

from __future__ import annotations

import pytest
from django.test import Client

from jichitai.identity.models import StaffUser
from jichitai.messaging.models import Message
from jichitai.tenants.models import Municipality
from jichitai.visits.models import Reservation, Service, Ticket
from jichitai.visits.tests.factories import at, certificates_service, counter_of, next_open_day


@pytest.fixture
def service(midori: Municipality) -> Service:
    service = certificates_service(midori)
    counter_of(midori, 1, service)
    return service


def test_the_kiosk_issues_a_ticket_and_refuses_an_unknown_code(
    client: Client, service: Service
) -> None:
    page = client.post("/102121/visits/kiosk/", {"service": "certificates"})
    assert "A-001" in page.content.decode()
    wrong = client.post("/102121/visits/kiosk/", {"reservation_code": "ZZZZZZZZ"})
    assert wrong.status_code == 422
    assert "その予約番号と連絡先の予約は見つかりません。" in wrong.content.decode()
    assert Ticket.objects.count() == 1


def test_the_board_state_has_numbers_and_no_names(
    client: Client, service: Service, clerk_client: Client
) -> None:
    client.post("/102121/visits/kiosk/", {"service": "certificates"})
    clerk_client.post(
        "/102121/visits/staff/queue/act/",
        {"action": "call_next", "counter": str(service.counters.get().pk)},
    )
    state = client.get("/102121/visits/board/state/").json()
    assert state["calls"] == [{"label": "A-001", "counter": "1番窓口", "recalled": False}]
    assert state["waits"][0]["waiting"] == 0


def test_booking_a_closed_or_garbage_time_is_refused_plainly(
    client: Client, service: Service
) -> None:
    for starts_at in ("garbage", "2020-01-01T10:00:00+09:00", "\x00"):
        page = client.post(
            "/102121/visits/book/certificates/",
            {"starts_at": starts_at, "name": "山田花子", "email": "hanako@example.jp"},
        )
        assert page.status_code == 422
    assert not Message.objects.exists()


def test_a_booking_sends_a_code_and_the_confirm_page_books(
    client: Client, service: Service
) -> None:
    starts_at = at(next_open_day(service), 10).isoformat()
    page = client.post(
        "/102121/visits/book/certificates/",
        {"starts_at": starts_at, "name": "山田花子", "email": "hanako@example.jp"},
    )
    assert page.status_code == 302
    from jichitai.visits.tests.factories import sent_code

    booked = client.post("/102121/visits/confirm/", {"code": sent_code()})
    reservation = Reservation.objects.get()
    assert reservation.code in booked.content.decode()


def test_staff_book_for_a_caller_and_see_the_day(
    clerk_client: Client, service: Service, outsider: StaffUser
) -> None:
    day = next_open_day(service)
    clerk_client.post(
        "/102121/visits/staff/",
        {
            "service": "certificates",
            "starts_at": f"{day.isoformat()}T10:00",
            "name": "電話　太郎",
            "phone": "09012345678",
        },
    )
    page = clerk_client.get(f"/102121/visits/staff/?day={day.isoformat()}")
    assert "電話　太郎" in page.content.decode()
    other = Client()
    other.force_login(outsider)
    assert other.get("/102121/visits/staff/").status_code == 404
