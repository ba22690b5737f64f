"""The API's contract as the review probed it (issue 9, finding 7): which credentials give
which 401/403 on writes, the error responses in the OpenAPI document, and the list shape."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jichitai.identity.models import ApiToken, StaffUser
from jichitai.identity.services import api_token_issue, api_token_revoke
from jichitai.portal.models import ResidentApiToken
from jichitai.portal.tokens import resident_token_issue
from jichitai.registry.models import Change, Resident
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality
from jichitai.testing.client import ClientResponse

ENTRY_URL = "/api/v1/102121/registry/changes/entry"
ENTRY = {
    "type": "move_in",
    "effective_on": "2026-04-06",
    "address": {"address": "群馬県みどり市笠懸町鹿2952番地"},
    "people": [
        {
            "name": "佐藤　一郎",
            "name_kana": "サトウ　イチロウ",
            "birth_date": "1980-02-03",
            "sex": "1",
            "relationship": "世帯主",
        }
    ],
}
SIGN_OUT_URL = "/api/v1/102121/portal/sessions/current"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 4, 7))


def _entry(client: Client, **headers: str) -> ClientResponse:
    return client.post(
        ENTRY_URL, json.dumps(ENTRY), content_type="application/json", headers=headers
    )


def _code(response: Any) -> tuple[int, str]:
    assert response["Content-Type"] == "application/problem+json", response.content[:300]
    return response.status_code, response.json()["code"]


def _staff_tokens(clerk: StaffUser) -> dict[str, str]:
    revoked = api_token_issue(user=clerk, name="revoked", valid_days=30, actor=None)
    api_token_revoke(token_id=revoked.token.pk, user=clerk, actor=clerk)
    expired = api_token_issue(user=clerk, name="expired", valid_days=30, actor=None)
    ApiToken.objects.filter(pk=expired.token.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    return {
        "revoked": revoked.plaintext,
        "expired": expired.plaintext,
        "forged": "jt_102121_forged",
        "malformed": "not-a-token",
    }


# A real API client: Django's test client skips the CSRF check unless told not to, and the
# review's 403 "CSRF check failed" came from exactly that check.
def _api_client() -> Client:
    return Client(enforce_csrf_checks=True)


def test_a_write_without_credentials_answers_401_auth_required(midori: Municipality) -> None:
    assert _code(_entry(_api_client())) == (401, "auth.required")
    assert Change.objects.count() == 0


def test_a_write_with_a_bad_staff_token_answers_401_token_invalid(clerk: StaffUser) -> None:
    client = _api_client()
    for how, token in _staff_tokens(clerk).items():
        response = _entry(client, Authorization=f"Bearer {token}")
        assert _code(response) == (401, "auth.token_invalid"), how
    assert Change.objects.count() == 0


def test_a_bad_token_is_not_rescued_by_a_session(clerk: StaffUser) -> None:
    client = Client()
    client.force_login(clerk)
    response = client.get("/api/v1/102121/staff/me", headers={"Authorization": "Bearer jt_x_y"})
    assert _code(response) == (401, "auth.token_invalid")


def test_a_session_write_without_the_csrf_token_answers_403_csrf_failed(clerk: StaffUser) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(clerk)
    assert _code(_entry(browser)) == (403, "auth.csrf_failed")
    assert Change.objects.count() == 0
    browser.get("/102121/staff/login/")  # any page sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    assert _entry(browser, **{"X-CSRFToken": token}).status_code == 201


def test_signing_out_without_credentials_answers_401_auth_required(midori: Municipality) -> None:
    assert _code(_api_client().delete(SIGN_OUT_URL)) == (401, "auth.required")


def test_signing_out_with_a_bad_resident_token_answers_401_token_invalid(
    clerk: StaffUser, midori: Municipality
) -> None:
    client = _api_client()
    hanako = yamada_family(midori)["花子"]
    revoked = resident_token_issue(resident=hanako)
    ResidentApiToken.objects.filter(pk=revoked.token.pk).update(revoked_at=timezone.now())
    expired = resident_token_issue(resident=hanako)
    ResidentApiToken.objects.filter(pk=expired.token.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    staff_token = api_token_issue(user=clerk, name="staff", valid_days=1, actor=None).plaintext
    for token in (revoked.plaintext, expired.plaintext, "jtr_102121_forged", "x", staff_token):
        response = client.delete(SIGN_OUT_URL, headers={"Authorization": f"Bearer {token}"})
        assert _code(response) == (401, "auth.token_invalid"), token


def test_a_resident_write_without_credentials_answers_401(midori: Municipality) -> None:
    response = _api_client().post(
        "/api/v1/102121/portal/cases", "{}", content_type="application/json"
    )
    assert _code(response) == (401, "auth.required")


def _operations(client: Client) -> list[tuple[str, str, dict[str, Any]]]:
    document = client.get("/api/v1/openapi.json").json()
    return [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
    ]


def test_every_operation_declares_its_problem_responses(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert document["components"]["schemas"]["Problem"]["required"][:3] == [
        "type",
        "title",
        "status",
    ]
    for method, path, operation in _operations(client):
        responses = operation["responses"]
        label = f"{method} {path}"
        assert "429" in responses, label
        for status, response in responses.items():
            if status.startswith("4"):
                assert "application/problem+json" in response["content"], label
        if operation.get("security"):
            assert {"401", "403"} <= set(responses), label
        if "requestBody" in operation:
            assert {"400", "413", "415", "422"} <= set(responses), label
        if "{" in path:
            assert "404" in responses, label


def test_lists_answer_items_and_count(client: Client, midori: Municipality) -> None:
    procedures = client.get("/api/v1/procedures").json()
    assert procedures["count"] == len(procedures["items"]) >= 13
    municipalities = client.get("/api/v1/municipalities", {"limit": 1}).json()
    assert set(municipalities) == {"items", "count"}


def test_a_json_body_under_another_content_type_answers_415(
    clerk_client: Client, midori: Municipality
) -> None:
    for content_type in ("text/plain", "application/x-www-form-urlencoded", ""):
        response = clerk_client.post(ENTRY_URL, json.dumps(ENTRY), content_type=content_type)
        assert _code(response) == (415, "request.unsupported_media_type"), content_type
    assert Resident.objects.count() == 0
    charset = clerk_client.post(
        ENTRY_URL, json.dumps(ENTRY), content_type="application/json; charset=utf-8"
    )
    assert charset.status_code == 201


def test_a_body_that_is_not_json_answers_400(clerk_client: Client, midori: Municipality) -> None:
    response = clerk_client.post(ENTRY_URL, "{not json", content_type="application/json")
    assert _code(response) == (400, "request.invalid_json")
