"""The time limit as a resident meets it, in Chromium (issue 11, item 1; WCAG 2.2.1).

花子 starts a 転出届 and steps away. Before the limit a dialog says when she will be signed
out and lets her stay with one button, which has the focus; when she does not answer, the form
is saved, she is signed out and told what happened; signing in again brings her form back.
The page's clock is driven by Playwright, so the test does not wait the minutes.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Response, expect
from pytest_django import Settings

from jichitai.identity.tests.conftest import JpkiWorld
from jichitai.portal.models import ApplicationDraft
from jichitai.registry.models import Resident
from jichitai.testing.browser import assert_accessible

pytestmark = pytest.mark.browser

APPLY = "/102121/portal/procedures/move_out/apply/"


def _sign_in(page: Page, jpki: JpkiWorld, *, bind: bool) -> None:
    page.get_by_role("combobox", name="仮想カード").select_option(jpki.hanako.card_id)
    page.get_by_label("利用者証明用の暗証番号（数字4桁）").fill("1234")
    page.get_by_role("button", name="このカードでログイン").click()
    if bind:
        page.get_by_label("署名用電子証明書のパスワード（英大文字・数字 6〜16桁）").fill(
            "JICHITAI1"
        )
        page.get_by_role("button", name="署名して確認する").click()


def test_the_time_limit_is_announced_extendable_and_loses_nothing(
    page: Page, jpki: JpkiWorld, hanako: Resident, settings: Settings
) -> None:
    settings.SESSION_COOKIE_AGE = 30 * 60
    settings.JICHITAI_SESSION_WARNING_SECONDS = 120
    page.clock.install()
    draft_answers: list[int] = []
    page.on("response", lambda answer: _draft_answer(answer, draft_answers))
    page.goto(f"/102121/portal/signin/?next={APPLY}")
    _sign_in(page, jpki, bind=True)
    expect(page.get_by_role("heading", level=1)).to_have_text("転出届")
    # The heading shows while the page is still being read; session.js (deferred) hears the
    # typing only once it has run, before DOMContentLoaded. Typed earlier, nothing was saved.
    page.wait_for_load_state("domcontentloaded")
    page.get_by_label("転出先の住所（予定）").fill("東京都千代田区千代田1番1号")
    _until_saved(page, draft_answers)
    assert (
        ApplicationDraft.objects.get().data["moving_to"]["address"] == "東京都千代田区千代田1番1号"
    )

    # 2 minutes before the limit of 30: the warning, with the time and the way to stay.
    page.clock.run_for("28:05")
    warning = page.get_by_role("dialog", name="まもなく自動でログアウトします")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("にログアウトします。入力中の内容は保存されています。")
    expect(warning.get_by_role("button", name="ログインを続ける")).to_be_focused()
    assert_accessible(page, name="portal-session-warning")
    page.keyboard.press("Enter")
    expect(warning).to_be_hidden()

    # Not answered this time: signed out, told why, the way back offered.
    page.clock.run_for("28:05")
    expect(warning).to_be_visible()
    page.clock.run_for("02:05")
    ended = page.get_by_role("dialog", name="ログアウトしました")
    expect(ended).to_contain_text("入力中の内容は保存されています。")
    expect(ended.get_by_role("link", name="もう一度ログインする")).to_be_focused()
    assert_accessible(page, name="portal-session-ended")
    ended.get_by_role("link", name="もう一度ログインする").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "一定時間操作がなかったため、安全のためログアウトしました。"
    )
    _sign_in(page, jpki, bind=False)
    expect(page.get_by_role("heading", level=1)).to_have_text("転出届")
    expect(page.get_by_text("前回の入力内容")).to_be_visible()
    expect(page.get_by_label("転出先の住所（予定）")).to_have_value("東京都千代田区千代田1番1号")
    assert_accessible(page, name="portal-apply-restored")


def _draft_answer(answer: Response, statuses: list[int]) -> None:
    if answer.url.endswith("/draft/"):
        statuses.append(answer.status)


def _until_saved(page: Page, draft_answers: list[int]) -> None:
    """The form is saved a moment after typing stops. The page's input handler may start its
    timer only after the test has moved the fake clock on (a busy machine), so the clock is
    moved on again until the save is announced, never more than ten seconds of page time."""
    saved = page.get_by_text("に保存しました")
    for _ in range(10):
        page.clock.run_for(1000)
        try:
            expect(saved).to_be_visible(timeout=1000)
        except AssertionError:
            continue
        return
    # The save's request itself may still be on its way on a loaded machine. When it never
    # comes, the failure says what the server answered the page's saves (statuses only).
    try:
        expect(saved).to_be_visible(timeout=15_000)
    except AssertionError as never_saved:
        raise AssertionError(f"the autosave was answered {draft_answers}") from never_saved
