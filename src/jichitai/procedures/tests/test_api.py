"""The procedures API: the public catalog, counter cases, inbox lists and transitions."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from jichitai.audit.models import AuditRecord
from jichitai.conftest import signed_in
from jichitai.identity.models import StaffUser
from jichitai.procedures.models import Case, CaseState
from jichitai.procedures.tests.factories import case_of, pregnancy_data
from jichitai.registry.models import Resident
from jichitai.tenants.models import Municipality
from jichitai.testing.client import ClientResponse

BASE = "/api/v1/102121"


def _post(client: Client, path: str, body: dict[str, Any], **headers: str) -> ClientResponse:
    return client.post(path, json.dumps(body), content_type="application/json", headers=headers)


def test_the_catalog_is_public_with_each_forms_schema(client: Client) -> None:
    listed = client.get("/api/v1/procedures").json()
    assert listed["count"] == len(listed["items"]) >= 13
    detail = client.get("/api/v1/procedures/juminhyo_request").json()
    assert detail["fee"] == 300 and detail["name"] == "住民票の写しの交付請求"
    assert detail["form"]["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert detail["legal_basis"][0] == {
        "law": "住民基本台帳法",
        "article": "第12条",
        "note": detail["legal_basis"][0]["note"],
    }


def test_procedures_are_found_by_words_and_life_event(client: Client) -> None:
    moving = {
        p["id"] for p in client.get("/api/v1/procedures", {"life_event": "引越し"}).json()["items"]
    }
    assert {"move_out", "move_in_reservation", "move_within", "school_transfer"} <= moving
    assert "pregnancy_notification" not in moving
    answer = client.get("/api/v1/procedures", {"q": "ｼﾞﾄﾞｳﾃｱﾃ げんきょう"}).json()
    found = [p["id"] for p in answer["items"]]
    assert found == ["child_allowance_status"]


def test_an_unknown_procedure_is_a_problem_document(client: Client) -> None:
    response = client.get("/api/v1/procedures/teleport")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "procedure.not_found"


def test_the_counter_creates_a_case_once_per_idempotency_key(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    hanako = family["花子"]
    body = {
        "procedure_id": "pregnancy_notification",
        "applicant_id": hanako.pk,
        "data": pregnancy_data(hanako),
    }
    first = _post(clerk_client, f"{BASE}/cases", body, **{"Idempotency-Key": "counter-1"})
    assert first.status_code == 201, first.content
    again = _post(clerk_client, f"{BASE}/cases", body, **{"Idempotency-Key": "counter-1"})
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert first.json()["channel"] == "counter" and first.json()["state"] == "submitted"
    assert Case.objects.count() == 1


def test_schema_errors_are_field_pointers_in_japanese(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    data = pregnancy_data(family["花子"])
    del data["applicant"]["name"]
    response = _post(
        clerk_client,
        f"{BASE}/cases",
        {"procedure_id": "pregnancy_notification", "applicant_id": family["花子"].pk, "data": data},
    )
    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "case.data_invalid"
    assert problem["errors"] == [
        {
            "field": "/applicant/name",
            "code": "form.required",
            "detail": "「氏名」を入力してください。",
        }
    ]


def test_inbox_lists_without_personal_data_and_detail_is_audited(
    midori: Municipality, officer: StaffUser
) -> None:
    case = case_of(midori)
    client = signed_in(officer)
    listed = client.get(f"{BASE}/cases", {"department": "maternal_health"}).json()["items"]
    assert [c["reference_number"] for c in listed] == [case.reference_number]
    assert "data" not in listed[0]
    detail = client.get(f"{BASE}/cases/{case.pk}").json()
    assert detail["data"]["pregnancy_weeks"] == 10
    assert [e["activity"] for e in detail["events"]] == ["submit"]
    assert set(detail["allowed_activities"]) == {"claim", "withdraw"}
    assert AuditRecord.objects.filter(action="case.view", object_id=str(case.pk)).count() == 1


def test_transitions_through_the_api(midori: Municipality, officer: StaffUser) -> None:
    case = case_of(midori)
    client = signed_in(officer)
    path = f"{BASE}/cases/{case.pk}/transitions"
    assert _post(client, path, {"action": "approve"}).json()["code"] == "case.transition_invalid"
    assert _post(client, path, {"action": "claim"}).json()["state"] == "in_review"
    returned = _post(client, path, {"action": "return", "reason": "週数を確認してください。"})
    assert (
        returned.status_code == 200
        and returned.json()["returns"][0]["reason"] == "週数を確認してください。"
    )
    assert Case.objects.get(pk=case.pk).state == CaseState.RETURNED


def test_an_invalid_transition_answers_409(midori: Municipality, officer: StaffUser) -> None:
    case = case_of(midori)
    response = _post(
        signed_in(officer),
        f"{BASE}/cases/{case.pk}/transitions",
        {"action": "reject", "reason": "x"},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "case.transition_invalid"


def test_the_steps_role_is_required(midori: Municipality, health_clerk: StaffUser) -> None:
    case = case_of(midori)
    client = signed_in(health_clerk)
    response = _post(client, f"{BASE}/cases/{case.pk}/transitions", {"action": "claim"})
    assert response.status_code == 403 and response.json()["code"] == "case.role_required"


def test_another_municipalitys_case_is_404(
    midori: Municipality, minakami: Municipality, outsider_client: Client
) -> None:
    case = case_of(midori)
    other = f"/api/v1/{minakami.lg_code}/cases/{case.pk}"
    assert outsider_client.get(other).status_code == 404
    assert _post(outsider_client, f"{other}/transitions", {"action": "claim"}).status_code == 404
    assert outsider_client.get(f"{BASE}/cases/{case.pk}").status_code == 404
