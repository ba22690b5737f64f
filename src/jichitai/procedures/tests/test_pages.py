"""The department inboxes as staff see them: Chromium, axe-core (WCAG 2.1 AA) and a
screenshot in var/screenshots/ for each page and state."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from jichitai.conftest import PASSWORD
from jichitai.identity.models import StaffUser
from jichitai.procedures.department_actions import income_fiscal_year
from jichitai.procedures.models import Case, CaseState
from jichitai.procedures.tests.department_cases import claim_data, counter_submit, income_record
from jichitai.procedures.tests.factories import (
    case_of,
    case_submitted_days_ago,
    onestop_submit,
)
from jichitai.registry.models import Resident, ResidentStatus
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible, focused_element

pytestmark = pytest.mark.browser


def _sign_in(page: Page, username: str) -> None:
    page.goto("/102121/staff/login/")
    page.get_by_label("ログインID").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("職員ホーム")


def test_department_inbox_claim_and_return_for_correction(
    page: Page, midori: Municipality, family: dict[str, Resident], officer: StaffUser
) -> None:
    late = case_submitted_days_ago(midori, family["花子"], days=30)
    recent = case_of(midori, family["花子"])
    _sign_in(page, "officer")
    page.get_by_role("link", name="受付一覧").click()
    page.get_by_label("担当").select_option("maternal_health")
    page.get_by_role("button", name="表示する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("受付一覧（福祉課 母子保健担当）")
    rows = page.get_by_role("region", name="審査待ち").get_by_role("row")
    expect(rows).to_have_count(3)
    expect(rows.nth(1)).to_contain_text(late.reference_number)
    expect(rows.nth(1)).to_contain_text("期限超過")
    expect(rows.nth(1).get_by_role("cell").nth(1)).to_have_text("山田　花子")
    expect(rows.nth(2)).to_contain_text(recent.reference_number)
    expect(page.get_by_role("link", name="審査待ち（2件）")).to_have_attribute(
        "aria-current", "page"
    )
    assert_accessible(page, name="office-inbox")

    page.get_by_role("link", name=late.reference_number).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("妊娠の届出")
    expect(page.get_by_text("みどり市民病院")).to_be_visible()
    assert_accessible(page, name="office-case-submitted")

    page.get_by_role("button", name="担当する").click()
    expect(page.get_by_role("status").filter(has_text="の担当になりました")).to_be_visible()
    expect(page.get_by_role("button", name="承認する")).to_be_visible()
    assert_accessible(page, name="office-case-in-review")

    page.get_by_role("button", name="差し戻す").click()
    summary = page.get_by_role("alert").filter(has_text="入力内容を確認してください")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("差戻しの理由を入力してください。")
    assert focused_element(page)["tag"] == "div"  # the error summary takes focus
    assert_accessible(page, name="office-case-return-error")

    page.get_by_label("差戻しの理由").fill("妊娠週数を医療機関の診断に合わせて直してください。")
    page.get_by_role("button", name="差し戻す").click()
    expect(page.get_by_text("申請者の再提出を待っています。")).to_be_visible()
    expect(page.get_by_role("region", name="差戻し").last).to_contain_text("妊娠週数を医療機関")
    assert Case.objects.get(pk=late.pk).state == CaseState.RETURNED
    assert_accessible(page, name="office-case-returned")


def test_move_out_review_shows_the_signature_and_approval_records_it(
    page: Page,
    midori: Municipality,
    minakami: Municipality,
    family: dict[str, Resident],
    reviewer: StaffUser,
    jpki_with_certificate: list[bytes],
) -> None:
    case = onestop_submit(midori, minakami, family)
    _sign_in(page, "reviewer")
    page.goto("/102121/office/")
    expect(page.get_by_role("heading", level=1)).to_have_text("受付一覧（住民記録担当）")
    page.get_by_role("link", name=case.reference_number).click()
    expect(page.get_by_text("署名は有効（検証日時")).to_be_visible()
    page.get_by_role("button", name="担当する").click()
    expect(
        page.get_by_text("転出証明書情報を転入先（群馬県みなかみ町）へ送ります。")
    ).to_be_visible()
    assert_accessible(page, name="office-case-move-out")

    page.get_by_label("上記の処理は取り消せないことを確認しました").check()
    page.get_by_role("button", name="承認する").click()
    expect(page.get_by_role("status").filter(has_text="を承認しました")).to_be_visible()
    expect(page.get_by_role("link", name="申請者の住民票を見る")).to_be_visible()
    assert_accessible(page, name="office-case-move-out-approved")
    # The 転出予定日 is a week ahead: the 転出 is recorded and the record stays 住民 until that
    # day (標準仕様書 §1.1.5), or until the 転入 at the new town if that comes first.
    head = Resident.objects.get(pk=family["花子"].pk)
    assert head.status == ResidentStatus.ACTIVE
    assert head.planned_removal_on == timezone.localdate() + dt.timedelta(days=7)


def test_child_allowance_approval_shows_the_exchange_or_why_it_is_refused(
    page: Page, midori: Municipality, family: dict[str, Resident], officer: StaffUser
) -> None:
    """ワンスオンリー: without her income anywhere the approval is refused with what to do;
    once みどり市's tax records hold it, approval shows which exchange supplied it."""
    hanako = family["花子"]
    case = counter_submit(
        midori, officer, hanako, "child_allowance_claim", claim_data(hanako, [family["翔太"]])
    )
    _sign_in(page, "officer")
    page.goto(f"/102121/office/cases/{case.pk}/")
    page.get_by_role("button", name="担当する").click()
    expect(page.get_by_text("課税証明書は不要です。")).to_be_visible()
    page.get_by_label("上記の処理は取り消せないことを確認しました").check()
    page.get_by_role("button", name="承認する").click()
    refused = page.get_by_role("alert").filter(has_text="課税証明書（所得証明書）")
    expect(refused).to_contain_text("申請を差し戻し")
    assert_accessible(page, name="office-case-income-not-found")

    income_record(
        midori, hanako, fiscal_year=income_fiscal_year(timezone.localdate()), total_income=3_000_000
    )
    page.get_by_label("上記の処理は取り消せないことを確認しました").check()
    page.get_by_role("button", name="承認する").click()
    expect(page.get_by_role("status").filter(has_text="を承認しました")).to_be_visible()
    exchanges = page.get_by_role("region", name="情報連携で取得した情報")
    expect(exchanges).to_contain_text("群馬県みどり市 個人住民税")
    expect(exchanges).to_contain_text("番号法第19条第8号")
    assert_accessible(page, name="office-case-child-allowance-approved")
