"""JPKI fixtures: one test CA and two virtual cards per test session (RSA key generation is
the slow part), and per test the settings that trust that CA plus its CRL loaded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from jichitai.identity.jpki.revocation import crl_load
from jichitai.identity.jpki.virtual_card import (
    VirtualCard,
    VirtualCertificateAuthority,
    virtual_card_issue,
)


@dataclass(frozen=True)
class JpkiWorld:
    ca_dir: Path
    card_dir: Path
    authority: VirtualCertificateAuthority
    hanako: VirtualCard  # 署名用 name with a 代替文字
    taro: VirtualCard


def jpki_settings(ca_dir: Path, card_dir: Path) -> dict[str, object]:
    return {
        "JPKI_TEST_CA_DIR": str(ca_dir),
        "JPKI_VIRTUAL_CARD_DIR": str(card_dir),
        "JPKI_TRUST_ANCHORS": [str(ca_dir / "ca.pem")],
        "JPKI_ALLOW_TEST_CA": True,
        "JPKI_REVOCATION_METHOD": "crl",
    }


@pytest.fixture(scope="session")
def jpki_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JpkiWorld]:
    ca_dir = tmp_path_factory.mktemp("test-ca")
    card_dir = tmp_path_factory.mktemp("cards")
    with override_settings(**jpki_settings(ca_dir, card_dir)):
        authority = VirtualCertificateAuthority.create()
        hanako = virtual_card_issue(
            name="髙橋　花子",
            name_substitute="10000",
            birth_date=dt.date(1990, 4, 1),
            sex="2",
            address="群馬県みどり市笠懸町鹿２９５２番地",
            my_number="123456789018",
        )
        taro = virtual_card_issue(
            name="山田　太郎",
            birth_date=dt.date(1958, 11, 3),
            sex="1",
            address="群馬県みどり市大間々町大間々１５１１番地",
            my_number="234567890121",
            pin="4321",
            signing_password="TARO2026",
        )
    yield JpkiWorld(ca_dir, card_dir, authority, hanako, taro)


@pytest.fixture
def jpki(jpki_world: JpkiWorld, settings: Any, db: None) -> JpkiWorld:
    """The session's CA trusted, its current CRL loaded, as `jichitai card init-ca` leaves it."""
    for name, value in jpki_settings(jpki_world.ca_dir, jpki_world.card_dir).items():
        setattr(settings, name, value)
    crl_load(data=jpki_world.authority.crl_path.read_bytes())
    return jpki_world
