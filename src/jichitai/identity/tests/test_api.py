from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from jichitai.audit.models import AuditRecord
from jichitai.identity.models import ApiToken, StaffUser
from jichitai.identity.services import api_token_issue, api_token_revoke


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_token_reads_the_staff_member(client: Client, clerk: StaffUser) -> None:
    token = api_token_issue(user=clerk, name="test", valid_days=30, actor=None).plaintext
    response = client.get("/api/v1/102121/staff/me", headers=_bearer(token))
    assert response.status_code == 200
    assert response.json() == {
        "username": "clerk",
        "display_name": "clerk",
        "lg_code": "102121",
        "roles": ["counter"],
    }
    assert token.startswith("jt_102121_")
    assert not ApiToken.objects.filter(secret_hash__contains=token.split("_", 2)[2]).exists()


def test_a_token_used_for_another_municipality_gets_404_and_is_audited(
    client: Client, clerk: StaffUser, minakami: object
) -> None:
    token = api_token_issue(user=clerk, name="test", valid_days=30, actor=None).plaintext
    response = client.get("/api/v1/104493/staff/me", headers=_bearer(token))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "not_found"
    assert (
        AuditRecord.objects.filter(chain="104493", result="denied", actor_label="clerk").count()
        == 1
    )


def test_revoked_expired_and_forged_tokens_are_refused(client: Client, clerk: StaffUser) -> None:
    revoked = api_token_issue(user=clerk, name="a", valid_days=30, actor=None)
    api_token_revoke(token_id=revoked.token.pk, user=clerk, actor=clerk)
    expired = api_token_issue(user=clerk, name="b", valid_days=30, actor=None)
    ApiToken.objects.filter(pk=expired.token.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    for token in (revoked.plaintext, expired.plaintext, "jt_102121_forged", "not-a-token"):
        response = client.get("/api/v1/102121/staff/me", headers=_bearer(token))
        assert response.status_code == 401, token
        assert response.json()["code"] == "auth.token_invalid"


def test_anonymous_api_calls_get_a_problem_document(client: Client, midori: object) -> None:
    response = client.get("/api/v1/102121/staff/me")
    body = response.json()
    assert response.status_code == 401
    assert body["type"].endswith("/auth.required")
    assert body["instance"] == "/api/v1/102121/staff/me"
    assert body["title"] and body["detail"]


def test_session_auth_works_for_the_browser(clerk_client: Client) -> None:
    assert clerk_client.get("/api/v1/102121/staff/me").json()["username"] == "clerk"


def test_token_list_never_shows_secrets(client: Client, clerk: StaffUser) -> None:
    token = api_token_issue(user=clerk, name="集計", valid_days=30, actor=None).plaintext
    body = client.get("/api/v1/102121/staff/me/tokens", headers=_bearer(token)).json()
    assert [t["name"] for t in body["items"]] == ["集計"] and body["count"] == 1
    assert token not in str(body)
