"""Certificates: the staff page that issues them, and the public verification page.

Verification: anyone holding a certificate PDF can check it. No sign-in:
the page reveals only whether this municipality issued the file unchanged, and the issue
record (発行番号, 種別, 交付日時), never what the certificate says."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from jichitai.common.exceptions import DomainError
from jichitai.identity.access import Role, staff_required
from jichitai.identity.http import StaffRequest
from jichitai.registry.certificates.documents import CertificateOptions
from jichitai.registry.certificates.forms import CertificateIssueForm, CertificateUploadForm
from jichitai.registry.certificates.services import CertificateRequest, certificate_issue
from jichitai.registry.certificates.verification import certificate_verify_upload
from jichitai.registry.errors import HouseholdNotFound
from jichitai.registry.models import Resident
from jichitai.registry.selectors import (
    household_get,
    household_members_for_certificate,
    issued_certificates_recent,
    support_measures_covering,
)
from jichitai.tenants.http import TenantRequest


@require_http_methods(["GET", "POST"])
def verify_view(request: TenantRequest, lg_code: str) -> HttpResponse:
    """証明書の検証: upload a PDF, see 「有効」 or 「改ざんされているか、発行記録がありません」."""
    municipality = request.municipality
    result = None
    if request.method == "POST":
        form = CertificateUploadForm(request.POST, request.FILES)
        if form.is_valid():
            # Over the limit: RateLimited becomes the 429 page (config.middleware).
            result = certificate_verify_upload(form.cleaned_data["file"], municipality=municipality)
            form = CertificateUploadForm()
    else:
        form = CertificateUploadForm()
    return render(request, "registry/certificates/verify.html", {"form": form, "result": result})


@require_http_methods(["GET", "POST"])
@staff_required(roles=[Role.COUNTER, Role.REGISTRY_REVIEW], action="registry.certificate_form")
def issue_view(request: StaffRequest, lg_code: str, household_id: int) -> HttpResponse:
    """住民票の写し等の交付 (staff): choose members and items; the signed PDF downloads."""
    municipality = request.municipality
    try:
        household = household_get(municipality=municipality, household_id=household_id)
    except HouseholdNotFound:
        raise Http404 from None
    members = household_members_for_certificate(household=household)
    protected = support_measures_covering(
        municipality=municipality, resident_ids=[m.pk for m in members], on=timezone.localdate()
    )
    form = CertificateIssueForm(
        request.POST or None,
        members=[(m.pk, _member_label(m, protected=m.pk in protected)) for m in members],
        chosen=_chosen_member(request, members),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            issued = certificate_issue(
                municipality=municipality,
                kind=data["kind"],
                resident_ids=data["resident_ids"],
                options=CertificateOptions(**{k: data[k] for k in _OPTION_FIELDS}),
                actor=request.staff,
                purpose=data["purpose"],
                request=CertificateRequest(
                    requester=data["requester"],
                    identity_check=data["identity_check"],
                    copies=data["copies"],
                    support_release_reason=data["support_release_reason"],
                ),
            )
        except DomainError as error:
            form.add_error(None, error.detail)
        else:
            response = HttpResponse(issued.pdf, content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{issued.filename}"'
            return response
    return render(
        request,
        "registry/certificates/issue.html",
        {"form": form, "household": household, "protected": bool(protected)},
    )


def _member_label(member: Resident, *, protected: bool) -> str:
    mark = "・支援対象者" if protected else ""
    return f"{member.name}（{member.get_status_display()}{mark}）"


@require_http_methods(["GET"])
@staff_required(roles=[Role.COUNTER, Role.REGISTRY_REVIEW], action="registry.certificate_list")
def issued_list_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """交付記録: the latest certificates issued, with who asked, the check, copies and fee."""
    issued = issued_certificates_recent(municipality=request.municipality)
    return render(request, "registry/certificates/issued.html", {"issued": issued})


def _chosen_member(request: StaffRequest, members: list[Resident]) -> Resident | None:
    """`?member=` from the resident page's 住民票 button: that person alone, when they belong
    to this household (any other value is ignored: the form then offers everyone)."""
    wanted = request.GET.get("member", "")
    if not wanted.isdigit():
        return None
    return next((m for m in members if str(m.pk) == wanted), None)


_OPTION_FIELDS = (
    "include_household_head_and_relationship",
    "include_domicile",
    "include_resident_code",
    "include_name_kana",
    "include_my_number",
)
