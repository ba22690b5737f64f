"""担当の受付一覧・審査画面 (the department inboxes, `/<lg_code>/office/`): the reads the staff
pages need on top of selectors.py, and the two access records they write.

- `INBOX_TABS` / `inbox_departments` / `inbox_procedures` / `inbox_counts`: the tabs, the
  担当 a staff member acts for, the procedures to filter by, and the count of each tab;
- `inbox_cases` / `applicant_name`: the list with each case's 申請者 named (personal data:
  the page that shows it is recorded by services.case_list_access_record);
- `case_processing`: which of 担当する・差戻し・承認・却下 this staff member can do now
  (the same three checks as services.transitions: the workflow table, the current step's
  role, the 担当者), so the page shows only buttons that work; the services still decide;
- `case_approval_effects`: what approving will do in the back yard, in words;
- `case_signature_status`: the 署名用電子証明書 signature re-verified over the stored data,
  its signer (氏名・生年月日 of the certificate) checked against the applicant;
- `case_event_rows`: the event trail with who acted, named for people;
- `case_attachment_get`: a download (audited by services.case_attachment_access_record).

None of these write a case. The access records go to the audit log only, like
services.case_access_record.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from cryptography import x509
from django.db.models import Count, QuerySet
from django.utils import timezone

from jichitai.common.exceptions import DomainError
from jichitai.identity.jpki.errors import SignerNotApplicant
from jichitai.identity.jpki.services import (
    BasicFour,
    basic_four_from_certificate,
    load_certificate,
    serial_hex,
)
from jichitai.identity.models import Role, StaffUser
from jichitai.procedures import signing
from jichitai.procedures.approval_actions import ACTIONS
from jichitai.procedures.definitions import DEPARTMENTS, Procedure, catalog
from jichitai.procedures.error_codes import ProcedureErrorCode
from jichitai.procedures.models import (
    Activity,
    ActorType,
    Case,
    CaseAttachment,
    CaseEvent,
    CaseState,
)
from jichitai.procedures.selectors import (
    INBOX_STATES,
    case_allowed_activities,
    case_events_list,
    case_list_for_inbox,
    department_labels,
)
from jichitai.registry.errors import ChangeNotFound
from jichitai.registry.selectors import (
    change_get,
    change_household_id,
    move_out_certificate_by_public_id,
)
from jichitai.tenants.models import Municipality

S = CaseState


@dataclass(frozen=True)
class InboxTab:
    """One state tab of an inbox: its label and the case states it shows."""

    key: str
    label: str
    states: tuple[CaseState, ...]


# 審査待ち includes 再提出済み: a corrected case waits for staff again, like a new one.
# 完了 gathers every decided state, so nothing disappears from the inbox without a trace.
INBOX_TABS: tuple[InboxTab, ...] = (
    InboxTab("waiting", "審査待ち", (S.SUBMITTED, S.RESUBMITTED)),
    InboxTab("in_review", "審査中", (S.IN_REVIEW,)),
    InboxTab("returned", "差戻し中", (S.RETURNED,)),
    InboxTab("done", "完了", (S.APPROVED, S.REJECTED, S.WITHDRAWN)),
)
INBOX_TAB_BY_KEY = {tab.key: tab for tab in INBOX_TABS}

# What staff do on a case; 再提出 and 取下げ are the resident's.
STAFF_ACTIVITIES = (Activity.CLAIM, Activity.RETURN, Activity.APPROVE, Activity.REJECT)


# ---------------------------------------------------------------------------- the list


def inbox_departments(
    *, municipality: Municipality, readable: Iterable[str]
) -> list[tuple[str, str]]:
    """担当 (code, label) this staff member reads (selectors.case_departments_for_staff), in
    the order of DEPARTMENTS, each named by the municipality's own 課 (selectors.
    department_labels: 町民課 at みなかみ町, 市民課 at みどり市)."""
    labels = department_labels(municipality=municipality)
    names = Counter(labels.values())
    allowed = set(readable)
    return [
        # A 課 with several of the keys (みなかみ町 子育て健康課: 子育て支援 and 母子保健)
        # gets one choice per key, named as a 担当 within the 課 is: 子育て健康課 母子保健担当.
        (code, f"{label} {DEPARTMENTS[code]}" if names[label] > 1 else label)
        for code, label in labels.items()
        if code in allowed
    ]


def inbox_procedures(*, department: str) -> list[Procedure]:
    """The procedures a department processes, by name order of the catalog's ids."""
    return sorted((p for p in catalog().values() if p.department == department), key=lambda p: p.id)


