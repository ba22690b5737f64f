from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from django.utils import timezone
from pytest_django import Settings

from jichitai.identity.jpki.certificates import load_certificate, verify_certificate
from jichitai.identity.jpki.errors import JpkiError
from jichitai.identity.jpki.policies import CertificateKind
from jichitai.identity.jpki.revocation import crl_load
from jichitai.identity.jpki.signatures import verify_signing_certificate
from jichitai.identity.jpki.virtual_card import VirtualCertificateAuthority, virtual_card_issue
from jichitai.identity.models import RevocationListLoad
from jichitai.identity.tests.conftest import JpkiWorld
from jichitai.identity.tests.jpki_factories import der, odd_certificate

AUTH = CertificateKind.AUTHENTICATION
SIGN = CertificateKind.SIGNING


def _refusal(kind: CertificateKind, certificate_der: bytes, **kwargs: Any) -> str:
    with pytest.raises(JpkiError) as caught:
        verify_certificate(load_certificate(certificate_der), kind=kind, **kwargs)
    return caught.value.code


def test_authentication_certificate_verifies_without_basic_four(jpki: JpkiWorld) -> None:
    verified = verify_certificate(jpki.hanako.authentication_certificate, kind=AUTH)
    assert verified.kind is AUTH
    assert verified.basic_four is None
    assert verified.serial == format(jpki.hanako.authentication_certificate.serial_number, "X")
    assert len(verified.fingerprint_sha256) == 64
    assert "テスト認証局" in verified.issuer


def test_signing_certificate_verifies_with_basic_four(jpki: JpkiWorld) -> None:
    verified = verify_signing_certificate(der(jpki.taro.signing_certificate))
    assert verified.basic_four is not None
    assert verified.basic_four.name == "山田　太郎"


def test_expired_certificate_is_refused(jpki: JpkiWorld) -> None:
    card = virtual_card_issue(
        name="期限　切子",
        birth_date=dt.date(1980, 1, 1),
        sex="2",
        address="群馬県みどり市",
        my_number="123456789018",
        valid_from=timezone.now() - dt.timedelta(days=400),
        valid_until=timezone.now() - dt.timedelta(days=1),
    )
    assert _refusal(AUTH, der(card.authentication_certificate)) == "jpki.certificate_expired"


def test_not_yet_valid_certificate_is_refused(jpki: JpkiWorld) -> None:
    code = _refusal(
        AUTH, der(jpki.hanako.authentication_certificate), at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    )
    assert code == "jpki.certificate_not_yet_valid"


def test_certificate_of_an_unknown_ca_is_refused(jpki: JpkiWorld, tmp_path: Path) -> None:
    stranger = VirtualCertificateAuthority.create(directory=tmp_path)
    certificate, _key = odd_certificate(stranger)
    assert _refusal(AUTH, der(certificate)) == "jpki.unknown_ca"


def test_no_trust_anchor_configured_means_unknown_ca(jpki: JpkiWorld, settings: Settings) -> None:
    settings.JPKI_TRUST_ANCHORS = []
    assert _refusal(AUTH, der(jpki.hanako.authentication_certificate)) == "jpki.unknown_ca"


def test_wrong_policy_is_refused_in_both_directions(jpki: JpkiWorld) -> None:
    assert (
        _refusal(AUTH, der(jpki.hanako.signing_certificate))
        == "jpki.authentication_certificate_required"
    )
    assert (
        _refusal(SIGN, der(jpki.hanako.authentication_certificate))
        == "jpki.signing_certificate_required"
    )


def test_signing_certificate_without_non_repudiation_is_refused(jpki: JpkiWorld) -> None:
    certificate, _key = odd_certificate(jpki.authority, kind=SIGN, non_repudiation=False)
    assert _refusal(SIGN, der(certificate)) == "jpki.key_usage_invalid"


def test_keys_other_than_rsa_2048_with_sha256_are_refused(jpki: JpkiWorld) -> None:
    small_key = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505 - the weak key under test
    small, _ = odd_certificate(jpki.authority, key=small_key)
    sha384, _ = odd_certificate(jpki.authority, hash_algorithm=hashes.SHA384())
    assert _refusal(AUTH, der(small)) == "jpki.algorithm_unsupported"
    assert _refusal(AUTH, der(sha384)) == "jpki.algorithm_unsupported"


def test_malformed_certificate_is_refused() -> None:
    with pytest.raises(JpkiError) as caught:
        load_certificate(b"not a certificate")
    assert caught.value.code == "jpki.certificate_malformed"


def test_revoked_certificate_is_refused_from_the_moment_of_revocation(jpki: JpkiWorld) -> None:
    card = virtual_card_issue(
        name="失効　太郎",
        birth_date=dt.date(1970, 5, 5),
        sex="1",
        address="群馬県",
        my_number="123456789018",
    )
    before = timezone.now() - dt.timedelta(minutes=1)
    crl_load(
        data=jpki.authority.publish_crl(revoke=(card.authentication_certificate.serial_number,))
    )
    assert _refusal(AUTH, der(card.authentication_certificate)) == "jpki.certificate_revoked"
    # A signature made before the revocation still checks out against the same list.
    verify_certificate(card.authentication_certificate, kind=AUTH, at=before)


def test_stale_revocation_list_is_an_error_not_a_pass(jpki: JpkiWorld) -> None:
    RevocationListLoad.objects.update(next_update=timezone.now() - dt.timedelta(hours=1))
    assert _refusal(AUTH, der(jpki.hanako.authentication_certificate)) == "jpki.revocation_stale"


def test_missing_revocation_list_is_an_error_not_a_pass(jpki: JpkiWorld) -> None:
    RevocationListLoad.objects.all().delete()
    assert (
        _refusal(AUTH, der(jpki.hanako.authentication_certificate)) == "jpki.revocation_unavailable"
    )
