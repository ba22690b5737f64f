"""Reads of 来庁予約 and the queue: free slots, the day's bookings, the board, waiting times."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from jichitai.visits.models import (
    Counter,
    Reservation,
    ReservationStatus,
    Service,
    ServiceKind,
    Slot,
    Ticket,
    TicketStatus,
)
from jichitai.visits.slots import TOKYO, local_today, open_days, slot_starts

# Waiting times are estimated from this many of the latest finished tickets of the service…
RECENT_SERVED = 20
# …or this long a visit when the service has none yet.
DEFAULT_SERVICE_MINUTES = 10
# The board shows the latest calls.
BOARD_CALLS = 8


def service_list(*, municipality_code: str) -> QuerySet[Service]:
    """The services staff book, 出張 included."""
    return Service.objects.for_municipality(municipality_code).filter(is_active=True)


def service_list_public(*, municipality_code: str) -> QuerySet[Service]:
    """The counter services residents book and take tickets for: a 出張 visit (staff and a
    car for a whole morning) is arranged by phone with the office, which books it."""
    return service_list(municipality_code=municipality_code).filter(kind=ServiceKind.COUNTER)


def service_get(*, municipality_code: str, service_key: str) -> Service | None:
    """A counter service residents may book."""
    return (
        service_list_public(municipality_code=municipality_code)
        .filter(key=service_key[:30])
        # The slot calendar reads the municipality's 閉庁日 settings.
        .select_related("municipality__settings")
        .first()
    )


@dataclass(frozen=True)
class SlotOffer:
    starts_at: dt.datetime
    free: int


def slot_offers(*, service: Service, day: dt.date) -> list[SlotOffer]:
    """空き枠: the slots of `day` still ahead, with their free places (0 = full)."""
    taken = {
        slot.starts_at: slot.free
        for slot in Slot.objects.filter(
            service=service,
            starts_at__gte=dt.datetime.combine(day, dt.time(0), tzinfo=TOKYO),
            starts_at__lt=dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=TOKYO),
        )
    }
    now = timezone.now()
    return [
        SlotOffer(starts_at=start, free=taken.get(start, service.capacity))
        for start in slot_starts(service, day)
        if start > now
    ]


def bookable_days(*, service: Service, count: int = 10) -> list[dt.date]:
    """The next 開庁日 on which the service can be booked (today included while open)."""
    return open_days(service, first=local_today(), count=count)


def reservation_list_for_day(*, municipality_code: str, day: dt.date) -> QuerySet[Reservation]:
    """その日の予約 (the day's reservations) for staff: personal data, audited by the caller."""
    start = dt.datetime.combine(day, dt.time(0), tzinfo=TOKYO)
    return (
        Reservation.objects.for_municipality(municipality_code)
        .filter(slot__starts_at__gte=start, slot__starts_at__lt=start + dt.timedelta(days=1))
        .exclude(status=ReservationStatus.CANCELLED)
        .select_related("service", "slot")
        .order_by("slot__starts_at", "service__key", "pk")
    )


def reservation_list_for_resident(
    *, municipality_code: str, resident_id: int
) -> QuerySet[Reservation]:
    """わたしの来庁予約: the open reservations a resident made signed in with their card."""
    return (
        Reservation.objects.for_municipality(municipality_code)
        .filter(resident_id=resident_id, status=ReservationStatus.BOOKED)
        .select_related("service", "slot")
        .order_by("slot__starts_at", "pk")
    )


def reservation_get_for_resident(
    *, municipality_code: str, resident_id: int, reservation_id: int
) -> Reservation | None:
    """One open reservation of the resident (None for another person's or a cancelled one)."""
    return (
        reservation_list_for_resident(municipality_code=municipality_code, resident_id=resident_id)
        .select_related("service__municipality__settings")
        .filter(pk=reservation_id)
        .first()
    )


def counter_list(*, municipality_code: str) -> QuerySet[Counter]:
    return Counter.objects.for_municipality(municipality_code).prefetch_related("services")


def service_minutes(*, service: Service) -> float:
    """Mean minutes of the service's latest finished visits (start to end)."""
    recent = list(
        Ticket.objects.filter(service=service, status=TicketStatus.DONE)
        .order_by("-ended_at")
        .values_list("started_at", "ended_at")[:RECENT_SERVED]
    )
    durations = [(end - start).total_seconds() / 60 for start, end in recent if start and end]
    return sum(durations) / len(durations) if durations else DEFAULT_SERVICE_MINUTES


@dataclass(frozen=True)
class ServiceWait:
    service: Service
    waiting: int
    minutes: int
    # Minutes each person in line adds: the recent service time over the open counters.
    minutes_each: float

    def minutes_behind(self, ahead: int) -> int:
        """The estimated wait of someone with `ahead` people before them."""
        return math.ceil(max(0, ahead) * self.minutes_each)


def service_waits(*, municipality_code: str) -> list[ServiceWait]:
    """待ち人数と目安の待ち時間: people waiting times the recent service time, divided by the open counters."""
    # Every board polls this every 1.5 s: the counts of all services in one query each.
    waiting = dict(
        Ticket.objects.for_municipality(municipality_code)
        .filter(day=local_today(), status=TicketStatus.WAITING)
        .order_by()
        .values_list("service_id")
        .annotate(people=Count("pk"))
    )
    waits = []
    for service in service_list_public(municipality_code=municipality_code).annotate(
        open_counters=Count("counters", filter=Q(counters__is_open=True))
    ):
        people = waiting.get(service.pk, 0)
        each = service_minutes(service=service) / max(1, service.open_counters)
        waits.append(
            ServiceWait(
                service=service,
                waiting=people,
                minutes=math.ceil(people * each),
                minutes_each=each,
            )
        )
    return waits


@dataclass(frozen=True)
class BoardCall:
    label: str
    counter: str
    recalled: bool


@dataclass(frozen=True)
class Board:
    calls: list[BoardCall]
    waits: list[ServiceWait]
    generated_at: dt.datetime


def board_state(*, municipality_code: str) -> Board:
    """案内表示 (the display board): ticket numbers and counters only, never names."""
    called = (
        Ticket.objects.for_municipality(municipality_code)
        .filter(day=local_today(), status__in=[TicketStatus.CALLED, TicketStatus.SERVING])
        .select_related("service", "counter")
        .order_by("-announced_at", "-pk")[:BOARD_CALLS]
    )
    return Board(
        calls=[
            BoardCall(
                label=t.label,
                counter=t.counter.name if t.counter else "",
                recalled=t.call_count > 1,
            )
            for t in called
        ],
        waits=service_waits(municipality_code=municipality_code),
        generated_at=timezone.now(),
    )


def ticket_list_today(*, municipality_code: str) -> QuerySet[Ticket]:
    return (
        Ticket.objects.for_municipality(municipality_code)
        .filter(day=local_today())
        .select_related("service", "counter", "reservation")
        .order_by("arrived_at", "pk")
    )


def ticket_list_for_insights(
    *, municipality_code: str, first: dt.date, last: dt.date
) -> QuerySet[Ticket]:
    """窓口の待ち時間の元データ: tickets with service, counter and arrival, call, start and
    end (seconds, UTC) for the dashboard; no personal data."""
    return (
        Ticket.objects.for_municipality(municipality_code)
        .filter(day__gte=first, day__lte=last)
        .select_related("service", "counter")
        .order_by("arrived_at", "pk")
    )


def counter_console_url(*, municipality_code: str, ticket: Ticket) -> str | None:
    """The counter console (書かない窓口) where the staff member who called `ticket` starts the
    session (from the 転入待ち list or the register search), when that app is installed.

    Resolved by URL name: visits sits beside the counter and never imports it. The ticket does
    not carry the resident, so the console opens on its start page, not on one person."""
    try:
        return reverse("counter:home", kwargs={"lg_code": municipality_code})
    except NoReverseMatch:
        return None
