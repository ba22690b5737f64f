"""Certificates the virtual card never makes: other CAs, odd key usages, small keys."""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.utils import timezone

from jichitai.identity.jpki.policies import CertificateKind
from jichitai.identity.jpki.virtual_card import VirtualCertificateAuthority, new_card_key


def odd_certificate(
    authority: VirtualCertificateAuthority,
    *,
    kind: CertificateKind = CertificateKind.AUTHENTICATION,
    key: rsa.RSAPrivateKey | None = None,
    non_repudiation: bool = False,
    hash_algorithm: hashes.SHA256 | hashes.SHA384 | hashes.SHA512 | None = None,
) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    """A card-like certificate with the given deviations from the J-LIS profile."""
    private_key = key or new_card_key()
    now = timezone.now()
    usage = x509.KeyUsage(True, non_repudiation, False, False, False, False, False, False, False)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "odd")]))
        .issuer_name(authority.certificate.subject)
        .public_key(private_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(usage, critical=True)
        .add_extension(
            x509.CertificatePolicies([x509.PolicyInformation(kind.policy, None)]), critical=False
        )
        .sign(authority.private_key, hash_algorithm or hashes.SHA256())
    )
    return certificate, private_key


def der(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.DER)
