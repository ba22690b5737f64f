"""Residents read which of the municipality's own 課 handles their case or a procedure
(みどり市 健康づくり課, みなかみ町 町民課), not the catalog's generic 担当 (issue 10, item 7)."""

from __future__ import annotations

from django.test import Client

from jichitai.identity.tests.conftest import JpkiWorld
from jichitai.identity.tests.factories import demo_departments
from jichitai.portal.access import resident_actor
from jichitai.portal.tests.helpers import demo_bind, demo_sign_in
from jichitai.procedures.services import case_submit
from jichitai.procedures.tests.factories import pregnancy_data
from jichitai.registry.models import Resident
from jichitai.tenants.models import Municipality


def test_resident_case_page_names_the_municipality_s_department(
    jpki: JpkiWorld, midori: Municipality, hanako: Resident
) -> None:
    demo_departments(midori)
    case = case_submit(
        municipality=midori,
        procedure_id="pregnancy_notification",
        data=pregnancy_data(hanako),
        actor=resident_actor(hanako),
    ).case
    client = Client()
    demo_sign_in(client, jpki.hanako.card_id)
    demo_bind(client)
    response = client.get(f"/102121/portal/cases/{case.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<dt>担当</dt><dd>健康づくり課</dd>" in page
    assert "母子保健担当" not in page


def test_procedure_page_names_minakami_s_chomin_ka(
    client: Client, midori: Municipality, minakami: Municipality
) -> None:
    demo_departments(midori)
    demo_departments(minakami)
    minakami_page = client.get("/104493/portal/procedures/move_out/").content.decode()
    assert "<dd>町民課</dd>" in minakami_page and "市民課" not in minakami_page
    midori_page = client.get("/102121/portal/procedures/move_out/").content.decode()
    assert "<dd>市民課</dd>" in midori_page and "町民課" not in midori_page
