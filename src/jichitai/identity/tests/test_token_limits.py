"""Guessing staff API tokens (issue 9, finding 5): a source that failed too many bearer tokens
gets 429 with Retry-After, even for a real token, and its failures are audited at most once a
minute per source, in the named municipality's chain (or the platform's for a made-up code)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings

from jichitai.audit.models import AuditChainHead, AuditRecord
from jichitai.common.ratelimit import Rate
from jichitai.identity.models import StaffUser
from jichitai.identity.services import api_token_issue

# Inside one window and one audit minute, however slow the machine (conftest).
pytestmark = pytest.mark.usefixtures("limit_clock")

ME = "/api/v1/102121/staff/me"
OTHER_SOURCE = "192.0.2.201"


def _bearer(token: str, **extra: Any) -> Client:
    return Client(headers={"Authorization": f"Bearer {token}"}, **extra)


@override_settings(JICHITAI_RATE_TOKEN_FAILURES=Rate.parse("20/m"))
def test_guessed_staff_tokens_are_refused_after_the_limit(clerk: StaffUser) -> None:
    token = api_token_issue(user=clerk, name="probe", valid_days=1, actor=None).plaintext
    guesser = _bearer("jt_102121_guessed")
    assert {guesser.get(ME).status_code for _ in range(20)} == {401}
    refused = guesser.get(ME)
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["code"] == "rate_limited"
    assert refused.json()["status"] == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["retry_after"] == int(refused["Retry-After"])
    # The real token from the guessing source waits as well; elsewhere it works.
    assert _bearer(token).get(ME).status_code == 429
    assert _bearer(token, REMOTE_ADDR=OTHER_SOURCE).get(ME).status_code == 200


def test_staff_token_failures_are_audited_once_per_source_and_minute(clerk: StaffUser) -> None:
    for _ in range(15):
        assert _bearer("jt_102121_guessed").get(ME).status_code == 401
    records = AuditRecord.objects.filter(action="api_token.authenticate")
    assert [(r.chain, r.result, r.detail["count"]) for r in records] == [("102121", "denied", 1)]


def test_a_made_up_municipality_code_starts_no_chain_of_its_own(clerk: StaffUser) -> None:
    assert _bearer("jt_999999_guessed").get(ME).status_code == 401
    assert not AuditChainHead.objects.filter(chain="999999").exists()
    assert AuditRecord.objects.filter(chain="platform", action="api_token.authenticate").exists()


@override_settings(JICHITAI_RATE_TOKEN_FAILURES=Rate.parse("20/m"))
def test_a_real_token_is_served_under_the_limit(clerk: StaffUser) -> None:
    token = api_token_issue(user=clerk, name="probe", valid_days=1, actor=None).plaintext
    for _ in range(19):
        _bearer("jt_102121_guessed").get(ME)
    assert _bearer(token).get(ME).status_code == 200
