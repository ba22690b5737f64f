"""Pages of a 転出届 made before the move (doc/j50.txt §1.1.5): the household and the resident
show 「転出予定」 with its 和暦 date; the resident page offers the 転出証明書."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from jichitai.common.wareki import to_wareki
from jichitai.conftest import PASSWORD
from jichitai.identity.models import StaffUser
from jichitai.registry.models import ChangeType
from jichitai.registry.services import residents_remove
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible

pytestmark = pytest.mark.browser


def test_a_planned_move_out_is_marked_on_the_household_and_resident_pages(
    page: Page, clerk: StaffUser, midori: Municipality
) -> None:
    family = yamada_family(midori, actor=clerk)
    planned = timezone.localdate() + dt.timedelta(days=10)
    residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[family["翔太"].pk],
        effective_on=planned,
        notified_on=timezone.localdate(),
        actor=clerk,
        moving_to_address="群馬県利根郡みなかみ町月夜野1744番地1",
    )
    mark = f"転出予定 ({to_wareki(planned).format()})"
    page.goto("/102121/staff/login/")
    page.get_by_label("ログインID").fill("clerk")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()

    page.goto(f"/102121/registry/households/{family['翔太'].household_id}/")
    row = page.get_by_role("row").filter(has_text="山田　翔太")
    expect(row).to_contain_text(mark)
    assert_accessible(page, name="registry-household-planned-move-out")

    page.goto(f"/102121/registry/residents/{family['翔太'].pk}/")
    expect(page.get_by_text(mark)).to_be_visible()
    expect(page.get_by_text("月夜野1744番地1")).to_be_visible()  # 転出先住所（予定）
    expect(page.get_by_role("button", name="転出証明書を交付する")).to_be_visible()
    expect(page.get_by_role("button", name="転出証明書を再交付する")).to_be_visible()
    assert_accessible(page, name="registry-resident-planned-move-out")
