"""The confirm page of the demo family's 転出届 with its 転入予約 (issue 10, item 9): the
household is listed once, a person a line, and the page is checked before signing without
scrolling through it twice; at 320 px it still reflows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from jichitai.identity.jpki.virtual_card import VirtualCard
from jichitai.portal.tests.helpers import page_sign_in
from jichitai.registry.models import Resident
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible

pytestmark = pytest.mark.browser

MOVERS = ["山田　花子", "山田　翔太", "山田　美咲"]
# At 1280 px wide: 4,076 px before the household was listed once, a person a line; 2,070 after.
MAX_HEIGHT = 2_500


def test_the_household_is_listed_once_a_person_a_line(
    page: Page, yamada_card: tuple[dict[str, Resident], VirtualCard], minakami: Municipality
) -> None:
    family, card = yamada_card
    hanako = family["花子"]
    page_sign_in(page, card.card_id)
    page.goto("/102121/portal/procedures/move_out/apply/")
    page.get_by_label("転出予定日").fill((timezone.localdate() + dt.timedelta(days=10)).isoformat())
    page.get_by_label("転入先の市区町村").select_option(label="群馬県みなかみ町")
    page.get_by_label("転出先の住所（予定）").fill("群馬県みなかみ町後閑318番地")
    page.get_by_role("button", name="入力内容を確認する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("内容の確認と電子署名")

    household = page.get_by_role("region", name="転出する人")
    expect(household.get_by_role("rowheader")).to_have_text(MOVERS)
    expect(household.get_by_role("row").nth(2)).to_contain_text("平成30年5月20日")
    # The 転入予約 is made from the 転出届: said in a sentence, its rows folded away.
    reservation = page.get_by_role("region", name="転入予約（転入先へ）")
    expect(reservation).to_contain_text(
        "届出人・転入する人・転入予定日・転入先の住所は転出届と同じです"
    )
    expect(reservation.get_by_role("region", name="転入する人")).to_be_hidden()
    # Each mover is named once; 花子 once more as the 届出人 who files.
    for name in MOVERS:
        expected = 2 if name == hanako.name else 1
        expect(page.get_by_text(name, exact=True).locator("visible=true")).to_have_count(expected)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < MAX_HEIGHT, height
    assert_accessible(page, name="portal-confirm")

    page.get_by_text("転入予約の内容をすべて見る").click()
    expect(
        reservation.get_by_role("region", name="転入する人").get_by_role("rowheader")
    ).to_have_text(MOVERS)
    assert_accessible(page, name="portal-confirm-reservation-open")

    # WCAG 1.4.10: at 320 CSS px the table of the household scrolls in its own region, the
    # page never sideways.
    page.set_viewport_size({"width": 320, "height": 640})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the confirm page is {width}px wide at 320px"
    assert_accessible(page, name="portal-confirm-320")
