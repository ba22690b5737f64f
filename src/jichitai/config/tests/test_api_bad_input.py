"""The security review's bad inputs (issue 9, finding 3), each sent as the review sent it: every
one answers a 4xx problem document with a stable code, and nothing is written.
They run on SQLite and PostgreSQL (where NUL and over-long values used to fail in the database).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jichitai.audit.models import AuditRecord
from jichitai.conftest import signed_in
from jichitai.identity.models import StaffUser
from jichitai.registry.models import Change, Resident
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality
from jichitai.testing.client import ClientResponse

BASE = "/api/v1/102121/registry"
HUGE = 2**63
TODAY = dt.date(2026, 4, 7)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def _post(client: Client, path: str, body: Any, **kwargs: Any) -> ClientResponse:
    return client.post(f"{BASE}{path}", json.dumps(body), content_type="application/json", **kwargs)


def _problem(response: ClientResponse, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["code"] == code, body
    return body


def _field_codes(body: dict[str, Any]) -> set[str]:
    return {error["code"] for error in body["errors"]}


PERSON = {
    "name": "佐藤　一郎",
    "name_kana": "サトウ　イチロウ",
    "birth_date": "1980-02-03",
    "sex": "1",
    "relationship": "世帯主",
}
ENTRY = {
    "type": "move_in",
    "effective_on": "2026-04-06",
    "address": {"address": "群馬県みどり市笠懸町鹿2952番地"},
    "people": [PERSON],
}


@pytest.mark.parametrize("query", [{"offset": HUGE}, {"limit": HUGE}, {"offset": -1}])
def test_municipality_list_paging_out_of_range_is_refused(client: Client, query: dict) -> None:
    body = _problem(client.get("/api/v1/municipalities", query), 422, "validation.failed")
    assert body["errors"][0]["field"].startswith("/query/")


def test_audit_list_offset_out_of_range_is_refused(client: Client, auditor: StaffUser) -> None:
    before = AuditRecord.objects.count()
    response = signed_in(auditor).get("/api/v1/102121/audit/records", {"offset": HUGE})
    _problem(response, 422, "validation.failed")
    assert AuditRecord.objects.count() == before


def test_resident_ids_out_of_range_are_refused(clerk_client: Client, midori: Municipality) -> None:
    yamada_family(midori)
    changes = Change.objects.count()
    body = {"type": "death", "effective_on": "2026-04-06", "resident_ids": [HUGE]}
    _problem(_post(clerk_client, "/changes/removal", body), 422, "validation.failed")
    assert Change.objects.count() == changes


def test_ids_out_of_range_in_the_path_are_refused(
    clerk_client: Client, midori: Municipality
) -> None:
    response = clerk_client.get(f"{BASE}/residents/{HUGE}")
    assert _problem(response, 422, "validation.failed")["errors"][0]["field"] == "/path/resident_id"


@pytest.mark.parametrize(
    "field",
    [
        "former_surname",
        "name_alphabet",
        "domicile",
        "domicile_head",
        "former_surname_kana",
        "alias_kana",
    ],
)
def test_entry_values_longer_than_their_column_are_refused(
    clerk_client: Client, midori: Municipality, field: str
) -> None:
    body = {**ENTRY, "people": [{**PERSON, field: "あ" * 1000}]}
    problem = _problem(_post(clerk_client, "/changes/entry", body), 422, "validation.failed")
    assert problem["errors"][0]["field"] == f"/body/body/people/0/{field}"
    assert problem["errors"][0]["code"] == "validation.string_too_long"
    assert Resident.objects.count() == 0


def test_entry_previous_address_longer_than_its_column_is_refused(
    clerk_client: Client, midori: Municipality
) -> None:
    body = {**ENTRY, "previous_address": "東" * 1000}
    _problem(_post(clerk_client, "/changes/entry", body), 422, "validation.failed")
    assert Resident.objects.count() == 0


def test_removal_moving_to_address_longer_than_its_column_is_refused(
    clerk_client: Client, midori: Municipality
) -> None:
    hanako = yamada_family(midori)["花子"]
    changes = Change.objects.count()
    body = {
        "type": "move_out",
        "effective_on": "2026-04-06",
        "resident_ids": list(Resident.objects.values_list("pk", flat=True)),
        "moving_to_address": "東" * 1000,
    }
    _problem(_post(clerk_client, "/changes/removal", body), 422, "validation.failed")
    assert Change.objects.count() == changes
    hanako.refresh_from_db()
    assert hanako.moving_to_address == ""


def test_correction_with_a_null_item_is_refused(
    midori: Municipality, supervisor: StaffUser
) -> None:
    hanako = yamada_family(midori)["花子"]
    changes = Change.objects.count()
    body = {"type": "clerical_correction", "updates": {"domicile": None}, "reason": "誤記"}
    response = _post(signed_in(supervisor), f"/residents/{hanako.pk}/correction", body)
    problem = _problem(response, 422, "validation.failed")
    assert problem["errors"][0]["field"] == "/body/body/updates/domicile"
    assert Change.objects.count() == changes
    hanako.refresh_from_db()
    assert hanako.domicile == "群馬県みどり市大間々町大間々1番地"


def test_correction_of_an_unknown_item_is_still_named(
    midori: Municipality, supervisor: StaffUser
) -> None:
    hanako = yamada_family(midori)["花子"]
    body = {"type": "clerical_correction", "updates": {"status": "closed"}, "reason": "誤記"}
    response = _post(signed_in(supervisor), f"/residents/{hanako.pk}/correction", body)
    _problem(response, 422, "registry.field_not_correctable")


def test_head_change_with_an_empty_relationship_is_refused(
    clerk_client: Client, midori: Municipality
) -> None:
    family = yamada_family(midori)
    shota, misaki = family["翔太"], family["美咲"]
    changes = Change.objects.count()
    body = {
        "effective_on": "2026-04-06",
        "household_id": shota.household_id,
        "new_head_id": shota.pk,
        "relationships": {str(misaki.pk): ""},
    }
    _problem(_post(clerk_client, "/changes/head-change", body), 422, "validation.failed")
    assert Change.objects.count() == changes
    misaki.refresh_from_db()
    assert misaki.relationship == "子"


def test_household_transfer_with_an_empty_relationship_is_refused(
    clerk_client: Client, midori: Municipality
) -> None:
    family = yamada_family(midori)
    other = _post(clerk_client, "/changes/entry", ENTRY).json()
    target = Resident.objects.get(pk=other["resident_ids"][0]).household_id
    changes = Change.objects.count()
    body = {
        "effective_on": "2026-04-06",
        "resident_ids": [family["美咲"].pk],
        "household_id": target,
        "relationships": {str(family["美咲"].pk): ""},
    }
    _problem(_post(clerk_client, "/changes/household-transfer", body), 422, "validation.failed")
    assert Change.objects.count() == changes


def test_an_empty_relationship_is_refused_by_the_rule_itself() -> None:
    from jichitai.common.exceptions import DomainError
    from jichitai.registry.relationships import relationship_validate

    with pytest.raises(DomainError) as refused:
        relationship_validate("　", pointer="/relationships/1")
    assert refused.value.code == "relationship.required"
    assert refused.value.errors[0].field == "/relationships/1"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/residents/search", {"name": "山田\x00"}),
        ("/changes/entry", {**ENTRY, "people": [{**PERSON, "name": "佐藤\x00一郎"}]}),
        ("/changes/entry", {**ENTRY, "note": "\x00"}),
        ("/changes/entry", {**ENTRY, "address": {"address": "群馬県\x00"}}),
    ],
)
def test_a_nul_character_in_any_text_is_refused(
    clerk_client: Client, midori: Municipality, path: str, body: dict
) -> None:
    problem = _problem(_post(clerk_client, path, body), 422, "validation.failed")
    assert _field_codes(problem) == {"text.invalid_character"}
    assert Resident.objects.count() == 0


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/api/v1/municipalities", {"q": "み\x00"}),
        ("/api/v1/procedures", {"q": "\x00"}),
        ("/api/v1/102121/audit/records", {"action": "\x00"}),
    ],
)
def test_a_nul_character_in_a_query_is_refused(auditor: StaffUser, url: str, query: dict) -> None:
    problem = _problem(signed_in(auditor).get(url, query), 422, "validation.failed")
    assert _field_codes(problem) == {"text.invalid_character"}


def test_a_nul_character_in_a_bearer_token_is_refused(client: Client, midori: Municipality) -> None:
    response = client.get(
        "/api/v1/102121/staff/me", headers={"Authorization": "Bearer jt_10212\x00_x"}
    )
    _problem(response, 401, "auth.token_invalid")


def test_a_body_over_the_limit_answers_413(
    clerk_client: Client, midori: Municipality, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = {**ENTRY, "note": "x" * 2000}
    _problem(_post(clerk_client, "/changes/entry", body), 413, "request.too_large")
    assert Resident.objects.count() == 0


def test_a_form_post_over_the_limit_answers_a_413_page(
    clerk_client: Client, midori: Municipality, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = clerk_client.post("/102121/registry/move-in/", {"note": "x" * 2000})
    assert response.status_code == 413
    assert "大きすぎます" in response.content.decode()


def test_a_body_of_ten_megabytes_answers_413(clerk_client: Client, midori: Municipality) -> None:
    body = {**ENTRY, "note": "x" * (10 * 1024 * 1024)}
    _problem(_post(clerk_client, "/changes/entry", body), 413, "request.too_large")
