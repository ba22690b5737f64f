"""The DX dashboard and the process map in Chromium, checked with axe-core: a DX lead signs
in, filters to one procedure and finds the slow step on the map."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from jichitai.conftest import PASSWORD, _staff
from jichitai.identity.models import Role
from jichitai.insights.tests.factories import four_cases, import_cases
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible, save_screenshot

pytestmark = pytest.mark.browser


def test_the_dashboard_and_process_map_are_accessible(page: Page, midori: Municipality) -> None:
    import_cases(midori, four_cases())
    _staff(midori, "dx-lead", Role.ADMIN)
    page.goto("/102121/staff/login/?next=/102121/insights/")
    page.get_by_label("ログインID").fill("dx-lead")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("業務の見える化（DXダッシュボード）")
    expect(page.get_by_role("img", name="月別の申請件数")).to_be_visible()
    expect(page.get_by_role("table", name="手続別の指標")).to_be_visible()
    save_screenshot(page, name="insights-dashboard")
    assert_accessible(page, name="insights-dashboard")

    page.get_by_role("link", name="プロセスマップ（どこで時間がかかっているか）を見る").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("プロセスマップ")
    page.get_by_label("手続").select_option("care_need_certification")
    page.get_by_role("button", name="絞り込む").click()
    expect(page.get_by_role("note")).to_contain_text("次の段階へ回付 → 審査開始（1件）")
    expect(page.get_by_role("img", name="プロセスマップ: 活動 4、遷移 4")).to_be_visible()
    save_screenshot(page, name="insights-process-map")
    assert_accessible(page, name="insights-process-map")
