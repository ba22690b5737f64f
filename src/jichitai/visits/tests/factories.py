"""Services, counters and bookable times for visits tests."""

from __future__ import annotations

import datetime as dt
import re

from django.core import mail

from jichitai.common.actors import Actor
from jichitai.registry.models import Resident
from jichitai.tenants.models import Municipality
from jichitai.testing.tasks import run_queued_tasks
from jichitai.visits.models import Counter, Reservation, ReservationChannel, Service
from jichitai.visits.slots import TOKYO, local_today, open_days


def certificates_service(municipality: Municipality, *, capacity: int = 2) -> Service:
    """証明書: 9:00 to 12:00 in 30-minute slots."""
    service, _ = Service.objects.get_or_create(
        municipality=municipality,
        key="certificates",
        defaults={
            "name": "証明書の発行",
            "prefix": "A",
            "capacity": capacity,
            "opens_at": dt.time(9),
            "closes_at": dt.time(12),
        },
    )
    return service


def counter_of(municipality: Municipality, number: int, *services: Service) -> Counter:
    counter = Counter.objects.create(
        municipality=municipality, number=number, name=f"{number}番窓口"
    )
    counter.services.set(services, through_defaults={"municipality": municipality})
    return counter


def next_open_day(service: Service) -> dt.date:
    """The first 開庁日 after today (all its slots are ahead)."""
    return open_days(service, first=local_today() + dt.timedelta(days=1), count=1)[0]


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TOKYO)


def sent_code() -> str:
    """The confirmation code of the latest mail, after the task queue delivered it."""
    run_queued_tasks()
    match = re.search(r"確認コードは (\d{6})", str(mail.outbox[-1].body))
    assert match is not None
    return match[1]


def reservation_of(resident: Resident, *, actor: Actor, hour: int = 10) -> Reservation:
    """A reservation of 証明書 on the next open day, booked by `resident` in the portal."""
    from jichitai.visits.services import reservation_book

    service = certificates_service(resident.municipality)
    return reservation_book(
        municipality_code=resident.municipality_id,
        service_key=service.key,
        starts_at=at(next_open_day(service), hour),
        name=resident.name,
        email="resident@example.jp",
        channel=ReservationChannel.PORTAL,
        resident_id=resident.pk,
        actor=actor,
    )
