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
(`signer_applicant_check`). Its 基本4情報 are compared with the applicant's record: the
resident signed in, who files as 届出人 for the household members the form names (住民基本台帳法
第26条: the 世帯主 notifies for the members, who do not sign themselves). A 転入予約 has no
record at the destination yet: there the 届出人 its form names must be the signer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.serialization import Encoding

from jichitai.identity.jpki.errors import SignerAddressOutdated, SignerNotApplicant
from jichitai.identity.jpki.services import (
    BasicFour,
    canonical_application_bytes,
    signature_refusal_audit,
    verify_detached_signature,
)
from jichitai.procedures.actors import Actor
from jichitai.registry.models import Resident
from jichitai.registry.selectors import (
    SignerMatch,
    signer_is_named,
    signer_match,
    signer_was_recorded,
)


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


@dataclass(frozen=True)
class Signed:
    """One application of a signed submission, as the signer check sees it: the applicant's
    record here (None for a 転入予約 at the destination) and the data naming the 届出人."""

    applicant: Resident | None
    data: Mapping[str, Any]


def _named_filer(data: Mapping[str, Any]) -> tuple[str, dt.date, str | None] | None:
    """(氏名, 生年月日, 性別 or None) of the 届出人 the form names, or None when it names none."""
    named = data.get("applicant")
    if not isinstance(named, Mapping):
        return None
    name, birth, sex = named.get("name"), named.get("birth_date"), named.get("sex")
    if not isinstance(name, str) or not isinstance(birth, str):
        return None
    try:
        born = dt.date.fromisoformat(birth)
    except ValueError:
        return None
    return name, born, sex if isinstance(sex, str) else None


def _is_named(signer: BasicFour, data: Mapping[str, Any]) -> bool:
    named = _named_filer(data)
    if named is None:
        return False
    name, born, sex = named
    return signer_is_named(basic_four=signer, name=name, birth_date=born, sex=sex)


def _match(signer: BasicFour | None, application: Signed) -> SignerMatch:
    if signer is None:
        return SignerMatch.OTHER_PERSON
    if application.applicant is not None:
        return signer_match(basic_four=signer, resident=application.applicant)
    return (
        SignerMatch.APPLICANT if _is_named(signer, application.data) else SignerMatch.OTHER_PERSON
    )


def _refusal(matches: Sequence[SignerMatch]) -> SignerNotApplicant | SignerAddressOutdated:
    if SignerMatch.OTHER_PERSON in matches:
        return SignerNotApplicant()
    return SignerAddressOutdated()


def signer_applicant_check(
    *,
    signature: VerifiedSignature,
    applications: Sequence[Signed],
    municipality_code: str,
    actor: Actor | None,
) -> None:
    """署名者と申請者の照合, for every application of the submission: the certificate's
    氏名・生年月日・性別 must be the applicant's and its 住所 their current one; where the
    applicant has no record (a 転入予約 at the destination), the 届出人 the form names must be
    the signer. A refusal is audited (its code, never the data) like the verifier's own.
    Raises SignerNotApplicant (anyone else's card, or nobody to compare with) or
    SignerAddressOutdated (the applicant's own card, with an address they have left: it is
    updated at the 市区町村窓口)."""
    matches = [_match(signature.signer, application) for application in applications]
    if matches and all(match is SignerMatch.APPLICANT for match in matches):
        return
    refusal = _refusal(matches)
    signature_refusal_audit(
        signature.certificate_der,
        refusal=refusal.code,
        municipality_code=municipality_code,
        actor=actor,  # type: ignore[arg-type]  # ResidentActor is shaped like a user
    )
    raise refusal


def signer_is_applicant(*, signer: BasicFour | None, application: Signed) -> bool:
    """Re-verification of a stored signature: the signer is one version of the applicant's
    record (moving or marrying after signing does not make it someone else's signature), or,
    without a record, the 届出人 the case's data names."""
    if signer is None:
        return False
    if application.applicant is None:
        return _is_named(signer, application.data)
    return signer_was_recorded(basic_four=signer, resident=application.applicant)
