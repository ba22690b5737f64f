"""住民のAPIトークン (residents' bearer tokens for the online channel without HTML).

After the card answered a challenge (portal.services.card_sign_in / card_bind) the resident
receives `jtr_<lg_code>_<secret>`, good for JICHITAI_RESIDENT_TOKEN_SECONDS under that
municipality only. Staff tokens (`jt_…`, identity) and resident tokens never stand in for
each other: the prefixes differ and each lives in its own table.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.common.crypto import keyed_hash
from jichitai.identity.jpki.services import challenge_issue
from jichitai.identity.models import SignInChallenge
from jichitai.identity.services import token_failure_record, token_guess_check
from jichitai.portal.access import resident_actor
from jichitai.portal.errors import CardNotBound, ResidentNotActive
from jichitai.portal.models import ResidentApiToken
from jichitai.portal.services import PendingCard, card_bind, card_sign_in
from jichitai.procedures.services import ResidentActor
from jichitai.registry.models import Resident, ResidentStatus
from jichitai.tenants.models import Municipality

RESIDENT_TOKEN_PREFIX = "jtr_"  # noqa: S105 - a public prefix, not a secret
TOKEN_OBJECT = "portal.ResidentApiToken"  # noqa: S105 - a model name


@dataclass(frozen=True)
class IssuedResidentToken:
    token: ResidentApiToken
    plaintext: str  # shown once, never stored


@dataclass(frozen=True)
class ResidentCredentials:
    """Who a valid resident token speaks for: the actor of cases and audit, and the token."""

    actor: ResidentActor
    resident: Resident
    token_id: int


def _secret_hash(secret: str) -> str:
    # Keyed (unlike a plain digest): a copy of the table cannot even confirm a guessed token
    # without the server's key. Rotating JICHITAI_SECRET_KEY signs every resident out, as it
    # does for sessions.
    return keyed_hash(secret, key=f"jichitai.portal.resident_token:{settings.SECRET_KEY}")


@transaction.atomic
def resident_token_issue(*, resident: Resident) -> IssuedResidentToken:
    """トークンの発行 (issue a resident's API token); the plaintext is returned once."""
    secret = secrets.token_urlsafe(32)
    plaintext = f"{RESIDENT_TOKEN_PREFIX}{resident.municipality_id}_{secret}"
    now = timezone.now()
    token = ResidentApiToken.objects.create(
        municipality_id=resident.municipality_id,
        resident=resident,
        prefix=plaintext[:15],
        secret_hash=_secret_hash(secret),
        created_at=now,
        expires_at=now + dt.timedelta(seconds=settings.JICHITAI_RESIDENT_TOKEN_SECONDS),
    )
    audit_record(
        actor=resident_actor(resident),
        action="portal.token_issue",
        municipality_code=resident.municipality_id,
        object_type=TOKEN_OBJECT,
        object_id=token.pk,
    )
    return IssuedResidentToken(token=token, plaintext=plaintext)


def resident_token_authenticate(
    *, plaintext: str, municipality: Municipality
) -> ResidentCredentials | None:
    """トークンの照合: the living resident the token was issued to in `municipality`, or None
    (unknown, expired, revoked, another municipality's, the resident moved away or died).
    A failure counts against the source's limit of token guesses and is audited in
    `municipality`'s chain at most once a minute per source, with a count.
    Raises RateLimited when the source failed too often."""
    token_guess_check()
    lg_code, _, secret = plaintext.removeprefix(RESIDENT_TOKEN_PREFIX).partition("_")
    if not plaintext.startswith(RESIDENT_TOKEN_PREFIX) or not secret:
        token = None
    elif lg_code != municipality.lg_code:
        token_failure_record(
            action="portal.token_authenticate",
            municipality_code=municipality.lg_code,
            object_type=TOKEN_OBJECT,
            detail={"other_municipality": True},
        )
        return None
    else:
        token = (
            ResidentApiToken.objects.for_municipality(municipality)
            .select_related("resident")
            .filter(
                secret_hash=_secret_hash(secret),
                revoked_at__isnull=True,
                expires_at__gt=timezone.now(),
                resident__status=ResidentStatus.ACTIVE,
            )
            .first()
        )
    if token is None:
        token_failure_record(
            action="portal.token_authenticate",
            municipality_code=municipality.lg_code,
            object_type=TOKEN_OBJECT,
            detail={"other_municipality": False},
        )
        return None
    return ResidentCredentials(
        actor=resident_actor(token.resident), resident=token.resident, token_id=token.pk
    )


@transaction.atomic
def resident_token_revoke(*, credentials: ResidentCredentials) -> None:
    """サインアウト (revoke the token the request came with); revoking twice is harmless."""
    revoked = (
        ResidentApiToken.objects.for_municipality(credentials.resident.municipality_id)
        .filter(pk=credentials.token_id, revoked_at__isnull=True)
        .update(revoked_at=timezone.now())
    )
    if revoked:
        audit_record(
            actor=credentials.actor,
            action="portal.token_revoke",
            municipality_code=credentials.resident.municipality_id,
            object_type=TOKEN_OBJECT,
            object_id=credentials.token_id,
        )


def resident_challenge_issue(*, municipality: Municipality, purpose: str) -> SignInChallenge:
    """チャレンジの発行 for `sign_in` (利用者証明用) or `card_binding` (署名用)."""
    return challenge_issue(municipality_code=municipality.lg_code, purpose=purpose)


def resident_session_open(
    *, municipality: Municipality, nonce: str, signature: bytes, certificate_der: bytes
) -> IssuedResidentToken:
    """カードでのログイン (API): the 利用者証明用 answer to a `sign_in` challenge of a bound
    card gives a token. Raises the JPKI refusals, ResidentNotActive, CardNotBound."""
    signed_in = card_sign_in(
        municipality=municipality, nonce=nonce, signature=signature, certificate_der=certificate_der
    )
    if signed_in.resident is None:
        raise CardNotBound()
    if signed_in.moved_away:
        # A token acts for its holder; a former resident may only look, in the portal's pages.
        raise ResidentNotActive()
    return resident_token_issue(resident=signed_in.resident)


def resident_card_bind(
    *,
    municipality: Municipality,
    nonce: str,
    signature: bytes,
    certificate_der: bytes,
    bind_nonce: str,
    bind_signature: bytes,
) -> IssuedResidentToken:
    """初回の本人確認 (API): both steps of the portal's first sign-in in one request — the
    利用者証明用 answer to a `sign_in` challenge, then the 署名用 signature over the binding
    statement of a `card_binding` challenge, whose 基本4情報 must match one living resident.
    Raises the JPKI refusals, BasicFourMismatch, ResidentNotActive."""
    answered = card_sign_in(
        municipality=municipality, nonce=nonce, signature=signature, certificate_der=certificate_der
    )
    card = PendingCard(
        fingerprint=answered.authentication.fingerprint_sha256,
        not_after=answered.authentication.not_after,
    )
    resident = card_bind(
        municipality=municipality, card=card, nonce=bind_nonce, cms_signature=bind_signature
    )
    return resident_token_issue(resident=resident)
