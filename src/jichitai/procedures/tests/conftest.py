"""Fixtures of the procedures tests: the 山田 family of みどり市, staff with each role, and a
fake JPKI verifier.

The fake accepts `factories.fake_signature(bytes)` over exactly the bytes it is asked to
verify and refuses anything else with the real `SignatureInvalid`: the tests check that
procedures signs and verifies the right bytes (identity.jpki's canonical form of the right
payload); identity's own tests check the CMS and certificate machinery.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.utils import timezone

from jichitai.conftest import PASSWORD
from jichitai.identity.jpki.basic_four import BasicFour, no_substitutes
from jichitai.identity.jpki.errors import SignatureInvalid
from jichitai.identity.models import Role, StaffUser
from jichitai.identity.services import staff_create
from jichitai.identity.tests.factories import NON_RESIDENT_KEYS, department_with_members
from jichitai.procedures import signing
from jichitai.procedures.actors import ResidentActor
from jichitai.procedures.tests.factories import fake_signature
from jichitai.registry.models import Resident
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality


@pytest.fixture
def family(midori: Municipality) -> dict[str, Resident]:
    midori.settings.mayor_name = "緑川　一郎"
    midori.settings.save()
    return yamada_family(midori)


def _staff(municipality: Municipality, username: str, role: Role) -> StaffUser:
    return staff_create(
        municipality=municipality,
        username=username,
        password=PASSWORD,
        display_name=username,
        roles=[role],
        actor=None,
        check_password=False,
    )


@pytest.fixture
def reviewer(midori: Municipality) -> StaffUser:
    """住民記録審査: acts on 転出届・転居届."""
    return _staff(midori, "reviewer", Role.REGISTRY_REVIEW)


@pytest.fixture
def officer(midori: Municipality) -> StaffUser:
    """各課担当 of 福祉課, which takes care of every department but 住民記録: acts on 児童手当,
    母子保健, 介護 … ."""
    user = _staff(midori, "officer", Role.DEPARTMENT)
    department_with_members(
        midori, code="fukushi", name="福祉課", keys=NON_RESIDENT_KEYS, members=[user]
    )
    return user


@pytest.fixture
def health_clerk(midori: Municipality) -> StaffUser:
    """窓口 of 健康づくり課 (`maternal_health`): reads a 妊娠の届出 but holds no 各課担当 role,
    so the workflow's step is not theirs."""
    user = _staff(midori, "health-clerk", Role.COUNTER)
    department_with_members(
        midori, code="kenko", name="健康づくり課", keys=["maternal_health"], members=[user]
    )
    return user


@pytest.fixture
def child_officer(midori: Municipality) -> StaffUser:
    """各課担当 of こども課 (`child` only): must not read a 転出届 or a 介護 case."""
    user = _staff(midori, "child-officer", Role.DEPARTMENT)
    department_with_members(midori, code="kodomo", name="こども課", keys=["child"], members=[user])
    return user


def card_of(resident: Resident) -> BasicFour:
    """基本4情報 of the resident's own card, as J-LIS writes them from the register."""
    return BasicFour(
        name=resident.name,
        name_substitute=no_substitutes(resident.name),
        sex=resident.sex,
        birth_date=resident.birth_date,
        address=f"{resident.address}{resident.address_extra}",
        address_substitute=no_substitutes(f"{resident.address}{resident.address_extra}"),
    )


def _fake_verifier(certificate: Any) -> tuple[list[bytes], Any]:
    """A verifier accepting `fake_signature(data)`. The card that signed is the signed-in
    resident's own (the tests of another person's card sign with real virtual cards, in
    portal/tests/test_signer.py); a staff member re-verifying later gets the card that made
    that signature."""
    verified: list[bytes] = []
    signers: dict[bytes, BasicFour | None] = {}

    def verify(data: bytes, cms_der: bytes, at: Any = None, **kwargs: Any) -> Any:
        if cms_der != fake_signature(data):
            raise SignatureInvalid()
        verified.append(data)
        actor = kwargs.get("actor")
        if isinstance(actor, ResidentActor) and actor.resident_id is not None:
            signers[cms_der] = card_of(Resident.objects.get(pk=actor.resident_id))
        return SimpleNamespace(certificate=certificate, basic_four=signers.get(cms_der))

    return verified, verify


@pytest.fixture
def fake_jpki(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Replaces the verifier; returns the list of the bytes it was asked to verify."""
    verified, verify = _fake_verifier(SimpleNamespace(public_bytes=lambda encoding: b"DER"))
    monkeypatch.setattr(signing, "verify_detached_signature", verify)
    return verified


def _signer_certificate() -> x509.Certificate:
    """A certificate shaped like a 署名用電子証明書 for display: like J-LIS's, its subject
    names no person."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.COMMON_NAME, "test-signer-0001"),
        ]
    )
    now = timezone.now()
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(0x1234ABCD)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )


@pytest.fixture
def jpki_with_certificate(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Like conftest's fake_jpki, but the verifier returns a real (test) certificate, so the
    page has a subject, a serial number and a validity to show."""
    verified, verify = _fake_verifier(_signer_certificate())
    monkeypatch.setattr(signing, "verify_detached_signature", verify)
    return verified
