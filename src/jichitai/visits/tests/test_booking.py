"""来庁予約: book with a one-time code, change, cancel; closed days, the past and full slots
are refused and change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from jichitai.common.exceptions import DomainError
from jichitai.identity.models import StaffUser
from jichitai.tenants.models import ClosingDay, Municipality
from jichitai.visits.errors import CodeInvalid, ReservationNotFound, SlotFull, SlotRefused
from jichitai.visits.models import Confirmation, Reservation, ReservationChannel, Service, Slot
from jichitai.visits.services import (
    confirmation_request,
    reservation_book,
    reservation_cancel,
    reservation_change,
    reservation_confirm,
)
from jichitai.visits.tests.factories import at, certificates_service, next_open_day, sent_code


@pytest.fixture
def service(midori: Municipality) -> Service:
    return certificates_service(midori)


def _request(service: Service, starts_at: dt.datetime, **contact: str) -> Confirmation:
    return confirmation_request(
        municipality_code=service.municipality_id,
        service_key=service.key,
        starts_at=starts_at,
        name=contact.pop("name", "山田花子"),
        **(contact or {"email": "hanako@example.jp"}),
    )


def _book_by_staff(service: Service, starts_at: dt.datetime, clerk: StaffUser) -> Reservation:
    return reservation_book(
        municipality_code=service.municipality_id,
        service_key=service.key,
        starts_at=starts_at,
        name="電話　太郎",
        phone="090-1234-5678",
        channel=ReservationChannel.PHONE,
        actor=clerk,
    )


def test_the_code_sent_by_mail_books_the_slot_once(service: Service) -> None:
    starts_at = at(next_open_day(service), 10)
    confirmation = _request(service, starts_at)
    assert not Reservation.objects.exists()  # nothing booked before the code comes back
    code = sent_code()
    assert mail.outbox[-1].to == ["hanako@example.jp"]

    reservation = reservation_confirm(
        municipality_code="102121", confirmation_id=confirmation.pk, code=code
    )
    assert reservation.slot.starts_at == starts_at
    assert Slot.objects.get().booked == 1
    with pytest.raises(CodeInvalid):  # reused
        reservation_confirm(municipality_code="102121", confirmation_id=confirmation.pk, code=code)
    assert Reservation.objects.count() == 1
    run_booked_mail = mail.outbox
    from jichitai.testing.tasks import run_queued_tasks

    run_queued_tasks()
    assert reservation.code in run_booked_mail[-1].body


def test_a_wrong_or_expired_code_books_nothing(service: Service) -> None:
    confirmation = _request(service, at(next_open_day(service), 10))
    code = sent_code()
    with pytest.raises(CodeInvalid):
        reservation_confirm(
            municipality_code="102121",
            confirmation_id=confirmation.pk,
            code="000000" if code != "000000" else "111111",
        )
    Confirmation.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(CodeInvalid):
        reservation_confirm(municipality_code="102121", confirmation_id=confirmation.pk, code=code)
    assert not Reservation.objects.exists()
    assert not Slot.objects.filter(booked__gt=0).exists()


def test_another_municipalitys_confirmation_is_not_found(
    service: Service, minakami: Municipality
) -> None:
    confirmation = _request(service, at(next_open_day(service), 10))
    code = sent_code()
    with pytest.raises(CodeInvalid):
        reservation_confirm(municipality_code="104493", confirmation_id=confirmation.pk, code=code)


def test_an_sms_code_goes_through_the_gateway_to_the_outbox(service: Service) -> None:
    from jichitai.messaging.models import Message, MessageStatus
    from jichitai.testing.tasks import run_queued_tasks

    _request(service, at(next_open_day(service), 10), phone="０９０－１２３４－５６７８")
    run_queued_tasks()
    message = Message.objects.get()
    assert (message.channel, message.to, message.status) == (
        "sms",
        "09012345678",
        MessageStatus.SENT,
    )
    assert "確認コードは" in message.body


@pytest.mark.parametrize(
    ("when", "code"),
    [
        ("past", "visit.slot_in_past"),
        ("saturday", "visit.slot_closed_day"),
        ("closing_day", "visit.slot_closed_day"),
        ("off_grid", "visit.slot_invalid"),
        ("after_hours", "visit.slot_invalid"),
        ("too_far", "visit.slot_too_far"),
    ],
)
def test_times_that_are_not_bookable_are_refused(service: Service, when: str, code: str) -> None:
    day = next_open_day(service)
    saturday = day + dt.timedelta(days=(5 - day.weekday()) % 7)
    ClosingDay.objects.create(municipality_id="102121", date=day, reason="庁舎点検")
    starts = {
        "past": at(dt.date(2020, 6, 1), 10),
        "saturday": at(saturday, 10),
        "closing_day": at(day, 10),
        "off_grid": at(day + dt.timedelta(days=1), 10, 10),
        "after_hours": at(day + dt.timedelta(days=1), 13),
        "too_far": at(day + dt.timedelta(days=400), 10),
    }[when]
    with pytest.raises(SlotRefused) as refused:
        _request(service, starts)
    assert refused.value.code == code
    assert not Confirmation.objects.exists()


def test_new_years_holidays_are_closed(service: Service) -> None:
    year = timezone.now().year + 1
    with pytest.raises(SlotRefused):
        from jichitai.visits.slots import slot_check

        slot_check(service, at(dt.date(year, 1, 2), 10), now=at(dt.date(year - 1, 12, 1), 9))


def test_a_full_slot_is_refused_and_the_database_forbids_overbooking(
    service: Service, clerk: StaffUser
) -> None:
    starts_at = at(next_open_day(service), 10)
    _book_by_staff(service, starts_at, clerk)
    _book_by_staff(service, starts_at, clerk)
    with pytest.raises(SlotFull):
        _book_by_staff(service, starts_at, clerk)
    with pytest.raises(SlotFull):
        _request(service, starts_at)
    assert Reservation.objects.count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.update(booked=F("booked") + 1)


def test_cancel_frees_the_place_and_change_moves_it(service: Service, clerk: StaffUser) -> None:
    day = next_open_day(service)
    first = _book_by_staff(service, at(day, 10), clerk)
    with pytest.raises(ReservationNotFound):
        reservation_cancel(municipality_code="102121", code=first.code, contact="09000000000")
    moved = reservation_change(
        municipality_code="102121",
        code=first.code.lower(),
        contact="090-1234-5678",
        starts_at=at(day, 11),
    )
    assert moved.slot.starts_at == at(day, 11)
    assert dict(Slot.objects.values_list("starts_at", "booked")) == {at(day, 10): 0, at(day, 11): 1}
    reservation_cancel(municipality_code="102121", code=first.code, contact="09012345678")
    assert Slot.objects.get(starts_at=at(day, 11)).booked == 0
    with pytest.raises(ReservationNotFound):  # cancelled already
        reservation_cancel(municipality_code="102121", code=first.code, contact="09012345678")


def test_a_contact_is_required(service: Service) -> None:
    with pytest.raises(DomainError) as refused:
        _request(service, at(next_open_day(service), 10), email="", phone="0312345678")
    assert refused.value.code == "visit.contact_invalid"


def test_outreach_is_booked_by_staff_with_the_place_and_never_online(
    midori: Municipality, clerk: StaffUser
) -> None:
    from jichitai.visits.services import visits_setup_defaults

    visits_setup_defaults(municipality_code="102121")
    outreach = Service.objects.get(municipality_id="102121", key="outreach")
    starts_at = at(next_open_day(outreach), 8, 30)
    reservation = reservation_book(
        municipality_code="102121",
        service_key="outreach",
        starts_at=starts_at,
        name="みどり苑　事務長",
        phone="09011112222",
        visit_place="特別養護老人ホームみどり苑",
        channel=ReservationChannel.PHONE,
        actor=clerk,
    )
    assert (reservation.visit_place, outreach.vehicle) == (
        "特別養護老人ホームみどり苑",
        "公用車 1号",
    )
    with pytest.raises(SlotFull):  # one car, one visit per slot
        _book_by_staff(outreach, starts_at, clerk)
    with pytest.raises(DomainError) as refused:
        _request(outreach, at(next_open_day(outreach), 10, 30))
    assert refused.value.code == "visit.service_not_found"
