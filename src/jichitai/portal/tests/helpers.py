"""Signing a test client in to the portal with the demo device (a virtual card), and to the
residents' API with a virtual card's answers."""

from __future__ import annotations

import base64
import uuid
from typing import Any

from cryptography.hazmat.primitives.serialization import Encoding
from django.test import Client

from jichitai.identity.jpki.virtual_card import VirtualCard
from jichitai.portal.services import binding_statement


def demo_sign_in(client: Client, card_id: str, pin: str = "1234") -> object:
    page = client.get("/102121/portal/signin/")
    return client.post(
        "/102121/portal/signin/",
        {"device": "demo", "card_id": card_id, "pin": pin, "nonce": page.context["nonce"]},
    )


def demo_bind(client: Client, password: str = "JICHITAI1") -> object:  # noqa: S107 - the demo card's
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
