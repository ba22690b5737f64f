"""Sign-in after a move (issue 10, item 5): 髙橋花子 bound her card at みどり市 and moves to
みなかみ町. The card binding travels with the 転出証明書情報, so once みなかみ町 records the
転入 she signs in there with the same card; at みどり市 she still signs in, only to look at
her past cases, and each portal points to the other."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect

from jichitai.audit.models import AuditRecord
from jichitai.identity.tests.conftest import JpkiWorld
from jichitai.portal.models import CardBinding
from jichitai.portal.tests.helpers import demo_bind, demo_sign_in
from jichitai.registry.models import Change, ChangeType, MoveOutCertificate, Resident
from jichitai.registry.services import (
    Address,
    move_out_certificate_send,
    residents_move_in_from_certificate,
    residents_remove,
)
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible

TODAY = dt.date(2026, 4, 7)
MIDORI_PORTAL = "/102121/portal"
MINAKAMI_PORTAL = "/104493/portal"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def _bound(jpki: JpkiWorld) -> None:
    client = Client()
    demo_sign_in(client, jpki.hanako.card_id)
    demo_bind(client)


def _move_out(midori: Municipality, minakami: Municipality, hanako: Resident) -> None:
    """みどり市 records the 転出 and sends the 転出証明書情報 to みなかみ町."""
    change = residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[hanako.pk],
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
        moving_to_address="群馬県利根郡みなかみ町後閑318番地",
    )
    move_out_certificate_send(
        municipality=midori,
        change_id=change.pk,
        destination_lg_code=minakami.lg_code,
        actor=None,
    )


def _move_in(minakami: Municipality) -> Resident:
    change = residents_move_in_from_certificate(
        municipality=minakami,
        certificate_id=MoveOutCertificate.objects.for_municipality(minakami).get().pk,
        address=Address(address="群馬県利根郡みなかみ町後閑318番地"),
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
    )
    return Resident.objects.for_municipality(minakami).get(history__change=change)


def test_after_the_move_in_the_same_card_signs_in_at_the_new_town(
    jpki: JpkiWorld, hanako: Resident, midori: Municipality, minakami: Municipality
) -> None:
    _bound(jpki)
    _move_out(midori, minakami, hanako)
    # Before the 転入 is recorded she is nobody's resident at みなかみ町 yet.
    assert not CardBinding.objects.for_municipality(minakami).exists()

    newcomer = _move_in(minakami)

    client = Client()
    signed_in = demo_sign_in(client, jpki.hanako.card_id, lg_code=minakami.lg_code)
    assert signed_in.status_code == 302
    assert signed_in["Location"] == f"{MINAKAMI_PORTAL}/"  # no binding step: the card came along
    home = client.get(f"{MINAKAMI_PORTAL}/").content.decode()
    assert "髙橋　花子 さん、こんにちは。" in home
    assert "以前お住まいだったみどり市での申請と交付された書類は" in home
    assert f'href="{MIDORI_PORTAL}/cases/"' in home
    binding = CardBinding.objects.for_municipality(minakami).get()
    assert (binding.resident, binding.carried_from) == (newcomer, midori.lg_code)
    assert AuditRecord.objects.filter(
        action="portal.card_bind", municipality_code=minakami.lg_code, detail={"carried": True}
    ).exists()


def test_a_former_resident_signs_in_at_the_old_town_only_to_look(
    jpki: JpkiWorld, hanako: Resident, midori: Municipality, minakami: Municipality
) -> None:
    _bound(jpki)
    _move_out(midori, minakami, hanako)

    client = Client()
    signed_in = demo_sign_in(client, jpki.hanako.card_id)
    assert signed_in.status_code == 302
    assert signed_in["Location"] == f"{MIDORI_PORTAL}/cases/"
    cases = client.get(f"{MIDORI_PORTAL}/cases/")
    assert cases.status_code == 200
    page = cases.content.decode()
    assert "2026年4月7日にみどり市から転出されています。" in page
    assert "これまでの申請の確認と、交付された書類のダウンロードだけができます。" in page
    assert f'href="{MINAKAMI_PORTAL}/"' in page
    assert "お知らせの設定" not in page  # nothing to set for a town she left

    for refused_url in (
        f"{MIDORI_PORTAL}/procedures/juminhyo_request/apply/",
        f"{MIDORI_PORTAL}/notifications/",
    ):
        refused = client.get(refused_url)
        assert refused.status_code == 403
        assert "転出された方は、ここでは申請できません" in refused.content.decode()
    assert AuditRecord.objects.filter(
        action="portal.sign_in", municipality_code=midori.lg_code, detail={"moved_away": True}
    ).exists()


def test_the_residents_api_gives_a_former_resident_no_token(
    jpki: JpkiWorld, hanako: Resident, midori: Municipality, minakami: Municipality
) -> None:
    from jichitai.portal.tests.helpers import API, api_answer

    _bound(jpki)
    _move_out(midori, minakami, hanako)
    client = Client()
    refused = client.post(f"{API}/sessions", api_answer(client, jpki.hanako), "application/json")
    assert refused.status_code == 422
    assert refused.json()["code"] == "portal.resident_not_active"


def test_a_resident_who_died_is_still_refused(
    jpki: JpkiWorld, hanako: Resident, midori: Municipality
) -> None:
    _bound(jpki)
    residents_remove(
        municipality=midori,
        change_type=ChangeType.DEATH,
        resident_ids=[hanako.pk],
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
    )
    refused = demo_sign_in(Client(), jpki.hanako.card_id)
    assert refused.status_code == 422
    assert "portal.resident_not_active" in refused.content.decode()


def test_a_binding_is_carried_only_for_the_people_who_moved(
    jpki: JpkiWorld, hanako: Resident, midori: Municipality, minakami: Municipality
) -> None:
    _bound(jpki)
    _move_out(midori, minakami, hanako)
    certificate = MoveOutCertificate.objects.for_municipality(minakami).get()
    carried = certificate.carried["portal.card_bindings"]
    assert [b["resident_code"] for b in carried] == [hanako.resident_code]
    assert CardBinding.objects.for_municipality(midori).get().handed_over_to == minakami.lg_code
    assert Change.objects.for_municipality(minakami).count() == 0


@pytest.mark.browser
def test_a_former_resident_who_tries_to_apply_is_shown_the_way(
    page: Page, jpki: JpkiWorld, hanako: Resident, midori: Municipality, minakami: Municipality
) -> None:
    _bound(jpki)
    _move_out(midori, minakami, hanako)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{MIDORI_PORTAL}/signin/")
    page.get_by_role("combobox", name="仮想カード").select_option(jpki.hanako.card_id)
    page.get_by_label("利用者証明用の暗証番号（数字4桁）").fill("1234")
    page.get_by_role("button", name="このカードでログイン").click()
    page.goto(f"{MIDORI_PORTAL}/procedures/juminhyo_request/apply/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "転出された方は、ここでは申請できません"
    )
    expect(page.get_by_role("link", name="みなかみ町 住民ポータルへ")).to_be_visible()
    assert (
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        <= 0
    )
    assert_accessible(page, name="portal-moved-away-320")
