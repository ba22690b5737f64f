"""Story step 4 in Chromium, as the issue's「Done when」says: the staff open the 転入待ち entry,
read the virtual card, choose 転入 and see 児童手当, 国民健康保険, 転入学 and 子ども医療費助成
filled in; the resident confirms on the paired window; the register, the card record and every
case are done; the typed-field counts meet the target and are shown. axe-core on the console
and on the confirmation display."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from jichitai.conftest import PASSWORD
from jichitai.counter.models import CounterSession
from jichitai.counter.tests.conftest import Story, staff
from jichitai.identity.jpki.services import VirtualCard
from jichitai.identity.models import Role
from jichitai.procedures.department_actions import income_fiscal_year
from jichitai.procedures.models import Case, CaseState
from jichitai.procedures.tests.department_cases import income_record
from jichitai.registry.models import MoveOutCertificate, Resident
from jichitai.testing.browser import assert_accessible, new_context, save_screenshot

pytestmark = pytest.mark.browser

PROCEDURES = ("児童手当の認定請求", "国民健康保険の資格取得・喪失の届出", "転入学の届出")


def _sign_in(page: Page) -> None:
    page.goto("/104493/staff/login/?next=/104493/counter/")
    page.get_by_label("ログインID").fill("madoguchi")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("書かない窓口")


def test_story_step_4_nobody_writes(
    page: Page, story: Story, chromium_browser: Browser, live_server: LiveServer
) -> None:
    # みどり市 assessed her 住民税, so the counter can decide her 児童手当 too.
    income_record(
        story.midori,
        story.family["花子"],
        fiscal_year=income_fiscal_year(timezone.localdate()),
        total_income=2_400_000,
    )
    _sign_in(page)
    page.get_by_role("button", name=re.compile("受け付ける")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("窓口受付")

    page.get_by_label("デモ端末のカード").select_option(story.card.card_id)
    page.get_by_label(re.compile("暗証番号")).fill("1234")
    page.get_by_role("button", name="カードを読み取る").click()
    expect(page.get_by_role("status").first).to_contain_text("券面の住所は転入前の住所です")

    page.get_by_label("転入", exact=True).check()
    question = page.get_by_role("group", name=re.compile("（転入のとき）"))
    question.get_by_label("いいえ").check()
    page.get_by_role("button", name="手続を判定する").click()
    for name in (*PROCEDURES, "子ども医療費助成の受給資格の申請"):
        expect(page.get_by_role("heading", level=3, name=name)).to_be_visible()
    expect(page.get_by_text("山田　翔太").first).to_be_visible()

    # Only what no system knows: the account the allowance is paid into.
    page.get_by_label(re.compile("^金融機関名")).fill("みなかみ信用金庫")
    page.get_by_label(re.compile("^支店名")).fill("後閑支店")
    page.get_by_label(re.compile("^預金種別")).select_option("普通")
    page.get_by_label(re.compile("^口座番号")).fill("1234567")
    page.get_by_role("button", name="入力を保存する").click()
    measurement = page.locator("#measurement")
    expect(measurement).to_contain_text("職員の入力 5 項目")
    expect(measurement).to_contain_text("住民の記入 0 項目")
    assert_accessible(page, name="counter-console")
    save_screenshot(page, name="counter-console")

    page.get_by_role("button", name="確認画面の接続コードを表示").click()
    code = re.search(r"接続コード: (\d{6})", page.get_by_role("status").first.inner_text())
    assert code is not None

    tablet = new_context(chromium_browser, base_url=live_server.url).new_page()
    tablet.goto("/104493/counter/display/pair/")
    tablet.get_by_label("接続コード（数字6桁）").fill(code.group(1))
    tablet.get_by_role("button", name="表示する").click()
    expect(tablet.get_by_role("heading", level=1)).to_have_text("届け出る内容の確認")
    for name in PROCEDURES:
        expect(tablet.get_by_role("heading", level=2, name=name)).to_be_visible()
    assert_accessible(tablet, name="counter-display")
    save_screenshot(tablet, name="counter-display")
    tablet.get_by_role("button", name="この内容で届け出る").click()
    expect(tablet.get_by_role("status")).to_contain_text("確認しました")

    page.reload()
    expect(page.get_by_text("住民の方が確認しました")).to_be_visible()
    page.get_by_role("button", name="すべての手続を完了する").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("完了")
    done = page.get_by_role("region", name="完了した手続")
    expect(done.get_by_text("窓口で決定しました")).to_have_count(4)
    expect(page.locator("#measurement")).to_contain_text("職員の入力 5 項目")

    session = CounterSession.objects.get()
    assert session.result["counts"]["resident"] == 0
    assert session.result["counts"]["staff"] <= 5
    assert MoveOutCertificate.objects.get().status == MoveOutCertificate.Status.COMPLETED
    assert Resident.objects.for_municipality(story.minakami).count() == 3
    # Every case done: the 転入予約 with the 転入, the four others decided at the counter.
    cases = Case.objects.for_municipality(story.minakami)
    assert cases.count() == 5
    assert set(cases.values_list("state", flat=True)) == {CaseState.APPROVED}
    card = VirtualCard.load(story.card.card_id)
    assert card.basic_four.address == story.certificate.moving_to_address


def test_a_session_starts_from_the_register_search(page: Page, story: Story) -> None:
    staff(story.midori, "midori_madoguchi", Role.COUNTER)
    page.goto("/102121/staff/login/?next=/102121/counter/")
    page.get_by_label("ログインID").fill("midori_madoguchi")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()

    page.get_by_label(re.compile("^氏名")).fill("やまだ")
    page.get_by_role("button", name="検索する").click()
    expect(page.get_by_text("3人見つかりました")).to_be_visible()
    assert "やまだ" not in page.url
    assert_accessible(page, name="counter-search")
    page.get_by_role("button", name=re.compile("受け付ける.*花子")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("窓口受付")
