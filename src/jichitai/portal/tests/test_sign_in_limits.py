"""The sign-in pages issue a stored challenge on every view, so they share the API's limit
(issue 9, finding 5): a flood of page views from one source gets the 429 page, not rows."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from jichitai.common.ratelimit import Rate
from jichitai.identity.models import SignInChallenge
from jichitai.tenants.models import Municipality

# Inside one window and one audit minute, however slow the machine (conftest).
pytestmark = pytest.mark.usefixtures("limit_clock")

SIGN_IN = "/102121/portal/signin/"


@override_settings(JICHITAI_RATE_CHALLENGES=Rate.parse("30/m"))
def test_sign_in_page_views_are_refused_after_the_limit(midori: Municipality) -> None:
    client = Client()
    assert {client.get(SIGN_IN).status_code for _ in range(30)} == {200}
    refused = client.get(SIGN_IN)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "しばらく時間をおいてからお試しください" in refused.content.decode()
    assert SignInChallenge.objects.count() == 30
    assert Client(REMOTE_ADDR="192.0.2.44").get(SIGN_IN).status_code == 200


@override_settings(JICHITAI_RATE_CARD_FAILURES=Rate.parse("2/5m"))
def test_wrong_answers_on_the_page_end_in_the_429_page(midori: Municipality) -> None:
    client = Client()
    for _ in range(2):
        nonce = client.get(SIGN_IN).context["nonce"]
        wrong = client.post(SIGN_IN, {"nonce": nonce, "signature": "AAAA", "certificate": "AAAA"})
        assert wrong.status_code == 422
    nonce = client.get(SIGN_IN).context["nonce"]
    refused = client.post(SIGN_IN, {"nonce": nonce, "signature": "AAAA", "certificate": "AAAA"})
    assert refused.status_code == 429
    assert "Retry-After" in refused
    assert SignInChallenge.objects.get(nonce=nonce).used_at is None
