"""住民検索 by 世帯番号, 性別 and 在留カード等の番号 (§2.1.3 基本検索): the selector and the API."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jichitai.common.exceptions import InvalidInput
from jichitai.registry.models import ChangeType, Resident
from jichitai.registry.selectors import ResidentQuery, resident_search
from jichitai.registry.services import resident_correct, residents_register
from jichitai.registry.tests.factories import MIDORI_ADDRESS, person, yamada_family
from jichitai.tenants.models import Municipality
from jichitai.testing.client import ClientResponse

TODAY = dt.date(2026, 4, 7)
SEARCH = "/api/v1/102121/registry/residents/search"
CARD = "AB12345678CD"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


@pytest.fixture
def people(midori: Municipality) -> dict[str, Resident]:
    """The 山田 family and グエン, a 永住者 with a 在留カード, in another household."""
    family = yamada_family(midori)
    residents_register(
        municipality=midori,
        change_type=ChangeType.MOVE_IN_FROM_ABROAD,
        people=[
            person(
                "グエン　ヴァン　アン",
                "グエン　ヴァン　アン",
                dt.date(1990, 1, 1),
                "1",
                "世帯主",
                resident_type="foreign",
                nationality="ベトナム",
                foreign_category="mid_long_term",
                residence_status="永住者",
                residence_card_number=CARD,
            )
        ],
        address=MIDORI_ADDRESS,
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
    )
    return {**family, "グエン": Resident.objects.get(residence_card_number=CARD)}


def _names(municipality: Municipality, **query: Any) -> list[str]:
    found = resident_search(municipality=municipality, query=ResidentQuery(**query))
    return sorted(r.name for r in found)


def _number(resident: Resident) -> str:
    return resident.household.household_number


def test_search_by_household_number_sex_and_residence_card(
    midori: Municipality, people: dict[str, Resident]
) -> None:
    assert _names(midori, household_number=_number(people["花子"])) == [
        "山田　美咲",
        "山田　翔太",
        "山田　花子",
    ]
    assert _names(midori, household_number=_number(people["グエン"])) == ["グエン　ヴァン　アン"]
    assert _names(midori, sex="1") == ["グエン　ヴァン　アン", "山田　翔太"]
    assert _names(midori, residence_card_number=CARD) == ["グエン　ヴァン　アン"]
    # Typed in full width or with spaces around it, the number still matches.
    assert _names(midori, residence_card_number=" ＡＢ１２３４５６７８ＣＤ ") == [
        "グエン　ヴァン　アン"
    ]
    assert _names(midori, household_number="9" * 16) == []


def test_a_card_number_typed_in_lower_case_is_recorded_and_found_in_upper_case(
    midori: Municipality, people: dict[str, Resident]
) -> None:
    """The card prints its number in upper case; a clerk may type it either way."""
    guen = people["グエン"]
    resident_correct(
        municipality=midori,
        resident_id=guen.pk,
        change_type=ChangeType.CLERICAL_CORRECTION,
        updates={"residence_card_number": "ｘｙ９８７６５４３２ｚｗ"},
        reason="在留カードの更新",
        actor=None,
    )
    guen.refresh_from_db()
    assert guen.residence_card_number == "XY98765432ZW"
    assert _names(midori, residence_card_number="xy98765432zw") == ["グエン　ヴァン　アン"]


def test_the_new_keys_combine_with_each_other_and_the_old_ones(
    midori: Municipality, people: dict[str, Resident]
) -> None:
    yamada = _number(people["花子"])
    assert _names(midori, household_number=yamada, sex="2") == ["山田　美咲", "山田　花子"]
    assert _names(midori, household_number=yamada, sex="2", birth="令和5年1月10日") == [
        "山田　美咲"
    ]
    assert _names(midori, sex="1", name="やまだ") == ["山田　翔太"]
    assert _names(midori, household_number=yamada, residence_card_number=CARD) == []


@pytest.mark.parametrize(
    ("query", "code", "field"),
    [
        ({"household_number": "12-34"}, "registry.household_number_format", "/household_number"),
        ({"sex": "3"}, "registry.sex_invalid", "/sex"),
        (
            {"residence_card_number": "AB1234"},
            "registry.residence_card_number_format",
            "/residence_card_number",
        ),
    ],
)
def test_malformed_new_keys_are_refused_with_a_field_pointer(
    midori: Municipality, query: dict[str, Any], code: str, field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        resident_search(municipality=midori, query=ResidentQuery(**query))
    assert caught.value.code == code
    assert [e.field for e in caught.value.errors] == [field]


def _post(client: Client, body: dict[str, Any]) -> ClientResponse:
    return client.post(SEARCH, json.dumps(body), content_type="application/json")


def test_api_finds_by_household_number_sex_and_residence_card(
    clerk_client: Client, people: dict[str, Resident]
) -> None:
    def names(body: dict[str, Any]) -> list[str]:
        response = _post(clerk_client, body)
        assert response.status_code == 200, response.content
        return sorted(item["name"] for item in response.json()["items"])

    yamada = _number(people["花子"])
    assert len(names({"household_number": yamada})) == 3
    assert names({"sex": "9"}) == []
    assert names({"residence_card_number": CARD}) == ["グエン　ヴァン　アン"]
    assert names({"household_number": yamada, "sex": "1"}) == ["山田　翔太"]


# The selector's checks point at the key; the schema's bounds at the request body's member.
@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"household_number": "abc"}, "registry.household_number_format", "/household_number"),
        ({"household_number": "1" * 17}, "validation.failed", "/body/body/household_number"),
        ({"sex": "x"}, "registry.sex_invalid", "/sex"),
        ({"sex": "12"}, "validation.failed", "/body/body/sex"),
        (
            {"residence_card_number": "AB12345678C!"},
            "registry.residence_card_number_format",
            "/residence_card_number",
        ),
        (
            {"residence_card_number": "A" * 13},
            "validation.failed",
            "/body/body/residence_card_number",
        ),
    ],
)
def test_api_answers_422_with_the_field_for_bad_new_keys(
    clerk_client: Client, people: dict[str, Resident], body: dict[str, str], code: str, field: str
) -> None:
    response = _post(clerk_client, body)
    problem = response.json()
    assert response.status_code == 422 and problem["code"] == code
    assert [e["field"] for e in problem["errors"]] == [field]
