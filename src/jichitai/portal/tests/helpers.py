"""Signing a test client in to the portal with the demo device (a virtual card), and to the
residents' API with a virtual card's answers."""

from __future__ import annotations

import base64
import uuid
from typing import Any

from cryptography.hazmat.primitives.serialization import Encoding
from django.test import Client

from jichitai.conftest import PASSWORD as STAFF_PASSWORD
from jichitai.identity.jpki.virtual_card import VirtualCard
from jichitai.identity.models import Role, StaffUser
from jichitai.identity.services import staff_create
from jichitai.identity.tests.factories import department_with_members
from jichitai.portal.access import resident_actor
from jichitai.portal.services import binding_statement
from jichitai.procedures.models import Case
from jichitai.procedures.services import case_claim, case_return, case_submit
from jichitai.procedures.tests.factories import pregnancy_data
from jichitai.registry.models import Resident
from jichitai.tenants.models import Municipality
from jichitai.testing.client import ClientResponse


def demo_sign_in(
    client: Client, card_id: str, pin: str = "1234", lg_code: str = "102121"
) -> ClientResponse:
    page = client.get(f"/{lg_code}/portal/signin/")
    return client.post(
        f"/{lg_code}/portal/signin/",
        {"device": "demo", "card_id": card_id, "pin": pin, "nonce": page.context["nonce"]},
    )


def demo_bind(client: Client, password: str = "JICHITAI1") -> ClientResponse:  # noqa: S107 - the demo card's
    page = client.get("/102121/portal/signin/bind/")
    return client.post(
        "/102121/portal/signin/bind/",
        {"device": "demo", "password": password, "nonce": page.context["nonce"]},
    )


# ---------------------------------------------------------------------------- the residents' API

PIN = "1234"
PASSWORD = "JICHITAI1"
API = "/api/v1/102121/portal"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def api_nonce(client: Client, purpose: str, base: str = API) -> str:
    answer = client.post(f"{base}/challenges", {"purpose": purpose}, "application/json")
    assert answer.status_code == 201, answer.content
    return str(answer.json()["nonce"])


def api_answer(client: Client, card: VirtualCard, base: str = API) -> dict[str, str]:
    """The card's 利用者証明用 answer to a fresh sign-in challenge."""
    nonce = api_nonce(client, "sign_in", base)
    return {
        "nonce": nonce,
        "signature": b64(card.sign_challenge(bytes.fromhex(nonce), PIN)),
        "certificate": b64(card.authentication_certificate.public_bytes(Encoding.DER)),
    }


def api_bind(client: Client, card: VirtualCard, lg_code: str = "102121") -> Any:
    base = f"/api/v1/{lg_code}/portal"
    bind_nonce = api_nonce(client, "card_binding", base)
    statement = binding_statement(municipality_code=lg_code, nonce=bind_nonce)
    body = {
        **api_answer(client, card, base),
        "bind_nonce": bind_nonce,
        "bind_signature": b64(card.sign_data(statement, PASSWORD)),
    }
    return client.post(f"{base}/card-bindings", body, "application/json")


def api_resident_client(client: Client, card: VirtualCard) -> Client:
    """A client holding the resident token the card's binding gave."""
    bound = api_bind(client, card)
    assert bound.status_code == 201, bound.content
    return Client(headers={"Authorization": f"Bearer {bound.json()['token']}"})


def api_post_case(resident: Client, body: dict[str, Any], key: str | None = None) -> Any:
    headers = {"Idempotency-Key": key or uuid.uuid4().hex}
    return resident.post(f"{API}/cases", body, "application/json", headers=headers)


def page_sign_in(page: Any, card_id: str, pin: str = PIN, password: str = PASSWORD) -> None:
    """Sign a browser page in to みどり市's portal with a virtual card (the demo device),
    binding the card on its first use."""
    page.goto("/102121/portal/signin/")
    page.get_by_role("combobox", name="仮想カード").select_option(card_id)
    page.get_by_label("利用者証明用の暗証番号（数字4桁）").fill(pin)
    page.get_by_role("button", name="このカードでログイン").click()
    next_page = page.get_by_role("heading", level=1).filter(has_not_text="カードでログイン")
    if next_page.text_content() == "初回の本人確認（カードの登録）":
        page.get_by_label("署名用電子証明書のパスワード（英大文字・数字 6〜16桁）").fill(password)
        page.get_by_role("button", name="署名して確認する").click()
    page.get_by_role("button", name="ログアウト").wait_for()


def maternal_health_officer(municipality: Municipality) -> StaffUser:
    """「officer」 of 健康づくり課, who reviews 妊娠の届出 (母子保健)."""
    officer = staff_create(
        municipality=municipality,
        username="officer",
        password=STAFF_PASSWORD,
        display_name="母子保健",
        roles=[Role.DEPARTMENT],
        actor=None,
        check_password=False,
    )
    department_with_members(
        municipality,
        code="kenko",
        name="健康づくり課",
        keys=["maternal_health"],
        members=[officer],
    )
    return officer


def returned_for_correction(municipality: Municipality, resident: Resident) -> Case:
    """The resident's 妊娠の届出, returned by 健康づくり課 for the 医療機関名 to be corrected."""
    officer = maternal_health_officer(municipality)
    case = case_submit(
        municipality=municipality,
        procedure_id="pregnancy_notification",
        data=pregnancy_data(resident),
        actor=resident_actor(resident),
    ).case
    case_claim(municipality=municipality, case_id=case.pk, actor=officer)
    case_return(
        municipality=municipality,
        case_id=case.pk,
        actor=officer,
        reason="医療機関名を正式名称で記入してください。",
    )
    return case
