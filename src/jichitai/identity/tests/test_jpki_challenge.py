from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from django.utils import timezone

from jichitai.audit.models import AuditRecord
from jichitai.identity.jpki.anchors import fingerprint
from jichitai.identity.jpki.certificates import VerifiedCertificate
from jichitai.identity.jpki.challenge import challenge_answer, challenge_issue
from jichitai.identity.jpki.errors import JpkiError
from jichitai.identity.jpki.virtual_card import VirtualCard
from jichitai.identity.models import SignInChallenge
from jichitai.identity.tests.conftest import JpkiWorld
from jichitai.identity.tests.jpki_factories import der
from jichitai.tenants.models import Municipality

MIDORI = "102121"


def _answer(
    card: VirtualCard,
    challenge: SignInChallenge,
    *,
    pin: str = "1234",
    certificate: bytes | None = None,
    nonce: str | None = None,
) -> VerifiedCertificate:
    signature = card.sign_challenge(bytes.fromhex(challenge.nonce), pin)
    return challenge_answer(
        municipality_code=MIDORI,
        nonce=nonce or challenge.nonce,
        signature=signature,
        certificate_der=certificate or der(card.authentication_certificate),
    )


def _refusal(call: Callable[[], object]) -> str:
    with pytest.raises(JpkiError) as caught:
        call()
    return caught.value.code


def test_card_signs_in_and_the_attempt_is_audited(jpki: JpkiWorld, midori: Municipality) -> None:
    challenge = challenge_issue(municipality_code=MIDORI)
    verified = _answer(jpki.hanako, challenge)
    assert verified.fingerprint_sha256 == fingerprint(jpki.hanako.authentication_certificate)
    record = AuditRecord.objects.filter(action="jpki.sign_in").get()
    assert record.result == "success"
    assert record.object_id == verified.fingerprint_sha256[:16]
    assert record.municipality_code == MIDORI


def test_nonce_is_short_lived_and_random(jpki: JpkiWorld, midori: Municipality) -> None:
    first, second = (challenge_issue(municipality_code=MIDORI) for _ in range(2))
    assert first.nonce != second.nonce and len(first.nonce) == 64
    assert first.expires_at - first.created_at == dt.timedelta(minutes=5)


def test_replayed_answer_is_refused(jpki: JpkiWorld, midori: Municipality) -> None:
    challenge = challenge_issue(municipality_code=MIDORI)
    _answer(jpki.hanako, challenge)
    assert _refusal(lambda: _answer(jpki.hanako, challenge)) == "jpki.challenge_replayed"


def test_expired_nonce_is_refused(jpki: JpkiWorld, midori: Municipality) -> None:
    challenge = challenge_issue(municipality_code=MIDORI)
    SignInChallenge.objects.filter(pk=challenge.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert _refusal(lambda: _answer(jpki.hanako, challenge)) == "jpki.challenge_expired"


def test_signing_certificate_cannot_sign_in(jpki: JpkiWorld, midori: Municipality) -> None:
    challenge = challenge_issue(municipality_code=MIDORI)
    code = _refusal(
        lambda: _answer(jpki.hanako, challenge, certificate=der(jpki.hanako.signing_certificate))
    )
    assert code == "jpki.authentication_certificate_required"


def test_signature_by_another_card_is_refused_and_spends_the_nonce(
    jpki: JpkiWorld, midori: Municipality
) -> None:
    challenge = challenge_issue(municipality_code=MIDORI)
    signed_by_taro = jpki.taro.sign_challenge(bytes.fromhex(challenge.nonce), "4321")
    code = _refusal(
        lambda: challenge_answer(
            municipality_code=MIDORI,
            nonce=challenge.nonce,
            signature=signed_by_taro,
            certificate_der=der(jpki.hanako.authentication_certificate),
        )
    )
    assert code == "jpki.signature_invalid"
    assert _refusal(lambda: _answer(jpki.hanako, challenge)) == "jpki.challenge_replayed"


def test_unknown_or_other_municipalitys_nonce_is_not_found(
    jpki: JpkiWorld, midori: Municipality, minakami: Municipality
) -> None:
    theirs = challenge_issue(municipality_code=minakami.lg_code)
    assert _refusal(lambda: _answer(jpki.hanako, theirs)) == "jpki.challenge_not_found"


def test_refusals_are_audited_without_personal_data(jpki: JpkiWorld, midori: Municipality) -> None:
    challenge = challenge_issue(municipality_code=MIDORI)
    _refusal(
        lambda: _answer(jpki.hanako, challenge, certificate=der(jpki.hanako.signing_certificate))
    )
    record = AuditRecord.objects.filter(action="jpki.sign_in").get()
    assert record.result == "denied"
    assert record.detail == {"jpki.authentication_certificate_required": True}
    stored = json.dumps(
        [list(r.values()) for r in AuditRecord.objects.values()], default=str, ensure_ascii=False
    )
    for personal in ("花子", "髙橋", "123456789018", "1990", "笠懸"):
        assert personal not in stored
