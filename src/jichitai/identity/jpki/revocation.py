"""失効確認 (revocation): is a card certificate revoked? From loaded CRLs or by OCSP.

J-LIS publishes full CRLs for each CA (RFC 5280 §5) to 署名検証者; `jichitai jpki-crl load`
verifies one against the trust anchors and replaces that issuer's list of revoked serials.
A list past its nextUpdate is refused (jpki.revocation_stale), never trusted silently.
OCSP (RFC 6960) is the alternative for a verifier connected to J-LIS's responder; its HTTP
call goes through an injectable transport, so tests never touch the network.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import urllib.request
from collections.abc import Callable
from typing import Protocol

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509 import ocsp
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.identity.jpki.anchors import fingerprint, serial_hex, trust_anchors
from jichitai.identity.jpki.errors import (
    CertificateRevoked,
    CrlInvalid,
    CrlOutdated,
    OcspFailed,
    RevocationStale,
    RevocationUnavailable,
)
from jichitai.identity.models import RevocationListLoad, RevokedCertificate

_BATCH = 5000
# RFC 5019 §2.2.4: a response without nextUpdate means newer information is always
# available, so it is good only for the request it answers.
OCSP_RESPONSE_MAX_AGE = dt.timedelta(minutes=10)


class RevocationChecker(Protocol):
    def check(
        self, certificate: x509.Certificate, *, issuer: x509.Certificate, at: dt.datetime
    ) -> None:
        """Return when `certificate` was not revoked at `at`; raise a JpkiError otherwise."""


# For every signature and sign-in: the issuer's newest list, whether it is still fresh, and
# whether it names the certificate, in one round trip. Written out: the two ORM queries it
# replaces took 1.2 to 1.4 ms of CPU, this 0.2 ms (docs/benchmarks.md). The tables and columns
# of RevocationListLoad and RevokedCertificate; tests cover each answer.
_CRL_CHECK_SQL = """
SELECT newest.next_update >= %(now)s, EXISTS (
    SELECT 1 FROM identity_revokedcertificate entry
    WHERE entry.issuer_fingerprint = %(issuer)s AND entry.serial_number = %(serial)s
    AND entry.revoked_at <= %(at)s
)
FROM identity_revocationlistload newest
WHERE newest.issuer_fingerprint = %(issuer)s
ORDER BY newest.this_update DESC
LIMIT 1
"""


class CrlRevocationChecker:
    """失効リスト (CRL) checker over the lists `crl_load` stored."""

    def check(
        self, certificate: x509.Certificate, *, issuer: x509.Certificate, at: dt.datetime
    ) -> None:
        adapt = connection.ops.adapt_datetimefield_value
        with connection.cursor() as cursor:
            cursor.execute(
                _CRL_CHECK_SQL,
                {
                    "issuer": fingerprint(issuer),
                    "serial": serial_hex(certificate.serial_number),
                    "at": adapt(at),
                    # Freshness is judged now, whatever `at` is: a signature made last year
                    # is checked against today's list, which still names certificates
                    # revoked since.
                    "now": adapt(timezone.now()),
                },
            )
            newest = cursor.fetchone()
        if newest is None:
            raise RevocationUnavailable()
        fresh, revoked = newest
        if not fresh:
            raise RevocationStale()
        if revoked:
            raise CertificateRevoked()


OcspTransport = Callable[[str, bytes], bytes]


def http_ocsp_transport(url: str, request_der: bytes) -> bytes:
    """POST an OCSP request (RFC 6960 Appendix A.1). The only network call of this package."""
    if not url.startswith(("http://", "https://")):
        raise OcspFailed()
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url,
        data=request_der,
        headers={"Content-Type": "application/ocsp-request"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=settings.JPKI_OCSP_TIMEOUT_SECONDS) as answer:  # noqa: S310
        return bytes(answer.read())


class OcspRevocationChecker:
    """OCSP checker: asks the responder named by JPKI_OCSP_URL or the certificate's AIA."""

    def __init__(
        self, *, transport: OcspTransport = http_ocsp_transport, responder_url: str = ""
    ) -> None:
        self.transport = transport
        self.responder_url = responder_url

    def check(
        self, certificate: x509.Certificate, *, issuer: x509.Certificate, at: dt.datetime
    ) -> None:
        url = self.responder_url or _ocsp_url(certificate)
        # RFC 5019 §2.1.1: responders are required to understand SHA-1 CertIDs.
        builder = ocsp.OCSPRequestBuilder()
        request = builder.add_certificate(certificate, issuer, hashes.SHA1()).build()  # noqa: S303
        try:
            raw = self.transport(url, request.public_bytes(serialization.Encoding.DER))
            response = ocsp.load_der_ocsp_response(raw)
        except (OSError, ValueError):
            raise OcspFailed() from None
        if response.response_status is not ocsp.OCSPResponseStatus.SUCCESSFUL:
            raise OcspFailed()
        _check_ocsp_signature(response, issuer)
        _check_ocsp_subject(response, request)
        _check_ocsp_freshness(response)
        if response.certificate_status is ocsp.OCSPCertStatus.UNKNOWN:
            raise OcspFailed()
        if response.certificate_status is ocsp.OCSPCertStatus.REVOKED and (
            response.revocation_time_utc is None or response.revocation_time_utc <= at
        ):
            raise CertificateRevoked()


def _ocsp_url(certificate: x509.Certificate) -> str:
    try:
        access = certificate.extensions.get_extension_for_class(x509.AuthorityInformationAccess)
    except x509.ExtensionNotFound:
        raise OcspFailed() from None
    for description in access.value:
        if description.access_method == AuthorityInformationAccessOID.OCSP:
            return str(description.access_location.value)
    raise OcspFailed()


