"""窓口の順番: numbered tickets, check-in by 予約番号, calls in order, and the refusals
(called twice, transfer to a closed counter) that change nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from jichitai.identity.models import StaffUser
from jichitai.tenants.models import Municipality
from jichitai.visits.errors import CounterClosed, QueueEmpty, ReservationNotFound, TicketState
from jichitai.visits.models import (
    Reservation,
    ReservationChannel,
    ReservationStatus,
    Service,
    Slot,
    Ticket,
    TicketStatus,
)
from jichitai.visits.selectors import board_state, service_waits, ticket_list_for_insights
from jichitai.visits.services import (
    ticket_call_next,
    ticket_check_in,
    ticket_finish,
    ticket_issue,
    ticket_no_show,
    ticket_recall,
    ticket_start,
    ticket_transfer,
)
from jichitai.visits.slots import local_today
from jichitai.visits.tests.factories import certificates_service, counter_of


@pytest.fixture
def service(midori: Municipality) -> Service:
    return certificates_service(midori)


def _reservation_today(service: Service) -> Reservation:
    # Booked earlier for today's slot (the booking services refuse the past, so made here).
    now = dt.datetime.now(dt.UTC)
    slot = Slot.objects.create(
        municipality_id=service.municipality_id,
        service=service,
        starts_at=now,
        capacity=2,
        booked=1,
    )
    return Reservation.objects.create(
        municipality_id=service.municipality_id,
        service=service,
        slot=slot,
        code="ABCD2345",
        name="山田花子",
        email="hanako@example.jp",
        channel=ReservationChannel.WEB,
        created_at=now,
    )


def test_tickets_are_numbered_per_service_and_day(service: Service) -> None:
    first = ticket_issue(municipality_code="102121", service_key="certificates")
    second = ticket_issue(municipality_code="102121", service_key="certificates")
    assert (first.label, second.label) == ("A-001", "A-002")
    assert first.day == local_today()
    assert first.arrived_at.microsecond or first.arrived_at.second is not None


def test_a_reservation_checks_in_once_and_is_called_before_walk_ins(
    service: Service, clerk: StaffUser
) -> None:
    counter = counter_of(service.municipality, 1, service)
    walk_in = ticket_issue(municipality_code="102121", service_key="certificates")
    reservation = _reservation_today(service)
    reserved = ticket_check_in(municipality_code="102121", reservation_code="abcd２３４５")
    assert Reservation.objects.get().status == ReservationStatus.CHECKED_IN
    with pytest.raises(ReservationNotFound):
        ticket_check_in(municipality_code="102121", reservation_code=reservation.code)
    called = ticket_call_next(municipality_code="102121", counter_id=counter.pk, actor=clerk)
    assert called.pk == reserved.pk
    assert (
        ticket_call_next(municipality_code="102121", counter_id=counter.pk, actor=clerk).pk
        == walk_in.pk
    )
    with pytest.raises(QueueEmpty):
        ticket_call_next(municipality_code="102121", counter_id=counter.pk, actor=clerk)


def test_another_municipalitys_reservation_does_not_check_in(
    service: Service, minakami: Municipality
) -> None:
    _reservation_today(service)
    with pytest.raises(ReservationNotFound):
        ticket_check_in(municipality_code="104493", reservation_code="ABCD2345")


def test_a_ticket_goes_from_call_to_end_with_seconds(service: Service, clerk: StaffUser) -> None:
    counter = counter_of(service.municipality, 1, service)
    ticket_issue(municipality_code="102121", service_key="certificates")
    ticket = ticket_call_next(municipality_code="102121", counter_id=counter.pk, actor=clerk)
    ticket_recall(municipality_code="102121", ticket_id=ticket.pk, actor=clerk)
    with pytest.raises(TicketState):  # finishing before starting
        ticket_finish(municipality_code="102121", ticket_id=ticket.pk, actor=clerk)
    ticket_start(municipality_code="102121", ticket_id=ticket.pk, actor=clerk)
    ticket_finish(municipality_code="102121", ticket_id=ticket.pk, actor=clerk)
    done = Ticket.objects.get()
    assert (done.status, done.call_count, done.counter_id) == (TicketStatus.DONE, 2, counter.pk)
    assert done.arrived_at <= done.called_at <= done.started_at <= done.ended_at  # type: ignore[operator]
    [row] = ticket_list_for_insights(
        municipality_code="102121", first=local_today(), last=local_today()
    )
    assert row.ended_at is not None


def test_a_called_ticket_cannot_be_called_twice_nor_start_after_no_show(
    service: Service, clerk: StaffUser
) -> None:
    counter = counter_of(service.municipality, 1, service)
    ticket_issue(municipality_code="102121", service_key="certificates")
    ticket = ticket_call_next(municipality_code="102121", counter_id=counter.pk, actor=clerk)
    with pytest.raises(QueueEmpty):  # the only ticket is called already
        ticket_call_next(municipality_code="102121", counter_id=counter.pk, actor=clerk)
    ticket_no_show(municipality_code="102121", ticket_id=ticket.pk, actor=clerk)
    with pytest.raises(TicketState):
        ticket_start(municipality_code="102121", ticket_id=ticket.pk, actor=clerk)


def test_transfer_goes_first_in_line_at_an_open_counter_only(
    service: Service, clerk: StaffUser
) -> None:
    first = counter_of(service.municipality, 1, service)
    second = counter_of(service.municipality, 2)  # serves nothing by itself
    closed = counter_of(service.municipality, 3, service)
    closed.is_open = False
    closed.save()
    ticket_issue(municipality_code="102121", service_key="certificates")
    ticket = ticket_call_next(municipality_code="102121", counter_id=first.pk, actor=clerk)
    with pytest.raises(CounterClosed):
        ticket_transfer(
            municipality_code="102121", ticket_id=ticket.pk, counter_id=closed.pk, actor=clerk
        )
    assert Ticket.objects.get().status == TicketStatus.CALLED  # nothing changed
    ticket_transfer(
        municipality_code="102121", ticket_id=ticket.pk, counter_id=second.pk, actor=clerk
    )
    again = ticket_call_next(municipality_code="102121", counter_id=second.pk, actor=clerk)
    assert again.pk == ticket.pk
    with pytest.raises(CounterClosed):
        ticket_call_next(municipality_code="102121", counter_id=closed.pk, actor=clerk)


def test_the_board_shows_numbers_and_the_wait_from_recent_service_times(
    service: Service, clerk: StaffUser
) -> None:
    counter = counter_of(service.municipality, 1, service)
    ticket_issue(municipality_code="102121", service_key="certificates")
    served = ticket_call_next(municipality_code="102121", counter_id=counter.pk, actor=clerk)
    ticket_start(municipality_code="102121", ticket_id=served.pk, actor=clerk)
    finished = ticket_finish(municipality_code="102121", ticket_id=served.pk, actor=clerk)
    assert finished.ended_at is not None
    # That visit took 4 minutes: two people now waiting at one counter wait about 8.
    Ticket.objects.filter(pk=served.pk).update(
        started_at=finished.ended_at - dt.timedelta(minutes=4)
    )
    ticket_issue(municipality_code="102121", service_key="certificates")
    ticket_issue(municipality_code="102121", service_key="certificates")
    [wait] = service_waits(municipality_code="102121")
    assert (wait.waiting, wait.minutes) == (2, 8)
    called = ticket_call_next(municipality_code="102121", counter_id=counter.pk, actor=clerk)
    board = board_state(municipality_code="102121")
    assert [(c.label, c.counter) for c in board.calls] == [(called.label, "1番窓口")]
    assert "山田" not in str(board)