def inbox_counts(
    *, municipality: Municipality, department: str, procedure_id: str | None = None
) -> dict[str, int]:
    """The number of cases under each tab (one query)."""
    qs: QuerySet[Case] = Case.objects.for_municipality(municipality).filter(department=department)
    if procedure_id:
        qs = qs.filter(procedure_id=procedure_id)
    by_state = dict(qs.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    return {tab.key: sum(by_state.get(state, 0) for state in tab.states) for tab in INBOX_TABS}


def inbox_cases(
    *,
    municipality: Municipality,
    department: str,
    states: Iterable[str],
    procedure_id: str | None,
    departments: Iterable[str],
) -> QuerySet[Case]:
    """selectors.case_list_for_inbox with each case's applicant record, for the name column."""
    return case_list_for_inbox(
        municipality=municipality,
        department=department,
        states=states,
        procedure_id=procedure_id,
        departments=departments,
    ).select_related("applicant")


def applicant_name(case: Case) -> str:
    """申請者の氏名: as the register has it, or, for a case whose applicant has no record here
    (a 転入予約 before the 転入), the 届出人 the resident named; "" when neither names one."""
    if case.applicant is not None:
        return case.applicant.name
    named = case.data.get("applicant") if isinstance(case.data, dict) else None
    name = named.get("name") if isinstance(named, dict) else None
    return name if isinstance(name, str) else ""


# ---------------------------------------------------------------------------- one case


def case_is_overdue(*, case: Case, today: dt.date | None = None) -> bool:
    """期限超過, as case_list_for_inbox's `is_overdue`: waiting for staff past 処理期限 (a
    returned case waits for the resident, so its clock does not run against staff)."""
    return case.due_on < (today or timezone.localdate()) and case.state in INBOX_STATES


@dataclass(frozen=True)
class Processing:
    """What the staff member can do on the case now, and why not when nothing."""

    activities: tuple[Activity, ...]
    step_name: str
    step_role_label: str
    # Shown when the workflow would allow a step but this staff member cannot take it.
    blocked_reason: str = ""


def case_processing(
    *, case: Case, procedure: Procedure, roles: Iterable[str], staff: StaffUser
) -> Processing:
    """担当者・役割・状態から、いまできる操作 (mirrors services.transitions._staff_case)."""
    step = procedure.workflow[min(case.step, len(procedure.workflow) - 1)]
    role_label = str(Role(step.role).label)
    possible = [a for a in case_allowed_activities(case=case) if a in STAFF_ACTIVITIES]
    if not possible:
        return Processing((), step.name, role_label)
    if step.role not in set(roles):
        reason = f"この段階（{step.name}）の処理には「{role_label}」の役割が必要です。"
        return Processing((), step.name, role_label, reason)
    if Activity.CLAIM in possible:
        return Processing((Activity.CLAIM,), step.name, role_label)
    if case.assigned_to_id != staff.pk:
        who = str(case.assigned_to) if case.assigned_to else "他の職員"
        reason = f"この申請は{who}が審査中です。担当者だけが処理できます。"
        return Processing((), step.name, role_label, reason)
    return Processing(tuple(possible), step.name, role_label)


@dataclass(frozen=True)
class ReservationMoveIn:
    """転入予約: where the counter records the 転入 (the 転入待ち entry, while pending) or
    where it was recorded (the household, after)."""

    certificate_id: int | None = None
    household_id: int | None = None


def reservation_move_in(*, case: Case) -> ReservationMoveIn | None:
    """The registry's side of a 転入予約 once its 転出証明書情報 arrived; None before."""
    if case.move_out_certificate_id is None:
        return None
    municipality = case.municipality
    if case.registry_change_id is not None:
        try:
            change = change_get(municipality=municipality, change_id=case.registry_change_id)
        except ChangeNotFound:
            return ReservationMoveIn()
        return ReservationMoveIn(household_id=change_household_id(change=change))
    certificate = move_out_certificate_by_public_id(
        municipality=municipality, public_id=str(case.move_out_certificate_id)
    )
    if certificate is None or certificate.status != certificate.Status.PENDING:
        return ReservationMoveIn()
    return ReservationMoveIn(certificate_id=certificate.pk)


def related_municipality_name(*, case: Case) -> str:
    """引越しワンストップの相手方の団体名 (public master data, not the other tenant's rows)."""
    if not case.related_lg_code:
        return ""
    other = Municipality.objects.filter(lg_code=case.related_lg_code).first()
    return other.full_name if other is not None else case.related_lg_code


def case_approval_effects(*, case: Case, procedure: Procedure) -> list[str]:
    """承認すると何が起きるか: forwarding to the next step, or, in words, each approval action
    (approval_actions.ACTIONS) that applies to the case."""
    if case.step + 1 < len(procedure.workflow):
        following = procedure.workflow[case.step + 1]
        role = Role(following.role).label
        return [f"次の段階「{following.name}」へ回付します（{role}の職員が担当します）。"]
    destination = related_municipality_name(case=case)
    effects = []
    for approval in procedure.on_approval:
        action = ACTIONS[approval.action]  # names are checked when the catalog loads
        if not action.applies_to(case):
            continue
        effect = action.effect.format(destination=destination) or approval.note
        if effect:
            effects.append(effect)
    return effects or ["申請を承認済みにします（この手続では他の記録は変わりません）。"]


@dataclass(frozen=True)
class SignerCertificate:
    """署名用電子証明書の表示項目. The subject of a JPKI certificate names no person."""

    subject: str
    issuer: str
    serial: str
    not_before: dt.datetime
    not_after: dt.datetime


@dataclass(frozen=True, repr=False)
class Signer:
    """署名者: who the 署名用電子証明書 says signed (its 氏名 and 生年月日), for staff to read
    beside the applicant. Personal data: shown on the audited case page, never logged."""

    name: str
    birth_date: dt.date | None
    # 氏名 with 代替文字: the card could not hold some characters of the register's name.
    has_substitutes: bool

    @classmethod
    def of(cls, basic_four: BasicFour) -> Signer:
        return cls(
            name=basic_four.name,
            birth_date=basic_four.birth_date,
            has_substitutes=bool(basic_four.name_substitute_positions),
        )

    def __repr__(self) -> str:
        return "Signer(<personal data>)"


@dataclass(frozen=True)
class SignatureStatus:
    """The signature re-verified now over the case's stored data, and by whom."""

    is_valid: bool
    checked_at: dt.datetime
    submitted_verified_at: dt.datetime | None
    refusal: str = ""
    refusal_code: str = ""
    certificate: SignerCertificate | None = None
    signer: Signer | None = None


def _signed_applications(case: Case) -> list[signing.SignedApplication]:
    """The applications of the stored payload, with this case's entry taken from the case's
    data as stored now: a change to the data after signing must show as a broken signature."""
    applications = []
    for entry in (case.signed_payload or {}).get("applications", []):
        is_this_case = (
            entry.get("municipality") == case.municipality_id
            and entry.get("procedure") == case.procedure_id
        )
        applications.append(
            signing.SignedApplication(
                lg_code=str(entry.get("municipality", "")),
                procedure_id=str(entry.get("procedure", "")),
                data=case.data if is_this_case else entry.get("data", {}),
            )
        )
    return applications


def _stored_certificate(der: bytes | memoryview | None) -> x509.Certificate | None:
    # A BinaryField reads back as memoryview on PostgreSQL, bytes on SQLite.
    if not der:
        return None
    try:
        return load_certificate(bytes(der))
    except DomainError:
        return None


def _signer_certificate(certificate: x509.Certificate | None) -> SignerCertificate | None:
    if certificate is None:
        return None
    return SignerCertificate(
        subject=certificate.subject.rfc4514_string(),
        issuer=certificate.issuer.rfc4514_string(),
        serial=serial_hex(certificate.serial_number),
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
    )


def _stored_signer(certificate: x509.Certificate | None) -> Signer | None:
    """The signer as the stored certificate names them, for a signature that no longer
    verifies (who it claims to be is still worth showing)."""
    if certificate is None:
        return None
    try:
        return Signer.of(basic_four_from_certificate(certificate))
    except DomainError:
        return None


def case_signature_status(*, case: Case, actor: StaffUser | None) -> SignatureStatus | None:
    """電子署名の検証結果, or None for a case filed without a signature (at the counter, or a
    procedure that does not ask for one). The signature is checked as of when it was given
    (a certificate that expired since does not undo a valid application), and its signer
    must be the applicant — one version of their record, since they may have moved since,
    or the 届出人 a 転入予約 names (signing.signer_is_applicant); the verifier audits the check. Only the refusal's code
    and message are kept, never the data."""
    if not case.signature_cms:
        return None
    now = timezone.now()
    stored = _stored_certificate(case.signer_certificate_der)
    certificate = _signer_certificate(stored)

    def refused(code: str, message: str, signer: Signer | None) -> SignatureStatus:
        return SignatureStatus(
            is_valid=False,
            checked_at=now,
            submitted_verified_at=case.signature_verified_at,
            refusal=message,
            refusal_code=code,
            certificate=certificate,
            signer=signer,
        )

    applications = _signed_applications(case)
    if not any(a.procedure_id == case.procedure_id for a in applications):
        return refused(
            ProcedureErrorCode.SIGNATURE_PAYLOAD_MISMATCH,
            "署名対象にこの申請が含まれていません。",
            _stored_signer(stored),
        )
    try:
        verified = signing.signature_verify(
            applications=applications,
            cms=bytes(case.signature_cms),
            municipality_code=case.municipality_id,
            actor=actor,
            now=case.signature_verified_at or now,
        )
    except DomainError as error:
        return refused(error.code, error.detail, _stored_signer(stored))
    signer = Signer.of(verified.signer) if verified.signer is not None else None
    this_case = signing.Signed(applicant=case.applicant, data=case.data)
    if not signing.signer_is_applicant(signer=verified.signer, application=this_case):
        mismatch = SignerNotApplicant()
        return refused(mismatch.code, mismatch.detail, signer)
    return SignatureStatus(
        is_valid=True,
        checked_at=now,
        submitted_verified_at=case.signature_verified_at,
        certificate=certificate,
        signer=signer,
    )


@dataclass(frozen=True)
class EventRow:
    """One line of the case's history."""

    event: CaseEvent
    actor_label: str


def case_event_rows(*, case: Case) -> list[EventRow]:
    """事象の履歴 with who acted: staff by their display name (one query for all of them)."""
    events = list(case_events_list(case=case))
    staff_ids = {int(e.actor_id) for e in events if e.actor_type == ActorType.STAFF and e.actor_id}
    names = {
        str(user.pk): str(user)
        for user in StaffUser.objects.filter(pk__in=staff_ids, municipality_id=case.municipality_id)
    }
    labels: dict[str, str] = {ActorType.RESIDENT: "申請者（住民）", ActorType.SYSTEM: "システム"}
    return [
        EventRow(
            event=event,
            actor_label=names.get(event.actor_id, "職員")
            if event.actor_type == ActorType.STAFF
            else labels.get(event.actor_type, ""),
        )
        for event in events
    ]


def case_attachment_get(*, municipality: Municipality, attachment_id: int) -> CaseAttachment | None:
    """添付書類 of this municipality's cases, or None (also for another municipality's)."""
    return (
        CaseAttachment.objects.for_municipality(municipality)
        .select_related("case")
        .filter(pk=attachment_id)
        .first()
    )
