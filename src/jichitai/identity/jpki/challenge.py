"""公的個人認証によるログイン (sign-in by challenge-response with the 利用者証明用電子証明書).

The server issues a random nonce; the card signs it with the 利用者証明用 key (PKCS#1 v1.5
over the SHA-256 DigestInfo, as the card's COMPUTE DIGITAL SIGNATURE does); the answer is
accepted once, before it expires, from a certificate that passes every check. Binding the
certificate to a resident is the portal's business: it receives the VerifiedCertificate.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import cast

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from jichitai.audit.models import AuditRecord
from jichitai.audit.services import audit_record
from jichitai.common.exceptions import DomainError, RateLimited
from jichitai.common.ratelimit import limit_check, limit_count, limit_take
from jichitai.common.request_context import current_source
from jichitai.identity.jpki.certificates import (
    VerifiedCertificate,
    load_certificate,
    verify_certificate,
)
from jichitai.identity.jpki.errors import (
    ChallengeExpired,
    ChallengeNotFound,
    ChallengeReplayed,
    SignatureInvalid,
)
from jichitai.identity.jpki.policies import CertificateKind
from jichitai.identity.models import SignInChallenge

NONCE_BYTES = 32
SIGN_IN = "sign_in"
CHALLENGES_ISSUED = "jpki.challenge_issue"
CARD_FAILURES = "jpki.card_failures"


def challenge_issue(*, municipality_code: str, purpose: str = SIGN_IN) -> SignInChallenge:
    """ログイン用チャレンジの発行 (issue a sign-in challenge) valid JPKI_CHALLENGE_TTL_SECONDS.

    Challenges are stored rows that anyone may ask for, so they are bounded: at most
    JICHITAI_RATE_CHALLENGES per source, at most JICHITAI_CHALLENGES_LIVE_MAX unspent live
    ones per municipality, and the expired ones are deleted here. Raises RateLimited.
    """
    limit_take(CHALLENGES_ISSUED, key=current_source(), rate=settings.JICHITAI_RATE_CHALLENGES)
    now = timezone.now()
    challenges = SignInChallenge.objects.for_municipality(municipality_code)
    # An expired challenge can only be refused, spent or not; nothing needs it any more.
    challenges.filter(expires_at__lte=now).delete()
    unspent = challenges.filter(used_at__isnull=True)
    if unspent.count() >= settings.JICHITAI_CHALLENGES_LIVE_MAX:
        oldest = unspent.order_by("expires_at").values_list("expires_at", flat=True).first()
        wait = (oldest - now).total_seconds() if oldest is not None else 1
        raise RateLimited(
            retry_after=max(1, int(wait) + 1),
            detail="ただいまログインが混み合っています。しばらく待ってから、もう一度お試しください。",
        )
    return SignInChallenge.objects.create(
        municipality_id=municipality_code,
        nonce=secrets.token_hex(NONCE_BYTES),
        purpose=purpose,
        created_at=now,
        expires_at=now + dt.timedelta(seconds=settings.JPKI_CHALLENGE_TTL_SECONDS),
    )


def card_answer_check() -> None:
    """誤った応答の制限: refuse a source whose card answers were refused
    JICHITAI_RATE_CARD_FAILURES times lately, before its answer is looked at (and before a
    challenge is spent). Raises RateLimited."""
    limit_check(CARD_FAILURES, key=current_source(), rate=settings.JICHITAI_RATE_CARD_FAILURES)


def card_answer_failed() -> None:
    """Count a refused card answer against its source's limit."""
    limit_count(CARD_FAILURES, key=current_source(), rate=settings.JICHITAI_RATE_CARD_FAILURES)


def challenge_answer(
    *, municipality_code: str, nonce: str, signature: bytes, certificate_der: bytes
) -> VerifiedCertificate:
    """ログイン用チャレンジへの応答の検証 (verify the card's answer to a challenge).

    The nonce is spent before anything else is checked, so even a failed answer cannot be
    retried with the same nonce. Every attempt is audited (no personal data: the
    certificate's fingerprint prefix and the refusal code only).
    A refused answer counts against the source's limit (card_answer_check).
    Raises ChallengeNotFound, ChallengeReplayed, ChallengeExpired, SignatureInvalid,
    CertificateMalformed and every refusal of `verify_certificate` (e.g.
    AuthenticationCertificateRequired when the 署名用 certificate is used to sign in),
    RateLimited.
    """
    card_answer_check()
    object_id = ""
    try:
        challenge = _spend(municipality_code=municipality_code, nonce=nonce, purpose=SIGN_IN)
        certificate = load_certificate(certificate_der)
        object_id = certificate.fingerprint(hashes.SHA256()).hex()[:16]
        verified = verify_certificate(certificate, kind=CertificateKind.AUTHENTICATION)
        _check_signature(verified, nonce=bytes.fromhex(challenge.nonce), signature=signature)
    except DomainError as error:
        card_answer_failed()
        _audit_answer(municipality_code, object_id, refusal=error.code)
        raise
    _audit_answer(municipality_code, object_id, refusal=None)
    return verified


def challenge_spend(*, municipality_code: str, nonce: str, purpose: str) -> SignInChallenge:
    """チャレンジの使用 (spend a challenge issued for `purpose`), for flows that verify the
    answer themselves — e.g. a 署名用 signature over a statement naming the nonce.
    Refusals are audited and count against the source's limit of card answers.
    Raises ChallengeNotFound (also for another purpose's nonce), ChallengeReplayed,
    ChallengeExpired, RateLimited."""
    card_answer_check()
    try:
        return _spend(municipality_code=municipality_code, nonce=nonce, purpose=purpose)
    except DomainError as error:
        card_answer_failed()
        audit_record(
            actor=AnonymousUser(),
            action="jpki.challenge_spend",
            municipality_code=municipality_code,
            result=AuditRecord.Result.DENIED,
            detail={error.code: True},
        )
        raise


@transaction.atomic
def _spend(*, municipality_code: str, nonce: str, purpose: str) -> SignInChallenge:
    # The row lock makes two simultaneous answers with one nonce take turns: the second
    # sees used_at and is refused as a replay.
    challenge = (
        SignInChallenge.objects.for_municipality(municipality_code)
        .select_for_update()
        .filter(nonce=nonce.lower(), purpose=purpose)
        .first()
    )
    if challenge is None:
        raise ChallengeNotFound()
    if challenge.used_at is not None:
        raise ChallengeReplayed()
    now = timezone.now()
    if now > challenge.expires_at:
        raise ChallengeExpired()
    challenge.used_at = now
    challenge.save(update_fields=["used_at"])
    return challenge


def _check_signature(verified: VerifiedCertificate, *, nonce: bytes, signature: bytes) -> None:
    # verify_certificate accepted only RSA-2048 keys.
    key = cast(rsa.RSAPublicKey, verified.certificate.public_key())
    try:
        key.verify(signature, nonce, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        raise SignatureInvalid() from None


def _audit_answer(municipality_code: str, object_id: str, *, refusal: str | None) -> None:
    audit_record(
        actor=AnonymousUser(),
        action="jpki.sign_in",
        municipality_code=municipality_code,
        object_type="identity.JpkiCertificate",
        object_id=object_id,
        result=AuditRecord.Result.SUCCESS if refusal is None else AuditRecord.Result.DENIED,
        detail={} if refusal is None else {refusal: True},
    )
