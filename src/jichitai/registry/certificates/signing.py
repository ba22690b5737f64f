"""電子公印 (the municipality's electronic seal): signing keys, and PAdES signatures by pyHanko.

Each municipality has one active key and X.509 certificate. By default it is a self-signed
certificate made here (ECDSA P-256, 10 years), which is its own trust anchor: enough to prove
that a PDF is unchanged since this system issued it. A municipality with a certificate from a
real CA (e.g. LGPKI) imports its key and certificate instead (`init-signing-key --key-file
--cert-file --ca-file`); verification then anchors on that CA.

The private key is kept only encrypted with the key ring of JICHITAI_ENCRYPTION_KEYS, bound
to its municipality and certificate fingerprint (the same scheme as 個人番号, crypto.py).
Everything here works offline: no timestamp server, no CRL/OCSP fetching.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.x509.oid import NameOID
from django.db import transaction
from django.utils import timezone
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from jichitai.audit.services import audit_record
from jichitai.registry.certificates.errors import SigningKeyError
from jichitai.registry.crypto import keyring
from jichitai.registry.models import MunicipalitySigningKey
from jichitai.tenants.models import Municipality
from jichitai.tenants.selectors import municipality_settings_get

T = TypeVar("T")

GENERATED_VALIDITY = dt.timedelta(days=3650)
SIGNATURE_FIELD = "jichitai-seal"
# Room for the CMS signature: an imported RSA-4096 chain of three certificates fits.
SIGNATURE_SIZE = 16384


@dataclass(frozen=True)
class SealSigner:
    """A loaded signing key: the pyHanko signer and the row it came from."""

    key: MunicipalitySigningKey
    signer: signers.SimpleSigner


def certifier_title(municipality: Municipality) -> str:
    """認証者の職名, prefixed with the 都道府県名 as the standard asks (doc/j1050.txt §5.6):
    「群馬県みどり市長」. Falls back to the municipality's name + 長."""
    title = municipality_settings_get(municipality=municipality).mayor_title.strip()
    title = title or f"{municipality.display_name}長"
    prefecture = municipality.prefecture
    if municipality.kind == Municipality.Kind.PREFECTURE or title.startswith(prefecture):
        return title
    return f"{prefecture}{title}"


def _associated_data(lg_code: str, fingerprint: str) -> bytes:
    return f"certificate_signing_key:{lg_code}:{fingerprint}".encode()


def _fingerprint(certificate: x509.Certificate) -> str:
    return certificate.fingerprint(hashes.SHA256()).hex()


def _self_signed(municipality: Municipality) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, municipality.prefecture),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, municipality.full_name),
            x509.NameAttribute(NameOID.COMMON_NAME, certifier_title(municipality)),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, municipality.lg_code),
        ]
    )
    now = timezone.now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + GENERATED_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, certificate


def _store(
    *,
    municipality: Municipality,
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey,
    certificate: x509.Certificate,
    trust_roots: list[x509.Certificate],
    origin: MunicipalitySigningKey.Origin,
    rotate: bool,
) -> MunicipalitySigningKey:
    active = MunicipalitySigningKey.objects.for_municipality(municipality).select_for_update()
    current = active.filter(is_active=True).first()
    if current is not None:
        if not rotate:
            raise SigningKeyError(
                f"{municipality.full_name}には使用中の署名鍵があります。更新するには --rotate を指定してください。"
            )
        current.is_active = False
        current.save(update_fields=["is_active"])
    fingerprint = _fingerprint(certificate)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    row = MunicipalitySigningKey.objects.create(
        municipality=municipality,
        origin=origin,
        key_cipher=keyring().encrypt(
            pem, associated_data=_associated_data(municipality.lg_code, fingerprint)
        ),
        certificate_pem=certificate.public_bytes(serialization.Encoding.PEM).decode(),
        trust_roots_pem="".join(
            root.public_bytes(serialization.Encoding.PEM).decode() for root in trust_roots
        ),
        fingerprint=fingerprint,
        subject=certificate.subject.rfc4514_string()[:200],
        not_after=certificate.not_valid_after_utc,
        is_active=True,
    )
    audit_record(
        actor=None,
        action="registry.signing_key_create",
        municipality_code=municipality.lg_code,
        object_type="registry.MunicipalitySigningKey",
        object_id=row.pk,
        detail={
            "imported": origin == MunicipalitySigningKey.Origin.IMPORTED,
            "rotated": bool(current),
        },
    )
    return row


@transaction.atomic
def signing_key_generate(
    *, municipality: Municipality, rotate: bool = False
) -> MunicipalitySigningKey:
    """署名鍵の生成 (make a self-signed key and certificate for the municipality).

    Raises SigningKeyError when one is active and `rotate` is False.
    """
    key, certificate = _self_signed(municipality)
    return _store(
        municipality=municipality,
        key=key,
        certificate=certificate,
        trust_roots=[],
        origin=MunicipalitySigningKey.Origin.GENERATED,
        rotate=rotate,
    )


