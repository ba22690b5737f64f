"""申請への電子署名 (signing applications): CMS detached signatures with the 署名用 key.

What is signed is the RFC 8785 canonical JSON of the application data, so the same data
always gives the same bytes however it was stored or re-serialized. The signature is a CMS
SignedData (RFC 5652) with no encapsulated content, signed attributes (content-type,
message-digest, signing-time) and the signer's certificate, RSA PKCS#1 v1.5 with SHA-256.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, cast

import rfc8785
from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from django.contrib.auth.base_user import AbstractBaseUser

from jichitai.audit.models import AuditRecord
from jichitai.audit.services import audit_record
from jichitai.common.exceptions import DomainError
from jichitai.identity.jpki.anchors import fingerprint
from jichitai.identity.jpki.certificates import (
    VerifiedCertificate,
    load_certificate,
    verify_certificate,
)
from jichitai.identity.jpki.errors import (
    AlgorithmUnsupported,
    PayloadNotCanonicalizable,
    SignatureInvalid,
    SignatureMalformed,
)
from jichitai.identity.jpki.policies import CertificateKind

# RFC 5652 §5.4: the signature covers the DER of the signed attributes with the universal
# SET OF tag, not the [0] IMPLICIT tag they carry inside SignerInfo.
_SET_OF_TAG = b"\x31"


def canonical_application_bytes(payload: dict[str, Any]) -> bytes:
    """申請データの正規形 (canonical form): RFC 8785 JSON, UTF-8. Raises PayloadNotCanonicalizable."""
    try:
        return rfc8785.dumps(payload)
    except rfc8785.CanonicalizationError:
        raise PayloadNotCanonicalizable() from None


def sign_detached(
    data: bytes, *, certificate: x509.Certificate, private_key: rsa.RSAPrivateKey
) -> bytes:
    """A CMS detached signature (DER) over `data`, as the virtual card's 署名用 key makes it."""
    return (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(data)
        .add_signer(certificate, private_key, hashes.SHA256(), rsa_padding=padding.PKCS1v15())
        .sign(
            serialization.Encoding.DER,
            # Binary: sign the bytes as they are, without S/MIME's CRLF canonicalization.
            [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary],
        )
    )


def verify_detached_signature(
    data: bytes,
    cms_der: bytes,
    at: dt.datetime | None = None,
    *,
    municipality_code: str | None = None,
    actor: AbstractBaseUser | None = None,
    audit_success: bool = True,
) -> VerifiedCertificate:
    """電子署名の検証 (verify a detached signature over `data`), audited.

    Refusals are always audited at once. A caller that records the success in its own audit
    record, in the transaction that keeps the signature (a case's submission), passes
    `audit_success=False`: one record and one commit instead of two. The signature must verify over exactly these bytes, with a 署名用電子証明書 that chains
    to the trust anchors and was neither expired nor revoked at `at` (default now).
    Raises SignatureMalformed, SignatureInvalid (tampered data), AlgorithmUnsupported,
    SigningCertificateRequired (利用者証明用 used to sign) and the refusals of `verify_certificate`.
    """
    object_id = ""
    try:
        signed_data = _signed_data(cms_der)
        signer = _only_signer(signed_data)
        certificates = _certificates(signed_data)
        certificate = _signer_certificate(signer, certificates)
        object_id = fingerprint(certificate)[:16]
        _check_signer_signature(signer, data=data, certificate=certificate)
        others = [c for c in certificates if c != certificate]
        verified = verify_certificate(
            certificate, kind=CertificateKind.SIGNING, at=at, intermediates=others
        )
    except DomainError as error:
        _audit(municipality_code, actor, "jpki.signature_verify", object_id, refusal=error.code)
        raise
    if audit_success:
        _audit(municipality_code, actor, "jpki.signature_verify", object_id, refusal=None)
    return verified


def signature_refusal_audit(
    certificate_der: bytes,
    *,
    refusal: str,
    municipality_code: str | None,
    actor: AbstractBaseUser | None = None,
) -> None:
    """Records a signature refused after it verified, by a rule of the caller (the signer is
    not the applicant): the same record as the verifier's own refusals, the code only.
    The object id is the certificate's fingerprint (`anchors.fingerprint`), as theirs."""
    object_id = hashlib.sha256(certificate_der).hexdigest()[:16]
    _audit(municipality_code, actor, "jpki.signature_verify", object_id, refusal=refusal)


