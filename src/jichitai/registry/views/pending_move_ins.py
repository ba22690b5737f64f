"""転入待ち (pending move-ins): the 転出証明書情報 received from former municipalities, and the
転入 recorded from one of them without retyping the people (住民基本台帳法 第24条の2)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from jichitai.common.exceptions import DomainError
from jichitai.identity.access import staff_required
from jichitai.identity.http import StaffRequest
from jichitai.registry import forms
from jichitai.registry.errors import MoveOutCertificateNotFound
from jichitai.registry.models import MoveOutCertificate
from jichitai.registry.permissions import STAFF_ROLES
from jichitai.registry.selectors import move_out_certificate_get, move_out_certificates_pending
from jichitai.registry.services import (
    move_out_certificates_access_record,
    residents_move_in_from_certificate,
)
from jichitai.registry.views.common import (
    GET_POST,
    household_url,
    redirect_after_change,
)
from jichitai.tenants.http import TenantRequest

NOTIFIED_LATE = (
    "転入をした日から14日を過ぎて届け出られました（住民基本台帳法 第22条）。"
    "届出期間を過ぎた理由を確認し、必要に応じて簡易裁判所への通知（同法 第52条）を検討してください。"
)


def _certificate_or_404(request: TenantRequest, certificate_id: int) -> MoveOutCertificate:
    try:
        return move_out_certificate_get(
            municipality=request.municipality,
            certificate_id=certificate_id,
        )
    except MoveOutCertificateNotFound:
        raise Http404 from None


@require_GET
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.move_out_certificates_view")
def pending_move_ins_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    pending = list(move_out_certificates_pending(municipality=request.municipality))
    move_out_certificates_access_record(
        actor=request.staff,
        certificates=pending,
        action="registry.move_out_certificates_view",
    )
    return render(request, "registry/pending_move_ins.html", {"certificates": pending})


@require_http_methods(GET_POST)
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.move_in_from_certificate")
def move_in_from_certificate_view(
    request: StaffRequest, lg_code: str, move_out_certificate_id: int
) -> HttpResponse:
    certificate = _certificate_or_404(request, move_out_certificate_id)
    form = forms.MoveInFromCertificateForm(
        request.POST or None,
        initial={
            "address": certificate.moving_to_address,
            # The family moves on the day they said they would leave; a 転入 is never dated
            # in the future, so a planned day still ahead becomes today.
            "effective_on": min(certificate.planned_on, timezone.localdate()),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            change = residents_move_in_from_certificate(
                municipality=request.municipality,
                certificate_id=certificate.pk,
                address=form.address_value(),
                actor=request.staff,
                effective_on=form.cleaned_data["effective_on"],
                notified_on=form.cleaned_data["notified_on"],
            )
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            household_id = change.history_rows.values_list("resident__household_id", flat=True)[0]
            if change.notified_after_period:
                messages.warning(request, NOTIFIED_LATE)
            return redirect_after_change(
                request, change, household_url(lg_code, household_id), codes_carried=True
            )
    move_out_certificates_access_record(
        actor=request.staff,
        certificates=[certificate],
        action="registry.move_out_certificate_view",
    )
    return render(
        request,
        "registry/move_in_from_certificate.html",
        {"certificate": certificate, "form": form},
    )
