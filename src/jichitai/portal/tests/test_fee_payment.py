"""Story of item 7 of issue #19, in Chromium with axe-core: 花子 requests her 住民票の写し
online, the case waits for the 300 yen fee (the counter cannot take it up), she pays on the
demo provider's page (a declined card first), comes back to a paid case, and only then is the
certificate issued."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from jichitai.common.exceptions import DomainError
from jichitai.identity.models import Role
from jichitai.identity.tests.conftest import JpkiWorld
from jichitai.payments.models import OnlinePayment
from jichitai.portal.tests.helpers import page_sign_in
from jichitai.procedures.models import Case, CaseState
from jichitai.procedures.services import case_approve, case_claim
from jichitai.procedures.tests.conftest import _staff
from jichitai.registry.models import Resident
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible

pytestmark = pytest.mark.browser


def _shot(page: Page, shots: Path, name: str) -> None:
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


def test_a_juminhyo_request_is_paid_on_the_demo_page_before_it_is_issued(
    page: Page, jpki: JpkiWorld, hanako: Resident, midori: Municipality, tmp_path: Path
) -> None:
    midori.settings.mayor_name = "緑川　一郎"  # the certificate's 認証者
    midori.settings.save()
    counter = _staff(midori, "counter", Role.COUNTER)
    page_sign_in(page, jpki.hanako.card_id)
    page.goto("/102121/portal/procedures/juminhyo_request/apply/")
    page.get_by_role("button", name="入力内容を確認する").click()
    page.get_by_label("署名用電子証明書のパスワード").fill("JICHITAI1")
    page.get_by_role("button", name="電子署名して提出する").click()
    expect(page.get_by_text("手数料のお支払い待ち").first).to_be_visible()
    expect(page.get_by_role("status").last).to_contain_text("手数料 300円 のお支払い")
    case = Case.objects.get(procedure_id="juminhyo_request")
    with pytest.raises(DomainError):  # not in the counter's hands before it is paid
        case_claim(municipality=midori, case_id=case.pk, actor=counter)

    page.get_by_role("button", name="手数料を支払う").click()
    expect(page.get_by_text("デモ用の決済画面です")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("手数料のお支払い")
    assert_accessible(page, name="payments-demo-pay")
    _shot(page, tmp_path, "demo-pay")
    page.get_by_label("カード番号（テスト用）").fill("4000 0000 0000 0002")
    page.get_by_role("button", name="支払う").click()
    expect(page.get_by_role("alert")).to_contain_text("このカード番号または eL-QR では支払えません")
    assert_accessible(page, name="payments-demo-pay-declined")
    _shot(page, tmp_path, "demo-pay-declined")
    page.get_by_label("カード番号（テスト用）").fill("4444 3333 2222 1111")
    page.get_by_role("button", name="支払う").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("住民票の写しの交付請求")
    expect(page.get_by_text("受付済み").first).to_be_visible()
    expect(page.get_by_text("手数料の納付")).to_be_visible()
    _shot(page, tmp_path, "case-paid")
    assert OnlinePayment.objects.get().status == OnlinePayment.Status.SUCCESS
    case_claim(municipality=midori, case_id=case.pk, actor=counter)
    approved = case_approve(municipality=midori, case_id=case.pk, actor=counter)
    assert approved.state == CaseState.APPROVED and approved.documents.count() == 1