def verify_signing_certificate(
    certificate_der: bytes,
    *,
    at: dt.datetime | None = None,
    municipality_code: str | None = None,
    actor: AbstractBaseUser | None = None,
) -> VerifiedCertificate:
    """署名用電子証明書の有効性確認 (verify a 署名用 certificate), with its 基本4情報, audited."""
    object_id = ""
    try:
        certificate = load_certificate(certificate_der)
        object_id = fingerprint(certificate)[:16]
        verified = verify_certificate(certificate, kind=CertificateKind.SIGNING, at=at)
    except DomainError as error:
        _audit(municipality_code, actor, "jpki.certificate_verify", object_id, refusal=error.code)
        raise
    _audit(municipality_code, actor, "jpki.certificate_verify", object_id, refusal=None)
    return verified


def _signed_data(cms_der: bytes) -> cms.SignedData:
    try:
        info = cms.ContentInfo.load(cms_der)
        if info["content_type"].native != "signed_data":
            raise SignatureMalformed()
        signed_data = info["content"]
        # Detached: the data travels beside the signature, never inside it.
        if signed_data["encap_content_info"]["content"].native is not None:
            raise SignatureMalformed()
    except (ValueError, TypeError, KeyError):
        raise SignatureMalformed() from None
    return cast(cms.SignedData, signed_data)


def _only_signer(signed_data: cms.SignedData) -> cms.SignerInfo:
    signers = signed_data["signer_infos"]
    if len(signers) != 1:
        raise SignatureMalformed()
    return cast(cms.SignerInfo, signers[0])


def _certificates(signed_data: cms.SignedData) -> list[x509.Certificate]:
    try:
        return [
            x509.load_der_x509_certificate(choice.chosen.dump())
            for choice in signed_data["certificates"] or []
            if choice.name == "certificate"
        ]
    except ValueError:
        raise SignatureMalformed() from None


def _signer_certificate(
    signer: cms.SignerInfo, certificates: list[x509.Certificate]
) -> x509.Certificate:
    """The certificate the SignerInfo's sid names (RFC 5652 §5.3): issuer + serial, or SKI."""
    sid = signer["sid"]
    for certificate in certificates:
        if sid.name == "issuer_and_serial_number":
            # asn1crypto compares names after RFC 5280 §7.1 normalization.
            issuer = asn1_x509.Name.load(certificate.issuer.public_bytes())
            if (
                certificate.serial_number == sid.chosen["serial_number"].native
                and issuer == sid.chosen["issuer"]
            ):
                return certificate
        elif _subject_key_identifier(certificate) == sid.chosen.native:
            return certificate
    raise SignatureMalformed()


def _subject_key_identifier(certificate: x509.Certificate) -> bytes | None:
    try:
        return certificate.extensions.get_extension_for_class(
            x509.SubjectKeyIdentifier
        ).value.digest
    except x509.ExtensionNotFound:
        return None


def _check_signer_signature(
    signer: cms.SignerInfo, *, data: bytes, certificate: x509.Certificate
) -> None:
    if signer["digest_algorithm"]["algorithm"].native != "sha256":
        raise AlgorithmUnsupported()
    if signer["signature_algorithm"].signature_algo != "rsassa_pkcs1v15":
        raise AlgorithmUnsupported()
    key = certificate.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise AlgorithmUnsupported()
    try:
        key.verify(
            signer["signature"].native,
            _signed_bytes(signer, data),
            padding.PKCS1v15(),
            hashes.SHA256(),
        )
    except InvalidSignature:
        raise SignatureInvalid() from None


def _signed_bytes(signer: cms.SignerInfo, data: bytes) -> bytes:
    """What the RSA signature covers (RFC 5652 §5.4): the data itself, or, when there are
    signed attributes, their DER — after checking that their message-digest is the data's."""
    attributes = signer["signed_attrs"]
    if not attributes:
        return data
    digests = [a["values"][0].native for a in attributes if a["type"].native == "message_digest"]
    if len(digests) != 1:
        raise SignatureMalformed()
    if digests[0] != hashlib.sha256(data).digest():
        raise SignatureInvalid()
    encoded: bytes = attributes.dump()
    return _SET_OF_TAG + encoded[1:]


def _audit(
    municipality_code: str | None,
    actor: AbstractBaseUser | None,
    action: str,
    object_id: str,
    *,
    refusal: str | None,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        municipality_code=municipality_code,
        object_type="identity.JpkiCertificate",
        object_id=object_id,
        result=AuditRecord.Result.SUCCESS if refusal is None else AuditRecord.Result.DENIED,
        detail={} if refusal is None else {refusal: True},
    )
