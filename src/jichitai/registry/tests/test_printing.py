"""印刷 (doc/j1420.txt §10.7): the browser's own print leaves no access log, which the standard
forbids (「アクセスログが取得できないOS独自の印刷ができること。」 is 実装しない), so a registry
page prints a notice instead of the resident's data; certificates are printed from the PDF that
「証明書の交付」 issues and records (IssuedCertificate and its audit record)."""

from __future__ import annotations

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from jichitai.conftest import PASSWORD
from jichitai.identity.models import StaffUser
from jichitai.registry.models import Resident
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import save_screenshot

pytestmark = pytest.mark.browser

NOTICE = (
    "この画面は印刷できません。証明書は「証明書の交付」から発行してください（印刷は記録されます）。"
)


@pytest.fixture
def family(midori: Municipality, clerk: StaffUser) -> dict[str, Resident]:
    return yamada_family(midori, actor=clerk)


def _sign_in(page: Page) -> None:
    page.goto("/102121/staff/login/")
    page.get_by_label("ログインID").fill("clerk")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("職員ホーム")


def test_a_resident_page_prints_the_notice_instead_of_the_resident(
    page: Page, family: dict[str, Resident]
) -> None:
    blocked: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            blocked.append(message.text)

    page.on("console", on_console)
    _sign_in(page)
    page.goto(f"/102121/registry/residents/{family['花子'].pk}/")
    name = page.get_by_role("heading", level=1, name="山田　花子")
    expect(name).to_be_visible()
    expect(page.get_by_text(NOTICE)).to_be_hidden()
    assert blocked == []  # the registry's layout rules load from app.css, not an inline <style>

    page.emulate_media(media="print")
    expect(page.get_by_text(NOTICE)).to_be_visible()
    expect(name).to_be_hidden()
    printed = page.locator("body").inner_text()  # innerText: only what is rendered
    assert "山田" not in printed and "ヤマダ" not in printed, printed
    # The print header (and the browser's history) show the title: no name there either.
    assert "山田" not in page.title() and "ヤマダ" not in page.title()
    save_screenshot(page, name="registry-resident-print")


def test_the_certificate_issue_page_prints_the_notice_too(
    page: Page, family: dict[str, Resident]
) -> None:
    _sign_in(page)
    page.goto(f"/102121/certificates/issue/{family['花子'].household_id}/")
    page.emulate_media(media="print")
    expect(page.get_by_text(NOTICE)).to_be_visible()
    assert "山田" not in page.locator("body").inner_text()