def _ocsp_signer(response: ocsp.OCSPResponse, issuer: x509.Certificate) -> x509.Certificate:
    """The issuer itself, or a delegated responder it issued for OCSP signing (RFC 6960 §4.2.2.2)."""
    for candidate in response.certificates:
        try:
            candidate.verify_directly_issued_by(issuer)
            usage = candidate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        except (ValueError, TypeError, InvalidSignature, x509.ExtensionNotFound):
            continue
        if ExtendedKeyUsageOID.OCSP_SIGNING in usage:
            return candidate
    return issuer


def _check_ocsp_signature(response: ocsp.OCSPResponse, issuer: x509.Certificate) -> None:
    key = _ocsp_signer(response, issuer).public_key()
    if not isinstance(key, rsa.RSAPublicKey) or response.signature_hash_algorithm is None:
        raise OcspFailed()
    try:
        key.verify(
            response.signature,
            response.tbs_response_bytes,
            padding.PKCS1v15(),
            response.signature_hash_algorithm,
        )
    except InvalidSignature:
        raise OcspFailed() from None


def _check_ocsp_subject(response: ocsp.OCSPResponse, request: ocsp.OCSPRequest) -> None:
    if (
        response.serial_number != request.serial_number
        or response.issuer_key_hash != request.issuer_key_hash
        or response.issuer_name_hash != request.issuer_name_hash
    ):
        raise OcspFailed()


def _check_ocsp_freshness(response: ocsp.OCSPResponse) -> None:
    now = timezone.now()
    if response.next_update_utc is not None:
        if now > response.next_update_utc:
            raise RevocationStale()
    elif now - response.this_update_utc > OCSP_RESPONSE_MAX_AGE:
        raise RevocationStale()


def revocation_checker() -> RevocationChecker:
    """The checker JPKI_REVOCATION_METHOD names: "crl" (default) or "ocsp"."""
    method = settings.JPKI_REVOCATION_METHOD
    if method == "crl":
        return CrlRevocationChecker()
    if method == "ocsp":
        return OcspRevocationChecker(responder_url=settings.JPKI_OCSP_URL)
    raise ImproperlyConfigured(f"JPKI_REVOCATION_METHOD must be 'crl' or 'ocsp', got {method!r}")


def load_crl(data: bytes) -> x509.CertificateRevocationList:
    """PEM or DER CRL bytes. Raises CrlInvalid."""
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            return x509.load_pem_x509_crl(data)
        return x509.load_der_x509_crl(data)
    except ValueError:
        raise CrlInvalid(reason="CRLの形式ではありません。") from None


def _crl_issuer(crl: x509.CertificateRevocationList) -> x509.Certificate:
    for anchor in trust_anchors():
        if anchor.subject == crl.issuer and crl.is_signature_valid(anchor.public_key()):  # type: ignore[arg-type]  # anchors are RSA/EC
            return anchor
    raise CrlInvalid(reason="信頼する認証局（JPKI_TRUST_ANCHORS）が署名したものではありません。")


def crl_load(*, data: bytes) -> RevocationListLoad:
    """失効リストの取込み (load a CRL): verify its signature, then replace the issuer's list.

    Loading the same CRL again returns the earlier load. Raises CrlInvalid, CrlOutdated.
    """
    crl = load_crl(data)
    issuer = _crl_issuer(crl)
    next_update = crl.next_update_utc
    if next_update is None:
        raise CrlInvalid(reason="次回更新予定日時（nextUpdate）がありません。")
    digest = hashlib.sha256(data).hexdigest()
    return _crl_store(crl, issuer=issuer, digest=digest, next_update=next_update)


@transaction.atomic
def _crl_store(
    crl: x509.CertificateRevocationList,
    *,
    issuer: x509.Certificate,
    digest: str,
    next_update: dt.datetime,
) -> RevocationListLoad:
    issuer_fingerprint = fingerprint(issuer)
    newest = (
        RevocationListLoad.objects.select_for_update()
        .filter(issuer_fingerprint=issuer_fingerprint)
        .order_by("-this_update")
        .first()
    )
    if newest is not None and newest.sha256 == digest:
        return newest
    if newest is not None and newest.this_update > crl.last_update_utc:
        raise CrlOutdated()
    load = RevocationListLoad.objects.create(
        issuer_fingerprint=issuer_fingerprint,
        issuer_name=crl.issuer.rfc4514_string(),
        crl_number=_crl_number(crl),
        this_update=crl.last_update_utc,
        next_update=next_update,
        revoked_count=len(crl),
        sha256=digest,
        loaded_at=timezone.now(),
    )
    RevokedCertificate.objects.filter(issuer_fingerprint=issuer_fingerprint).delete()
    RevokedCertificate.objects.bulk_create(
        (
            RevokedCertificate(
                issuer_fingerprint=issuer_fingerprint,
                serial_number=serial_hex(entry.serial_number),
                revoked_at=entry.revocation_date_utc,
                load=load,
            )
            for entry in crl
        ),
        batch_size=_BATCH,
    )
    audit_record(
        actor=None,
        action="jpki.crl_load",
        municipality_code=None,
        object_type="identity.RevocationListLoad",
        object_id=load.pk,
        detail={"revoked": load.revoked_count},
    )
    return load


def _crl_number(crl: x509.CertificateRevocationList) -> str:
    try:
        return str(crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number)
    except x509.ExtensionNotFound:
        return ""


def crl_status() -> list[RevocationListLoad]:
    """The newest load of every issuer, for `jichitai jpki-crl status` and monitoring."""
    newest: dict[str, RevocationListLoad] = {}
    for load in RevocationListLoad.objects.order_by("issuer_fingerprint", "-this_update"):
        newest.setdefault(load.issuer_fingerprint, load)
    return list(newest.values())
