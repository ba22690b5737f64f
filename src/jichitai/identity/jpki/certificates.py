"""Verifying a card's certificate: chain to the J-LIS trust anchors, validity, key usage,
policy, algorithm (RSA 2048 / SHA-256) and revocation (RFC 5280 §6, J-LIS プロファイル仕様書).

The chain is built and checked by `cryptography.x509.verification`; the checks that name a
specific refusal (expired, wrong kind, …) run first, so the resident is told which one applies
instead of a generic "invalid certificate".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509 import verification
from django.utils import timezone

from jichitai.identity.jpki import policies
from jichitai.identity.jpki.anchors import fingerprint, serial_hex, trust_anchors
from jichitai.identity.jpki.basic_four import BasicFour, basic_four_from_certificate
from jichitai.identity.jpki.errors import (
    AlgorithmUnsupported,
    AuthenticationCertificateRequired,
    CertificateExpired,
    CertificateMalformed,
    CertificateNotYetValid,
    KeyUsageInvalid,
    SigningCertificateRequired,
    UnknownCertificateAuthority,
)
from jichitai.identity.jpki.policies import CertificateKind
from jichitai.identity.jpki.revocation import revocation_checker


@dataclass(frozen=True)
class VerifiedCertificate:
    """A card certificate that passed every check. `basic_four` only for the 署名用 kind."""

    kind: CertificateKind
    serial: str  # hex, as CRLs and J-LIS notices print it
    issuer: str  # RFC 4514
    fingerprint_sha256: str  # hex of the DER certificate: the stable id to bind a card with
    not_after: dt.datetime
    basic_four: BasicFour | None
    certificate: x509.Certificate


def load_certificate(data: bytes) -> x509.Certificate:
    """DER or PEM certificate bytes. Raises CertificateMalformed."""
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError:
        raise CertificateMalformed() from None


def verify_certificate(
    certificate: x509.Certificate,
    *,
    kind: CertificateKind,
    at: dt.datetime | None = None,
    intermediates: list[x509.Certificate] | None = None,
) -> VerifiedCertificate:
    """電子証明書の有効性確認 (verify a card certificate for one use).

    `at` is the moment that matters (default now). Raises CertificateExpired,
    CertificateNotYetValid, SigningCertificateRequired / AuthenticationCertificateRequired,
    KeyUsageInvalid, AlgorithmUnsupported, UnknownCertificateAuthority, BasicFourInvalid and
    the revocation errors (CertificateRevoked, RevocationStale, RevocationUnavailable, OcspFailed).
    """
    moment = at or timezone.now()
    _check_validity(certificate, moment)
    _check_kind(certificate, kind)
    _check_key_usage(certificate, kind)
    _check_algorithm(certificate)
    issuer = _verified_issuer(certificate, moment, intermediates or [])
    revocation_checker().check(certificate, issuer=issuer, at=moment)
    return VerifiedCertificate(
        kind=kind,
        serial=serial_hex(certificate.serial_number),
        issuer=certificate.issuer.rfc4514_string(),
        fingerprint_sha256=fingerprint(certificate),
        not_after=certificate.not_valid_after_utc,
        basic_four=(
            basic_four_from_certificate(certificate) if kind is CertificateKind.SIGNING else None
        ),
        certificate=certificate,
    )


def _check_validity(certificate: x509.Certificate, moment: dt.datetime) -> None:
    if moment > certificate.not_valid_after_utc:
        raise CertificateExpired()
    if moment < certificate.not_valid_before_utc:
        raise CertificateNotYetValid()


def _check_kind(certificate: x509.Certificate, kind: CertificateKind) -> None:
    if policies.certificate_kind(certificate) is not kind:
        if kind is CertificateKind.SIGNING:
            raise SigningCertificateRequired()
        raise AuthenticationCertificateRequired()


def _check_key_usage(certificate: x509.Certificate, kind: CertificateKind) -> None:
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        raise KeyUsageInvalid() from None
    if not usage.digital_signature or (kind.needs_non_repudiation and not usage.content_commitment):
        raise KeyUsageInvalid()


def _check_algorithm(certificate: x509.Certificate) -> None:
    key = certificate.public_key()
    if not isinstance(key, rsa.RSAPublicKey) or key.key_size != policies.RSA_KEY_BITS:
        raise AlgorithmUnsupported()
    if not isinstance(certificate.signature_hash_algorithm, hashes.SHA256):
        raise AlgorithmUnsupported()


def _end_entity_policy() -> verification.ExtensionPolicy:
    # Card certificates carry critical keyUsage (and possibly critical certificatePolicies);
    # both are checked above with their own refusals, so the chain builder only has to
    # accept them. JPKI certificates have no extendedKeyUsage and the 利用者証明用 one no SAN,
    # which the Web PKI defaults would demand.
    agnostic = verification.Criticality.AGNOSTIC
    return (
        verification.ExtensionPolicy.permit_all()
        .may_be_present(x509.KeyUsage, agnostic, None)
        .may_be_present(x509.CertificatePolicies, agnostic, None)
        .may_be_present(x509.SubjectAlternativeName, agnostic, None)
    )


def _verified_issuer(
    certificate: x509.Certificate, moment: dt.datetime, intermediates: list[x509.Certificate]
) -> x509.Certificate:
    """Build the chain to a trust anchor; return the certificate that issued the card's."""
    anchors = trust_anchors()
    if not anchors:
        raise UnknownCertificateAuthority()
    verifier = (
        verification.PolicyBuilder()
        .store(verification.Store(anchors))
        .time(moment)
        .extension_policies(
            ca_policy=verification.ExtensionPolicy.webpki_defaults_ca(),
            ee_policy=_end_entity_policy(),
        )
        .build_client_verifier()
    )
    try:
        chain = verifier.verify(certificate, intermediates).chain
    except verification.VerificationError:
        raise UnknownCertificateAuthority() from None
    return chain[1]
