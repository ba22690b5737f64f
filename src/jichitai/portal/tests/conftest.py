"""Fixtures of the portal tests: the JPKI test CA and virtual cards of the identity tests, and
the register's 髙橋花子 whom the virtual card 'hanako' describes."""

from __future__ import annotations

import datetime as dt

import pytest

from jichitai.identity.jpki.virtual_card import VirtualCard, virtual_card_issue
from jichitai.identity.tests.conftest import JpkiWorld, jpki, jpki_world  # noqa: F401
from jichitai.registry.models import ChangeType, Resident
from jichitai.registry.services import Address, residents_register
from jichitai.registry.tests.factories import person, yamada_family
from jichitai.tenants.models import Municipality


@pytest.fixture
def hanako(midori: Municipality) -> Resident:
    """The register's 髙橋花子, as on the virtual card (whose 髙 is a 代替文字)."""
    change = residents_register(
        municipality=midori,
        change_type=ChangeType.MOVE_IN,
        people=[person("髙橋　花子", "タカハシ　ハナコ", dt.date(1990, 4, 1), "2", "世帯主")],
        address=Address(address="群馬県みどり市笠懸町鹿2952番地"),
        effective_on=dt.date(2024, 4, 1),
        notified_on=dt.date(2024, 4, 1),
        actor=None,
    )
    return Resident.objects.get(history__change=change)


@pytest.fixture
def yamada_card(
    jpki: JpkiWorld,  # noqa: F811 - the fixture of the same name
    midori: Municipality,
) -> tuple[dict[str, Resident], VirtualCard]:
    """The demo family of みどり市 (山田花子 and her two children) and 花子's virtual card."""
    family = yamada_family(midori)
    hanako = family["花子"]
    card = virtual_card_issue(
        name=hanako.name,
        birth_date=hanako.birth_date,
        sex=hanako.sex,
        address=hanako.address,
        my_number="123456789018",
    )
    return family, card
