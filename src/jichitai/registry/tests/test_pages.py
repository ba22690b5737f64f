"""The registry's staff pages as a clerk sees them: Chromium, axe-core (WCAG 2.1 AA) and a
screenshot in var/screenshots/ for each."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from jichitai.conftest import PASSWORD
from jichitai.identity.models import StaffUser
from jichitai.registry.models import ChangeType, Resident, ResidentStatus
from jichitai.registry.services import (
    move_out_certificate_send,
    resident_name_change,
    residents_remove,
)
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible

pytestmark = pytest.mark.browser


def _sign_in(page: Page, username: str) -> None:
    page.goto("/102121/staff/login/")
    page.get_by_label("ログインID").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("職員ホーム")


@pytest.fixture
def family(midori: Municipality, clerk: StaffUser) -> dict[str, Resident]:
    family = yamada_family(midori, actor=clerk)
    resident_name_change(
        municipality=midori,
        resident_id=family["花子"].pk,
        name="佐藤　花子",
        name_kana="サトウ　ハナコ",
        effective_on=dt.date(2025, 2, 1),
        notified_on=dt.date(2025, 2, 3),
        actor=clerk,
    )
    return family


def test_search_by_reading_lists_residents(
    page: Page, clerk: StaffUser, family: dict[str, Resident]
) -> None:
    _sign_in(page, "clerk")
    page.goto("/102121/registry/")
    expect(page.get_by_text("いずれかを入力して検索してください")).to_be_visible()
    assert_accessible(page, name="registry-search-empty")
    page.get_by_label("氏名または振り仮名").fill("やまだ")
    page.get_by_role("button", name="検索する").click()
    expect(page.get_by_text("2件見つかりました。")).to_be_visible()
    assert page.url.endswith("/102121/registry/")  # the name went in the body, not the URL
    # The answer is where the reader is: focus on the results, the count in the title.
    expect(page.get_by_role("heading", name="検索結果")).to_be_focused()
    expect(page).to_have_title(re.compile(r"^住民検索（2件）"))
    expect(page.get_by_role("cell", name="平成30年5月20日")).to_be_visible()
    assert_accessible(page, name="registry-search-results")
    page.get_by_role("link", name="山田　翔太").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("山田　翔太")


def test_resident_page_with_history_timeline(
    page: Page, supervisor: StaffUser, family: dict[str, Resident]
) -> None:
    _sign_in(page, "supervisor")
    page.goto(f"/102121/registry/residents/{family['花子'].pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("佐藤　花子")
    history = page.get_by_role("region", name="異動履歴")
    expect(history.get_by_role("row")).to_have_count(3)
    expect(history.get_by_role("row").nth(1)).to_contain_text("氏名の変更")
    expect(history.get_by_role("row").nth(1)).to_contain_text("氏名、氏名の振り仮名")
    assert_accessible(page, name="registry-resident")
    page.get_by_label("時点の日付").fill("R7.1.31")
    page.get_by_role("button", name="この日時点の記載事項を見る").click()
    expect(page.get_by_role("heading", name="令和7年1月31日時点の記載事項")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("佐藤　花子")
    assert_accessible(page, name="registry-resident-as-of")


def test_household_page_and_head_change_form_with_errors(
    page: Page, clerk: StaffUser, family: dict[str, Resident]
) -> None:
    _sign_in(page, "clerk")
    page.goto(f"/102121/registry/households/{family['花子'].household_id}/")
    expect(page.get_by_role("row")).to_have_count(4)
    assert_accessible(page, name="registry-household")

    page.get_by_role("link", name="世帯主変更届").click()
    page.get_by_role("combobox", name="新しい世帯主").select_option(label="山田　翔太")
    page.get_by_role("button", name="続柄の候補を入れる").click()
    expect(page.get_by_label("佐藤　花子の新しい世帯主との続柄")).to_have_value("母")
    expect(page.get_by_label("山田　美咲の新しい世帯主との続柄")).to_have_value("妹")
    expect(page.get_by_label("山田　翔太の新しい世帯主との続柄")).to_have_value("世帯主")
    assert_accessible(page, name="registry-head-change-proposals")

    page.get_by_label("山田　美咲の新しい世帯主との続柄").fill("祖父")
    page.get_by_label("異動日").fill("R8.12.31")
    page.get_by_role("button", name="世帯主変更届を記録する").click()
    summary = page.locator("[data-jt-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("未来の日付")
    expect(page.locator("#id_effective_on_error")).to_contain_text("未来の日付")
    assert_accessible(page, name="registry-head-change-errors")


def test_move_in_form(page: Page, clerk: StaffUser, midori: Municipality) -> None:
    _sign_in(page, "clerk")
    page.goto("/102121/registry/move-in/?people=2")
    expect(page.get_by_role("group", name="2人目")).to_be_visible()
    assert_accessible(page, name="registry-move-in")
    page.get_by_role("button", name="転入を記録する").click()
    expect(page.locator("[data-jt-error-summary]")).to_be_focused()
    assert_accessible(page, name="registry-move-in-errors")


def test_issuing_a_certificate_from_the_household_page(
    page: Page, family: dict[str, Resident], midori: Municipality
) -> None:
    midori.settings.mayor_name = "緑川　一郎"
    midori.settings.save()
    _sign_in(page, "clerk")
    page.goto(f"/102121/registry/households/{family['花子'].household_id}/")
    page.get_by_role("link", name="住民票の写し等を交付する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("証明書の交付")
    assert_accessible(page, name="certificate-issue")
    page.get_by_role("radio", name="同一世帯の人").check()
    page.get_by_role("radio", name="マイナンバーカード").check()
    page.get_by_label("通数").fill("2")
    with page.expect_download() as download:
        page.get_by_role("button", name="署名付きPDFを発行する").click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.get_by_role("link", name="交付記録の一覧").click()
    row = page.get_by_role("region", name="交付した証明書").get_by_role("row").nth(1)
    for text in ("同一世帯の人", "マイナンバーカード", "2通", "600円"):
        expect(row).to_contain_text(text)
    assert_accessible(page, name="certificate-issued-list")


def test_pending_move_ins_and_recording_one(
    page: Page, outsider: StaffUser, midori: Municipality, minakami: Municipality
) -> None:
    family = yamada_family(midori)
    change = residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[r.pk for r in family.values()],
        effective_on=dt.date.today(),
        notified_on=dt.date.today(),
        actor=None,
        moving_to_address="群馬県利根郡みなかみ町後閑318番地",
    )
    move_out_certificate_send(
        municipality=midori, change_id=change.pk, destination_lg_code="104493", actor=None
    )
    page.goto("/104493/staff/login/")
    page.get_by_label("ログインID").fill("outsider")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.goto("/104493/registry/move-ins/")
    expect(page.get_by_role("cell", name="群馬県みどり市")).to_be_visible()
    assert_accessible(page, name="registry-pending-move-ins")
    page.get_by_role("link", name="転入を記録").click()
    expect(page.locator("#id_address")).to_have_value("群馬県利根郡みなかみ町後閑318番地")
    assert_accessible(page, name="registry-move-in-from-certificate")
    page.get_by_role("button", name="転入を記録する").click()
    expect(page.locator("[data-jt-error-summary]")).to_contain_text("本人と確認して")
    page.get_by_label("世帯員・転入日・住所を本人と確認しました", exact=False).check()
    page.get_by_role("button", name="転入を記録する").click()
    expect(page.get_by_role("status")).to_contain_text("「国内転入」を記録しました")
    expect(page.get_by_role("row")).to_have_count(4)


def test_resident_page_fits_320_css_pixels_and_leads_to_a_juminhyo(
    page: Page, supervisor: StaffUser, family: dict[str, Resident]
) -> None:
    # WCAG 1.4.10 (リフロー): at 320 CSS px nothing scrolls sideways; the long definition
    # lists, the button groups and the history table wrap or scroll inside their own region.
    midori = family["花子"].municipality
    midori.settings.mayor_name = "緑川　一郎"
    midori.settings.save()
    _sign_in(page, "supervisor")
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"/102121/registry/residents/{family['花子'].pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("佐藤　花子")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the resident page is {width}px wide at 320px"
    assert_accessible(page, name="registry-resident-320")
    page.get_by_role("link", name="住民票の写しを交付する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("証明書の交付")
    expect(page.get_by_role("checkbox", name="佐藤　花子（住民）")).to_be_checked()
    expect(page.get_by_role("checkbox", name="山田　翔太（住民）")).not_to_be_checked()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the issuing form is {width}px wide at 320px"
    assert_accessible(page, name="registry-certificate-issue-320")


def test_cancel_page_chooses_people_and_a_request(
    page: Page, supervisor: StaffUser, midori: Municipality, family: dict[str, Resident]
) -> None:
    removal = residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[family["翔太"].pk, family["美咲"].pk],
        effective_on=dt.date(2025, 3, 1),
        notified_on=dt.date(2025, 3, 1),
        actor=supervisor,
        moving_to_address="東京都千代田区千代田1番1号",
    )
    _sign_in(page, "supervisor")
    page.goto(f"/102121/registry/changes/{removal.pk}/cancel/?resident={family['美咲'].pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text("異動の取消し")
    page.get_by_label("山田　翔太").uncheck()
    page.get_by_label("本人等の申出による取消し").check()
    assert_accessible(page, name="registry-cancel")
    page.get_by_role("button", name="この異動を取り消す").click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_contain_text(
        "取消しの理由"
    )
    assert_accessible(page, name="registry-cancel-errors")
    page.get_by_label("取消しの理由").fill("美咲は転出しない")
    page.get_by_role("button", name="この異動を取り消す").click()
    expect(page.get_by_text("1人について取り消しました")).to_be_visible()


def test_nationality_loss_form(page: Page, clerk: StaffUser, family: dict[str, Resident]) -> None:
    _sign_in(page, "clerk")
    page.goto(f"/102121/registry/residents/{family['花子'].pk}/nationality-loss/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("国籍喪失")
    assert_accessible(page, name="registry-nationality-loss")


def test_move_in_of_a_returner_shows_the_closed_record_to_confirm(
    page: Page, clerk: StaffUser, midori: Municipality
) -> None:
    family = yamada_family(midori)
    residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[family["翔太"].pk],
        effective_on=dt.date(2025, 3, 31),
        notified_on=dt.date(2025, 3, 31),
        actor=None,
        moving_to_address="群馬県利根郡みなかみ町後閑318番地",
    )
    _sign_in(page, "clerk")
    page.goto("/102121/registry/move-in/")
    page.get_by_label("異動日").fill(dt.date.today().strftime("%Y-%m-%d"))
    page.locator("#id_address").fill("群馬県みどり市笠懸町鹿2952番地")
    page.locator("#id_people-0-name").fill("山田　翔太")
    page.locator("#id_people-0-name_kana").fill("やまだ　しょうた")
    page.locator("#id_people-0-birth_date").fill("H30.5.20")
    page.get_by_role("group", name="1人目（世帯主）").get_by_role("radio", name="男").check()
    page.get_by_role("button", name="転入を記録する").click()
    expect(page.locator("[data-jt-error-summary]")).to_be_focused()
    question = page.get_by_role("group", name="再転入者の確認")
    atena = family["翔太"].atena_number
    expect(question).to_contain_text(f"宛名番号 {atena} の除票")
    expect(question).to_contain_text("平成30年5月20日生")
    assert_accessible(page, name="registry-move-in-returner")
    # 取り込み: the 除票's items come into the form; the clerk's choice is kept.
    page.get_by_role("button", name=f"宛名番号 {atena} の除票の内容を取り込む").click()
    expect(page.locator("#id_people-0-name_kana")).to_have_value("ヤマダ　ショウタ")
    expect(page.locator("#id_address")).to_have_value("群馬県みどり市笠懸町鹿2952番地")
    expect(question.get_by_role("radio", name=re.compile("同じ人（再転入者）"))).to_be_checked()
    page.get_by_role("button", name="転入を記録する").click()
    expect(page.get_by_text("「国内転入」を記録しました")).to_be_visible()
    expect(page.get_by_role("link", name="山田　翔太")).to_be_visible()
    back = Resident.objects.get(pk=family["翔太"].pk)
    assert back.status == ResidentStatus.ACTIVE and back.atena_number == atena


def test_former_surname_form_asks_whether_the_reading_was_checked(
    page: Page, clerk: StaffUser, family: dict[str, Resident]
) -> None:
    """フリガナ確認フラグ for 旧氏 (doc/j180.txt §1.1.18): asked on the form, shown on the record."""
    _sign_in(page, "clerk")
    page.goto(f"/102121/registry/residents/{family['花子'].pk}/former-surname/")
    expect(page.get_by_label("旧氏の振り仮名を本人に確認した")).to_be_checked()
    assert_accessible(page, name="registry-former-surname")
    page.get_by_label("旧氏", exact=True).fill("鈴木")
    page.get_by_label("旧氏の振り仮名", exact=True).fill("すずき")
    page.get_by_label("異動日").fill("R8.4.7")
    page.get_by_label("請求日").fill("R8.4.7")
    page.get_by_role("button", name="旧氏の記載・変更・削除を記録する").click()
    expect(page.get_by_text("鈴木（スズキ）")).to_be_visible()
    expect(page.get_by_text("本人確認済み").first).to_be_visible()
    assert_accessible(page, name="registry-resident-former-surname-checked")
