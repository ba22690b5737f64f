"""住民ポータルの本人確認 (residents sign in with the My Number card).

1. `card_sign_in`: the card answers a challenge with its 利用者証明用 key. A bound card signs
   its resident in — a former resident who moved away only to look (portal.access).
2. `card_bind` (first sign-in, or a renewed card): the card signs a binding statement with its
   署名用 key (PIN 6-16 characters); the 基本4情報 of that certificate must match exactly one
   living resident of the municipality, who is then bound to the 利用者証明用 certificate of
   step 1. A mismatch is refused with `jpki.basic_four_mismatch` and the way to the counter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from jichitai.audit.models import AuditRecord
from jichitai.audit.services import audit_record
from jichitai.common.exceptions import DomainError
from jichitai.identity.jpki.error_codes import JpkiErrorCode
from jichitai.identity.jpki.errors import BasicFourMismatch
from jichitai.identity.jpki.services import (
    VerifiedCertificate,
    canonical_application_bytes,
    card_answer_failed,
    challenge_answer,
    challenge_spend,
    verify_detached_signature,
)
from jichitai.linkage.services import ResidentHolding, resident_holdings
from jichitai.portal.access import resident_actor
from jichitai.portal.error_codes import PortalErrorCode
from jichitai.portal.errors import ResidentNotActive
from jichitai.portal.models import CardBinding, NotificationAddress
from jichitai.portal.residence import has_moved_away
from jichitai.registry.models import Resident, ResidentStatus
from jichitai.registry.selectors import basic_four_matches, residents_living_born_on
from jichitai.tenants.models import Municipality

BIND = "card_binding"
PORTAL_PURPOSE = "住民ポータルの本人確認"


@dataclass(frozen=True)
class CardSignIn:
    """The answer to a sign-in challenge: the resident, or None when the card is not bound.
    `moved_away`: a former resident (転出・国外転出), who may only look (portal.access)."""

    resident: Resident | None
    authentication: VerifiedCertificate
    moved_away: bool = False


@dataclass(frozen=True)
class PendingCard:
    """A 利用者証明用 certificate verified in step 1, waiting for its binding (step 2)."""

    fingerprint: str
    not_after: dt.datetime


def binding_statement(*, municipality_code: str, nonce: str) -> bytes:
    """What the 署名用 key signs to bind a card: the challenge, the municipality, the purpose
    (RFC 8785 canonical JSON, like every signed application)."""
    return canonical_application_bytes(
        {"purpose": BIND, "municipality": municipality_code, "nonce": nonce}
    )


def card_sign_in(
    *, municipality: Municipality, nonce: str, signature: bytes, certificate_der: bytes
) -> CardSignIn:
    """Verifies the answer (challenge_answer audits it) and finds the bound resident."""
    verified = challenge_answer(
        municipality_code=municipality.lg_code,
        nonce=nonce,
        signature=signature,
        certificate_der=certificate_der,
    )
    binding = (
        CardBinding.objects.for_municipality(municipality)
        .filter(authentication_fingerprint=verified.fingerprint_sha256, superseded_at__isnull=True)
        .select_related("resident")
        .first()
    )
    if binding is None:
        return CardSignIn(resident=None, authentication=verified)
    resident = binding.resident
    moved_away = has_moved_away(resident)
    if resident.status != ResidentStatus.ACTIVE and not moved_away:
        _audit(
            municipality, "portal.sign_in", resident, refusal=PortalErrorCode.RESIDENT_NOT_ACTIVE
        )
        raise ResidentNotActive()
    _audit(
        municipality,
        "portal.sign_in",
        resident,
        detail={"moved_away": True} if moved_away else None,
    )
    return CardSignIn(resident=resident, authentication=verified, moved_away=moved_away)


def card_bind(
    *, municipality: Municipality, card: PendingCard, nonce: str, cms_signature: bytes
) -> Resident:
    """カードと住民の紐付け: the 署名用 signature over the binding statement proves the card's
    基本4情報; they must match one living resident. Old bindings of that resident (a previous
    card) are superseded. Raises the JPKI refusals and BasicFourMismatch."""
    challenge_spend(municipality_code=municipality.lg_code, nonce=nonce, purpose=BIND)
    try:
        signing = verify_detached_signature(
            binding_statement(municipality_code=municipality.lg_code, nonce=nonce),
            cms_signature,
            municipality_code=municipality.lg_code,
        )
        resident = _resident_of(municipality, signing)
    except DomainError:
        # A refused signature or 基本4情報 counts like a wrong answer to a sign-in challenge.
        card_answer_failed()
        raise
    binding_replace(
        municipality, resident, card=card, signing_fingerprint=signing.fingerprint_sha256
    )
    return resident


@transaction.atomic
def binding_replace(
    municipality: Municipality,
    resident: Resident,
    *,
    card: PendingCard,
    signing_fingerprint: str,
    carried_from: str = "",
) -> None:
    """The card now signs `resident` in here; the resident's previous card and any other
    resident's binding of this card are superseded (audited)."""
    now = timezone.now()
    active = CardBinding.objects.for_municipality(municipality).filter(superseded_at__isnull=True)
    active.filter(resident=resident).update(superseded_at=now)
    active.filter(authentication_fingerprint=card.fingerprint).update(superseded_at=now)
    CardBinding.objects.create(
        municipality=municipality,
        resident=resident,
        authentication_fingerprint=card.fingerprint,
        authentication_not_after=card.not_after,
        signing_fingerprint=signing_fingerprint,
        bound_at=now,
        carried_from=carried_from,
    )
    _audit(
        municipality,
        "portal.card_bind",
        resident,
        detail={"carried": True} if carried_from else None,
    )


