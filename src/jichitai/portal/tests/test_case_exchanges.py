"""ワンスオンリー on the resident's side: the case page of an approved 児童手当の認定請求 says
which information the municipality obtained through 情報連携 instead of a 課税証明書 — what,
from whom, when, on which basis — and never the income itself."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone

from jichitai.identity.jpki.virtual_card import VirtualCard
from jichitai.portal.tests.helpers import demo_bind, demo_sign_in
from jichitai.procedures.department_actions import income_fiscal_year
from jichitai.procedures.tests.department_cases import (
    approve,
    claim_data,
    counter_submit,
    income_record,
    welfare_officer,
)
from jichitai.registry.models import Resident
from jichitai.tenants.models import Municipality


def test_the_case_page_shows_the_exchange_that_supplied_the_income(
    midori: Municipality, yamada_card: tuple[dict[str, Resident], VirtualCard]
) -> None:
    family, card = yamada_card
    hanako = family["花子"]
    fiscal_year = income_fiscal_year(timezone.localdate())
    income_record(midori, hanako, fiscal_year=fiscal_year, total_income=3_456_000)
    staff = welfare_officer(midori)
    case = counter_submit(
        midori, staff, hanako, "child_allowance_claim", claim_data(hanako, [family["翔太"]])
    )
    approve(midori, case, staff)

    client = Client()
    demo_sign_in(client, card.card_id)
    demo_bind(client)
    page = client.get(f"/102121/portal/cases/{case.pk}/").content.decode()

    assert "情報連携で取得した情報" in page
    assert f"請求者の個人住民税の所得（{fiscal_year}年度・{fiscal_year - 1}年分）" in page
    assert "群馬県みどり市 個人住民税から" in page
    assert "番号法第19条第8号" in page
    assert "3,456,000" not in page and "3456000" not in page


def test_a_case_without_exchanges_shows_none(
    midori: Municipality, yamada_card: tuple[dict[str, Resident], VirtualCard]
) -> None:
    family, card = yamada_card
    staff = welfare_officer(midori)
    hanako = family["花子"]
    case = counter_submit(
        midori, staff, hanako, "child_allowance_claim", claim_data(hanako, [family["翔太"]])
    )

    client = Client()
    demo_sign_in(client, card.card_id)
    demo_bind(client)
    assert (
        "情報連携で取得した情報"
        not in client.get(f"/102121/portal/cases/{case.pk}/").content.decode()
    )
