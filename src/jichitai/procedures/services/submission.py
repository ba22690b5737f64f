"""申請 (submitting a case): online by the resident or at the counter by staff, and the
引越しワンストップ pair (転出届 to the former municipality + 転入予約 to the new one).

Everything that only reads (the form's schema, the back-office checks, the attachments'
content, the signature) is checked before the writing transaction starts: the JPKI verifier
records a refused signature in the audit log, and that record must survive the refusal.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from jichitai.idempotency.services import idempotent_call, request_fingerprint
from jichitai.identity.models import StaffUser
from jichitai.procedures import errors
from jichitai.procedures.actors import Actor, ResidentActor
from jichitai.procedures.approval_actions import approval_actions_check
from jichitai.procedures.attachments import (
    MAX_BYTES,
    MAX_MB,
    Sniffed,
    Upload,
    content_sniff,
    sha256_hex,
    storage_name,
)
from jichitai.procedures.definitions import Procedure
from jichitai.procedures.models import Activity, Case, CaseAttachment, CaseState, Channel
from jichitai.procedures.selectors import procedure_get
from jichitai.procedures.services.recording import (
    case_audit,
    case_event_write,
    due_on_compute,
    reference_number_issue,
    staff_of,
)
from jichitai.procedures.signing import (
    Signed,
    SignedApplication,
    VerifiedSignature,
    signature_verify,
    signer_applicant_check,
)
from jichitai.procedures.validation import data_errors
from jichitai.registry.errors import ResidentNotFound
from jichitai.registry.models import Resident, ResidentStatus
from jichitai.tenants.errors import MunicipalityNotFound
from jichitai.tenants.models import Municipality
from jichitai.tenants.selectors import municipality_get_served

MOVE_OUT = "move_out"
MOVE_IN_RESERVATION = "move_in_reservation"


@dataclass(frozen=True)
class Submitted:
    """The case created, and whether this was a retry answered with the first result."""

    case: Case
    replayed: bool


@dataclass(frozen=True)
class Checked:
    """One application that passed every read-only check, ready to be written."""

    municipality: Municipality
    procedure: Procedure
    channel: Channel
    applicant: Resident | None
    data: Mapping[str, Any]
    attachments: tuple[tuple[Upload, Sniffed], ...]


def _channel_of(actor: Actor) -> Channel:
    return Channel.ONLINE if isinstance(actor, ResidentActor) else Channel.COUNTER


def _applicant(
    *, municipality: Municipality, actor: Actor, applicant_id: int | None
) -> Resident | None:
    resident_id = actor.resident_id if isinstance(actor, ResidentActor) else applicant_id
    if resident_id is None:
        return None
    applicant = (
        Resident.objects.for_municipality(municipality)
        .filter(pk=resident_id, status=ResidentStatus.ACTIVE)
        .first()
    )
    if applicant is None:
        raise ResidentNotFound
    return applicant


def _attachments_check(
    *, procedure: Procedure, channel: Channel, uploads: Sequence[Upload]
) -> tuple[tuple[Upload, Sniffed], ...]:
    checked = []
    for index, upload in enumerate(uploads):
        if procedure.attachment(upload.kind) is None:
            raise errors.attachment_kind_unknown(index)
        if len(upload.content) > MAX_BYTES:
            raise errors.attachment_too_large(index, limit_mb=MAX_MB)
        sniffed = content_sniff(upload.content)
        if sniffed is None:
            raise errors.attachment_type(index)
        checked.append((upload, sniffed))
    # At the counter staff see the originals (原本確認); a scan is needed only online.
    if channel == Channel.ONLINE:
        given = {upload.kind for upload in uploads}
        for spec in procedure.attachments:
            if spec.required and spec.kind not in given:
                raise errors.attachment_required(spec.kind, spec.name)
    return tuple(checked)


def application_check(
    *,
    municipality: Municipality,
    procedure_id: str,
    data: Any,
    actor: Actor,
    applicant: Resident | None,
    uploads: Sequence[Upload],
) -> Checked:
    procedure = procedure_get(procedure_id=procedure_id)
    channel = _channel_of(actor)
    if not procedure.accepts(channel):
        raise errors.channel_unavailable(str(Channel(channel).label))
    problems = data_errors(procedure=procedure, data=data)
    if problems:
        raise errors.CaseDataInvalid(errors=problems)
    approval_actions_check(
        names=[a.action for a in procedure.on_approval], data=data, applicant=applicant
    )
    return Checked(
        municipality=municipality,
        procedure=procedure,
        channel=channel,
        applicant=applicant,
        data=data,
        attachments=_attachments_check(procedure=procedure, channel=channel, uploads=uploads),
    )


def signature_check(
    *,
    applications: Sequence[Checked],
    signature: bytes | None,
    actor: Actor,
    now: dt.datetime,
) -> VerifiedSignature | None:
    """署名用電子証明書 (online only: at the counter, staff identify the person in front of
    them): a valid signature over exactly these applications, by the applicant's own card.
    The one check of every signed submission (case_submit, case_submit_moving,
    case_resubmit), whichever channel — the portal's pages or the residents' API — called it."""
    needed = any(
        a.channel == Channel.ONLINE and a.procedure.signature_required for a in applications
    )
    if not needed:
        return None
    if not signature:
        raise errors.signature_required()
    municipality_code = applications[0].municipality.lg_code
    verified = signature_verify(
        applications=[
            SignedApplication(
                lg_code=a.municipality.lg_code, procedure_id=a.procedure.id, data=a.data
            )
            for a in applications
        ],
        cms=signature,
        municipality_code=municipality_code,
        actor=actor,
        now=now,
        # The case's submit record says "signed" in the same transaction as the case.
        audit_success=False,
    )
    signer_applicant_check(
        signature=verified,
        applications=[Signed(applicant=a.applicant, data=a.data) for a in applications],
        municipality_code=municipality_code,
        actor=actor,
    )
    return verified


def attachments_store(*, case: Case, checked: Checked, now: dt.datetime) -> None:
    for upload, sniffed in checked.attachments:
        # Storage is not transactional: a rolled-back submission leaves an unreferenced file
        # under a random name, which is harmless; a row pointing at no file is not.
        name = default_storage.save(
            storage_name(
                lg_code=case.municipality_id, folder="attachments", extension=sniffed.extension
            ),
            ContentFile(upload.content),
        )
        CaseAttachment.objects.create(
            municipality_id=case.municipality_id,
            case=case,
            kind=upload.kind,
            content_type=sniffed.content_type,
            size=len(upload.content),
            sha256=sha256_hex(upload.content),
            file=name,
            uploaded_at=now,
        )


def _due_on(checked: Checked, now: dt.datetime) -> dt.date:
    return due_on_compute(
        municipality=checked.municipality,
        submitted_on=timezone.localdate(now),
        open_days=checked.procedure.processing_days,
    )


def _case_insert(
    *,
    checked: Checked,
    actor: Actor,
    now: dt.datetime,
    signature: VerifiedSignature | None,
    reference_number: str,
    due_on: dt.date,
    onestop_id: uuid.UUID | None = None,
    related: tuple[str, str] = ("", ""),
) -> Case:
    """The case, its attachments and its submit event (the audit record comes last)."""
    case = Case.objects.create(
        municipality=checked.municipality,
        procedure_id=checked.procedure.id,
        procedure_version=checked.procedure.version,
        procedure_sha256=checked.procedure.sha256,
        department=checked.procedure.department,
        reference_number=reference_number,
        applicant=checked.applicant,
        applicant_key=actor.key if isinstance(actor, ResidentActor) else "",
        state=_initial_state(checked),
        channel=checked.channel,
        data=dict(checked.data),
        submitted_at=now,
        due_on=due_on,
        signed_payload=signature.payload if signature else None,
        signature_cms=signature.cms if signature else None,
        signer_certificate_der=signature.certificate_der if signature else None,
        signature_verified_at=signature.verified_at if signature else None,
        onestop_id=onestop_id,
        related_lg_code=related[0],
        related_reference_number=related[1],
    )
    attachments_store(case=case, checked=checked, now=now)
    case_event_write(case=case, activity=Activity.SUBMIT, actor=actor, now=now)
    return case


def _initial_state(checked: Checked) -> CaseState:
    """An online request with a fee (地方自治法 第227条) waits for its payment; at the counter
    the fee is paid there and then."""
    if checked.channel == Channel.ONLINE and checked.procedure.fee > 0:
        return CaseState.AWAITING_PAYMENT
    return CaseState.SUBMITTED


def _submit_audit(
    *, case: Case, checked: Checked, actor: Actor, signature: VerifiedSignature | None
) -> None:
    case_audit(
        case=case,
        activity=Activity.SUBMIT,
        actor=actor,
        procedure=checked.procedure,
        detail={
            "attachments": len(checked.attachments),
            "signed": signature is not None,
            "onestop": case.onestop_id is not None,
        },
    )


def _case_create(
    *, checked: Checked, actor: Actor, now: dt.datetime, signature: VerifiedSignature | None
) -> Case:
    # Every submission of the municipality queues for the 受付番号 row and then the audit
    # chain head, both held until commit: the 処理期限 (閉庁日 lookups) is settled before.
    due_on = _due_on(checked, now)
    case = _case_insert(
        checked=checked,
        actor=actor,
        now=now,
        signature=signature,
        reference_number=reference_number_issue(municipality=checked.municipality, now=now),
        due_on=due_on,
    )
    _submit_audit(case=case, checked=checked, actor=actor, signature=signature)
    return case


def _fingerprint(operation: str, request: Mapping[str, Any]) -> str:
    body = json.dumps(request, sort_keys=True, ensure_ascii=False, default=str).encode()
    return request_fingerprint(operation=operation, body=body)


def _uploads_digest(uploads: Sequence[Upload]) -> list[tuple[str, str]]:
    return [(u.kind, sha256_hex(u.content)) for u in uploads]


def _idempotent(
    *,
    municipality: Municipality,
    actor: Actor,
    key: str | None,
    operation: str,
    request: Mapping[str, Any],
    write: Callable[[], Case],
) -> Submitted:
    case, replayed = idempotent_call(
        municipality=municipality,
        actor=actor,  # type: ignore[arg-type]  # ResidentActor has the `pk` the app keys on
        key=key,
        operation=operation,
        fingerprint=_fingerprint(operation, request),
        write=write,
        resource_id=lambda created: str(created.pk),
        load=lambda pk: Case.objects.for_municipality(municipality).get(pk=int(pk)),
    )
    return Submitted(case=case, replayed=replayed)


def case_submit(
    *,
    municipality: Municipality,
    procedure_id: str,
    data: Any,
    actor: Actor,
    applicant_id: int | None = None,
    attachments: Sequence[Upload] = (),
    signature: bytes | None = None,
    idempotency_key: str | None = None,
) -> Submitted:
    """申請・届出の提出 (submit a case).

    Online when `actor` is a ResidentActor (the applicant is the resident themself), at the
    counter when it is a staff member (`applicant_id` names the resident, or None when the
    procedure's data identifies the applicant). The data must match the procedure's form;
    online, required attachments must come and, when the procedure asks for it, a CMS
    signature with the 署名用電子証明書 over `signing.signing_payload` of this one
    application. With an `idempotency_key`, a retry returns the first case.

    Raises ProcedureNotFound, ResidentNotFound, CaseDataInvalid (one FieldError per field,
    JSON pointers), RuleViolation (`procedure.channel_unavailable`, `case.signature_required`,
    `case.attachment_required`, `case.not_household_member`, `case.applicant_required`),
    the signer's refusals (`jpki.signer_not_applicant`, `jpki.address_outdated`), InvalidInput (`case.attachment_type`, `case.attachment_too_large`,
    `case.attachment_kind_unknown`), the jpki refusals and the idempotency errors.
    """
    if isinstance(actor, StaffUser):
        staff_of(actor, municipality)
    applicant = _applicant(municipality=municipality, actor=actor, applicant_id=applicant_id)
    checked = application_check(
        municipality=municipality,
        procedure_id=procedure_id,
        data=data,
        actor=actor,
        applicant=applicant,
        uploads=attachments,
    )
    now = timezone.now()
    verified = signature_check(applications=[checked], signature=signature, actor=actor, now=now)
    request = {
        "procedure": procedure_id,
        "applicant": applicant.pk if applicant else None,
        "data": data,
        "attachments": _uploads_digest(attachments),
        "signature": sha256_hex(signature) if signature else None,
    }
    return _idempotent(
        municipality=municipality,
        actor=actor,
        key=idempotency_key,
        operation="procedures.case_submit",
        request=request,
        write=lambda: _case_create(checked=checked, actor=actor, now=now, signature=verified),
    )


def _destination(lg_code: str, origin: Municipality) -> Municipality:
    if lg_code == origin.lg_code:
        raise errors.moving_same_municipality()
    try:
        return municipality_get_served(lg_code=lg_code)
    except MunicipalityNotFound:
        raise errors.moving_municipality_not_served() from None


@transaction.atomic
def _pair_create(
    *,
    move_out: Checked,
    move_in: Checked,
    actor: ResidentActor,
    now: dt.datetime,
    signature: VerifiedSignature | None,
) -> Case:
    onestop_id = uuid.uuid4()
    due = {id(checked): _due_on(checked, now) for checked in (move_out, move_in)}
    # The two municipalities' 受付番号 rows and audit chain heads are locked in code order:
    # a move from B to A filed at the same moment as one from A to B would otherwise deadlock.
    in_order = sorted((move_out, move_in), key=lambda c: c.municipality.lg_code)
    numbers = {
        id(checked): reference_number_issue(municipality=checked.municipality, now=now)
        for checked in in_order
    }
    cases = {
        id(checked): _case_insert(
            checked=checked,
            actor=actor,
            now=now,
            signature=signature,
            reference_number=numbers[id(checked)],
            due_on=due[id(checked)],
            onestop_id=onestop_id,
            related=(other.municipality.lg_code, numbers[id(other)]),
        )
        for checked, other in ((move_out, move_in), (move_in, move_out))
    }
    for checked in in_order:
        _submit_audit(case=cases[id(checked)], checked=checked, actor=actor, signature=signature)
    return cases[id(move_out)]


def case_submit_moving(
    *,
    municipality: Municipality,
    move_out_data: Any,
    destination_lg_code: str,
    move_in_data: Any,
    actor: ResidentActor,
    signature: bytes | None,
    idempotency_key: str | None = None,
) -> Submitted:
    """引越しワンストップ: 転出届 to `municipality` and 転入予約 to the destination, in one
    submission with one signature over both (signing_payload of the two applications, 転出届
    first). Both cases are created in one transaction or neither; they share `onestop_id`
    and name each other's 受付番号. Returns the 転出届's case.

    Approving the 転出届 records the 転出 and sends the 転出証明書情報 to the destination
    (actions `registry.move_out` + `moving.forward_move_out_certificate`).
    Raises what case_submit raises, and RuleViolation `moving.same_municipality`,
    `moving.municipality_not_served`.
    """
    destination = _destination(destination_lg_code, municipality)
    applicant = _applicant(municipality=municipality, actor=actor, applicant_id=None)
    move_out = application_check(
        municipality=municipality,
        procedure_id=MOVE_OUT,
        data=move_out_data,
        actor=actor,
        applicant=applicant,
        uploads=(),
    )
    # At the destination the person is not a resident (yet): their identity is in the data.
    move_in = application_check(
        municipality=destination,
        procedure_id=MOVE_IN_RESERVATION,
        data=move_in_data,
        actor=actor,
        applicant=None,
        uploads=(),
    )
    now = timezone.now()
    verified = signature_check(
        applications=[move_out, move_in], signature=signature, actor=actor, now=now
    )
    request = {
        "destination": destination.lg_code,
        "move_out": move_out_data,
        "move_in": move_in_data,
        "signature": sha256_hex(signature) if signature else None,
    }
    return _idempotent(
        municipality=municipality,
        actor=actor,
        key=idempotency_key,
        operation="procedures.case_submit_moving",
        request=request,
        write=lambda: _pair_create(
            move_out=move_out, move_in=move_in, actor=actor, now=now, signature=verified
        ),
    )
