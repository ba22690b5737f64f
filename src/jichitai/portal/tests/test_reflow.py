"""Every page of the resident's journey reflows at 320 CSS px — what a 1280 px screen shows at
400 % zoom (JIS X 8341-3 / WCAG 1.4.10): nothing scrolls sideways, axe stays clean. Issue 11,
item 6."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from jichitai.identity.tests.conftest import JpkiWorld
from jichitai.portal.access import resident_actor
from jichitai.procedures.services import case_submit
from jichitai.procedures.tests.factories import pregnancy_data
from jichitai.registry.models import Resident
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible

pytestmark = pytest.mark.browser

PORTAL = "/102121/portal"


def _no_sideways_scroll(page: Page, name: str) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{name} scrolls sideways at 320px (WCAG 1.4.10)"
    assert_accessible(page, name=name)


def test_the_residents_pages_reflow_at_400_percent_zoom(
    page: Page, jpki: JpkiWorld, hanako: Resident, midori: Municipality
) -> None:
    case = case_submit(
        municipality=midori,
        procedure_id="pregnancy_notification",
        data=pregnancy_data(hanako),
        actor=resident_actor(hanako),
    ).case
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{PORTAL}/signin/")
    _no_sideways_scroll(page, "portal-320-sign-in")
    page.get_by_role("combobox", name="仮想カード").select_option(jpki.hanako.card_id)
    page.get_by_label("利用者証明用の暗証番号（数字4桁）").fill("1234")
    page.get_by_role("button", name="このカードでログイン").click()
    _no_sideways_scroll(page, "portal-320-bind")
    page.get_by_label("署名用電子証明書のパスワード（英大文字・数字 6〜16桁）").fill("JICHITAI1")
    page.get_by_role("button", name="署名して確認する").click()
    expect(page.get_by_text("さん、こんにちは。")).to_be_visible()
    _no_sideways_scroll(page, "portal-320-home")

    for path, name in [
        ("/procedures/", "portal-320-procedures"),
        ("/procedures/move_out/", "portal-320-procedure"),
        ("/cases/", "portal-320-cases"),
        (f"/cases/{case.pk}/", "portal-320-case"),
        ("/notifications/", "portal-320-notifications"),
    ]:
        page.goto(f"{PORTAL}{path}")
        _no_sideways_scroll(page, name)

    page.goto(f"{PORTAL}/procedures/move_out/apply/")
    page.get_by_label("転出先の住所（予定）").fill("")
    page.get_by_role("button", name="入力内容を確認する").click()
    expect(page.get_by_role("alert").first).to_contain_text("入力内容を確認してください")
    _no_sideways_scroll(page, "portal-320-apply-errors")
