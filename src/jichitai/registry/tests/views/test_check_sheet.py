"""入力確認・修正 (doc/j540.txt §4.0.9): 「更新前（仮登録状態）には、…確認用帳票を画面確認又は
印刷でき、入力内容を修正できること」: the change forms show what they would record, write
nothing, and keep the input for correction."""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import Page

from jichitai.conftest import PASSWORD
from jichitai.identity.models import StaffUser
from jichitai.registry.models import Change, Resident
from jichitai.registry.tests.views.helpers import dates, fresh, move_in_data, text, url
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible

NEW_ADDRESS = "群馬県みどり市東町花輪1番地"


def test_move_in_check_sheet_shows_the_input_and_records_nothing(
    clerk_client: Client, midori: Municipality
) -> None:
    response = clerk_client.post(url("move-in/?people=2"), move_in_data(check="1"))
    page = text(response)
    assert response.status_code == 200
    assert "入力内容の確認（まだ記録していません）" in page
    assert "鈴木　一郎" in page and "令和8年4月7日" in page and "国内転入" in page
    assert 'value="群馬県みどり市大間々町大間々2000番地"' in page  # still in the form
    assert not Resident.objects.filter(name="鈴木　一郎").exists()
    # Corrected and recorded from the same form.
    response = clerk_client.post(
        url("move-in/?people=2"), move_in_data(address="群馬県みどり市大間々町大間々2001番地")
    )
    assert response.status_code == 302
    assert Resident.objects.get(name="鈴木　一郎").address == "群馬県みどり市大間々町大間々2001番地"


def test_household_change_check_sheet_shows_the_input_and_records_nothing(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    hanako = family["花子"]
    before = Change.objects.count()
    data = {
        "members": [r.pk for r in family.values()],
        **dates(effective_on="R8.4.1"),
        "address": NEW_ADDRESS,
        "postal_code": "3760302",
    }
    move_within = url(f"households/{hanako.household_id}/move-within/")
    page = text(clerk_client.post(move_within, {**data, "check": "1"}))
    assert "入力内容の確認（まだ記録していません）" in page
    assert NEW_ADDRESS in page and "令和8年4月1日" in page and "山田　翔太" in page
    assert Change.objects.count() == before and fresh(hanako).address != NEW_ADDRESS
    move_out = url(f"households/{hanako.household_id}/move-out/")
    page = text(
        clerk_client.post(
            move_out,
            {
                "members": [family["翔太"].pk],
                **dates(),
                "moving_to_address": "群馬県利根郡みなかみ町月夜野1744番地1",
                "check": "1",
            },
        )
    )
    assert "入力内容の確認（まだ記録していません）" in page
    assert Change.objects.count() == before
    assert clerk_client.post(move_within, data).status_code == 302
    assert fresh(hanako).address == NEW_ADDRESS


def test_birth_name_change_and_correction_check_sheets_record_nothing(
    supervisor_client: Client, family: dict[str, Resident]
) -> None:
    hanako = family["花子"]
    before = Change.objects.count()
    page = text(
        supervisor_client.post(
            url(f"residents/{hanako.pk}/name/"),
            {"name": "佐藤　花子", "name_kana": "さとう　はなこ", **dates(), "check": "1"},
        )
    )
    assert "入力内容の確認（まだ記録していません）" in page and "佐藤　花子" in page
    page = text(
        supervisor_client.post(
            url(f"residents/{hanako.pk}/correction/?items=sex"),
            {
                "item_sex": "1",
                "change_type": "clerical_correction",
                "reason": "照合",
                "check": "1",
            },
        )
    )
    assert "入力内容の確認（まだ記録していません）" in page and "誤記修正" in page
    page = text(
        supervisor_client.post(
            url(f"households/{hanako.household_id}/birth/"),
            {
                "name": "山田　陽菜",
                "name_kana": "やまだ　ひな",
                "birth_date": "R8.4.1",
                "sex": "2",
                "relationship": "子",
                "resident_type": "japanese",
                "domicile_state": "stated",
                "check": "1",
            },
        )
    )
    assert "入力内容の確認（まだ記録していません）" in page and "山田　陽菜" in page
    assert Change.objects.count() == before and fresh(hanako).name == "山田　花子"


@pytest.mark.browser
def test_the_check_sheet_as_a_clerk_sees_it(
    page: Page, midori: Municipality, clerk: StaffUser, family: dict[str, Resident]
) -> None:
    page.goto(f"/{midori.lg_code}/staff/login/")
    page.get_by_label("ログインID").fill("clerk")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.goto(f"/{midori.lg_code}/registry/households/{family['花子'].household_id}/move-within/")
    page.get_by_label("山田　翔太を対象にする").check()
    page.get_by_label("異動日").fill("R8.4.1")
    page.locator("#id_address").fill(NEW_ADDRESS)
    page.get_by_role("button", name="入力内容を確認する").click()
    assert page.get_by_role("heading", name="入力内容の確認（まだ記録していません）").is_visible()
    assert_accessible(page, name="registry-check-sheet")