@transaction.atomic
def signing_key_import(
    *,
    municipality: Municipality,
    key_data: bytes,
    certificate_data: bytes,
    trust_roots_data: bytes = b"",
    password: bytes | None = None,
    rotate: bool = False,
) -> MunicipalitySigningKey:
    """署名鍵の取込み (import a key and certificate issued by a real CA; PEM or DER).

    `trust_roots_data` holds the CA certificate(s) verification anchors on (PEM bundle);
    without it the certificate must be self-signed. Raises SigningKeyError.
    """
    key = _load_private_key(key_data, password)
    certificate = _load_certificates(certificate_data, what="署名用証明書")[0]
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise SigningKeyError("秘密鍵はRSAまたはECDSAの鍵を指定してください。")
    public = serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(serialization.Encoding.DER, public) != (
        certificate.public_key().public_bytes(serialization.Encoding.DER, public)
    ):
        raise SigningKeyError("秘密鍵と証明書の公開鍵が一致しません。")
    if certificate.not_valid_after_utc <= timezone.now():
        raise SigningKeyError("証明書の有効期限が切れています。")
    roots = _load_certificates(trust_roots_data, what="認証局の証明書") if trust_roots_data else []
    if not roots and certificate.issuer != certificate.subject:
        raise SigningKeyError(
            "自己署名でない証明書には、信頼点となる認証局の証明書（--ca-file）が必要です。"
        )
    return _store(
        municipality=municipality,
        key=key,
        certificate=certificate,
        trust_roots=roots,
        origin=MunicipalitySigningKey.Origin.IMPORTED,
        rotate=rotate,
    )


def _load_private_key(data: bytes, password: bytes | None) -> PrivateKeyTypes:
    loader = (
        serialization.load_pem_private_key
        if b"-----BEGIN" in data
        else serialization.load_der_private_key
    )
    try:
        return loader(data, password=password)
    except TypeError:
        # cryptography says TypeError for "encrypted, no password" and the reverse.
        if password is None:
            raise SigningKeyError(
                "秘密鍵がパスワードで保護されています（--key-password-file を指定してください）。"
            ) from None
        raise SigningKeyError("秘密鍵はパスワードで保護されていません。") from None
    except ValueError:
        raise SigningKeyError(
            "秘密鍵を読み取れません。PEMまたはDER形式の鍵か、パスワードが正しいかを確認してください。"
        ) from None


def _load_certificates(data: bytes, *, what: str) -> list[x509.Certificate]:
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificates(data)
        return [x509.load_der_x509_certificate(data)]
    except ValueError:
        raise SigningKeyError(
            f"{what}を読み取れません（PEMまたはDERを指定してください）。"
        ) from None


def signing_key_for_issue(*, municipality: Municipality) -> MunicipalitySigningKey:
    """The active key, locked (it also serialises 発行番号); created on first use.

    Creating it here means a new municipality can issue certificates without an extra setup
    step; the self-signed key is replaced by importing a CA-issued one at any time.
    """
    keys = MunicipalitySigningKey.objects.for_municipality(municipality).select_for_update()
    key = keys.filter(is_active=True).first()
    if key is None:
        signing_key_generate(municipality=municipality)
        key = keys.get(is_active=True)
    return key


def seal_signer(key: MunicipalitySigningKey) -> SealSigner:
    pem = keyring().decrypt(
        key.key_cipher, associated_data=_associated_data(key.municipality_id, key.fingerprint)
    )
    private = serialization.load_pem_private_key(pem.encode(), password=None)
    der_key = private.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    certificate = asn1_x509.Certificate.load(_der(key.certificate_pem)[0])
    chain = [asn1_x509.Certificate.load(der) for der in _der(key.trust_roots_pem)]
    signer = signers.SimpleSigner(
        signing_cert=certificate,
        signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
        cert_registry=SimpleCertificateStore.from_certs([certificate, *chain]),
    )
    return SealSigner(key=key, signer=signer)


def trust_roots(key: MunicipalitySigningKey) -> list[asn1_x509.Certificate]:
    """Verification anchors: the CA of an imported certificate, else the certificate itself."""
    pem = key.trust_roots_pem or key.certificate_pem
    return [asn1_x509.Certificate.load(der) for der in _der(pem)]


def _der(pem: str) -> list[bytes]:
    if not pem:
        return []
    return [
        c.public_bytes(serialization.Encoding.DER)
        for c in x509.load_pem_x509_certificates(pem.encode())
    ]


def outside_event_loop(function: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """Call one of pyHanko's synchronous functions, which use asyncio.run(): that fails in a
    thread whose event loop is running (an async caller, Playwright's sync API), so there
    the call goes to a short-lived thread of its own. It must not touch the ORM."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def pdf_sign(pdf: bytes, *, seal: SealSigner, reason: str, location: str) -> bytes:
    """PAdES B-B signature (ETSI EN 319 142-1) over the whole PDF, invisible field."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
    )
    pdf_signer = signers.PdfSigner(metadata, signer=seal.signer)
    out = outside_event_loop(pdf_signer.sign_pdf, writer, bytes_reserved=SIGNATURE_SIZE)
    signed: bytes = out.getvalue()
    return signed


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
