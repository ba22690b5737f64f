"""住所の入力補助 on the move forms as a clerk sees them in Chromium (axe-checked): the 住所辞書
search and pick list (§1.3.3, §4.1.3.0.2), 方書 offered for the 住所 typed (§4.0.7) and 本籍
offered from the form's addresses and the others' 本籍 (§4.0.6)."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import Page, expect

from jichitai.conftest import PASSWORD
from jichitai.identity.models import StaffUser
from jichitai.registry.addresses import (
    abr_rows_read,
    address_dictionary_load,
    building_name_add,
    postal_rows_read,
)
from jichitai.registry.models import AddressArea
from jichitai.registry.tests.test_addresses import ABR_CSV
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible

pytestmark = pytest.mark.browser


def _sign_in(page: Page) -> None:
    page.goto("/102121/staff/login/")
    page.get_by_label("ログインID").fill("clerk")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("職員ホーム")


def test_move_in_form_offers_the_dictionary_buildings_and_domiciles(
    page: Page, clerk: StaffUser, midori: Municipality
) -> None:
    address_dictionary_load(municipality=midori, rows=abr_rows_read(io.StringIO(ABR_CSV)))
    address_dictionary_load(municipality=midori, rows=postal_rows_read(lg_code="102121"))
    area = AddressArea.objects.get(municipality=midori, oaza="大間々町大間々")
    building_name_add(
        municipality=midori,
        address_code=area.address_code,
        lot_text="1511番地",
        name="コーポみどり",
    )
    _sign_in(page)
    page.goto("/102121/registry/move-in/?people=2")
    address = page.locator("#id_address")

    search = page.get_by_label("住所辞書で探す（カナの頭文字「ト ヒ シ」か郵便番号）").first
    search.fill("ト ヒ シ")
    search.dispatch_event("change")
    hits = page.get_by_label("住所辞書の候補").first
    expect(hits.locator("option")).to_have_count(3)
    hits.select_option(label="東京都日野市神明二丁目")
    expect(address).to_have_value("東京都日野市神明二丁目")

    pick = page.get_by_role("group", name="一覧から選ぶ").first
    pick.get_by_label("都道府県").select_option(label="群馬県")
    expect(address).to_have_value("群馬県")
    pick.get_by_label("市区町村").select_option(label="みどり市")
    expect(address).to_have_value("群馬県みどり市")  # 市区町村 alone is an address too
    pick.get_by_label("大字・町").select_option(label="大間々町大間々")
    expect(address).to_have_value("群馬県みどり市大間々町大間々")

    address.fill("群馬県みどり市大間々町大間々1511番地")
    address.dispatch_event("change")
    expect(page.locator("#jt-buildings option")).to_have_count(1)
    expect(page.locator("#jt-buildings option")).to_have_attribute("value", "コーポみどり")

    page.locator("#id_previous_address").fill("東京都千代田区千代田1番1号")
    domiciles = page.locator("[data-jt-domicile]")
    domiciles.first.fill("群馬県みどり市大間々町大間々1番地")
    domiciles.nth(1).focus()
    values = page.locator("#jt-domiciles option").evaluate_all("o => o.map(x => x.value)")
    assert values == [
        "群馬県みどり市大間々町大間々1511番地",
        "東京都千代田区千代田1番1号",
        "群馬県みどり市大間々町大間々1番地",
    ]
    # 本籍 too can be picked from the dictionary (§1.3.3: 「住所及び本籍について」), and that
    # leaves the 住所's 郵便番号 alone.
    page.locator("#id_postal_code").fill("")
    page.get_by_label("住所辞書で探す（カナの頭文字「ト ヒ シ」か郵便番号）").nth(1).fill(
        "ト ヒ シ"
    )
    page.get_by_label("住所辞書で探す（カナの頭文字「ト ヒ シ」か郵便番号）").nth(1).dispatch_event(
        "change"
    )
    page.get_by_label("住所辞書の候補").nth(1).select_option(label="東京都日野市神明一丁目")
    expect(domiciles.first).to_have_value("東京都日野市神明一丁目")
    expect(page.locator("#id_postal_code")).to_have_value("")
    assert_accessible(page, name="registry-move-in-address-aid")
