"""Signing a test client in to the portal with the demo device (a virtual card)."""

from __future__ import annotations

from django.test import Client


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
