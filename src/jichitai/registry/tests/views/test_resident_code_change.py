"""住民票コードの変更・修正 on the staff pages (doc/j880.txt §4.3.2): the change on 請求 draws a
code from the 空きコード, the correction takes the typed one, and each offers its 変更通知票 /
修正通知票 in the flow and again from the record (doc/j890.txt §4.3.3); the alert threshold
of the 空きコード is set per municipality on the 住基ネット page (doc/j870.txt §4.3.1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from jichitai.conftest import PASSWORD
from jichitai.identity.models import StaffUser
from jichitai.registry.models import ChangeType, Resident, ResidentCodeStock
from jichitai.registry.tests.certificates.helpers import pdf_text
from jichitai.registry.tests.views.helpers import dates, fresh, text, url
from jichitai.tenants.models import Municipality
from jichitai.tenants.selectors import municipality_settings_get
from jichitai.testing.browser import assert_accessible


def test_the_code_change_page_gives_a_code_of_the_stock_and_offers_the_change_notice(
    clerk_client: Client, family: dict[str, Resident], tmp_path: Path
) -> None:
    hanako = family["花子"]
    old = hanako.resident_code
    stock = set(ResidentCodeStock.objects.values_list("code", flat=True))
    change_url = url(f"residents/{hanako.pk}/resident-code/change/")
    assert change_url in text(clerk_client.get(url(f"residents/{hanako.pk}/")))
    assert "空きコードから無作為に付番" in text(clerk_client.get(change_url))

    response = clerk_client.post(change_url, dates(), follow=True)
    page = text(response)
    new = fresh(hanako).resident_code
    assert "「住民票コードの変更請求」を記録しました" in page
    assert new != old and new in stock
    notice_url = url(f"residents/{hanako.pk}/resident-code-notice/")
    assert "住民票コード変更・修正通知票を印刷してください" in page
    assert f'<a href="{notice_url}">1人目</a>' in page

    printed = pdf_text(clerk_client.get(notice_url).content, tmp_path)
    assert "住民票コード変更通知票" in printed
    assert new in printed and old not in printed
    # 再出力 later: the record still links the notice, which is still the 変更通知票.
    assert notice_url in text(clerk_client.get(url(f"residents/{hanako.pk}/")))


def test_a_correction_of_the_code_offers_the_correction_notice(
    supervisor_client: Client, family: dict[str, Resident], tmp_path: Path
) -> None:
    shota = family["翔太"]
    right = "12345678903"
    correction = url(f"residents/{shota.pk}/correction/?items=resident_code")
    response = supervisor_client.post(
        correction,
        {
            "item_resident_code": right,
            "change_type": ChangeType.EX_OFFICIO_CORRECTION.value,
            "reason": "転出証明書の記載との照合",
        },
        follow=True,
    )
    page = text(response)
    assert "「職権修正」を記録しました" in page
    assert fresh(shota).resident_code == right
    assert "住民票コード変更・修正通知票を印刷してください" in page
    notice = supervisor_client.get(url(f"residents/{shota.pk}/resident-code-notice/"))
    printed = pdf_text(notice.content, tmp_path)
    assert "住民票コード修正通知票" in printed and right in printed


def test_a_closed_record_offers_no_code_change(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    from jichitai.registry.services import residents_remove

    hanako = family["花子"]
    residents_remove(
        municipality=hanako.municipality,
        change_type=ChangeType.DEATH,
        resident_ids=[hanako.pk],
        effective_on=fresh(hanako).became_resident_on,
        notified_on=None,
        actor=None,
    )
    old = fresh(hanako).resident_code
    response = clerk_client.post(url(f"residents/{hanako.pk}/resident-code/change/"), dates())
    assert response.status_code == 302
    assert fresh(hanako).resident_code == old


def test_the_stock_alert_is_set_per_municipality_by_a_reviewer(
    supervisor_client: Client, clerk_client: Client, midori: Municipality
) -> None:
    response = supervisor_client.post(
        url("network/"), {"action": "alert", "threshold": "50"}, follow=True
    )
    assert "アラート件数を変更しました" in text(response)
    assert _threshold(midori) == 50
    assert "住民票コードの空きコードが残り0件です" in text(response)
    for bad in ("-1", "x", "1000001", "9" * 40, "²", "９" * 5000):
        response = supervisor_client.post(
            url("network/"), {"action": "alert", "threshold": bad}, follow=True
        )
        assert "半角数字で入力してください" in text(response)
    response = clerk_client.post(
        url("network/"), {"action": "alert", "threshold": "1"}, follow=True
    )
    assert "役割が必要です" in text(response)
    assert _threshold(midori) == 50


def _threshold(municipality: Municipality) -> int | None:
    fresh_row = Municipality.objects.get(pk=municipality.pk)
    return municipality_settings_get(municipality=fresh_row).resident_code_stock_alert


@pytest.mark.browser
def test_the_code_change_page_as_a_clerk_uses_it(
    page: Page, clerk: StaffUser, family: dict[str, Resident]
) -> None:
    hanako = family["花子"]
    page.goto("/102121/staff/login/")
    page.get_by_label("ログインID").fill("clerk")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.goto(url(f"residents/{hanako.pk}/"))
    page.get_by_role("link", name="住民票コードの変更").click()
    expect(page.get_by_role("heading", name="住民票コードの変更")).to_be_visible()
    assert_accessible(page, name="registry-resident-code-change")
    page.get_by_label("異動日").fill("R8.4.7")
    page.get_by_role("button", name="住民票コードの変更を記録する").click()
    expect(page.get_by_text("住民票コード変更・修正通知票を印刷してください")).to_be_visible()
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page, name="registry-resident-code-change-done-320")
