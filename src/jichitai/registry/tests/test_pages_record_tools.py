"""The record's tools as a clerk sees them in Chromium, axe-checked with a screenshot each:
メモ (§1.1.15), 備考 (§1.1.14), 文字コード照会 (§2.2.3), the removed members of a household
(§3.3) and the 入力場所 (§1.3.1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from jichitai.conftest import PASSWORD
from jichitai.identity.models import StaffUser
from jichitai.registry.models import ChangeType, InputPlace, Resident
from jichitai.registry.services import residents_remove
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible

pytestmark = pytest.mark.browser


def _sign_in(page: Page) -> None:
    page.goto("/102121/staff/login/")
    page.get_by_label("ログインID").fill("clerk")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("職員ホーム")


def test_memo_remark_and_characters_from_the_resident_page(
    page: Page, clerk: StaffUser, midori: Municipality
) -> None:
    family: dict[str, Resident] = yamada_family(midori)
    _sign_in(page)
    page.goto(f"/102121/registry/residents/{family['花子'].pk}/")
    page.get_by_role("textbox", name="メモ").fill("来週、転居の相談に来庁予定")
    page.get_by_role("button", name="メモを記録する").click()
    expect(page.get_by_role("status")).to_contain_text("メモを記録しました")
    expect(
        page.get_by_role("paragraph").filter(has_text="来週、転居の相談に来庁予定")
    ).to_be_visible()

    page.get_by_role("link", name="備考を記載する").click()
    page.get_by_role("radio", name="事実上の世帯主").check()
    page.get_by_label("内容").fill("施設長　緑野　守")
    assert_accessible(page, name="registry-remark-form")
    page.get_by_role("button", name="備考を記載する").click()
    remarks = page.get_by_role("region", name="備考（統合記載欄）")
    expect(remarks).to_contain_text("事実上の世帯主　施設長　緑野　守")
    page.get_by_text("メモの履歴（入力・修正・削除）").click()
    expect(page.get_by_role("region", name="メモの履歴")).to_contain_text("入力")
    assert_accessible(page, name="registry-resident-memo-remark")

    page.get_by_role("link", name="文字コード照会（氏名の文字を拡大）").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("文字コード照会")
    expect(page.get_by_text("U+5C71", exact=True).first).to_be_visible()
    assert_accessible(page, name="registry-characters")


def test_household_with_removed_members_and_the_workplace_page(
    page: Page, clerk: StaffUser, midori: Municipality
) -> None:
    family: dict[str, Resident] = yamada_family(midori)
    residents_remove(
        municipality=midori,
        change_type=ChangeType.DEATH,
        resident_ids=[family["美咲"].pk],
        effective_on=timezone.localdate() - dt.timedelta(days=3),
        notified_on=timezone.localdate(),
        actor=None,
    )
    InputPlace.objects.create(
        municipality=midori, code="001", name="本庁", kind="main_office", is_default=True
    )
    _sign_in(page)
    page.goto(f"/102121/registry/households/{family['花子'].household_id}/")
    removed = page.get_by_role("region", name="消除された世帯員")
    expect(removed.get_by_role("row")).to_have_count(2)
    expect(removed).to_contain_text("死亡")
    assert_accessible(page, name="registry-household-removed")

    page.get_by_role("link", name="入力場所").click()
    page.get_by_label("入力場所").select_option(label="本庁")
    assert_accessible(page, name="registry-workplace")
    page.get_by_role("button", name="この入力場所で処理する").click()
    expect(page.get_by_role("status")).to_contain_text("入力場所を「本庁」にしました")
