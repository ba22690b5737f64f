from __future__ import annotations

import pytest

from jichitai.common.exceptions import InvalidInput
from jichitai.departments.models import Business
from jichitai.linkage.errors import LinkageError
from jichitai.linkage.selectors import exchanges_for_case, resident_exchanges
from jichitai.linkage.services import exchange_request, person_code_obtain, resident_holdings
from jichitai.linkage.tests.conftest import MIDORI, MINAKAMI, ProvidedBy, resident_code

pytestmark = pytest.mark.django_db

HANAKO = resident_code("4000000001")
TARO = resident_code("4000000002")


def _ask_income(who: str) -> str:
    code = person_code_obtain(
        municipality_code=MINAKAMI, business=Business.CHILDCARE, resident_code=who
    )
    return exchange_request(
        requester_municipality=MINAKAMI,
        requester_business=Business.CHILDCARE,
        requester_code=code,
        item="resident_tax.income",
        task="子どものための教育・保育給付の支給に関する事務",
        purpose="利用者負担額の決定",
        params={"fiscal_year": 2026},
    ).public_id


def test_a_resident_sees_only_their_own_exchanges_newest_first(departments: ProvidedBy) -> None:
    first, second = _ask_income(HANAKO), _ask_income(HANAKO)
    _ask_income(TARO)
    history = resident_exchanges(resident_code=HANAKO)
    assert [str(r.public_id) for r in history] == [second, first]
    assert {r.task for r in history} == {"子どものための教育・保育給付の支給に関する事務"}
    assert all("子ども・子育て支援法" in r.legal_basis for r in history)
    assert len(resident_exchanges(resident_code=HANAKO, limit=1, offset=1)) == 1
    assert resident_exchanges(resident_code=resident_code("4000000003")) == []


def test_a_refused_exchange_shows_in_the_history(departments: ProvidedBy) -> None:
    code = person_code_obtain(
        municipality_code=MINAKAMI, business=Business.CARE, resident_code=HANAKO
    )
    with pytest.raises(LinkageError):
        exchange_request(
            requester_municipality=MINAKAMI,
            requester_business=Business.CARE,
            requester_code=code,
            item="maternal_health.pregnancy",
            task="介護保険の保険料の賦課に関する事務",
            purpose="保険料段階の決定",
            params={},
        )
    assert [r.result for r in resident_exchanges(resident_code=HANAKO)] == ["refused"]


def test_the_history_refuses_a_bad_resident_code() -> None:
    with pytest.raises(InvalidInput):
        resident_exchanges(resident_code="1" * 5000)


def test_my_information_is_fetched_through_the_broker_and_recorded(
    departments: ProvidedBy,
) -> None:
    tax = person_code_obtain(municipality_code=MIDORI, business=Business.TAX, resident_code=HANAKO)
    person_code_obtain(municipality_code=MINAKAMI, business=Business.NHI, resident_code=HANAKO)
    departments[(MIDORI, "tax", tax)] = {"resident_tax.income": {"income": 1}}
    holdings = resident_holdings(portal_municipality=MINAKAMI, resident_code=HANAKO)
    assert [(h.municipality_code, h.business, len(h.holdings)) for h in holdings] == [
        (MIDORI, Business.TAX, 1),
        (MINAKAMI, Business.NHI, 0),
    ]
    history = resident_exchanges(resident_code=HANAKO)
    assert {(r.requester_business, r.provider_municipality, r.result) for r in history} == {
        ("resident", MIDORI, "provided"),
        ("resident", MINAKAMI, "not_found"),
    }
    assert resident_holdings(portal_municipality=MINAKAMI, resident_code=TARO) == []


def test_a_case_finds_the_exchanges_it_names(departments: ProvidedBy) -> None:
    public_id = _ask_income(HANAKO)
    _ask_income(TARO)
    found = exchanges_for_case(public_ids=[public_id, "not-a-uuid"])
    assert [str(r.public_id) for r in found] == [public_id]
