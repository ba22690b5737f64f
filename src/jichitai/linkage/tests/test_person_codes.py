from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from jichitai.audit.models import AuditRecord
from jichitai.common.exceptions import InvalidInput
from jichitai.departments.models import Business
from jichitai.linkage.models import Person, PersonCode
from jichitai.linkage.services import person_code_obtain
from jichitai.linkage.tests.conftest import MIDORI, MINAKAMI, resident_code
from jichitai.registry.services import resident_code_renew
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality

pytestmark = pytest.mark.django_db

ALICE = resident_code("1234567890")


def test_the_same_person_keeps_one_code_per_business_and_municipality() -> None:
    first = person_code_obtain(municipality_code=MIDORI, business=Business.TAX, resident_code=ALICE)
    again = person_code_obtain(municipality_code=MIDORI, business=Business.TAX, resident_code=ALICE)
    other_business = person_code_obtain(
        municipality_code=MIDORI, business=Business.CHILD_ALLOWANCE, resident_code=ALICE
    )
    other_town = person_code_obtain(
        municipality_code=MINAKAMI, business=Business.TAX, resident_code=ALICE
    )
    assert first == again
    assert len({first, other_business, other_town}) == 3
    assert Person.objects.count() == 1
    assert PersonCode.objects.count() == 3


def test_a_code_is_random_and_tells_nothing_of_the_person() -> None:
    code = person_code_obtain(municipality_code=MIDORI, business=Business.NHI, resident_code=ALICE)
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", code)
    assert ALICE not in code
    other = resident_code("1234567891")
    assert (
        person_code_obtain(municipality_code=MIDORI, business=Business.NHI, resident_code=other)[:8]
        != code[:8]
    )


def test_an_issued_code_is_audited_without_the_code_or_resident_code() -> None:
    code = person_code_obtain(municipality_code=MIDORI, business=Business.CARE, resident_code=ALICE)
    record = AuditRecord.objects.get(action="linkage.fugo_issue")
    assert record.municipality_code == MIDORI
    assert code not in str(record.detail) and ALICE not in record.object_id


def test_a_bad_resident_code_is_refused() -> None:
    with pytest.raises(InvalidInput) as raised:
        person_code_obtain(
            municipality_code=MIDORI, business=Business.TAX, resident_code="12345678901"
        )
    assert raised.value.code == "resident_code.check_digit"
    assert not Person.objects.exists()


def test_the_mapping_lives_in_the_brokers_database_only() -> None:
    person_code_obtain(municipality_code=MIDORI, business=Business.TAX, resident_code=ALICE)
    assert PersonCode.objects.db == "linkage"
    from django.db import connections

    assert "linkage_personcode" in connections["linkage"].introspection.table_names()
    assert "linkage_personcode" not in connections["default"].introspection.table_names()
    assert "registry_resident" not in connections["linkage"].introspection.table_names()


def test_a_changed_resident_code_keeps_the_persons_codes(
    midori: Municipality, django_capture_on_commit_callbacks: Any
) -> None:
    """住民票コードの変更請求 (住民基本台帳法 第30条の4): the broker follows the register once
    the change commits, so the person's 符号 still lead to them."""
    hanako = yamada_family(midori)["花子"]
    old = hanako.resident_code
    tax = person_code_obtain(municipality_code=MIDORI, business=Business.TAX, resident_code=old)

    with django_capture_on_commit_callbacks(execute=True):
        resident_code_renew(
            municipality=midori,
            resident_id=hanako.pk,
            effective_on=dt.date(2026, 4, 7),
            notified_on=dt.date(2026, 4, 7),
            actor=None,
        )

    hanako.refresh_from_db()
    assert hanako.resident_code != old
    assert (
        person_code_obtain(
            municipality_code=MIDORI, business=Business.TAX, resident_code=hanako.resident_code
        )
        == tax
    )
    assert not Person.objects.filter(resident_code=old).exists()
