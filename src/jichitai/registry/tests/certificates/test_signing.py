"""Each municipality's signing key (registry/certificates/signing.py): made on first use,
rotated or imported with its CA by `init-signing-key`."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.core.management import call_command
from django.core.management.base import CommandError

from jichitai.identity.models import StaffUser
from jichitai.registry.certificates.verification import verify_certificate_pdf
from jichitai.registry.models import MunicipalitySigningKey, Resident
from jichitai.registry.tests.certificates.helpers import issue as _issue
from jichitai.tenants.models import Municipality


def test_the_signing_key_is_made_on_first_use_and_kept_encrypted(
    midori: Municipality, household: list[Resident], clerk: StaffUser
) -> None:
    assert not MunicipalitySigningKey.objects.exists()
    issued = _issue(midori, household, clerk)
    key = MunicipalitySigningKey.objects.get(municipality=midori, is_active=True)
    assert issued.certificate.signing_key == key
    assert "PRIVATE KEY" not in key.key_cipher and key.key_cipher.startswith("v1.")
    certificate = x509.load_pem_x509_certificate(key.certificate_pem.encode())
    assert "群馬県みどり市長" in certificate.subject.rfc4514_string()


def test_init_signing_key_rotates_and_old_certificates_still_verify(
    midori: Municipality, household: list[Resident], clerk: StaffUser
) -> None:
    old = _issue(midori, household, clerk)
    with pytest.raises(CommandError):
        call_command("init-signing-key", midori.lg_code)
    call_command("init-signing-key", midori.lg_code, "--rotate", stdout=io.StringIO())
    assert MunicipalitySigningKey.objects.filter(municipality=midori).count() == 2
    new = _issue(midori, household, clerk)
    assert new.certificate.signing_key != old.certificate.signing_key
    assert verify_certificate_pdf(old.pdf).valid
    assert verify_certificate_pdf(new.pdf).valid


def _ca_issued(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A CA and a signing certificate it issued, as files (what an LGPKI import looks like)."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "テスト認証局")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "群馬県みどり市長")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(2)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
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
        .sign(ca_key, hashes.SHA256())
    )
    paths = tmp_path / "key.pem", tmp_path / "cert.pem", tmp_path / "ca.pem"
    paths[0].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    return paths


def test_a_ca_issued_key_can_be_imported_and_anchors_verification(
    midori: Municipality, household: list[Resident], clerk: StaffUser, tmp_path: Path
) -> None:
    key_file, cert_file, ca_file = _ca_issued(tmp_path)
    call_command(
        "init-signing-key",
        midori.lg_code,
        "--key-file",
        str(key_file),
        "--cert-file",
        str(cert_file),
        "--ca-file",
        str(ca_file),
        stdout=io.StringIO(),
    )
    key = MunicipalitySigningKey.objects.get(municipality=midori, is_active=True)
    assert key.origin == MunicipalitySigningKey.Origin.IMPORTED
    issued = _issue(midori, household, clerk)
    assert verify_certificate_pdf(issued.pdf).valid


def test_an_import_without_its_ca_is_refused(midori: Municipality, tmp_path: Path) -> None:
    key_file, cert_file, _ = _ca_issued(tmp_path)
    with pytest.raises(CommandError, match="認証局"):
        call_command(
            "init-signing-key",
            midori.lg_code,
            "--key-file",
            str(key_file),
            "--cert-file",
            str(cert_file),
        )
    assert not MunicipalitySigningKey.objects.exists()
