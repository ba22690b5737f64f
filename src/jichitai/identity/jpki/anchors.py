"""Trust anchors (信頼点): the CA certificates a card's certificates must chain to.

In production these are J-LIS's self-signed 署名用認証局 and 利用者証明用認証局 certificates,
published on the 公的個人認証サービス portal and delivered to 署名検証者; JPKI_TRUST_ANCHORS
lists their PEM files. Development and tests use the virtual test CA.
"""

from __future__ import annotations

from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def trust_anchors() -> list[x509.Certificate]:
    """The certificates of every PEM file in JPKI_TRUST_ANCHORS that exists."""
    anchors: list[x509.Certificate] = []
    for path in settings.JPKI_TRUST_ANCHORS:
        try:
            anchors.extend(x509.load_pem_x509_certificates(Path(path).read_bytes()))
        except FileNotFoundError:
            # A development machine before `jichitai card init-ca`: nothing is trusted yet,
            # and every verification says jpki.unknown_ca.
            continue
        except (OSError, ValueError) as error:
            raise ImproperlyConfigured(
                f"JPKI_TRUST_ANCHORS: {path} を読めません: {error}"
            ) from None
    return anchors


def fingerprint(certificate: x509.Certificate) -> str:
    """SHA-256 of the DER certificate, hex: how we name an issuer or bind a card."""
    return certificate.fingerprint(hashes.SHA256()).hex()


def serial_hex(serial_number: int) -> str:
    """A serial number as CRL viewers and J-LIS print it: upper-case hex."""
    return format(serial_number, "X")
