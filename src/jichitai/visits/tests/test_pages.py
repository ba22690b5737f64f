"""The visit end to end in Chromium: book a slot with the code from the mail, take a ticket
at the kiosk with the 予約番号 (keyboard only), see the number called on the board as it
updates, be served and finished; the kiosk and the board pass axe-core."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from jichitai.conftest import PASSWORD
from jichitai.identity.models import StaffUser
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible, new_context
from jichitai.visits.models import Slot, Ticket, TicketStatus
from jichitai.visits.tests.factories import certificates_service, counter_of, sent_code

pytestmark = pytest.mark.browser


def test_book_take_a_ticket_be_called_served_and_finished(
    page: Page,
    chromium_browser: Browser,
    live_server: LiveServer,
    midori: Municipality,
    clerk: StaffUser,
) -> None:
    service = certificates_service(midori)
    counter_of(midori, 1, service)

    page.goto("/102121/visits/")
    page.get_by_role("link", name="証明書の発行").click()
    page.get_by_role("navigation", name="日にち").get_by_role("link").nth(1).click()
    page.get_by_role("radio").first.check()
    page.get_by_label("お名前").fill("山田花子")
    page.get_by_label("メールアドレス").fill("hanako@example.jp")
    page.get_by_role("button", name="確認コードを送る").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("確認コードの入力")
    page.get_by_label("確認コード").fill(sent_code())
    page.get_by_role("button", name="予約する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("予約しました")
    reservation_code = page.get_by_test_id("reservation-code").inner_text()

    # The day of the visit comes: the booked slot starts now.
    Slot.objects.update(starts_at=dt.datetime.now(dt.UTC))

    board = page.context.new_page()
    board.goto("/102121/visits/board/")
    assert_accessible(board, name="visits-board")

    page.goto("/102121/visits/kiosk/")
    assert_accessible(page, name="visits-kiosk")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_label("予約番号")).to_be_focused()
    page.keyboard.type(reservation_code.lower())
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("ticket-number")).to_have_text("A-001")
    expect(page.get_by_text("前に待っている人：0人　待ち時間の目安：0分")).to_be_visible()
    assert_accessible(page, name="visits-ticket")

    staff = new_context(chromium_browser, base_url=live_server.url)
    desk = staff.new_page()
    desk.goto("/102121/staff/login/?next=/102121/visits/staff/queue/")
    desk.get_by_label("ログインID").fill(clerk.username)
    desk.get_by_label("パスワード").fill(PASSWORD)
    desk.get_by_role("button", name="ログイン").click()
    desk.get_by_role("button", name="次の方を呼ぶ").click()
    expect(desk.get_by_role("status")).to_contain_text("A-001 を呼び出しました。")

    # The board polls every 2 seconds.
    expect(board.locator("#board-calls")).to_contain_text("A-001", timeout=4_000)
    expect(board.locator("#board-calls")).to_contain_text("1番窓口")
    assert_accessible(board, name="visits-board-called")

    desk.get_by_role("button", name="対応を始める").click()
    desk.get_by_role("button", name="終了").click()
    ticket = Ticket.objects.get()
    assert ticket.status == TicketStatus.DONE
    assert ticket.reservation is not None and ticket.reservation.code == reservation_code
    assert ticket.arrived_at <= ticket.called_at <= ticket.started_at <= ticket.ended_at  # type: ignore[operator]
    staff.close()


def test_the_navi_in_easy_japanese_is_accessible(page: Page, midori: Municipality) -> None:
    page.goto("/102121/visits/kiosk/")
    page.get_by_role("link", name="どの手続が必要か調べる（手続ナビ）").click()
    page.get_by_role("link", name="やさしい にほんご").click()
    page.locator("a[href*='/navi/move_in/']").click()
    page.get_by_role("radio", name="いいえ").check()
    page.locator("input[name=age_0]").fill("36")
    page.locator("input[name=age_1]").fill("8")
    page.get_by_role("button", name="てつづきを みる").click()
    expect(page.get_by_test_id("navi-results")).to_contain_text("国民健康保険")
    assert_accessible(page, name="visits-navi-easy")
