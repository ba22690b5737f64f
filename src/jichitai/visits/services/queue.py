"""窓口の順番 (the queue): tickets, check-in by 予約番号, calls, transfers.

Every step stores its time with seconds (arrival, call, start, end) for the waiting-time
figures; staff steps are audited (who called whom, at which counter).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.common.actors import Actor
from jichitai.common.kana import normalize_code_input
from jichitai.visits.errors import (
    CounterClosed,
    CounterNotFound,
    QueueEmpty,
    ReservationNotFound,
    ServiceNotFound,
    TicketNotFound,
    TicketState,
)
from jichitai.visits.models import (
    Counter,
    Reservation,
    ReservationStatus,
    Service,
    ServiceKind,
    Ticket,
    TicketStatus,
)
from jichitai.visits.services.booking import code_failure_check, code_failure_count
from jichitai.visits.slots import TOKYO, local_today


def _new_ticket(service: Service, *, reservation: Reservation | None = None) -> Ticket:
    # The service row's lock numbers the day's tickets one after another (A-001, A-002 …).
    Service.objects.select_for_update().filter(pk=service.pk).first()
    today = local_today()
    last = Ticket.objects.filter(service=service, day=today).aggregate(n=Max("number"))["n"]
    return Ticket.objects.create(
        municipality_id=service.municipality_id,
        service=service,
        day=today,
        number=(last or 0) + 1,
        reservation=reservation,
        arrived_at=timezone.now(),
    )


@transaction.atomic
def ticket_issue(*, municipality_code: str, service_key: str) -> Ticket:
    """番号札の発行 at the kiosk: the next number of the service today. Raises ServiceNotFound."""
    service = (
        Service.objects.for_municipality(municipality_code)
        .filter(key=service_key[:30], is_active=True, kind=ServiceKind.COUNTER)
        .first()
    )
    if service is None:
        raise ServiceNotFound
    return _new_ticket(service)


@transaction.atomic
def ticket_check_in(*, municipality_code: str, reservation_code: str) -> Ticket:
    """予約の受付 at the kiosk: today's reservation becomes a ticket (served before walk-ins).

    Raises ReservationNotFound (unknown, cancelled, another day, already checked in),
    RateLimited (too many wrong codes from the source).
    """
    code_failure_check()
    code = normalize_code_input(reservation_code).strip().upper()[:12]
    reservation = (
        Reservation.objects.for_municipality(municipality_code)
        .select_for_update()
        .select_related("service", "slot")
        .filter(code=code, status=ReservationStatus.BOOKED)
        .first()
    )
    if reservation is None or reservation.slot.starts_at.astimezone(TOKYO).date() != local_today():
        code_failure_count()
        raise ReservationNotFound
    reservation.status = ReservationStatus.CHECKED_IN
    reservation.save(update_fields=["status"])
    return _new_ticket(reservation.service, reservation=reservation)


def _counter(municipality_code: str, counter_id: int) -> Counter:
    counter = Counter.objects.for_municipality(municipality_code).filter(pk=counter_id).first()
    if counter is None:
        raise CounterNotFound
    return counter


def _ticket(municipality_code: str, ticket_id: int) -> Ticket:
    ticket = (
        Ticket.objects.for_municipality(municipality_code)
        .select_for_update()
        .filter(pk=ticket_id, day=local_today())
        .first()
    )
    if ticket is None:
        raise TicketNotFound
    return ticket


def _audit(actor: Actor, action: str, ticket: Ticket) -> None:
    audit_record(
        actor=actor,
        action=f"visits.ticket_{action}",
        municipality_code=ticket.municipality_id,
        object_type="ticket",
        object_id=ticket.pk,
        detail={"counter": ticket.counter_id},
    )


@transaction.atomic
def ticket_call_next(*, municipality_code: str, counter_id: int, actor: Actor) -> Ticket:
    """次の方を呼ぶ: the next ticket for this counter — transferred to it first, then
    reservations, then walk-ins, each in order of arrival.

    Raises CounterNotFound, CounterClosed, QueueEmpty.
    """
    counter = _counter(municipality_code, counter_id)
    if not counter.is_open:
        raise CounterClosed
    waiting = (
        Ticket.objects.for_municipality(municipality_code)
        .filter(day=local_today(), status=TicketStatus.WAITING)
        .filter(Q(counter=counter) | Q(counter__isnull=True, service__in=counter.services.all()))
    )
    # skip_locked: two counters calling at once get two different people, never the same.
    ticket = (
        waiting.select_for_update(skip_locked=True, of=("self",))
        .order_by(
            F("counter").asc(nulls_last=True),
            F("reservation").asc(nulls_last=True),
            "arrived_at",
            "pk",
        )
        .first()
    )
    if ticket is None:
        raise QueueEmpty
    now = timezone.now()
    ticket.status = TicketStatus.CALLED
    ticket.counter = counter
    ticket.call_count = 1
    ticket.called_at = ticket.called_at or now
    ticket.announced_at = now
    ticket.save(update_fields=["status", "counter", "call_count", "called_at", "announced_at"])
    _audit(actor, "call", ticket)
    return ticket


def _require(ticket: Ticket, *states: TicketStatus, detail: str) -> None:
    if ticket.status not in states:
        raise TicketState(detail)


@transaction.atomic
def ticket_recall(*, municipality_code: str, ticket_id: int, actor: Actor) -> Ticket:
    """再呼出し: call a called ticket again (it goes back to the top of the board)."""
    ticket = _ticket(municipality_code, ticket_id)
    _require(ticket, TicketStatus.CALLED, detail="呼出し中の番号札だけを再度呼び出せます。")
    ticket.call_count += 1
    ticket.announced_at = timezone.now()
    ticket.save(update_fields=["call_count", "announced_at"])
    _audit(actor, "recall", ticket)
    return ticket


@transaction.atomic
def ticket_start(*, municipality_code: str, ticket_id: int, actor: Actor) -> Ticket:
    """対応開始: the called person arrived at the counter."""
    ticket = _ticket(municipality_code, ticket_id)
    _require(ticket, TicketStatus.CALLED, detail="呼出し中の番号札だけ対応を始められます。")
    ticket.status = TicketStatus.SERVING
    ticket.started_at = timezone.now()
    ticket.save(update_fields=["status", "started_at"])
    _audit(actor, "start", ticket)
    return ticket


@transaction.atomic
def ticket_finish(*, municipality_code: str, ticket_id: int, actor: Actor) -> Ticket:
    """対応終了."""
    ticket = _ticket(municipality_code, ticket_id)
    _require(ticket, TicketStatus.SERVING, detail="対応中の番号札だけを終了できます。")
    ticket.status = TicketStatus.DONE
    ticket.ended_at = timezone.now()
    ticket.save(update_fields=["status", "ended_at"])
    _audit(actor, "finish", ticket)
    return ticket


@transaction.atomic
def ticket_no_show(*, municipality_code: str, ticket_id: int, actor: Actor) -> Ticket:
    """不在: the called person did not come."""
    ticket = _ticket(municipality_code, ticket_id)
    _require(ticket, TicketStatus.CALLED, detail="呼出し中の番号札だけを不在にできます。")
    ticket.status = TicketStatus.NO_SHOW
    ticket.ended_at = timezone.now()
    ticket.save(update_fields=["status", "ended_at"])
    _audit(actor, "no_show", ticket)
    return ticket


@transaction.atomic
def ticket_transfer(
    *, municipality_code: str, ticket_id: int, counter_id: int, actor: Actor
) -> Ticket:
    """別の窓口へ回す: the ticket waits again, first in line at the other counter.

    Raises TicketNotFound, TicketState, CounterNotFound, CounterClosed (nothing changes).
    """
    ticket = _ticket(municipality_code, ticket_id)
    _require(
        ticket,
        TicketStatus.CALLED,
        TicketStatus.SERVING,
        detail="呼出し中か対応中の番号札だけを別の窓口へ回せます。",
    )
    target = _counter(municipality_code, counter_id)
    if not target.is_open:
        raise CounterClosed
    if target.pk == ticket.counter_id:
        raise TicketState("同じ窓口へは回せません。")
    ticket.status = TicketStatus.WAITING
    ticket.counter = target
    ticket.save(update_fields=["status", "counter"])
    _audit(actor, "transfer", ticket)
    return ticket
