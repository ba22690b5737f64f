"""Certificates: the staff page that issues them, and the public verification page.

Verification: anyone holding a certificate PDF can check it. No sign-in:
the page reveals only whether this municipality issued the file unchanged, and the issue
record (発行番号, 種別, 交付日時), never what the certificate says."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from jichitai.common.exceptions import DomainError, NotFound
from jichitai.identity.access import Role, staff_required
from jichitai.identity.http import StaffRequest
from jichitai.registry.certificates.certifiers import (
    acting_certifier_add,
    acting_certifier_on,
    acting_certifier_remove,
    acting_certifiers_list,
    mayor_set,
)
from jichitai.registry.certificates.documents import CertificateOptions
from jichitai.registry.certificates.forms import (
    ActingCertifierForm,
    CertificateIssueForm,
    CertificateUploadForm,
    MayorForm,
)
from jichitai.registry.certificates.services import (
    CertificateRequest,
    certificate_issue,
    move_out_certificate_issue,
)
from jichitai.registry.certificates.signing import certifier_title
from jichitai.registry.certificates.verification import certificate_verify_upload
from jichitai.registry.errors import ChangeNotFound, HouseholdNotFound, ResidentNotFound
from jichitai.registry.forms.common import add_domain_error
from jichitai.registry.models import ChangeType, Resident
from jichitai.registry.selectors import (
    change_get,
    household_get,
    household_members_for_certificate,
    issued_certificates_recent,
    resident_get,
    support_measures_covering,
)
from jichitai.registry.services import resident_access_record
from jichitai.tenants.http import TenantRequest
from jichitai.tenants.selectors import municipality_settings_get


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
                    official_use=data["official_use"],
                    place=data["place"],
                    terminal=data["terminal"],
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
    """交付記録: the latest certificates issued, with who asked, the check, copies and fee.
    `?resident=<id>`: only those that person was on (交付履歴照会, doc/j360.txt §2.2.2), a
    read about one person and so audited as one; an unknown id is a 404."""
    wanted = request.GET.get("resident", "")
    resident = None
    if wanted:
        if not (wanted.isascii() and wanted.isdigit()) or len(wanted) > 12:
            raise Http404
        try:
            resident = resident_get(municipality=request.municipality, resident_id=int(wanted))
        except ResidentNotFound:
            raise Http404 from None
        resident_access_record(
            actor=request.staff, residents=[resident], action="registry.certificate_history"
        )
    issued = issued_certificates_recent(municipality=request.municipality, resident=resident)
    return render(
        request,
        "registry/certificates/issued.html",
        {"issued": issued, "subject": resident},
    )


@require_http_methods(["GET", "POST"])
@staff_required(roles=[Role.ADMIN], action="registry.certifiers")
def certifiers_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """認証者の設定 (doc/j310.txt §1.3.9): the 市区町村長 and the 職務代理者 periods. Two forms
    on one page, told apart by the button pressed (`form`)."""
    municipality = request.municipality
    settings = municipality_settings_get(municipality=municipality)
    which = request.POST.get("form") if request.method == "POST" else None
    mayor_form = MayorForm(
        request.POST if which == "mayor" else None,
        initial={"title": settings.mayor_title, "name": settings.mayor_name},
        prefix="mayor",  # two forms on one page: their fields' ids must differ
    )
    acting_form = ActingCertifierForm(request.POST if which == "acting" else None, prefix="acting")
    try:
        if which == "mayor" and mayor_form.is_valid():
            mayor_set(
                municipality=municipality,
                title=mayor_form.cleaned_data["title"],
                name=mayor_form.cleaned_data["name"],
                actor=request.staff,
            )
            messages.success(request, "市区町村長の職名・氏名を保存しました。")
            return redirect(_certifiers_url(municipality.lg_code))
        if which == "acting" and acting_form.is_valid():
            acting_certifier_add(
                municipality=municipality, actor=request.staff, **acting_form.cleaned_data
            )
            messages.success(request, "職務代理者を登録しました。")
            return redirect(_certifiers_url(municipality.lg_code))
    except DomainError as error:
        add_domain_error(mayor_form if which == "mayor" else acting_form, error)
    today = timezone.localdate()
    context = {
        "mayor_form": mayor_form,
        "acting_form": acting_form,
        "acting": acting_certifiers_list(municipality=municipality),
        "current": acting_certifier_on(municipality=municipality, on=today),
        "mayor_title": certifier_title(municipality),
        "mayor_name": settings.mayor_name,
        "today": today,
    }
    return render(request, "registry/certificates/certifiers.html", context)


@staff_required(roles=[Role.ADMIN], action="registry.certifiers")
@require_POST
def certifier_remove_view(
    request: StaffRequest, lg_code: str, acting_certifier_id: int
) -> HttpResponse:
    """職務代理者の登録の削除 (only one that certified nothing)."""
    try:
        acting_certifier_remove(
            municipality=request.municipality,
            acting_certifier_id=acting_certifier_id,
            actor=request.staff,
        )
    except NotFound:
        raise Http404 from None  # another municipality's id is no different from none
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, "職務代理者の登録を削除しました。")
    return redirect(_certifiers_url(request.municipality.lg_code))


def _move_out_certificate_offer(request: StaffRequest, change_id: int) -> HttpResponse:
    """The end of a 国内転出 (without 特例): the 異動日, how many left and the download button.
    No names on it, so nothing personal is read here."""
    try:
        change = change_get(municipality=request.municipality, change_id=change_id)
    except ChangeNotFound:
        raise Http404 from None
    if change.change_type != ChangeType.MOVE_OUT:
        raise Http404
    leaving = list(change.history_rows.values_list("resident_id", flat=True))
    return render(
        request,
        "registry/certificates/move_out.html",
        {"change": change, "people": len(leaving), "first_resident_id": leaving[0]},
    )


def _certifiers_url(lg_code: str) -> str:
    return reverse("certificates:certifiers", kwargs={"lg_code": lg_code})


@staff_required(roles=[Role.COUNTER, Role.REGISTRY_REVIEW], action="registry.certificate_issue")
@require_http_methods(["GET", "POST"])
def move_out_certificate_view(request: StaffRequest, lg_code: str, change_id: int) -> HttpResponse:
    """転出証明書 (doc/j660.txt §4.1.3.0.3: "転出の異動処理の流れの中で転出証明書を印刷できること")
    of one 転出. GET is the page the 転出 flow ends on, offering the download at once; POST
    issues it (`reissue` prints the 再交付) and the signed PDF downloads."""
    if request.method == "GET":
        return _move_out_certificate_offer(request, change_id)
    try:
        issued = move_out_certificate_issue(
            municipality=request.municipality,
            change_id=change_id,
            actor=request.staff,
            reissue=request.POST.get("reissue") == "1",
        )
    except ChangeNotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, error.detail)
        change = change_get(municipality=request.municipality, change_id=change_id)
        first = change.history_rows.values_list("resident_id", flat=True).first()
        return redirect("registry:resident", lg_code=lg_code, resident_id=first)
    response = HttpResponse(issued.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{issued.filename}"'
    return response


def _chosen_member(request: StaffRequest, members: list[Resident]) -> Resident | None:
    """`?member=` from the resident page's 住民票 button: that person alone, when they belong
    to this household (any other value is ignored: the form then offers everyone)."""
    wanted = request.GET.get("member", "")
    if not (wanted.isascii() and wanted.isdigit()):
        return None
    return next((m for m in members if str(m.pk) == wanted), None)


_OPTION_FIELDS = (
    "include_household_head_and_relationship",
    "include_domicile",
    "include_resident_code",
    "include_name_kana",
    "include_my_number",
    "include_history",
    "omit_foreign_items",
)
