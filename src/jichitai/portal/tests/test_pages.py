"""The resident's pages after applying, in Chromium with axe-core: my cases, a case returned
for correction, answering it, and the notification settings."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from jichitai.identity.tests.conftest import JpkiWorld
from jichitai.portal.tests.helpers import returned_for_correction
from jichitai.procedures.models import Case, CaseState
from jichitai.registry.models import Resident
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def returned_case(midori: Municipality, hanako: Resident) -> Case:
    return returned_for_correction(midori, hanako)


def test_a_returned_case_is_corrected_and_resubmitted(
    page: Page, jpki: JpkiWorld, returned_case: Case
) -> None:
    page.goto("/102121/portal/signin/")
    page.get_by_role("combobox", name="仮想カード").select_option(jpki.hanako.card_id)
    page.get_by_label("利用者証明用の暗証番号（数字4桁）").fill("1234")
    page.get_by_role("button", name="このカードでログイン").click()
    page.get_by_label("署名用電子証明書のパスワード（英大文字・数字 6〜16桁）").fill("JICHITAI1")
    page.get_by_role("button", name="署名して確認する").click()

    page.get_by_role("link", name="申請の状況").click()
    expect(page.get_by_role("cell", name="妊娠の届出")).to_be_visible()
    expect(page.get_by_text("差戻し中")).to_be_visible()
    assert_accessible(page, name="portal-cases")
    page.get_by_role("link", name=returned_case.reference_number).click()
    expect(page.get_by_text("医療機関名を正式名称で記入してください。")).to_be_visible()
    assert_accessible(page, name="portal-case-returned")

    page.get_by_role("link", name="訂正して再提出する").click()
    assert_accessible(page, name="portal-resubmit")
    page.get_by_label("診断を受けた医療機関").fill("")
    page.get_by_role("button", name="再提出する").click()
    expect(page.get_by_role("alert")).to_contain_text("入力内容を確認してください（1件）")
    assert_accessible(page, name="portal-resubmit-errors")
    page.get_by_label("診断を受けた医療機関").fill("みどり市民病院 産婦人科")
    page.get_by_role("button", name="再提出する").click()
    expect(page.get_by_role("status")).to_contain_text("再提出しました")
    returned_case.refresh_from_db()
    assert returned_case.state == CaseState.RESUBMITTED
    assert returned_case.data["diagnosed_at"] == "みどり市民病院 産婦人科"

    page.get_by_role("link", name="お知らせの設定").click()
    page.get_by_label("メールアドレス").fill("hanako@example")
    page.get_by_role("button", name="保存する").click()
    expect(page.locator(".jt-field__errors")).to_contain_text(
        "メールアドレスの形式が正しくありません"
    )
    assert_accessible(page, name="portal-notifications-error")


def test_withdrawing_asks_once_more(page: Page, jpki: JpkiWorld, returned_case: Case) -> None:
    page.goto("/102121/portal/signin/")
    page.get_by_role("combobox", name="仮想カード").select_option(jpki.hanako.card_id)
    page.get_by_label("利用者証明用の暗証番号（数字4桁）").fill("1234")
    page.get_by_role("button", name="このカードでログイン").click()
    page.get_by_label("署名用電子証明書のパスワード（英大文字・数字 6〜16桁）").fill("JICHITAI1")
    page.get_by_role("button", name="署名して確認する").click()
    page.goto(f"/102121/portal/cases/{returned_case.pk}/")
    page.get_by_role("link", name="この申請を取り下げる").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("申請を取り下げますか")
    assert_accessible(page, name="portal-withdraw")
    page.get_by_role("link", name="取り下げない（申請に戻る）").click()
    returned_case.refresh_from_db()
    assert returned_case.state == CaseState.RETURNED
    page.get_by_role("link", name="この申請を取り下げる").click()
    page.get_by_role("button", name="取り下げる").click()
    expect(page.get_by_role("status")).to_contain_text("申請を取り下げました")
    returned_case.refresh_from_db()
    assert returned_case.state == CaseState.WITHDRAWN
