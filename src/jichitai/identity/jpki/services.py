"""公的個人認証 (JPKI) for other apps: what the rest of jichitai uses of the verifier and the
virtual card. Other apps import these names from here (and the refusals from
identity.jpki.errors), never the modules behind them (an import-linter contract,
docs/architecture.md「Allowed imports」).
"""

from __future__ import annotations

from jichitai.identity.jpki.anchors import serial_hex
from jichitai.identity.jpki.basic_four import BasicFour, basic_four_from_certificate
from jichitai.identity.jpki.card import MyNumberCardSession
from jichitai.identity.jpki.card_files import CardInfo
from jichitai.identity.jpki.certificates import VerifiedCertificate, load_certificate
from jichitai.identity.jpki.challenge import (
    card_answer_failed,
    challenge_answer,
    challenge_issue,
    challenge_spend,
)
from jichitai.identity.jpki.revocation import crl_load
from jichitai.identity.jpki.signatures import (
    canonical_application_bytes,
    signature_refusal_audit,
    verify_detached_signature,
)
from jichitai.identity.jpki.virtual_card import (
    VirtualCard,
    VirtualCertificateAuthority,
    virtual_card_address_change,
    virtual_card_issue,
)

__all__ = [
    "BasicFour",
    "CardInfo",
    "VerifiedCertificate",
    "VirtualCard",
    "VirtualCertificateAuthority",
    "basic_four_from_certificate",
    "canonical_application_bytes",
    "card_answer_failed",
    "challenge_answer",
    "challenge_issue",
    "challenge_spend",
    "crl_load",
    "load_certificate",
    "serial_hex",
    "signature_refusal_audit",
    "verify_detached_signature",
    "virtual_card_address_change",
    "virtual_card_issue",
    "virtual_card_read",
]


def virtual_card_read(*, card_id: str, pin: str) -> CardInfo:
    """The demo device as a card reader: the 券面事項入力補助AP of a virtual card (個人番号 and
    基本4情報) after its 4-digit PIN, through the same APDUs a real card answers (the counter's
    bridge reads a real one). Raises VirtualCardNotFound, CardPinWrong, CardPinBlocked."""
    return MyNumberCardSession(VirtualCard.load(card_id).simulated()).read_card_info(pin=pin)