def _resident_of(municipality: Municipality, signing: VerifiedCertificate) -> Resident:
    basic_four = signing.basic_four
    matching = (
        [
            resident
            for resident in residents_living_born_on(
                municipality=municipality, birth_date=basic_four.birth_date
            )
            if basic_four_matches(basic_four, resident)
        ]
        if basic_four is not None and basic_four.birth_date is not None
        else []
    )
    if len(matching) != 1:
        _audit(municipality, "portal.card_bind", None, refusal=JpkiErrorCode.BASIC_FOUR_MISMATCH)
        raise BasicFourMismatch()
    return matching[0]


def _audit(
    municipality: Municipality,
    action: str,
    resident: Resident | None,
    *,
    refusal: str = "",
    detail: dict[str, bool] | None = None,
) -> None:
    audit_record(
        actor=resident_actor(resident) if resident is not None else None,
        action=action,
        municipality_code=municipality.lg_code,
        object_type="registry.Resident" if resident is not None else "",
        object_id=resident.pk if resident is not None else "",
        purpose=PORTAL_PURPOSE,
        result=AuditRecord.Result.DENIED if refusal else AuditRecord.Result.SUCCESS,
        detail={refusal: True} if refusal else (detail or {}),
    )


def notification_address_set(*, resident: Resident, email: str) -> None:
    """通知先の登録・変更・削除 (an empty address removes it), audited."""
    addresses = NotificationAddress.objects.for_municipality(resident.municipality_id)
    if email:
        addresses.update_or_create(
            municipality_id=resident.municipality_id, resident=resident, defaults={"email": email}
        )
    else:
        addresses.filter(resident=resident).delete()
    audit_record(
        actor=resident_actor(resident),
        action="portal.notification_address_set",
        municipality_code=resident.municipality_id,
        object_type="registry.Resident",
        object_id=resident.pk,
        purpose=PORTAL_PURPOSE,
        detail={"removed": not email},
    )


# The 事務 of the person's own look at what the businesses hold (番号法 第23条, 自己情報の確認).
MY_INFORMATION_PURPOSE = "自己情報の確認（わたしの情報）"


def my_information_fetch(*, resident: Resident) -> list[ResidentHolding]:
    """わたしの情報の照会: what each business of each municipality of the deployment holds about
    the person, fetched through the linkage broker — each business asked is an exchange on
    their やりとり履歴. Audited here as the person reading their own data (numbers only)."""
    holdings = resident_holdings(
        portal_municipality=resident.municipality_id, resident_code=resident.resident_code
    )
    audit_record(
        actor=resident_actor(resident),
        action="portal.my_information_fetch",
        municipality_code=resident.municipality_id,
        object_type="registry.Resident",
        object_id=resident.pk,
        purpose=MY_INFORMATION_PURPOSE,
        detail={"businesses": len(holdings)},
    )
    return holdings
