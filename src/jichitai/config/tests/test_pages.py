"""Every page of the foundation as a person sees it: Chromium, axe-core (WCAG 2.1 AA),
a screenshot in var/screenshots/, and the few things a person would check on it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django import Settings

from jichitai.conftest import PASSWORD
from jichitai.identity.models import StaffUser
from jichitai.identity.tests.factories import demo_departments
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible

pytestmark = pytest.mark.browser


def _sign_in(page: Page, username: str, lg_code: str = "102121") -> None:
    page.goto(f"/{lg_code}/staff/login/")
    page.get_by_label("ログインID").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()


def test_chooser_finds_a_municipality_by_reading(
    page: Page, midori: Municipality, minakami: Municipality
) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("お住まいの自治体を選んでください")
    assert_accessible(page, name="chooser")
    page.get_by_label("自治体名・よみ・団体コードで探す").fill("みなかみ")
    expect(page.get_by_role("link", name="みどり市")).to_have_count(0)
    page.get_by_role("link", name="みなかみ町").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("群馬県みなかみ町")
    assert_accessible(page, name="municipality-home")


def test_municipality_home_leads_newcomers_to_the_portal_hours_and_counters(
    page: Page, minakami: Municipality
) -> None:
    minakami.settings.phone = "0278-25-5000"
    minakami.settings.office_postal_code = "379-1393"
    minakami.settings.office_address = "群馬県利根郡みなかみ町後閑318"
    minakami.settings.save()
    demo_departments(minakami)
    page.goto("/104493/")
    # The first thing after the town's name is the way online.
    first_section = page.locator("main section").first
    expect(first_section.get_by_role("heading", level=2)).to_have_text("オンラインで手続する")
    expect(first_section.get_by_role("link", name="住民ポータルへ進む")).to_have_attribute(
        "href", "/104493/portal/"
    )
    expect(page.get_by_text("平日 8:30〜17:15（土日祝日・年末年始を除く）")).to_be_visible()
    counters = page.locator("section", has=page.get_by_role("heading", name="窓口", exact=True))
    expect(counters).to_contain_text("町民課")
    expect(counters).to_contain_text("本庁舎1階 1番窓口")
    assert_accessible(page, name="municipality-home-minakami")
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page, name="municipality-home-minakami-320")
    page.get_by_role("link", name="住民ポータルへ進む").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("住民ポータル")


def test_login_page_shows_the_error_and_stays_accessible(page: Page, clerk: StaffUser) -> None:
    page.goto("/102121/staff/login/")
    assert_accessible(page, name="staff-login")
    page.get_by_label("ログインID").fill("clerk")
    page.get_by_label("パスワード").fill("wrong")
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_text("ログインIDまたはパスワードが正しくありません。").first).to_be_visible()
    assert_accessible(page, name="staff-login-error")


def test_staff_home_after_sign_in(page: Page, clerk: StaffUser) -> None:
    _sign_in(page, "clerk")
    expect(page.get_by_role("heading", level=1)).to_have_text("職員ホーム")
    expect(page.get_by_text("窓口", exact=True)).to_be_visible()
    assert_accessible(page, name="staff-home")


def test_totp_setup_page(page: Page, clerk: StaffUser, settings: Settings) -> None:
    settings.JICHITAI_REQUIRE_2FA = True
    _sign_in(page, "clerk")
    expect(page.get_by_role("heading", level=1)).to_have_text("二要素認証の設定")
    qr = page.get_by_role("img", name="認証アプリに登録するためのQRコード")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.naturalWidth") > 0, "the QR code image must load"
    assert_accessible(page, name="staff-otp-setup")


def test_auditor_sees_the_verified_log(page: Page, auditor: StaffUser) -> None:
    _sign_in(page, "auditor")
    page.get_by_role("link", name="監査ログ").click()
    expect(page.get_by_text("改ざんは検出されませんでした")).to_be_visible()
    expect(page.get_by_role("cell", name="staff.login").first).to_be_visible()
    assert_accessible(page, name="audit-log")


def test_a_clerk_gets_the_403_page_for_the_audit_log(page: Page, clerk: StaffUser) -> None:
    _sign_in(page, "clerk")
    response = page.goto("/102121/audit/")
    assert response is not None and response.status == 403
    assert_accessible(page, name="forbidden")


def test_the_404_page(page: Page, midori: Municipality) -> None:
    response = page.goto("/102121/no-such-page/")
    assert response is not None and response.status == 404
    assert_accessible(page, name="not-found")
