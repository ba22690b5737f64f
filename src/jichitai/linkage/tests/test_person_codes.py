from __future__ import annotations

import re

import pytest

from jichitai.audit.models import AuditRecord
from jichitai.common.exceptions import InvalidInput
from jichitai.departments.models import Business
from jichitai.linkage.models import Person, PersonCode
from jichitai.linkage.services import person_code_obtain
from jichitai.linkage.tests.conftest import MIDORI, MINAKAMI, resident_code

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
