from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509 import ocsp
from django.core.management import CommandError, call_command
from django.utils import timezone
from pytest_django import Settings

from jichitai.common.exceptions import DomainError
from jichitai.identity.jpki.challenge import challenge_issue, challenge_spend
from jichitai.identity.jpki.errors import JpkiError
from jichitai.identity.jpki.revocation import OcspRevocationChecker, OcspTransport, crl_load
from jichitai.identity.jpki.virtual_card import VirtualCertificateAuthority, new_card_key
from jichitai.identity.models import RevocationListLoad
from jichitai.identity.tests.conftest import JpkiWorld
from jichitai.tenants.models import Municipality


def _ocsp_answer(
    jpki: JpkiWorld,
    status: ocsp.OCSPCertStatus,
    *,
    signer_key: rsa.RSAPrivateKey | None = None,
    next_update: dt.datetime | None = None,
) -> OcspTransport:
    def transport(url: str, request_der: bytes) -> bytes:
        assert url == "http://ocsp.example/"
        request = ocsp.load_der_ocsp_request(request_der)
        assert request.serial_number == jpki.hanako.authentication_certificate.serial_number
        now = timezone.now()
        response = (
            ocsp.OCSPResponseBuilder()
            .add_response(
                cert=jpki.hanako.authentication_certificate,
                issuer=jpki.authority.certificate,
                algorithm=hashes.SHA1(),  # noqa: S303 - RFC 5019 CertID
                cert_status=status,
                this_update=now - dt.timedelta(minutes=1),
                next_update=next_update or now + dt.timedelta(hours=1),
                revocation_time=now - dt.timedelta(days=1)
                if status is ocsp.OCSPCertStatus.REVOKED
                else None,
                revocation_reason=None,
            )
            .responder_id(ocsp.OCSPResponderEncoding.HASH, jpki.authority.certificate)
            .sign(signer_key or jpki.authority.private_key, hashes.SHA256())
        )
        return response.public_bytes(serialization.Encoding.DER)

    return transport


def _check(jpki: JpkiWorld, transport: OcspTransport) -> str | None:
    checker = OcspRevocationChecker(transport=transport, responder_url="http://ocsp.example/")
    try:
        checker.check(
            jpki.hanako.authentication_certificate,
            issuer=jpki.authority.certificate,
            at=timezone.now(),
        )
    except JpkiError as error:
        return error.code
    return None


def test_ocsp_good_answer_passes(jpki: JpkiWorld) -> None:
    assert _check(jpki, _ocsp_answer(jpki, ocsp.OCSPCertStatus.GOOD)) is None


def test_ocsp_revoked_answer_is_refused(jpki: JpkiWorld) -> None:
    assert (
        _check(jpki, _ocsp_answer(jpki, ocsp.OCSPCertStatus.REVOKED)) == "jpki.certificate_revoked"
    )


def test_ocsp_answer_signed_by_someone_else_is_refused(jpki: JpkiWorld) -> None:
    forged = _ocsp_answer(jpki, ocsp.OCSPCertStatus.GOOD, signer_key=new_card_key())
    assert _check(jpki, forged) == "jpki.ocsp_failed"


def test_ocsp_unreachable_or_garbage_is_refused(jpki: JpkiWorld) -> None:
    def unreachable(url: str, request_der: bytes) -> bytes:
        raise OSError("connection refused")

    assert _check(jpki, unreachable) == "jpki.ocsp_failed"
    assert _check(jpki, lambda url, der: b"garbage") == "jpki.ocsp_failed"


def test_crl_signed_by_an_untrusted_ca_is_not_loaded(jpki: JpkiWorld, tmp_path: Path) -> None:
    stranger = VirtualCertificateAuthority.create(directory=tmp_path)
    with pytest.raises(DomainError) as caught:
        crl_load(data=stranger.crl_path.read_bytes())
    assert caught.value.code == "jpki.crl_invalid"
    with pytest.raises(DomainError) as garbage:
        crl_load(data=b"not a crl")
    assert garbage.value.code == "jpki.crl_invalid"


def test_loading_the_same_crl_twice_is_harmless_and_an_older_one_is_refused(
    jpki: JpkiWorld,
) -> None:
    current = jpki.authority.crl_path.read_bytes()
    assert crl_load(data=current) == crl_load(data=current)
    RevocationListLoad.objects.update(this_update=timezone.now() + dt.timedelta(days=1), sha256="x")
    with pytest.raises(DomainError) as caught:
        crl_load(data=current)
    assert caught.value.code == "jpki.crl_outdated"


def test_crl_commands_load_refresh_and_report_staleness(
    jpki: JpkiWorld, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("jpki-crl", "load", str(jpki.authority.crl_path))
    settings.JPKI_CRL_FILES = [str(jpki.authority.crl_path)]
    call_command("jpki-crl", "refresh")
    call_command("jpki-crl", "status")
    assert "有効" in capsys.readouterr().out
    RevocationListLoad.objects.update(next_update=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(CommandError) as caught:
        call_command("jpki-crl", "status")
    assert caught.value.returncode == 1


def test_spending_a_challenge_for_another_purpose_is_refused(
    jpki: JpkiWorld, midori: Municipality
) -> None:
    challenge = challenge_issue(municipality_code="102121", purpose="bind")
    with pytest.raises(DomainError) as wrong_purpose:
        challenge_spend(municipality_code="102121", nonce=challenge.nonce, purpose="sign_in")
    assert wrong_purpose.value.code == "jpki.challenge_not_found"
    challenge_spend(municipality_code="102121", nonce=challenge.nonce, purpose="bind")
    with pytest.raises(DomainError) as replay:
        challenge_spend(municipality_code="102121", nonce=challenge.nonce, purpose="bind")
    assert replay.value.code == "jpki.challenge_replayed"


def test_ocsp_url_comes_from_the_certificate_when_not_configured(jpki: JpkiWorld) -> None:
    checker = OcspRevocationChecker(transport=lambda url, der: b"")
    with pytest.raises(JpkiError) as caught:
        checker.check(
            jpki.hanako.authentication_certificate,
            issuer=jpki.authority.certificate,
            at=timezone.now(),
        )
    # The virtual card's certificates name no OCSP responder.
    assert caught.value.code == "jpki.ocsp_failed"
    assert x509.AuthorityInformationAccess not in [
        e.value.__class__ for e in jpki.hanako.authentication_certificate.extensions
    ]
