"""デモ用の仮想カード端末 (the demo device): a virtual card answering in place of a card reader.

Only where the virtual test CA is allowed (JPKI_ALLOW_TEST_CA: development, tests, `make
demo`; never production). It produces exactly what a real card and its client software
hand the portal — a signature and a certificate — so everything after it runs the real
verification path.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.serialization import Encoding
from django.conf import settings
from django.http import HttpRequest

from jichitai.identity.jpki.services import VirtualCard


def demo_device_enabled() -> bool:
    return bool(settings.JPKI_ALLOW_TEST_CA)


# The virtual card the resident signed in with: the signing pages offer it first.
DEMO_CARD_KEY = "portal.demo_card"


def demo_card_chosen(request: HttpRequest) -> str:
    return str(request.session.get(DEMO_CARD_KEY, ""))


def demo_cards() -> list[VirtualCard]:
    """The virtual cards a demo resident can pick (none where the demo device is off)."""
    return VirtualCard.list_all() if demo_device_enabled() else []


def demo_challenge_answer(*, card_id: str, pin: str, nonce: str) -> tuple[bytes, bytes]:
    """(signature, 利用者証明用 certificate DER) for a sign-in challenge. Raises
    VirtualCardNotFound, CardPinWrong, CardPinBlocked."""
    card = VirtualCard.load(card_id)
    signature = card.sign_challenge(bytes.fromhex(nonce), pin)
    return signature, card.authentication_certificate.public_bytes(Encoding.DER)


def demo_sign(*, card_id: str, password: str, data: bytes) -> bytes:
    """A CMS detached signature with the card's 署名用 key over `data`."""
    return VirtualCard.load(card_id).sign_data(data, password)
