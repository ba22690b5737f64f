"""児童手当の支払月 page in Chromium, checked with axe-core: an odd month refused, then a run
with its counts and the CSV link."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from jichitai.departments.services import ClaimedChild, child_allowance_certify
from jichitai.procedures.tests.department_cases import welfare_officer
from jichitai.procedures.tests.test_pages import _sign_in
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible

pytestmark = pytest.mark.browser


def test_run_a_payment_month(page: Page, midori: Municipality) -> None:
    child_allowance_certify(
        municipality=midori,
        recipient_code="CP-owed",
        children=[ClaimedChild("CP-owed-1", dt.date(2016, 5, 1))],
        claimed_on=dt.date(2026, 4, 20),
        occurred_on=None,
        certified_on=dt.date(2026, 4, 25),
        income_fiscal_year=2025,
        total_income=4_000_000,
        income_exchange_id="",
        actor=None,
    )
    welfare_officer(midori)
    _sign_in(page, "welfare")

    page.goto("/102121/office/child-allowance/payments/")
    expect(page.get_by_role("heading", level=1)).to_have_text("児童手当の支払月")
    page.locator("#id_run-payment_month").fill("2026-07")
    page.locator("#id_run-paid_on").fill("2026-07-10")
    page.get_by_role("button", name="支払を実行する").click()
    expect(page.get_by_role("alert").first).to_contain_text("支払月は偶数月")
    assert_accessible(page, name="office-child-allowance-payments-error")

    page.locator("#id_run-payment_month").fill("2026-06")
    page.locator("#id_run-paid_on").fill("2026-06-10")
    page.get_by_role("button", name="支払を実行する").click()
    expect(page.locator("#run-result")).to_contain_text("1人（10,000円）")
    expect(page.get_by_role("link", name="2026年6月の支払の一覧（CSV）")).to_be_visible()
    assert_accessible(page, name="office-child-allowance-payments")
