"""公的個人認証 (JPKI) for other apps: what the rest of jichitai uses of the verifier and the
virtual card. Other apps import these names from here (and the refusals from
identity.jpki.errors), never the modules behind them (an import-linter contract,
docs/architecture.md「Allowed imports」).
"""

from __future__ import annotations

from jichitai.identity.jpki.anchors import serial_hex
from jichitai.identity.jpki.basic_four import BasicFour, basic_four_from_certificate
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
    virtual_card_issue,
)

__all__ = [
    "BasicFour",
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
    "virtual_card_issue",
]
