"""来庁予約 in the portal: a resident signed in with their card books with no code, sees the
reservation, changes its time and cancels it; another resident cannot change or cancel it, and
a change that cannot be made (past, closed day, full, the same time, sent twice …) is refused
with a message and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import Page, expect

from jichitai.audit.models import AuditRecord
from jichitai.identity.tests.conftest import JpkiWorld
from jichitai.portal.access import resident_actor
from jichitai.portal.tests.helpers import page_sign_in
from jichitai.registry.models import Resident
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import ClosingDay, Municipality
from jichitai.testing.browser import assert_accessible
from jichitai.testing.tasks import run_queued_tasks
from jichitai.visits.models import Reservation, ReservationStatus, Slot
from jichitai.visits.slots import TOKYO, open_days
from jichitai.visits.tests.factories import (
    at,
    certificates_service,
    next_open_day,
    reservation_of,
)


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


# 予約の変更 in the portal


def _change_url(reservation_id: int | str) -> str:
    return f"/102121/portal/visits/{reservation_id}/change/"


def _state() -> tuple[object, ...]:
    """What a refused change must leave as it was: every reservation's slot and status, the
    slots' counts, the change audits and the queued messages."""
    return (
        sorted(Reservation.objects.values_list("pk", "slot_id", "status")),
        sorted(Slot.objects.values_list("starts_at", "booked")),
        AuditRecord.objects.filter(action="visits.reservation_change").count(),
        DBTaskResult.objects.count(),
    )


def test_a_card_signed_in_resident_changes_the_time(family: dict[str, Resident]) -> None:
    hanako = family["花子"]
    reservation = reservation_of(hanako, actor=resident_actor(hanako))
    day = reservation.slot.starts_at.astimezone(TOKYO).date()
    client = _signed_in(hanako)
    listing = client.get("/102121/portal/visits/").content.decode()
    assert _change_url(reservation.pk) in listing

    page = client.get(_change_url(reservation.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert "（いまの予約）" in html  # the booked time, which cannot be chosen again
    assert f'value="{at(day, 11).isoformat()}"' in html

    changed = client.post(
        _change_url(reservation.pk), {"starts_at": at(day, 11).isoformat()}, follow=True
    )
    assert changed.redirect_chain[-1][0] == "/102121/portal/visits/"
    assert (
        "予約を" in changed.content.decode() and "11:00に変更しました" in changed.content.decode()
    )
    reservation.refresh_from_db()
    assert reservation.slot.starts_at == at(day, 11)
    assert reservation.status == ReservationStatus.BOOKED
    assert dict(Slot.objects.values_list("starts_at", "booked")) == {at(day, 10): 0, at(day, 11): 1}
    audit = AuditRecord.objects.get(action="visits.reservation_change")
    assert (audit.object_id, audit.actor_type) == (str(reservation.pk), "resident")
    run_queued_tasks()
    assert mail.outbox[-1].subject.endswith("来庁予約の日時を変更しました")
    assert "11:00" in str(mail.outbox[-1].body) and reservation.code in str(mail.outbox[-1].body)


@pytest.mark.parametrize(
    "case",
    [
        "another_person",
        "another_municipality",
        "cancelled",
        "huge_id",
        "negative_id",
        "past",
        "already_begun",
        "closed_day",
        "off_grid",
        "full",
        "same_slot",
        "replay",
        "no_time",
        "garbage_time",
    ],
)
def test_a_change_that_cannot_be_made_is_refused_and_changes_nothing(
    family: dict[str, Resident], minakami: Municipality, case: str
) -> None:
    hanako = family["花子"]
    reservation = reservation_of(hanako, actor=resident_actor(hanako))
    day = reservation.slot.starts_at.astimezone(TOKYO).date()
    later = open_days(reservation.service, first=day + dt.timedelta(days=1), count=1)[0]
    target = at(day, 11)
    url = _change_url(reservation.pk)
    client = _signed_in(hanako)
    expected = (404, "")
    if case == "another_person":
        client = _signed_in(family["翔太"])
    elif case == "another_municipality":
        stranger = yamada_family(minakami)["花子"]
        reservation_of(stranger, actor=resident_actor(stranger))
        url = _change_url(Reservation.objects.get(municipality=minakami).pk)
    elif case == "cancelled":
        client.post("/102121/portal/visits/", {"cancel": str(reservation.pk)})
    elif case == "huge_id":
        url = _change_url("9" * 30)
    elif case == "negative_id":
        url = _change_url(-reservation.pk)
    elif case == "past":
        target, expected = at(dt.date(2020, 6, 1), 10), (422, "過ぎた時間は予約できません。")
    elif case == "already_begun":
        # The reservation's own time has come: the visit is due, it can no longer move.
        Slot.objects.filter(pk=reservation.slot_id).update(starts_at=at(dt.date(2020, 6, 1), 10))
        expected = (409, "この予約の時間はすでに過ぎています。")
    elif case == "closed_day":
        ClosingDay.objects.create(municipality_id="102121", date=later, reason="庁舎点検")
        target, expected = at(later, 10), (422, "閉庁日")
    elif case == "off_grid":
        target, expected = at(day, 10, 10), (422, "予約枠ではありません")
    elif case == "full":
        for other in ("翔太", "美咲"):
            reservation_of(family[other], actor=resident_actor(family[other]), hour=11)
        expected = (409, "いっぱいになりました")
    elif case == "same_slot":
        target, expected = at(day, 10), (409, "予約はすでにこの時間です")
    elif case == "replay":
        first = client.post(url, {"starts_at": target.isoformat()})
        assert first.status_code == 302
        expected = (409, "予約はすでにこの時間です")
    before = _state()
    data = {
        "no_time": {},
        "garbage_time": {"starts_at": "9" * 5000},
    }.get(case, {"starts_at": target.isoformat()})
    if case in ("no_time", "garbage_time"):
        expected = (422, "変更後の時間を選んでください。")
    answer = client.post(url, data)
    assert answer.status_code == expected[0]
    assert expected[1] in answer.content.decode()
    assert _state() == before


@pytest.mark.browser
def test_the_change_in_chromium_reads_well_and_works_with_the_keyboard(
    page: Page, jpki: JpkiWorld, hanako: Resident
) -> None:
    reservation = reservation_of(hanako, actor=resident_actor(hanako))
    day = reservation.slot.starts_at.astimezone(TOKYO).date()
    page_sign_in(page, jpki.hanako.card_id)
    page.goto("/102121/portal/visits/")
    page.get_by_role("link", name="日時を変更する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("予約の日時の変更")
    expect(page.get_by_role("radio", name="10:00 （いまの予約）")).to_be_disabled()
    assert_accessible(page, name="portal-visit-change")
    page.get_by_role("radio", name="11:30").check()
    page.keyboard.press("Tab")  # out of the group of times, to the button
    expect(page.get_by_role("button", name="この時間に変更する")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("来庁予約")
    expect(page.get_by_role("status").or_(page.locator(".jt-notice--success"))).to_contain_text(
        "11:30に変更しました"
    )
    assert_accessible(page, name="portal-visit-changed")
    reservation.refresh_from_db()
    assert reservation.slot.starts_at == at(day, 11, 30)
