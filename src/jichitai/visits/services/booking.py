"""来庁予約 (booking, changing, cancelling) and its one-time confirmation codes."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.common.actors import Actor
from jichitai.common.crypto import keyed_hash
from jichitai.common.kana import normalize_code_input
from jichitai.common.ratelimit import limit_check, limit_count, limit_take
from jichitai.common.request_context import current_source
from jichitai.visits.contacts import Contact, contact_parse
from jichitai.visits.errors import (
    CodeInvalid,
    ReservationNotFound,
    ReservationPassed,
    ServiceNotFound,
    SlotFull,
    SlotUnchanged,
)
from jichitai.visits.models import (
    Confirmation,
    Reservation,
    ReservationChannel,
    ReservationStatus,
    Service,
    ServiceKind,
    Slot,
)
from jichitai.visits.notices import reservation_confirmed_notify, verification_code_send
from jichitai.visits.slots import slot_check

# A confirmation code is good for this long (it arrives by mail or SMS within seconds).
BOOKING_CODE_MINUTES = 10
# 予約番号: no 0/O, 1/I/L, so it can be read out at a counter and typed at a kiosk.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
# Rate-limit scopes (common.ratelimit), per source.
CODES_SENT = "visits.codes_sent"
CODE_FAILURES = "visits.code_failures"
WRITES = "visits.writes"


def code_failure_check() -> None:
    """Refuse a source that typed too many wrong codes. Raises RateLimited."""
    limit_check(
        CODE_FAILURES, key=current_source(), rate=settings.JICHITAI_RATE_VISIT_CODE_FAILURES
    )


def code_failure_count() -> None:
    limit_count(
        CODE_FAILURES, key=current_source(), rate=settings.JICHITAI_RATE_VISIT_CODE_FAILURES
    )


def _code_hash(code: str) -> str:
    return keyed_hash(code, key=f"jichitai.visits.code:{settings.SECRET_KEY}")


def _service(municipality_code: str, service_key: str, *, by_staff: bool = False) -> Service:
    services = Service.objects.for_municipality(municipality_code).filter(is_active=True)
    if not by_staff:
        # 出張 visits are arranged with the office, which books them (staff pages).
        services = services.filter(kind=ServiceKind.COUNTER)
    service = services.select_related("municipality__settings").filter(key=service_key[:30]).first()
    if service is None:
        raise ServiceNotFound
    return service


def _take_place(service: Service, starts_at: dt.datetime) -> Slot:
    """Take one place of the slot. Raises SlotFull.

    The database refuses `booked > capacity` (a CHECK constraint): PostgreSQL locks the row
    for the UPDATE, so of two requests for the last place the second sees the first's
    increment and violates the constraint. The savepoint keeps the caller's transaction usable.
    """
    slot, _created = Slot.objects.get_or_create(
        municipality_id=service.municipality_id,
        service=service,
        starts_at=starts_at,
        defaults={"capacity": service.capacity},
    )
    try:
        with transaction.atomic():
            Slot.objects.filter(pk=slot.pk).update(booked=F("booked") + 1)
    except IntegrityError:
        raise SlotFull from None
    return slot


def _release_place(slot_id: int) -> None:
    Slot.objects.filter(pk=slot_id).update(booked=F("booked") - 1)


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _create(
    service: Service,
    slot: Slot,
    contact: Contact,
    *,
    channel: str,
    resident_id: int | None,
    visit_place: str,
) -> Reservation:
    # 31^8 codes: a clash is rare; the unique constraint catches it and a new code is drawn.
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return Reservation.objects.create(
                    municipality_id=service.municipality_id,
                    service=service,
                    slot=slot,
                    code=_new_code(),
                    name=contact.name,
                    email=contact.email,
                    phone=contact.phone,
                    resident_id=resident_id,
                    visit_place=visit_place[:100],
                    channel=channel,
                    created_at=timezone.now(),
                )
        except IntegrityError:
            continue
    raise RuntimeError("no free reservation code after 3 draws")


@transaction.atomic
def confirmation_request(
    *,
    municipality_code: str,
    service_key: str,
    starts_at: dt.datetime,
    name: str,
    email: str = "",
    phone: str = "",
) -> Confirmation:
    """予約の確認コード送信: check the booking and send a one-time code to its contact.

    Nothing is booked yet: the place is taken when the code comes back (reservation_confirm).
    Raises ServiceNotFound, SlotRefused, SlotFull (when already full), ContactInvalid.
    """
    service = _service(municipality_code, service_key)
    now = timezone.now()
    slot_check(service, starts_at, now=now)
    contact = contact_parse(name=name, email=email, phone=phone)
    limit_take(CODES_SENT, key=current_source(), rate=settings.JICHITAI_RATE_VISIT_CODES_SENT)
    taken = Slot.objects.filter(service=service, starts_at=starts_at).first()
    if taken is not None and taken.free <= 0:
        raise SlotFull
    code = f"{secrets.randbelow(1_000_000):06d}"
    confirmation = Confirmation.objects.create(
        municipality_id=municipality_code,
        code_hash=_code_hash(code),
        request={
            "service_key": service.key,
            "starts_at": starts_at.isoformat(),
            "name": contact.name,
            "email": contact.email,
            "phone": contact.phone,
        },
        expires_at=now + dt.timedelta(minutes=BOOKING_CODE_MINUTES),
    )
    verification_code_send(municipality=service.municipality, contact=contact, code=code)
    return confirmation


@transaction.atomic
def reservation_confirm(*, municipality_code: str, confirmation_id: int, code: str) -> Reservation:
    """確認コードによる予約の確定: book the slot the code was sent for.

    Raises CodeInvalid (wrong, expired or used: nothing changes), SlotFull, SlotRefused,
    RateLimited (too many wrong codes from the source).
    """
    code_failure_check()
    confirmation = (
        Confirmation.objects.for_municipality(municipality_code)
        .select_for_update()
        .filter(pk=confirmation_id)
        .first()
    )
    now = timezone.now()
    if (
        confirmation is None
        or confirmation.used_at is not None
        or confirmation.expires_at <= now
        or not secrets.compare_digest(
            confirmation.code_hash, _code_hash(normalize_code_input(code).strip()[:12])
        )
    ):
        code_failure_count()
        raise CodeInvalid
    request = confirmation.request
    service = _service(municipality_code, request["service_key"])
    starts_at = dt.datetime.fromisoformat(request["starts_at"])
    slot_check(service, starts_at, now=now)
    contact = Contact(name=request["name"], email=request["email"], phone=request["phone"])
    reservation = _book(service, starts_at, contact, channel=ReservationChannel.WEB)
    confirmation.used_at = now
    confirmation.save(update_fields=["used_at"])
    return reservation


def _book(
    service: Service,
    starts_at: dt.datetime,
    contact: Contact,
    *,
    channel: str,
    resident_id: int | None = None,
    visit_place: str = "",
) -> Reservation:
    slot = _take_place(service, starts_at)
    reservation = _create(
        service, slot, contact, channel=channel, resident_id=resident_id, visit_place=visit_place
    )
    reservation_confirmed_notify(reservation=reservation)
    return reservation


@transaction.atomic
def reservation_book(
    *,
    municipality_code: str,
    service_key: str,
    starts_at: dt.datetime,
    name: str,
    email: str = "",
    phone: str = "",
    channel: ReservationChannel,
    resident_id: int | None = None,
    visit_place: str = "",
    actor: Actor,
) -> Reservation:
    """来庁予約 without a code: staff booking for a caller, or a resident signed in with
    their card (the contact is already known to be theirs).

    Raises ServiceNotFound, SlotRefused, SlotFull, ContactInvalid.
    """
    service = _service(municipality_code, service_key, by_staff=channel == ReservationChannel.PHONE)
    slot_check(service, starts_at, now=timezone.now())
    contact = contact_parse(name=name, email=email, phone=phone)
    reservation = _book(
        service,
        starts_at,
        contact,
        channel=channel,
        resident_id=resident_id,
        visit_place=visit_place,
    )
    audit_record(
        actor=actor,
        action="visits.reservation_book",
        municipality_code=municipality_code,
        object_type="reservation",
        object_id=reservation.pk,
        detail={"for_caller": channel == ReservationChannel.PHONE},
    )
    return reservation


def _own_reservation(municipality_code: str, code: str, contact: str) -> Reservation:
    code_failure_check()
    code = normalize_code_input(code).strip().upper()[:12]
    contact = normalize_code_input(contact).strip()[:254]
    phone = "".join(ch for ch in contact if ch.isdigit())
    reservation = (
        Reservation.objects.for_municipality(municipality_code)
        .select_for_update()
        .filter(code=code, status=ReservationStatus.BOOKED)
        .first()
    )
    if (
        reservation is None
        or not contact
        or not (
            (reservation.email and reservation.email.lower() == contact.lower())
            or (reservation.phone and reservation.phone == phone)
        )
    ):
        code_failure_count()
        raise ReservationNotFound
    return reservation


@transaction.atomic
def reservation_cancel(*, municipality_code: str, code: str, contact: str) -> Reservation:
    """予約の取消し by the resident (予約番号 and the contact they gave): frees the place.

    Raises ReservationNotFound.
    """
    reservation = _own_reservation(municipality_code, code, contact)
    reservation.status = ReservationStatus.CANCELLED
    reservation.save(update_fields=["status"])
    _release_place(reservation.slot_id)
    return reservation


def _move(municipality_code: str, reservation: Reservation, starts_at: dt.datetime) -> None:
    """Move a locked, booked reservation to another slot of its service: the new place is
    taken (the CHECK constraint refusing a full slot) before the old one is released, in the
    caller's transaction. Raises ReservationPassed, SlotRefused, SlotUnchanged, SlotFull,
    ServiceNotFound."""
    now = timezone.now()
    if reservation.slot.starts_at <= now:
        # The visit was due (and perhaps made, or missed): moving it would rewrite that day.
        raise ReservationPassed
    service = _service(municipality_code, reservation.service.key)
    slot_check(service, starts_at, now=now)
    if reservation.slot.starts_at == starts_at:
        # The same time chosen again, or the change sent twice: nothing to move or to send.
        raise SlotUnchanged
    old_slot_id = reservation.slot_id
    reservation.slot = _take_place(service, starts_at)
    reservation.save(update_fields=["slot"])
    _release_place(old_slot_id)
    reservation_confirmed_notify(reservation=reservation, changed=True)


@transaction.atomic
def reservation_change(
    *, municipality_code: str, code: str, contact: str, starts_at: dt.datetime
) -> Reservation:
    """予約の変更: move the reservation to another slot of the same service, or nothing.

    Raises ReservationNotFound, ReservationPassed, SlotRefused, SlotUnchanged, SlotFull.
    """
    reservation = _own_reservation(municipality_code, code, contact)
    _move(municipality_code, reservation, starts_at)
    return reservation


def _resident_reservation(
    municipality_code: str, reservation_id: int, resident_id: int
) -> Reservation:
    """The resident's own booked reservation, locked. Raises ReservationNotFound (another
    person's or municipality's, or a cancelled one, is not found, as if it did not exist)."""
    reservation = (
        Reservation.objects.for_municipality(municipality_code)
        .select_for_update(of=("self",))
        .select_related("service", "slot")
        .filter(pk=reservation_id, resident_id=resident_id, status=ReservationStatus.BOOKED)
        .first()
    )
    if reservation is None:
        raise ReservationNotFound("その予約は見つかりません。")
    return reservation


@transaction.atomic
def reservation_change_for_resident(
    *,
    municipality_code: str,
    reservation_id: int,
    resident_id: int,
    starts_at: dt.datetime,
    actor: Actor,
) -> Reservation:
    """予約の変更 by the resident signed in with their card: another open slot of the same
    service, the new place taken and the old one released together; the new time goes to
    the contact through the task queue.

    Raises ReservationNotFound, ReservationPassed, SlotRefused, SlotUnchanged, SlotFull.
    """
    reservation = _resident_reservation(municipality_code, reservation_id, resident_id)
    _move(municipality_code, reservation, starts_at)
    audit_record(
        actor=actor,
        action="visits.reservation_change",
        municipality_code=municipality_code,
        object_type="reservation",
        object_id=reservation.pk,
    )
    return reservation


@transaction.atomic
def reservation_cancel_for_resident(
    *, municipality_code: str, reservation_id: int, resident_id: int, actor: Actor
) -> Reservation:
    """予約の取消し by the resident signed in with their card. Raises ReservationNotFound."""
    reservation = _resident_reservation(municipality_code, reservation_id, resident_id)
    reservation.status = ReservationStatus.CANCELLED
    reservation.save(update_fields=["status"])
    _release_place(reservation.slot_id)
    audit_record(
        actor=actor,
        action="visits.reservation_cancel",
        municipality_code=municipality_code,
        object_type="reservation",
        object_id=reservation.pk,
    )
    return reservation
