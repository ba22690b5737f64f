"""備考（Ｃ類型） and 事実上の世帯主 (doc/j140.txt §1.1.14, doc/j740.txt §4.1.4.3) on one
record: add one, or remove one (it stays in the list as removed). Shown on the resident page
and printed in the 統合記載欄 of certificates."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from jichitai.common.exceptions import DomainError
from jichitai.identity.access import staff_required
from jichitai.identity.http import StaffRequest
from jichitai.registry import forms
from jichitai.registry.errors import RemarkNotFound
from jichitai.registry.models import RemarkKind
from jichitai.registry.permissions import STAFF_ROLES
from jichitai.registry.selectors import resident_remark_get
from jichitai.registry.services import resident_remark_add, resident_remark_delete
from jichitai.registry.views.common import (
    GET_POST,
    render_personal,
    resident_or_404,
    resident_url,
)


@require_http_methods(GET_POST)
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.remark_add")
def remark_new_view(request: StaffRequest, lg_code: str, resident_id: int) -> HttpResponse:
    """備考の記載."""
    resident = resident_or_404(request, resident_id)
    form = forms.RemarkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            resident_remark_add(
                municipality=request.municipality,
                resident_id=resident.pk,
                kind=RemarkKind(form.cleaned_data["kind"]),
                text=form.cleaned_data["text"],
                actor=request.staff,
            )
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            messages.success(request, "備考を記載しました。")
            return redirect(f"{resident_url(lg_code, resident.pk)}#remarks-heading")
    return render_personal(
        request,
        "registry/remark_form.html",
        {"form": form, "resident": resident, "remark": None},
        residents=[resident],
        action="registry.remark_form",
    )


@require_http_methods(GET_POST)
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.remark_delete")
def remark_delete_view(request: StaffRequest, lg_code: str, remark_id: int) -> HttpResponse:
    """備考の消除: GET asks to confirm, POST removes."""
    try:
        remark = resident_remark_get(municipality=request.municipality, remark_id=remark_id)
    except RemarkNotFound:
        raise Http404 from None
    resident = remark.resident
    if request.method == "POST":
        resident_remark_delete(
            municipality=request.municipality, remark_id=remark.pk, actor=request.staff
        )
        messages.success(request, "備考を消除しました（消除した備考も一覧に残ります）。")
        return redirect(f"{resident_url(lg_code, resident.pk)}#remarks-heading")
    return render_personal(
        request,
        "registry/remark_form.html",
        {"form": None, "resident": resident, "remark": remark},
        residents=[resident],
        action="registry.remark_form",
    )
