"""電子署名 (the 署名用電子証明書 signature of an online application).

What a resident signs is the RFC 8785 canonical JSON (identity.jpki) of a payload naming
every application of one submission: its municipality, its procedure and its data. Naming
the municipality and the procedure means a signature given for one application can never be
replayed for another; a 引越しワンストップ submission (転出届 + 転入予約) is one payload with
two applications and one signature, as the resident signs it once.

The portal builds the same payload with `signing_payload` (through selectors), has the card
sign `signing_bytes(payload)`, and submits the data with the CMS signature; the service
rebuilds the payload from what it received and verifies over exactly those bytes.

A valid signature is not enough: the 署名用電子証明書 must be the applicant's own
(`signer_applicant_check`). Its 基本4情報 are compared with the applicant's record — the
resident signed in, who files as 届出人 for the household members the form names (住民基本台帳法
第26条: the 世帯主 or a member may notify for the household, so the members do not sign).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.serialization import Encoding

from jichitai.identity.jpki.basic_four import BasicFour
from jichitai.identity.jpki.errors import SignerAddressOutdated, SignerNotApplicant
from jichitai.identity.jpki.signatures import (
    canonical_application_bytes,
    signature_refusal_audit,
    verify_detached_signature,
)
from jichitai.procedures.actors import Actor
from jichitai.registry.models import Resident
from jichitai.registry.selectors import SignerMatch, signer_match, signer_was_recorded


@dataclass(frozen=True)
class SignedApplication:
    """One application inside a signed payload."""

    lg_code: str
    procedure_id: str
    data: Mapping[str, Any]


@dataclass(frozen=True)
class VerifiedSignature:
    """What a case keeps of a verified signature."""

    payload: dict[str, Any]
    cms: bytes
    certificate_der: bytes
    verified_at: dt.datetime
    # The signer's 基本4情報 as the certificate states them (repr shows no value).
    signer: BasicFour | None


def signing_payload(applications: Sequence[SignedApplication]) -> dict[str, Any]:
    """署名対象: the payload the resident signs for these applications, in this order."""
    return {
        "applications": [
            {"municipality": a.lg_code, "procedure": a.procedure_id, "data": dict(a.data)}
            for a in applications
        ]
    }


def signing_bytes(payload: Mapping[str, Any]) -> bytes:
    """The exact bytes the card signs (RFC 8785). Raises PayloadNotCanonicalizable."""
    return canonical_application_bytes(dict(payload))


def signature_verify(
    *,
    applications: Sequence[SignedApplication],
    cms: bytes,
    municipality_code: str,
    actor: Actor | None,
    now: dt.datetime,
    audit_success: bool = True,
) -> VerifiedSignature:
    """Verifies `cms` over the payload of `applications` (audited by identity.jpki; a
    submission passes `audit_success=False` and records the signature in its own audit record).
    Raises the jpki refusals (SignatureInvalid when the data is not what was signed,
    SignatureMalformed, an expired or revoked certificate …), all DomainErrors."""
    payload = signing_payload(applications)
    verified = verify_detached_signature(
        signing_bytes(payload),
        cms,
        now,
        municipality_code=municipality_code,
        actor=actor,  # type: ignore[arg-type]  # ResidentActor is shaped like a user
        audit_success=audit_success,
    )
    return VerifiedSignature(
        payload=payload,
        cms=cms,
        certificate_der=verified.certificate.public_bytes(Encoding.DER),
        verified_at=now,
        signer=verified.basic_four,
    )


def _refusal(match: SignerMatch) -> SignerNotApplicant | SignerAddressOutdated:
    if match is SignerMatch.ADDRESS_OUTDATED:
        return SignerAddressOutdated()
    return SignerNotApplicant()


def signer_applicant_check(
    *,
    signature: VerifiedSignature,
    applicant: Resident | None,
    municipality_code: str,
    actor: Actor | None,
) -> None:
    """署名者と申請者の照合: the certificate's 氏名・生年月日・性別 must be the applicant's and its
    住所 their current one. A refusal is audited (its code, never the data) like the
    verifier's own. Raises SignerAddressOutdated (the applicant's card, an address they have
    left: updated at the 市区町村窓口) or SignerNotApplicant (anyone else's card, or no
    applicant to compare with)."""
    if signature.signer is None or applicant is None:
        match = SignerMatch.OTHER_PERSON
    else:
        match = signer_match(basic_four=signature.signer, resident=applicant)
    if match is SignerMatch.APPLICANT:
        return
    refusal = _refusal(match)
    signature_refusal_audit(
        signature.certificate_der,
        refusal=refusal.code,
        municipality_code=municipality_code,
        actor=actor,  # type: ignore[arg-type]  # ResidentActor is shaped like a user
    )
    raise refusal


def signer_is_applicant(*, signer: BasicFour | None, applicant: Resident | None) -> bool:
    """Re-verification of a stored signature: the signer is one version of the applicant's
    record (moving or marrying after signing does not make it someone else's signature)."""
    if signer is None or applicant is None:
        return False
    return signer_was_recorded(basic_four=signer, resident=applicant)
