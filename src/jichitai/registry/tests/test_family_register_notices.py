"""戸籍通知・戸籍の表示の引用 (doc/j770.txt §4.2.0.3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page

from jichitai.common.exceptions import DomainError
from jichitai.conftest import PASSWORD
from jichitai.identity.models import StaffUser
from jichitai.registry.models import ChangeType, Resident
from jichitai.registry.services import resident_correct, resident_domicile_from_notice
from jichitai.registry.tests.factories import yamada_family
from jichitai.registry.tests.views.helpers import text, url
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible

TODAY = dt.date(2026, 4, 7)
DOMICILE = "東京都千代田区千代田1番"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


@pytest.fixture
def family(midori: Municipality, clerk: StaffUser) -> dict[str, Resident]:
    return yamada_family(midori, actor=clerk)


def test_domicile_is_recorded_from_the_article_9_notice_with_its_date(
    midori: Municipality, family: dict[str, Resident]
) -> None:
    shota = family["翔太"]
    change = resident_domicile_from_notice(
        municipality=midori,
        resident_id=shota.pk,
        domicile=DOMICILE,
        domicile_head="山田　花子",
        informed_on=TODAY - dt.timedelta(days=1),
        actor=None,
    )
    assert change.change_type == ChangeType.EX_OFFICIO_CORRECTION
    assert change.informed_on == TODAY - dt.timedelta(days=1)
    assert change.note == "住民票記載事項通知（法第9条第2項）"
    shota = Resident.objects.get(pk=shota.pk)
    assert (shota.domicile, shota.domicile_head) == (DOMICILE, "山田　花子")
    with pytest.raises(DomainError):
        resident_domicile_from_notice(
            municipality=midori,
            resident_id=shota.pk,
            domicile=DOMICILE,
            domicile_head="山田　花子",
            informed_on=TODAY + dt.timedelta(days=1),
            actor=None,
        )


def test_the_notice_page_records_it_and_the_birth_page_quotes_a_member(
    clerk_client: Client, midori: Municipality, family: dict[str, Resident]
) -> None:
    shota = family["翔太"]
    response = clerk_client.post(
        url(f"residents/{shota.pk}/domicile-notice/"),
        {"informed_on": "R8.4.7", "domicile": DOMICILE, "domicile_head": "山田　花子"},
        follow=True,
    )
    assert "「職権修正」を記録しました" in text(response)
    assert Resident.objects.get(pk=shota.pk).domicile == DOMICILE
    birth = url(f"households/{shota.household_id}/birth/")
    page = text(clerk_client.get(birth))
    assert "本籍・筆頭者を引用する世帯員" in page
    assert 'value="群馬県みどり市大間々町大間々1番地"' in page  # the head's by default
    page = text(clerk_client.get(f"{birth}?quote={shota.pk}"))
    assert f'value="{DOMICILE}"' in page


@pytest.mark.browser
def test_the_domicile_notice_page_as_a_clerk_sees_it(
    page: Page, midori: Municipality, clerk: StaffUser, family: dict[str, Resident]
) -> None:
    resident_correct(
        municipality=midori,
        resident_id=family["翔太"].pk,
        change_type=ChangeType.EX_OFFICIO_CORRECTION,
        updates={"domicile": DOMICILE, "domicile_head": "山田　花子"},
        reason="戸籍照合",
        actor=None,
    )
    page.goto(f"/{midori.lg_code}/staff/login/")
    page.get_by_label("ログインID").fill("clerk")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.goto(f"/{midori.lg_code}/registry/residents/{family['翔太'].pk}/domicile-notice/")
    assert_accessible(page, name="registry-domicile-notice")
    page.goto(f"/{midori.lg_code}/registry/households/{family['翔太'].household_id}/birth/")
    assert_accessible(page, name="registry-birth-quote")
