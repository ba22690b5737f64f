"""Story step 4 at さくら町 (here みなかみ町): 山田花子's 転出 from みどり市 was approved, its
転出証明書情報 waits at みなかみ町, and she comes to the counter with her virtual card."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from jichitai.conftest import PASSWORD
from jichitai.identity.jpki.services import (
    VirtualCard,
    VirtualCertificateAuthority,
    crl_load,
    virtual_card_issue,
)
from jichitai.identity.models import Role, StaffUser
from jichitai.identity.services import staff_create
from jichitai.procedures.services import case_approve, case_claim
from jichitai.procedures.tests.conftest import fake_jpki  # noqa: F401  # the fixture
from jichitai.procedures.tests.factories import onestop_submit
from jichitai.registry.models import MoveOutCertificate, Resident
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality


def staff(municipality: Municipality, username: str, role: Role) -> StaffUser:
    return staff_create(
        municipality=municipality,
        username=username,
        password=PASSWORD,
        display_name=username,
        roles=[role],
        actor=None,
        check_password=False,
    )


@dataclass(frozen=True)
class Story:
    midori: Municipality
    minakami: Municipality
    family: dict[str, Resident]
    certificate: MoveOutCertificate
    clerk: StaffUser  # 窓口 of みなかみ町
    card: VirtualCard  # 花子's, still with the みどり市 address


def _jpki_settings(ca_dir: Path, card_dir: Path) -> dict[str, Any]:
    return {
        "JPKI_TEST_CA_DIR": str(ca_dir),
        "JPKI_VIRTUAL_CARD_DIR": str(card_dir),
        "JPKI_TRUST_ANCHORS": [str(ca_dir / "ca.pem")],
        "JPKI_ALLOW_TEST_CA": True,
        "JPKI_REVOCATION_METHOD": "crl",
    }


@pytest.fixture(scope="session")
def counter_ca(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    ca_dir = tmp_path_factory.mktemp("counter-ca")
    with override_settings(**_jpki_settings(ca_dir, ca_dir / "cards")):
        VirtualCertificateAuthority.create()
    yield ca_dir


@pytest.fixture
def story(
    midori: Municipality,
    minakami: Municipality,
    fake_jpki: list[bytes],  # noqa: F811
    counter_ca: Path,
    tmp_path: Path,
    settings: Any,
) -> Story:
    for name, value in _jpki_settings(counter_ca, tmp_path / "cards").items():
        setattr(settings, name, value)
    crl_load(data=(counter_ca / "crl.pem").read_bytes())
    family = yamada_family(midori)
    reviewer = staff(midori, "reviewer", Role.REGISTRY_REVIEW)
    origin = onestop_submit(midori, minakami, family)
    case_claim(municipality=midori, case_id=origin.pk, actor=reviewer)
    case_approve(municipality=midori, case_id=origin.pk, actor=reviewer)
    hanako = family["花子"]
    card = virtual_card_issue(
        name=hanako.name,
        birth_date=hanako.birth_date,
        sex=hanako.sex,
        address=hanako.address,
        my_number="123456789018",
    )
    return Story(
        midori=midori,
        minakami=minakami,
        family=family,
        certificate=MoveOutCertificate.objects.for_municipality(minakami).get(),
        clerk=staff(minakami, "madoguchi", Role.COUNTER),
        card=card,
    )
