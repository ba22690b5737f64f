"""Test data for the registry, made through the services (never by writing rows directly)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jichitai.identity.models import StaffUser
from jichitai.registry.inputs import PersonData
from jichitai.registry.models import Change, ChangeType, Resident
from jichitai.registry.services import Address, residents_register
from jichitai.tenants.models import Municipality

MIDORI_ADDRESS = Address(
    address="群馬県みどり市大間々町大間々1511番地", address_extra="", postal_code="3760101"
)


def person(
    name: str, kana: str, born: dt.date, sex: str, relationship: str, **extra: Any
) -> PersonData:
    return PersonData(
        name=name, name_kana=kana, birth_date=born, sex=sex, relationship=relationship, **extra
    )


def yamada_family(
    municipality: Municipality,
    *,
    actor: StaffUser | None = None,
    effective_on: dt.date = dt.date(2024, 4, 1),
) -> dict[str, Resident]:
    """山田花子 (head) with her two children, 8 and 3 in 2026 (STORY.md)."""
    change = residents_register(
        municipality=municipality,
        change_type=ChangeType.MOVE_IN,
        people=[
            person(
                "山田　花子",
                "ヤマダ　ハナコ",
                dt.date(1990, 6, 15),
                "2",
                "世帯主",
                my_number="123456789018",
                domicile="群馬県みどり市大間々町大間々1番地",
                domicile_head="山田　太郎",
            ),
            person("山田　翔太", "ヤマダ　ショウタ", dt.date(2018, 5, 20), "1", "子"),
            person("山田　美咲", "ヤマダ　ミサキ", dt.date(2023, 1, 10), "2", "子"),
        ],
        address=MIDORI_ADDRESS,
        effective_on=effective_on,
        notified_on=effective_on,
        actor=actor,
        previous_address="東京都千代田区千代田1番1号",
    )
    members = {
        r.name.split("　")[1]: r
        for r in Resident.objects.filter(history__change=change).order_by("household_order")
    }
    return members


def change_of(resident: Resident) -> Change:
    latest = resident.history.order_by("-history_number").first()
    assert latest is not None
    return latest.change
