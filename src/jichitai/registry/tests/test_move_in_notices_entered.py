"""転入通知 typed in (doc/j680.txt §4.1.3.1.1), the 転入通知未着者一覧 and its 照会書
(doc/j710.txt §4.1.3.1.4)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page

from jichitai.common.exceptions import RuleViolation
from jichitai.conftest import PASSWORD
from jichitai.identity.models import StaffUser
from jichitai.registry.certificates.move_in_notice_inquiry import move_in_notice_inquiry_issue
from jichitai.registry.models import Change, ChangeType, Resident, ResidentStatus
from jichitai.registry.services import (
    move_in_notice_enter,
    move_in_notices_missing,
    residents_remove,
)
from jichitai.registry.tests.certificates.helpers import pdf_text
from jichitai.registry.tests.factories import yamada_family
from jichitai.registry.tests.views.helpers import text, url
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible

TODAY = dt.date(2026, 4, 7)
PLANNED = "群馬県利根郡みなかみ町月夜野1744番地1"
ACTUAL = "群馬県利根郡みなかみ町後閑318番地"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


@pytest.fixture
def family(midori: Municipality) -> dict[str, Resident]:
    return yamada_family(midori)


def _fresh(resident: Resident) -> Resident:
    return Resident.objects.get(pk=resident.pk)


def _move_out(midori: Municipality, people: list[Resident], on: dt.date) -> Change:
    return residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[r.pk for r in people],
        effective_on=on,
        notified_on=min(on, TODAY),
        actor=None,
        moving_to_address=PLANNED,
    )


def test_a_move_in_notice_is_entered_before_the_planned_day_keeping_the_planned_values(
    midori: Municipality, family: dict[str, Resident]
) -> None:
    hanako, shota, misaki = family["花子"], family["翔太"], family["美咲"]
    move_out = _move_out(midori, [hanako, shota, misaki], TODAY + dt.timedelta(days=10))
    change = move_in_notice_enter(
        municipality=midori,
        resident_id=hanako.pk,
        informed_on=TODAY,
        moved_out_on=TODAY - dt.timedelta(days=1),
        moving_to_address=ACTUAL,
        actor=None,
    )
    assert change.change_type == ChangeType.MOVE_OUT_CONFIRMATION
    assert change.informed_on == TODAY
    hanako = _fresh(hanako)
    assert hanako.status == ResidentStatus.CLOSED
    assert hanako.removed_on == TODAY - dt.timedelta(days=1) and hanako.moving_to_address == ACTUAL
    planned_row = hanako.history.get(change=move_out)
    assert planned_row.snapshot["moving_to_address"] == PLANNED
    assert planned_row.snapshot["removed_on"] == (TODAY + dt.timedelta(days=10)).isoformat()


def test_a_move_in_notice_is_entered_for_someone_removed_ex_officio(
    midori: Municipality, family: dict[str, Resident]
) -> None:
    shota = family["翔太"]
    residents_remove(
        municipality=midori,
        change_type=ChangeType.EX_OFFICIO_REMOVAL,
        resident_ids=[shota.pk],
        effective_on=TODAY - dt.timedelta(days=60),
        notified_on=None,
        actor=None,
    )
    assert [r.pk for r in move_in_notices_missing(municipality=midori)] == [shota.pk]
    move_in_notice_enter(
        municipality=midori,
        resident_id=shota.pk,
        informed_on=TODAY,
        moved_out_on=TODAY - dt.timedelta(days=70),
        moving_to_address=ACTUAL,
        actor=None,
    )
    assert _fresh(shota).moving_to_address == ACTUAL
    assert move_in_notices_missing(municipality=midori) == []
    # Someone still living here has no 転出 a notice could answer.
    with pytest.raises(RuleViolation) as error:
        move_in_notice_enter(
            municipality=midori,
            resident_id=family["花子"].pk,
            informed_on=TODAY,
            moved_out_on=TODAY,
            moving_to_address=ACTUAL,
            actor=None,
        )
    assert error.value.code == "registry.move_in_notice_not_moved_out"


def test_people_without_a_move_in_notice_are_listed_and_get_an_inquiry_letter(
    midori: Municipality, family: dict[str, Resident], clerk: StaffUser, tmp_path: Path
) -> None:
    hanako = family["花子"]
    _move_out(midori, [hanako], TODAY - dt.timedelta(days=40))
    _move_out(midori, [family["翔太"]], TODAY - dt.timedelta(days=5))
    assert [r.pk for r in move_in_notices_missing(municipality=midori)] == [hanako.pk]
    assert len(move_in_notices_missing(municipality=midori, older_than_days=0)) == 2
    issued = move_in_notice_inquiry_issue(municipality=midori, resident_id=hanako.pk, actor=clerk)
    letter = pdf_text(issued.pdf, tmp_path)
    assert "転入通知未着照会書" in letter and "山田花子" in letter
    assert "群馬県利根郡みなかみ町月夜野1744番地1" in letter
    with pytest.raises(RuleViolation):
        move_in_notice_inquiry_issue(
            municipality=midori, resident_id=family["美咲"].pk, actor=clerk
        )


def test_the_move_in_notice_page_records_it_and_the_list_offers_the_letter(
    clerk_client: Client, midori: Municipality, family: dict[str, Resident]
) -> None:
    hanako = family["花子"]
    _move_out(midori, [hanako], TODAY - dt.timedelta(days=40))
    page = text(clerk_client.get(url("move-in-notices/missing/")))
    assert "山田　花子" in page and "照会書（PDF）" in page
    response = clerk_client.get(url(f"residents/{hanako.pk}/move-in-notice-inquiry/"))
    assert response["Content-Type"] == "application/pdf"
    assert "転入通知の受理（入力）" in text(clerk_client.get(url(f"residents/{hanako.pk}/")))
    response = clerk_client.post(
        url(f"residents/{hanako.pk}/move-in-notice/"),
        {"informed_on": "R8.4.7", "moved_out_on": "R8.2.27", "moving_to_address": ACTUAL},
        follow=True,
    )
    assert "「転出確定（転入通知）」を記録しました" in text(response)
    assert _fresh(hanako).removed_on == dt.date(2026, 2, 27)
    assert "山田　花子" not in text(clerk_client.get(url("move-in-notices/missing/")))


@pytest.mark.browser
def test_the_missing_move_in_notices_pages_as_a_clerk_sees_them(
    page: Page, midori: Municipality, clerk: StaffUser, family: dict[str, Resident]
) -> None:
    hanako = family["花子"]
    _move_out(midori, [hanako], TODAY - dt.timedelta(days=40))
    page.goto(f"/{midori.lg_code}/staff/login/")
    page.get_by_label("ログインID").fill("clerk")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.goto(f"/{midori.lg_code}/registry/move-in-notices/missing/")
    assert_accessible(page, name="registry-move-in-notices-missing")
    page.goto(f"/{midori.lg_code}/registry/residents/{hanako.pk}/move-in-notice/")
    assert_accessible(page, name="registry-move-in-notice")
