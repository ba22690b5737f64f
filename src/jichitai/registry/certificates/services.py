"""住民票の写し等の交付 (issue certificates): check the request, render, sign, record, audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.conf import settings as django_settings
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.identity.models import Role, StaffUser
from jichitai.identity.selectors import staff_roles
from jichitai.registry.certificates import errors
from jichitai.registry.certificates.certifiers import certifier_on
from jichitai.registry.certificates.documents import (
    LATE_MOVE_OUT_NOTE,
    LATE_MOVE_OUT_TITLE,
    TITLES,
    CertificateDocument,
    CertificateOptions,
    address_line,
    household_head_name,
    move_out_entries,
    people_entries,
    seal_columns,
    wareki,
)
from jichitai.registry.certificates.fees import certificate_fee
from jichitai.registry.certificates.rendering import certificate_pdf_render
from jichitai.registry.certificates.signing import (
    pdf_sign,
    seal_signer,
    sha256_hex,
    signing_key_for_issue,
)
from jichitai.registry.errors import ChangeNotFound, ResidentNotFound
from jichitai.registry.models import (
    CLOSED_KINDS,
    HEAD,
    MAX_COPIES,
    CertificateKind,
    CertificateRequester,
    Change,
    ChangeType,
    IdentityCheck,
    IssuedCertificate,
    IssuedCertificateSubject,
    Resident,
    ResidentHistory,
    SupportMeasure,
    SupportMeasureRelease,
    living,
)
from jichitai.registry.services.support_measures import (
    support_protection_check,
    support_releases_record,
)
from jichitai.tenants.models import Municipality

ACTION = "registry.certificate_issue"


@dataclass(frozen=True, kw_only=True)
class CertificateRequest:
    """Who asked and how (住民基本台帳法 第12条 本人等の請求・第12条の3 第三者の申出): codes of
    CertificateRequester and IdentityCheck and the number of copies, never a name."""

    requester: CertificateRequester | str
    identity_check: IdentityCheck | str
    copies: int = 1
    # 公用 (doc/j1060.txt §5.7): asked by a public office for its duties, printed 「公用」 and
    # free of charge (地方自治法 第227条 手数料 is for a 特定の者のための事務, not another office's).
    official_use: bool = False
    # 交付場所 (doc/j300.txt §1.3.8): kept on the issue record, never printed (§5.5).
    place: str = ""
    # 発行端末名番号 (doc/j1040.txt §5.5), e.g. 本庁1: printed in the 発行番号 and kept.
    terminal: str = ""
    # The resident who signed the request with their own card (the portal): 本人からの請求
    # of a 支援対象者 passes the 支援措置 check. None at the counter.
    applicant_id: int | None = None
    # 支援措置の解除 after review (支援措置責任者 only): why a protected person's certificate
    # is issued all the same. Kept in SupportMeasureRelease, never in the audit log.
    support_release_reason: str = ""


MAX_PLACE = 40
MAX_TERMINAL = 10


def _request_flags(request: CertificateRequest) -> dict[str, bool | int]:
    """The request for the audit record, whose details are numbers and flags only: one flag
    naming the 請求者の区分 and one the 本人確認の方法 (codes of ours, never what was shown)."""
    return {
        f"requester_{CertificateRequester(request.requester).value}": True,
        f"identity_{IdentityCheck(request.identity_check).value}": True,
        "copies": request.copies,
        "official_use": request.official_use,
    }


def _request_checked(request: CertificateRequest, options: CertificateOptions) -> None:
    if request.requester not in CertificateRequester.values:
        raise errors.requester_unknown()
    if request.identity_check not in IdentityCheck.values:
        raise errors.identity_check_unknown()
    if not 1 <= request.copies <= MAX_COPIES:
        raise errors.copies_out_of_range(MAX_COPIES)
    if len(request.place) > MAX_PLACE:
        raise errors.place_too_long(MAX_PLACE)
    terminal = request.terminal.strip()
    if len(terminal) > MAX_TERMINAL or any(c.isspace() for c in terminal):
        raise errors.terminal_invalid(MAX_TERMINAL)
    if request.requester == CertificateRequester.THIRD_PARTY and (
        options.include_resident_code or options.include_my_number
    ):
        raise errors.third_party_items_not_permitted()


@dataclass(frozen=True)
class IssuedPdf:
    """The record kept (no personal data) and the signed PDF handed to the resident."""

    certificate: IssuedCertificate
    pdf: bytes

    @property
    def filename(self) -> str:
        return f"{self.certificate.kind}-{self.certificate.issue_code}.pdf"


def _may_print_my_number(*, municipality: Municipality, actor: StaffUser | None) -> bool:
    if actor is None or getattr(actor, "municipality_id", None) != municipality.lg_code:
        return False
    return Role.REGISTRY_REVIEW in staff_roles(user=actor)


def _residents(
    *, municipality: Municipality, kind: CertificateKind, resident_ids: Sequence[int]
) -> tuple[list[Resident], bool]:
    """The residents in print order and whether they are the whole household."""
    wanted = set(resident_ids)
    if not wanted:
        raise errors.residents_required()
    residents = list(
        Resident.objects.for_municipality(municipality)
        .filter(pk__in=wanted)
        .select_related("household")
    )
    if len(residents) != len(wanted):
        raise ResidentNotFound
    if kind in CLOSED_KINDS:
        if any(not r.is_closed for r in residents):
            raise errors.record_not_closed()
    elif any(r.is_closed for r in residents):
        # 除票 people are never mixed into a current copy (doc/j1000.txt, 実装しない機能).
        raise errors.record_closed()
    residents.sort(key=lambda r: (r.household_id, r.household_order, r.pk))
    if kind != CertificateKind.JUMINHYO:
        return residents, False
    households = {r.household_id for r in residents}
    if len(households) != 1:
        raise errors.households_mixed()
    household_living = set(
        Resident.objects.for_municipality(municipality)
        .filter(living(), household_id=residents[0].household_id)
        .values_list("pk", flat=True)
    )
    return residents, wanted == household_living


def _next_serial(municipality: Municipality) -> int:
    # Called with the active signing key row locked: issues of one municipality take turns,
    # so two never read the same last serial. An issue of n copies took n serials.
    last = IssuedCertificate.objects.for_municipality(municipality).aggregate(
        last=Max(F("serial") + F("copies") - 1)
    )
    return (last["last"] or 0) + 1


def issue_number_format(
    *, serial: int, issued_on: dt.date, municipality: Municipality, terminal: str = ""
) -> str:
    """発行番号 (doc/j1040.txt §5.5): 発行年月日・市区町村名・発行端末名番号・発行プリンタ番号・
    発行された順に付された番号, e.g. "20261206 みどり市 本庁1 000123"; the page "1 / 2" follows it
    on every page (certificate.css). The terminal is the part that may show the 発行場所単位; a
    PDF has no printer, which the standard lets stay blank (必ずしも出力機器を特定できない場合).
    The 発行場所 itself is never printed (実装しない)."""
    parts = [f"{issued_on:%Y%m%d}", municipality.display_name, terminal.strip(), f"{serial:06d}"]
    return " ".join(part for part in parts if part)


def verification_url(municipality: Municipality) -> str:
    """証明書検証ページ as an absolute URL: the site's address (JICHITAI_BASE_URL) and the
    public verification route of the municipality."""
    path = reverse("certificates:verify", kwargs={"lg_code": municipality.lg_code})
    return django_settings.JICHITAI_BASE_URL.rstrip("/") + path


def certificate_issue(
    *,
    municipality: Municipality,
    kind: CertificateKind | str,
    resident_ids: Sequence[int],
    options: CertificateOptions,
    actor: StaffUser | None,
    purpose: str,
    request: CertificateRequest,
) -> IssuedPdf:
    """住民票の写し等の交付 (issue a signed certificate PDF).

    Kinds: 住民票の写し (living residents of one household; 世帯全員 when all its living
    members are given, else 世帯の一部), 住民票の除票の写し (closed records only) and
    住民票記載事項証明書 (living residents). The municipality's signing key is created on
    first use when none exists (signing.signing_key_for_issue). Only the issue record (hash,
    counts, flags) is stored; the PDF is returned, never kept.

    `request` records who asked, how they were identified and how many copies; the 手数料 is
    the copies times the catalog's fee per copy (fees.py). One PDF is issued whatever the
    count: the copies are printed from it at the counter. This is the only way a certificate
    is printed: doc/j1420.txt §10.7 forbids printing that leaves no access log, and every
    issue leaves its IssuedCertificate row and audit record.

    A 支援対象者 among the residents (申出者 or 併せて支援を求める者 of a 支援措置 in force today,
    doc/j440.txt §3.4) is refused unless the request is their own (`request.applicant_id`)
    or a 支援措置責任者 releases it with a reason (`request.support_release_reason`), which
    is recorded (services.support_measures).

    Raises MyNumberNotPermitted (403, audited as denied), PermissionDenied
    `support_measure.protected` / `support_measure.not_permitted` (403, audited), ResidentNotFound (404, also for
    another municipality's ids), RuleViolation `certificate.*` (422), JapaneseFontMissing.
    """
    kind = CertificateKind(kind)
    _request_checked(request, options)
    if options.include_my_number and not _may_print_my_number(
        municipality=municipality, actor=actor
    ):
        # Recorded outside the issuing transaction, which never starts: a denied request
        # for 個人番号 must leave a trace (DESIGN.md: denied attempts are logged too).
        audit_record(
            actor=actor,
            action=ACTION,
            municipality_code=municipality.lg_code,
            object_type="registry.IssuedCertificate",
            purpose=purpose,
            result="denied",
            detail={
                "residents": len(set(resident_ids)),
                "my_number": True,
                **_request_flags(request),
            },
        )
        raise errors.MyNumberNotPermitted
    protected = support_protection_check(
        municipality=municipality,
        resident_ids=resident_ids,
        on=timezone.localdate(),
        purpose=SupportMeasureRelease.Purpose.CERTIFICATE,
        actor=actor,
        action=ACTION,
        applicant_id=request.applicant_id,
        release_reason=request.support_release_reason,
    )
    return _issue(
        municipality=municipality,
        kind=kind,
        resident_ids=resident_ids,
        options=options,
        actor=actor,
        purpose=purpose,
        request=request,
        protected=protected,
    )


@transaction.atomic
def _issue(
    *,
    municipality: Municipality,
    kind: CertificateKind,
    resident_ids: Sequence[int],
    options: CertificateOptions,
    actor: StaffUser | None,
    purpose: str,
    request: CertificateRequest,
    protected: dict[int, SupportMeasure],
) -> IssuedPdf:
    residents, whole_household = _residents(
        municipality=municipality, kind=kind, resident_ids=resident_ids
    )
    now = timezone.now()
    issued_on = timezone.localdate(now)
    certifier = certifier_on(municipality=municipality, on=issued_on)
    key = signing_key_for_issue(municipality=municipality)
    serial = _next_serial(municipality)
    head_printed = (
        kind == CertificateKind.JUMINHYO and options.include_household_head_and_relationship
    )
    document = CertificateDocument(
        kind=kind,
        title=TITLES[kind],
        whole_household=whole_household,
        address=address_line(residents[0]) if kind == CertificateKind.JUMINHYO else "",
        head_name=household_head_name(residents[0].household) if head_printed else None,
        people=people_entries(residents, kind=kind, options=options),
        municipality_name=municipality.full_name,
        lg_code=municipality.lg_code,
        certifier_title=certifier.title,
        certifier_role=certifier.role,
        certifier_name=certifier.name,
        official_use=request.official_use,
        seal_columns=seal_columns(certifier.seal_text),
        issued_on=wareki(issued_on),
        issue_number="",
        verify_url=verification_url(municipality),
    )
    # Each copy is the same document under its own 発行番号 (§5.5: 複数部数は一部ずつ異なる
    # 発行番号), all in the one signed PDF.
    rendered = certificate_pdf_render(
        [
            replace(
                document,
                issue_number=issue_number_format(
                    serial=serial + copy,
                    issued_on=issued_on,
                    municipality=municipality,
                    terminal=request.terminal,
                ),
            )
            for copy in range(request.copies)
        ]
    )
    pdf = pdf_sign(
        rendered.pdf, seal=seal_signer(key), reason=str(kind.label), location=municipality.full_name
    )
    certificate = IssuedCertificate.objects.create(
        municipality=municipality,
        issue_number=issue_number_format(
            serial=serial, issued_on=issued_on, municipality=municipality, terminal=request.terminal
        ),
        serial=serial,
        kind=kind,
        whole_household=whole_household,
        sha256=sha256_hex(pdf),
        issued_at=now,
        actor=actor if actor is not None and actor.is_authenticated else None,
        purpose=purpose[:100],
        residents=len(residents),
        pages=rendered.pages,
        with_household_head=options.include_household_head_and_relationship,
        with_domicile=options.include_domicile,
        with_resident_code=options.include_resident_code,
        with_my_number=options.include_my_number,
        requester=request.requester,
        identity_check=request.identity_check,
        copies=request.copies,
        fee=0 if request.official_use else certificate_fee(request.copies),
        with_history=options.include_history,
        without_foreign_items=options.omit_foreign_items,
        official_use=request.official_use,
        place=request.place.strip(),
        terminal=request.terminal.strip(),
        acting_certifier=certifier.acting,
        signing_key=key,
    )
    IssuedCertificateSubject.objects.bulk_create(
        IssuedCertificateSubject(
            municipality=municipality, certificate=certificate, resident=resident, position=n
        )
        for n, resident in enumerate(residents, start=1)
    )
    audit_record(
        actor=actor,
        action=ACTION,
        municipality_code=municipality.lg_code,
        object_type="registry.IssuedCertificate",
        object_id=certificate.pk,
        purpose=purpose,
        detail={
            "residents": len(residents),
            "pages": rendered.pages,
            "whole_household": whole_household,
            "household_head": options.include_household_head_and_relationship,
            "domicile": options.include_domicile,
            "resident_code": options.include_resident_code,
            "my_number": options.include_my_number,
            "history": options.include_history,
            "foreign_items_omitted": options.omit_foreign_items,
            "acting_certifier": certifier.acting is not None,
            **_request_flags(request),
            "fee": certificate.fee,
        },
    )
    if protected and actor is not None:
        support_releases_record(
            municipality=municipality,
            protected=protected,
            purpose=SupportMeasureRelease.Purpose.CERTIFICATE,
            reason=request.support_release_reason,
            actor=actor,
        )
    return IssuedPdf(certificate=certificate, pdf=pdf)


MOVE_OUT_PURPOSE = "転出証明書の交付"
_DATE_FIELDS = {
    f.name for f in Resident._meta.concrete_fields if f.get_internal_type() == "DateField"
}
_NOT_RESTORED = {"history_number", "household_number", "household_id", "status"}


def _record_at(row: ResidentHistory) -> Resident:
    """The record as one history row left it (unsaved): what a 転出証明書 prints, the same
    on a 再交付 whatever changed since (doc/j660.txt §4.1.3.0.3)."""
    resident = Resident(
        pk=row.resident_id,
        municipality_id=row.municipality_id,
        household_id=row.snapshot["household_id"],
    )
    for field, value in row.snapshot.items():
        if field in _NOT_RESTORED:
            continue
        if field in _DATE_FIELDS and isinstance(value, str):
            value = dt.date.fromisoformat(value)
        setattr(resident, field, value)
    return resident


@transaction.atomic
def move_out_certificate_issue(
    *,
    municipality: Municipality,
    change_id: int,
    actor: StaffUser | None,
    reissue: bool = False,
) -> IssuedPdf:
    """転出証明書の交付 (doc/j660.txt §4.1.3.0.3, 住民基本台帳法施行令 第23条), in the 転出
    flow, for people who move without the 特例転入 (no card): signed, numbered, recorded and
    audited like every certificate. The items are those the 転出's history rows hold, so a
    再交付 (marked 「再交付」) prints what the first one printed. A 転出届 made more than 14 days
    after the move gives the 転出証明書に準ずる証明書, which says it was issued for the 転入届.
    The 個人番号 is one of the certificate's items (第23条), so no extra role is needed.
    Raises ChangeNotFound (not a 転出 here, or cancelled), RuleViolation `certificate.*`."""
    change = (
        Change.objects.for_municipality(municipality)
        .filter(pk=change_id, change_type=ChangeType.MOVE_OUT)
        .first()
    )
    # A cancellation may take back only some of the people (doc/j980.txt §4.6.0.1): the
    # certificate is for those still leaving.
    rows = list(
        ResidentHistory.objects.for_municipality(municipality)
        .filter(change=change)
        .exclude(resident__history__change__cancels=change)
        .order_by("snapshot__household_order", "resident_id")
    )
    if change is None or not rows:
        raise ChangeNotFound
    leaving = [_record_at(row) for row in rows]
    head = next((r for r in leaving if r.relationship == HEAD), None)
    if head is not None:
        head_name = head.display_name
    else:
        household = Resident.objects.get(pk=leaving[0].pk).household
        head_name = household_head_name(household)
    late = change.notified_after_period
    kind = CertificateKind.MOVE_OUT_CERTIFICATE
    now = timezone.now()
    issued_on = timezone.localdate(now)
    certifier = certifier_on(municipality=municipality, on=issued_on)
    key = signing_key_for_issue(municipality=municipality)
    serial = _next_serial(municipality)
    issue_number = issue_number_format(
        serial=serial, issued_on=issued_on, municipality=municipality
    )
    document = CertificateDocument(
        kind=kind,
        title=LATE_MOVE_OUT_TITLE if late else TITLES[kind],
        whole_household=False,
        address=address_line(leaving[0]),
        head_name=head_name,
        people=move_out_entries(leaving, head_name=head_name),
        municipality_name=municipality.full_name,
        lg_code=municipality.lg_code,
        certifier_title=certifier.title,
        certifier_role=certifier.role,
        certifier_name=certifier.name,
        seal_columns=seal_columns(certifier.seal_text),
        issued_on=wareki(issued_on),
        issue_number=issue_number,
        verify_url=verification_url(municipality),
        moving_to=leaving[0].moving_to_address,
        planned_on=wareki(change.effective_on),
        reissue=reissue,
        late_note=LATE_MOVE_OUT_NOTE if late else "",
        official_use=False,
    )
    rendered = certificate_pdf_render([document])
    pdf = pdf_sign(
        rendered.pdf, seal=seal_signer(key), reason=document.title, location=municipality.full_name
    )
    certificate = IssuedCertificate.objects.create(
        municipality=municipality,
        issue_number=issue_number,
        serial=serial,
        kind=kind,
        sha256=sha256_hex(pdf),
        issued_at=now,
        actor=actor if actor is not None and actor.is_authenticated else None,
        purpose=MOVE_OUT_PURPOSE,
        residents=len(leaving),
        pages=rendered.pages,
        with_household_head=True,
        with_domicile=any(r.domicile for r in leaving),
        with_resident_code=True,
        with_my_number=any(r.my_number_cipher for r in leaving),
        requester=CertificateRequester.SELF,
        reissue=reissue,
        acting_certifier=certifier.acting,
        signing_key=key,
    )
    IssuedCertificateSubject.objects.bulk_create(
        IssuedCertificateSubject(
            municipality=municipality, certificate=certificate, resident_id=resident.pk, position=n
        )
        for n, resident in enumerate(leaving, start=1)
    )
    audit_record(
        actor=actor,
        action=ACTION,
        municipality_code=municipality.lg_code,
        object_type="registry.IssuedCertificate",
        object_id=certificate.pk,
        purpose=MOVE_OUT_PURPOSE,
        detail={
            "residents": len(leaving),
            "pages": rendered.pages,
            "move_out_certificate": True,
            "reissue": reissue,
            "late": late,
            "my_number": certificate.with_my_number,
        },
    )
    return IssuedPdf(certificate=certificate, pdf=pdf)


__all__ = [
    "CertificateKind",
    "CertificateOptions",
    "CertificateRequest",
    "IssuedPdf",
    "certificate_issue",
    "move_out_certificate_issue",
]


def document_sign(*, municipality: Municipality, pdf: bytes, reason: str) -> bytes:
    """A document another business issues in the municipality's name (a 罹災証明書), signed
    with the same key and seal as the register's certificates, so one verification serves
    both. Locks the key row like an issue does."""
    return pdf_sign(
        pdf,
        seal=seal_signer(signing_key_for_issue(municipality=municipality)),
        reason=reason,
        location=municipality.full_name,
    )
