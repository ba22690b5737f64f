"""住民票の写し等の交付 (issue certificates): check the request, render, sign, record, audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings as django_settings
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.common.wareki import to_wareki
from jichitai.identity.models import Role, StaffUser
from jichitai.identity.selectors import staff_roles
from jichitai.registry.certificates import errors
from jichitai.registry.certificates.documents import (
    TITLES,
    CertificateDocument,
    CertificateOptions,
    address_line,
    household_head_name,
    people_entries,
    seal_columns,
    wareki,
)
from jichitai.registry.certificates.fees import certificate_fee
from jichitai.registry.certificates.rendering import certificate_pdf_render
from jichitai.registry.certificates.signing import (
    certifier_title,
    pdf_sign,
    seal_signer,
    sha256_hex,
    signing_key_for_issue,
)
from jichitai.registry.errors import ResidentNotFound
from jichitai.registry.models import (
    MAX_COPIES,
    CertificateKind,
    CertificateRequester,
    IdentityCheck,
    IssuedCertificate,
    Resident,
    ResidentStatus,
    SupportMeasure,
    SupportMeasureRelease,
)
from jichitai.registry.services.support_measures import (
    support_protection_check,
    support_releases_record,
)
from jichitai.tenants.models import Municipality
from jichitai.tenants.selectors import municipality_settings_get

ACTION = "registry.certificate_issue"


@dataclass(frozen=True, kw_only=True)
class CertificateRequest:
    """Who asked and how (住民基本台帳法 第12条 本人等の請求・第12条の3 第三者の申出): codes of
    CertificateRequester and IdentityCheck and the number of copies, never a name."""

    requester: CertificateRequester | str
    identity_check: IdentityCheck | str
    copies: int = 1
    # The resident who signed the request with their own card (the portal): 本人からの請求
    # of a 支援対象者 passes the 支援措置 check. None at the counter.
    applicant_id: int | None = None
    # 支援措置の解除 after review (支援措置責任者 only): why a protected person's certificate
    # is issued all the same. Kept in SupportMeasureRelease, never in the audit log.
    support_release_reason: str = ""


def _request_flags(request: CertificateRequest) -> dict[str, bool | int]:
    """The request for the audit record, whose details are numbers and flags only: one flag
    naming the 請求者の区分 and one the 本人確認の方法 (codes of ours, never what was shown)."""
    return {
        f"requester_{CertificateRequester(request.requester).value}": True,
        f"identity_{IdentityCheck(request.identity_check).value}": True,
        "copies": request.copies,
    }


def _request_checked(request: CertificateRequest, options: CertificateOptions) -> None:
    if request.requester not in CertificateRequester.values:
        raise errors.requester_unknown()
    if request.identity_check not in IdentityCheck.values:
        raise errors.identity_check_unknown()
    if not 1 <= request.copies <= MAX_COPIES:
        raise errors.copies_out_of_range(MAX_COPIES)
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
        return f"{self.certificate.kind}-{self.certificate.issue_number}.pdf"


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
    if kind == CertificateKind.CLOSED_RECORD:
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
    living = set(
        Resident.objects.for_municipality(municipality)
        .filter(household_id=residents[0].household_id, status=ResidentStatus.ACTIVE)
        .values_list("pk", flat=True)
    )
    return residents, wanted == living


def _next_serial(municipality: Municipality) -> int:
    # Called with the active signing key row locked: issues of one municipality take turns,
    # so two never read the same last serial.
    last = IssuedCertificate.objects.for_municipality(municipality).aggregate(Max("serial"))
    return (last["serial__max"] or 0) + 1


def issue_number_format(*, serial: int, issued_on: dt.date) -> str:
    """発行番号: 元号の頭文字・年 and the municipality's running number, e.g. "R8-000123".
    (doc/j1040.txt §5.5 lists 発行年月日, terminal and printer too; a web issue has neither,
    and the date is printed on the certificate.)"""
    era = to_wareki(issued_on)
    return f"{era.era.letter}{era.year}-{serial:06d}"


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
    settings = municipality_settings_get(municipality=municipality)
    if not settings.mayor_name.strip():
        raise errors.mayor_name_missing()
    now = timezone.now()
    issued_on = timezone.localdate(now)
    key = signing_key_for_issue(municipality=municipality)
    serial = _next_serial(municipality)
    issue_number = issue_number_format(serial=serial, issued_on=issued_on)
    title = certifier_title(municipality)
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
        certifier_title=title,
        certifier_name=settings.mayor_name.strip(),
        seal_columns=seal_columns(f"{settings.mayor_title.strip() or title}之印"),
        issued_on=wareki(issued_on),
        issue_number=issue_number,
        verify_url=verification_url(municipality),
    )
    rendered = certificate_pdf_render(document)
    pdf = pdf_sign(
        rendered.pdf, seal=seal_signer(key), reason=str(kind.label), location=municipality.full_name
    )
    certificate = IssuedCertificate.objects.create(
        municipality=municipality,
        issue_number=issue_number,
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
        fee=certificate_fee(request.copies),
        signing_key=key,
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


__all__ = [
    "CertificateKind",
    "CertificateOptions",
    "CertificateRequest",
    "IssuedPdf",
    "certificate_issue",
]
