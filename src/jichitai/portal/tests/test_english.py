"""The portal in English (issue 10, item 13): with English chosen, the procedures, their forms,
the errors, the confirm page and the receipt read in English from the catalog's English; in
Japanese the procedure page offers its summary in やさしい日本語. Staff screens stay Japanese."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect

from jichitai.identity.jpki.virtual_card import VirtualCard, virtual_card_issue
from jichitai.identity.tests.conftest import JpkiWorld
from jichitai.portal.tests.helpers import demo_bind, demo_sign_in
from jichitai.procedures.definitions import catalog
from jichitai.registry.models import Resident
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible

PORTAL = "/102121/portal"
APPLY = f"{PORTAL}/procedures/move_out/apply/"


@pytest.fixture
def family(midori: Municipality, minakami: Municipality) -> dict[str, Resident]:
    return yamada_family(midori)


@pytest.fixture
def card(jpki: JpkiWorld, family: dict[str, Resident]) -> VirtualCard:
    hanako = family["花子"]
    return virtual_card_issue(
        name=hanako.name,
        birth_date=hanako.birth_date,
        sex=hanako.sex,
        address=hanako.address,
        my_number="123456789018",
    )


def _in_english(client: Client) -> Client:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


@pytest.fixture
def english_resident(card: VirtualCard) -> Client:
    client = _in_english(Client())
    demo_sign_in(client, card.card_id)
    demo_bind(client)
    return client


def test_the_procedure_list_is_in_english(midori: Municipality) -> None:
    page = _in_english(Client()).get(f"{PORTAL}/procedures/?event=引越し").content.decode()
    assert "Moving-out notification (転出届)" in page
    assert "File this when you move out of this municipality" in page
    assert ">Moving</a>" in page
    assert "転出届</a>" not in page


def test_the_procedure_page_is_in_english(midori: Municipality) -> None:
    page = _in_english(Client()).get(f"{PORTAL}/procedures/juminhyo_request/").content.decode()
    assert "<h1>Request for a certificate of residence (住民票の写し)</h1>" in page
    assert "300 yen" in page
    assert "Basic Resident Registration Act, Article 12" in page
    assert "やさしい日本語" not in page


def test_the_japanese_procedure_page_opens_an_easy_japanese_summary(
    midori: Municipality,
) -> None:
    page = Client().get(f"{PORTAL}/procedures/move_out/").content.decode()
    assert "<summary>やさしい日本語</summary>" in page
    assert "<ruby>市区町村<rp>（</rp><rt>しくちょうそん</rt><rp>）</rp></ruby>" in page
    # The 送り仮名 stays outside the reading: 引っ越(ひっこ)す.
    assert "<ruby>引っ越<rp>（</rp><rt>ひっこ</rt><rp>）</rp></ruby>す" in page
    assert "{市区町村|" not in page


def test_the_form_and_its_errors_are_in_english(english_resident: Client) -> None:
    form = english_resident.get(APPLY).content.decode()
    assert "People moving out" in form
    assert "New head of the household staying behind" in form
    assert ">None</label>" in form  # 「選ばない」
    response = english_resident.post(APPLY, {})
    assert response.status_code == 422
    messages = [e.message for e in response.context["errors"]]
    assert "Enter “Moving date”." in messages
    assert "Enter “New address (planned)”." in messages
    assert f"Please check your input ({len(messages)} problems)" in response.content.decode()


def test_confirm_page_and_receipt_are_in_english(
    english_resident: Client, family: dict[str, Resident], card: VirtualCard
) -> None:
    hanako = family["花子"]
    moving_on = timezone.localdate() + dt.timedelta(days=10)
    english_resident.post(
        APPLY,
        {
            "/applicant/name": hanako.name,
            "/applicant/name_kana": hanako.name_kana,
            "/applicant/birth_date": hanako.birth_date.isoformat(),
            "/applicant/address": hanako.address,
            "/movers/0/__selected": "on",
            "/planned_move_on": moving_on.isoformat(),
            "/moving_to/address": "群馬県利根郡みなかみ町後閑318",
        },
    )
    confirm = english_resident.get(f"{PORTAL}/procedures/move_out/confirm/")
    page = confirm.content.decode()
    assert "Check your answers and sign" in page
    assert "<dt>Moving date</dt>" in page
    assert f"<dd>{moving_on.isoformat()}</dd>" in page
    receipt = english_resident.post(
        f"{PORTAL}/procedures/move_out/confirm/",
        {"device": "demo", "card_id": card.card_id, "password": "JICHITAI1"},
        follow=True,
    ).content.decode()
    assert "We have received your Moving-out notification (転出届)." in receipt
    assert "What to do next: the moving-in notification (転入届)" in receipt
    assert "<dt>Where you are moving to</dt>" in receipt


def test_staff_read_the_catalog_in_japanese() -> None:
    procedure = catalog()["move_out"]
    assert procedure.name == "転出届"
    assert procedure.form["properties"]["planned_move_on"]["title"] == "転出予定日"


@pytest.mark.browser
def test_english_move_out_form_and_easy_japanese_in_the_browser(
    page: Page, card: VirtualCard
) -> None:
    page.goto(f"{PORTAL}/")
    page.get_by_role("button", name="English").click()
    page.get_by_role("link", name="Sign in with your My Number Card").first.click()
    page.get_by_role("combobox", name="Virtual card").select_option(card.card_id)
    page.get_by_label("Authentication certificate PIN (4 digits)").fill("1234")
    page.get_by_role("button", name="Sign in with this card").click()
    page.get_by_label("Signing certificate password (6 to 16 capital letters and digits)").fill(
        "JICHITAI1"
    )
    page.get_by_role("button", name="Sign and check").click()
    page.get_by_role("link", name="Moving", exact=True).click()
    page.get_by_role("link", name="Moving-out notification (転出届)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moving-out notification (転出届)")
    assert_accessible(page, name="portal-procedure-english")
    page.get_by_role("link", name="Start the application").click()
    expect(page.get_by_label("Full name").first).to_have_value("山田　花子")
    expect(page.get_by_role("group", name="People moving out")).to_be_visible()
    expect(page.get_by_label("Moving date")).to_be_visible()
    page.get_by_role("button", name="Continue to check your answers").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Please check your input (2 problems)")
    expect(summary.get_by_role("link", name="Enter “Moving date”.")).to_be_visible()
    expect(page.get_by_text("Enter “New address (planned)”.")).to_have_count(2)
    assert_accessible(page, name="portal-apply-english-errors")

    # Back in Japanese, the procedure page offers the summary in やさしい日本語, with readings.
    page.get_by_role("button", name="日本語").click()
    page.goto(f"{PORTAL}/procedures/move_out/")
    page.get_by_text("やさしい日本語").click()
    expect(page.locator("details ruby").first).to_be_visible()
    expect(page.locator("details")).to_contain_text("ほかの市区町村（しくちょうそん）に")
    assert_accessible(page, name="portal-procedure-easy-japanese")
