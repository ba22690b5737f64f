"""Abuse limits of the residents' sign-in (issue 9, finding 5), written as the attacks: guessed
resident tokens, a flood of challenges, wrong card answers — N+1 requests from one source
get 429 with Retry-After and leave no extra rows; other sources and honest use go on."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from jichitai.audit.models import AuditRecord
from jichitai.common.ratelimit import Rate
from jichitai.identity.jpki.virtual_card import VirtualCard
from jichitai.identity.models import SignInChallenge
from jichitai.portal.tests.helpers import API as BASE
from jichitai.portal.tests.helpers import api_answer as _answer
from jichitai.portal.tests.helpers import api_bind as _bind
from jichitai.portal.tests.helpers import api_nonce as _nonce
from jichitai.portal.tests.helpers import b64 as _b64
from jichitai.portal.tests.test_api import card, family
from jichitai.testing.client import ClientResponse

# Inside one window and one audit minute, however slow the machine (conftest).
pytestmark = pytest.mark.usefixtures("limit_clock")

__all__ = ["card", "family"]  # fixtures used by the tests below

OTHER_SOURCE = "192.0.2.200"
TOKEN_LIMIT = Rate.parse("20/m")


def _assert_rate_limited(answer: ClientResponse) -> None:
    assert answer.status_code == 429, answer.content
    assert answer["Content-Type"] == "application/problem+json"
    assert answer.json()["code"] == "rate_limited"
    assert 1 <= int(answer["Retry-After"]) <= 3600


def _token_records(chain: str) -> list[AuditRecord]:
    return list(
        AuditRecord.objects.filter(chain=chain, action="portal.token_authenticate").order_by("seq")
    )


@pytest.mark.django_db
@override_settings(JICHITAI_RATE_TOKEN_FAILURES=TOKEN_LIMIT)
def test_guessed_resident_tokens_are_refused_after_the_limit(
    client: Client, card: VirtualCard
) -> None:
    guesser = Client(headers={"Authorization": "Bearer jtr_102121_guessed-secret"})
    answers = [guesser.get(f"{BASE}/cases") for _ in range(TOKEN_LIMIT.count + 5)]
    assert [a.status_code for a in answers[: TOKEN_LIMIT.count]] == [401] * TOKEN_LIMIT.count
    for refused in answers[TOKEN_LIMIT.count :]:
        _assert_rate_limited(refused)
    # A real token from the same source is refused too: the limit stops the source, not
    # only its wrong guesses (otherwise a hit would still be told apart from a miss).
    token = _bind(Client(REMOTE_ADDR=OTHER_SOURCE), card).json()["token"]
    same_source = Client(headers={"Authorization": f"Bearer {token}"})
    _assert_rate_limited(same_source.get(f"{BASE}/cases"))
    # Another source with the same token is served.
    other = Client(headers={"Authorization": f"Bearer {token}"}, REMOTE_ADDR=OTHER_SOURCE)
    assert other.get(f"{BASE}/cases").status_code == 200


@pytest.mark.django_db
def test_bogus_tokens_write_one_audit_record_per_source_and_minute(
    midori: object, minakami: object
) -> None:
    """The review's attack: 200 anonymous requests with a bogus token of another municipality
    wrote 200 rows into the chain. Now: one record, whose count says how many."""
    guesser = Client(headers={"Authorization": "Bearer jtr_104493_bogus"})
    with override_settings(JICHITAI_RATE_TOKEN_FAILURES=Rate.parse("1000/m")):
        statuses = {guesser.get(f"{BASE}/cases").status_code for _ in range(200)}
    assert statuses == {401}
    records = _token_records("102121")
    assert len(records) == 1
    assert records[0].result == "denied"
    assert records[0].actor_type == "anonymous"
    assert records[0].detail["other_municipality"] is True
    assert records[0].detail["count"] == 1
    assert len(records[0].detail["source"]) == 16
    assert "127.0.0.1" not in str(records[0].detail)
    # Another source gets its own record in the same minute.
    Client(headers={"Authorization": "Bearer jtr_102121_bogus"}, REMOTE_ADDR=OTHER_SOURCE).get(
        f"{BASE}/cases"
    )
    assert len(_token_records("102121")) == 2


@pytest.mark.django_db
def test_the_next_record_carries_the_failures_counted_meanwhile(
    midori: object, limit_clock: list[float]
) -> None:
    clock = limit_clock
    guesser = Client(headers={"Authorization": "Bearer jtr_102121_bogus"})
    for _ in range(7):
        assert guesser.get(f"{BASE}/cases").status_code == 401
    clock[0] += 60
    assert guesser.get(f"{BASE}/cases").status_code == 401
    counts = [r.detail["count"] for r in _token_records("102121")]
    # 1 (the first), then 1 + the 6 counted while the first minute's record stood.
    assert counts == [1, 7]


@pytest.mark.django_db
@override_settings(JICHITAI_RATE_CHALLENGES=Rate.parse("30/m"))
def test_challenges_are_refused_after_the_limit_per_source(midori: object) -> None:
    client = Client()
    for _ in range(30):
        _nonce(client, "sign_in")
    refused = client.post(f"{BASE}/challenges", {"purpose": "sign_in"}, "application/json")
    _assert_rate_limited(refused)
    assert SignInChallenge.objects.count() == 30
    # Residents elsewhere still get theirs.
    _nonce(Client(REMOTE_ADDR=OTHER_SOURCE), "sign_in")
    assert SignInChallenge.objects.count() == 31


@pytest.mark.django_db
@override_settings(JICHITAI_CHALLENGES_LIVE_MAX=3)
def test_unspent_challenges_are_capped_per_municipality(midori: object, minakami: object) -> None:
    for number in range(3):
        _nonce(Client(REMOTE_ADDR=f"192.0.2.{number + 1}"), "sign_in")
    refused = Client(REMOTE_ADDR="192.0.2.50").post(
        f"{BASE}/challenges", {"purpose": "sign_in"}, "application/json"
    )
    _assert_rate_limited(refused)
    assert SignInChallenge.objects.filter(municipality_id="102121").count() == 3
    # Each municipality has its own cap.
    _nonce(Client(REMOTE_ADDR="192.0.2.50"), "sign_in", "/api/v1/104493/portal")


@pytest.mark.django_db
def test_expired_challenges_are_deleted_when_a_new_one_is_issued(midori: object) -> None:
    now = timezone.now()
    SignInChallenge.objects.create(
        municipality_id="102121",
        nonce="ab" * 32,
        purpose="sign_in",
        created_at=now - dt.timedelta(minutes=10),
        expires_at=now - dt.timedelta(minutes=5),
    )
    fresh = _nonce(Client(), "sign_in")
    assert list(SignInChallenge.objects.values_list("nonce", flat=True)) == [fresh]


@pytest.mark.django_db
@override_settings(JICHITAI_RATE_CARD_FAILURES=Rate.parse("10/5m"))
def test_wrong_card_answers_are_refused_after_the_limit(client: Client, card: VirtualCard) -> None:
    wrong = {**_answer(client, card), "signature": _b64(b"\x00" * 256)}
    for _ in range(10):
        # Each wrong answer needs a challenge of its own (a refused one is spent).
        attempt = {**wrong, "nonce": _nonce(client, "sign_in")}
        assert client.post(f"{BASE}/sessions", attempt, "application/json").status_code == 422
    audited = AuditRecord.objects.filter(action="jpki.sign_in").count()
    challenges = SignInChallenge.objects.filter(used_at__isnull=True).count()

    refused = client.post(
        f"{BASE}/sessions", {**wrong, "nonce": _nonce(client, "sign_in")}, "application/json"
    )
    _assert_rate_limited(refused)
    # The refused answer was not even looked at: no audit record, its challenge not spent.
    assert AuditRecord.objects.filter(action="jpki.sign_in").count() == audited
    assert SignInChallenge.objects.filter(used_at__isnull=True).count() == challenges + 1
    # The right answer from this source waits too; from another source it is taken.
    _assert_rate_limited(client.post(f"{BASE}/sessions", _answer(client, card), "application/json"))
    assert _bind(Client(REMOTE_ADDR=OTHER_SOURCE), card).status_code == 201


@pytest.mark.django_db
@override_settings(JICHITAI_RATE_CARD_FAILURES=Rate.parse("10/5m"))
def test_answers_under_the_limit_are_served_normally(client: Client, card: VirtualCard) -> None:
    wrong = {**_answer(client, card), "signature": _b64(b"\x00" * 256)}
    for _ in range(9):
        attempt = {**wrong, "nonce": _nonce(client, "sign_in")}
        assert client.post(f"{BASE}/sessions", attempt, "application/json").status_code == 422
    assert _bind(client, card).status_code == 201
