from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from jichitai.departments.models import Business
from jichitai.linkage.errors import ExchangeRequestInvalid, LinkageError
from jichitai.linkage.models import ExchangeRecord
from jichitai.linkage.services import ExchangeResult, exchange_request, person_code_obtain
from jichitai.linkage.tests.conftest import MIDORI, MINAKAMI, ProvidedBy, resident_code

pytestmark = pytest.mark.django_db

PARENT = resident_code("2000000001")
INCOME_TASK = "児童手当の支給に関する事務"
PURPOSE = "児童手当の認定請求の審査（所得の確認）"


def _code(municipality: str, business: Business, who: str = PARENT) -> str:
    return person_code_obtain(municipality_code=municipality, business=business, resident_code=who)


def _ask(requester_code: str, **overrides: Any) -> ExchangeResult:
    arguments: dict[str, Any] = {
        "requester_municipality": MINAKAMI,
        "requester_business": Business.CHILD_ALLOWANCE,
        "requester_code": requester_code,
        "item": "resident_tax.income",
        "task": INCOME_TASK,
        "purpose": PURPOSE,
        "params": {"fiscal_year": 2026},
    }
    arguments.update(overrides)
    return exchange_request(**arguments)


def test_a_town_obtains_income_from_another_towns_tax_records(departments: ProvidedBy) -> None:
    """転入 from みどり市 to みなかみ町: みなかみ町's 児童手当 asks, みどり市's 住民税 answers."""
    tax_code = _code(MIDORI, Business.TAX)
    departments[(MIDORI, "tax", tax_code)] = {"resident_tax.income": {"income": 4_200_000}}
    result = _ask(_code(MINAKAMI, Business.CHILD_ALLOWANCE))
    assert result.data == {"income": 4_200_000}
    assert result.provider_municipality == MIDORI
    assert "児童手当法第4条" in result.legal_basis
    record = ExchangeRecord.objects.get()
    assert (record.result, record.requester_municipality, record.provider_business) == (
        "provided",
        MINAKAMI,
        "tax",
    )
    assert str(record.public_id) == result.public_id
    assert "4200000" not in str(
        {f.name: getattr(record, f.name) for f in ExchangeRecord._meta.concrete_fields}
    ), "the record holds no value provided"


def test_the_requesters_own_town_answers_first(departments: ProvidedBy) -> None:
    here, there = _code(MINAKAMI, Business.TAX), _code(MIDORI, Business.TAX)
    departments[(MINAKAMI, "tax", here)] = {"resident_tax.income": {"income": 1}}
    departments[(MIDORI, "tax", there)] = {"resident_tax.income": {"income": 2}}
    assert _ask(_code(MINAKAMI, Business.CHILD_ALLOWANCE)).data == {"income": 1}
    named = _ask(_code(MINAKAMI, Business.CHILD_ALLOWANCE), provider_municipality=MIDORI)
    assert named.data == {"income": 2}


def test_nothing_held_is_recorded_as_not_found(departments: ProvidedBy) -> None:
    _code(MIDORI, Business.TAX)
    result = _ask(_code(MINAKAMI, Business.CHILD_ALLOWANCE))
    assert result.data is None
    assert ExchangeRecord.objects.get().result == "not_found"


def test_an_exchange_outside_the_table_is_refused_and_recorded(departments: ProvidedBy) -> None:
    code = _code(MINAKAMI, Business.CHILD_ALLOWANCE)
    with pytest.raises(LinkageError) as raised:
        _ask(code, item="nhi.coverage")
    assert raised.value.code == "linkage.exchange_not_allowed"
    record = ExchangeRecord.objects.get()
    assert (record.result, record.refusal_code, record.item) == (
        "refused",
        "linkage.exchange_not_allowed",
        "nhi.coverage",
    )
    assert record.person is not None, "the person sees the refused attempt in their history"
    assert str(record.public_id) == raised.value.extra["exchange"]


def test_a_refusal_survives_the_callers_rollback(departments: ProvidedBy) -> None:
    code = _code(MINAKAMI, Business.CHILD_ALLOWANCE)
    with pytest.raises(LinkageError), transaction.atomic():
        _ask(code, task="生活保護の決定に関する事務")
    assert ExchangeRecord.objects.filter(result="refused").count() == 1


def test_a_code_of_another_business_is_refused(departments: ProvidedBy) -> None:
    tax_code = _code(MINAKAMI, Business.TAX)
    with pytest.raises(LinkageError) as raised:
        _ask(tax_code)
    assert raised.value.code == "linkage.fugo_unknown"
    record = ExchangeRecord.objects.get()
    assert (record.result, record.person) == ("refused", None)


def test_an_unknown_or_hostile_code_is_refused(departments: ProvidedBy) -> None:
    for code in ("no-such-code", "", "x" * 5000):
        with pytest.raises(LinkageError):
            _ask(code)
    assert ExchangeRecord.objects.filter(refusal_code="linkage.fugo_unknown").count() == 3


@pytest.mark.parametrize(
    "overrides",
    [
        {"purpose": ""},
        {"purpose": "あ" * 201},
        {"task": "事" * 101},
        {"requester_municipality": "999999"},
        {"params": {"fiscal_year": 10**20}},
        {"params": {"Bad Name": 1}},
    ],
)
def test_malformed_requests_are_answered_422(
    departments: ProvidedBy, overrides: dict[str, Any]
) -> None:
    code = _code(MINAKAMI, Business.CHILD_ALLOWANCE)
    with pytest.raises(ExchangeRequestInvalid) as raised:
        _ask(code, **overrides)
    assert raised.value.status == 422
