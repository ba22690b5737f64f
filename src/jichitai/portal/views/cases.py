"""申請の状況 (my cases): status and history, withdrawing, answering a return for correction,
and the documents the municipality delivered (the signed 住民票の写し)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from jichitai.common.exceptions import DomainError
from jichitai.identity.selectors import department_taking
from jichitai.portal.access import resident_actor, resident_or_former_required, resident_required
from jichitai.portal.demo_device import demo_card_chosen, demo_cards
from jichitai.portal.http import ResidentRequest
from jichitai.portal.residence import has_moved_away, residence_context
from jichitai.portal.schema_form import (
    chosen_people,
    error_anchors,
    form_data_from_post,
    form_fields,
)
from jichitai.portal.views.procedures import (
    application_prefill,
    application_signature,
    application_uploads,
)
from jichitai.procedures.errors import CaseNotFound
from jichitai.procedures.models import Activity, Case, CaseState
from jichitai.procedures.selectors import (
    SignedApplication,
    case_allowed_activities,
    case_care_certification,
    case_exchange_rows,
    case_get_for_resident,
    case_list_for_resident,
    case_signing_bytes,
    data_errors,
    data_summary,
    department_label,
    procedure_get,
)
from jichitai.procedures.services import case_access_record, case_resubmit, case_withdraw
from jichitai.tenants.errors import MunicipalityNotFound
from jichitai.tenants.selectors import municipality_get_served, municipality_settings_get

# 住民基本台帳法 第22条: the 転入届 is due within 14 days of moving in.
MOVE_IN_NOTICE_DAYS = 14


def _own_case(request: ResidentRequest, case_id: int) -> Case:
    try:
        return case_get_for_resident(
            municipality=request.municipality,
            case_id=case_id,
            actor=resident_actor(request.resident),
        )
    except CaseNotFound:
        raise Http404 from None


@resident_or_former_required
def cases_view(request: ResidentRequest, lg_code: str) -> HttpResponse:
    cases = list(
        case_list_for_resident(
            municipality=request.municipality,
            actor=resident_actor(request.resident),
        )
    )
    for case in cases:
        case.procedure = procedure_get(procedure_id=case.procedure_id)  # type: ignore[attr-defined]  # read by the template beside the case
    return render(
        request,
        "portal/cases.html",
        {
            "portal_section": "cases",
            "resident": request.resident,
            "cases": cases,
            **residence_context(request.resident),
        },
    )


def _move_in_next_steps(case: Case) -> dict[str, Any] | None:
    """For a 転出届: when and where the 転入届 is made, and what to bring. The destination's
    office, phone and 開庁時間 come from its 団体別設定, and the 課 that takes 転入届 (its
    public name and 窓口, e.g. みなかみ町 町民課) from its 課, when it is served here
    (引越しワンストップ)."""
    if case.procedure_id != "move_out":
        return None
    destination = None
    if case.related_lg_code:
        try:
            destination = municipality_get_served(lg_code=case.related_lg_code)
        except MunicipalityNotFound:
            destination = None
    planned = case.data.get("planned_move_on", "")
    try:
        due_on = dt.date.fromisoformat(planned) + dt.timedelta(days=MOVE_IN_NOTICE_DAYS)
    except ValueError:
        due_on = None
    return {
        "destination": destination,
        "settings": municipality_settings_get(municipality=destination) if destination else None,
        "counter": (
            department_taking(
                municipality=destination,
                # The 課 of the 転入予約 is the one the 転入届 is made at.
                key=procedure_get(procedure_id="move_in_reservation").department,
            )
            if destination
            else None
        ),
        "days": MOVE_IN_NOTICE_DAYS,
        "due_on": due_on,
    }


@resident_or_former_required
def case_view(request: ResidentRequest, lg_code: str, case_id: int) -> HttpResponse:
    case = _own_case(request, case_id)
    procedure = procedure_get(procedure_id=case.procedure_id)
    case_access_record(actor=resident_actor(request.resident), case=case, procedure=procedure)
    allowed = case_allowed_activities(case=case)
    return render(
        request,
        "portal/case.html",
        {
            "portal_section": "cases",
            "resident": request.resident,
            "case": case,
            "procedure": procedure,
            "department_label": department_label(municipality=lg_code, key=case.department),
            "summary": data_summary(procedure.localized.form, case.data)
            + chosen_people(
                procedure.localized.form,
                case.data,
                application_prefill(procedure, request.resident)[1],
            ),
            "events": case.events.all(),
            "returns": case.returns.all(),
            "documents": case.documents.all(),
            "exchanges": case_exchange_rows(case=case),
            # 要介護認定: the 審査会's result (level and period) once the 介護保険担当 records it.
            "care_certification": case_care_certification(case=case),
            # A former resident only looks (portal.access).
            "can_withdraw": Activity.WITHDRAW in allowed and not has_moved_away(request.resident),
            "can_resubmit": Activity.RESUBMIT in allowed and not has_moved_away(request.resident),
            "can_pay": case.state == CaseState.AWAITING_PAYMENT
            and not has_moved_away(request.resident),
            "next_steps": _move_in_next_steps(case),
        },
    )


@resident_required
@require_http_methods(["GET", "POST"])
def withdraw_view(request: ResidentRequest, lg_code: str, case_id: int) -> HttpResponse:
    """取下げ: asked once more on its own page, since it cannot be undone."""
    case = _own_case(request, case_id)
    if request.method == "GET":
        return render(
            request,
            "portal/withdraw.html",
            {
                "portal_section": "cases",
                "resident": request.resident,
                "case": case,
                "procedure": procedure_get(procedure_id=case.procedure_id),
            },
        )
    try:
        case_withdraw(
            municipality=request.municipality,
            case_id=case.pk,
            actor=resident_actor(request.resident),
        )
    except DomainError as refused:
        messages.error(request, refused.detail)
    else:
        messages.success(request, gettext("申請を取り下げました。"))
    return redirect("portal:case", lg_code=lg_code, case_id=case.pk)


@resident_required
@require_http_methods(["GET", "POST"])
def resubmit_view(request: ResidentRequest, lg_code: str, case_id: int) -> HttpResponse:
    """差戻しへの対応: the form with the submitted answers, the reason on top; signed again."""
    case = _own_case(request, case_id)
    procedure = procedure_get(procedure_id=case.procedure_id)
    if Activity.RESUBMIT not in case_allowed_activities(case=case):
        return redirect("portal:case", lg_code=lg_code, case_id=case.pk)
    rows = application_prefill(procedure, request.resident)[1]
    data, errors, refused = case.data, [], None
    if request.method == "POST":
        data = form_data_from_post(procedure.localized.form, request.POST, prefilled_rows=rows)
        errors = data_errors(procedure=procedure, data=data)
        if not errors:
            signed = case_signing_bytes(
                applications=[
                    SignedApplication(lg_code=lg_code, procedure_id=procedure.id, data=data)
                ]
            )
            try:
                case_resubmit(
                    municipality=request.municipality,
                    case_id=case.pk,
                    actor=resident_actor(request.resident),
                    data=data,
                    attachments=application_uploads(request, procedure),
                    signature=application_signature(request, signed)
                    if procedure.signature_required
                    else None,
                )
            except DomainError as error:
                refused = error
            else:
                messages.success(request, gettext("訂正した内容を再提出しました。"))
                return redirect("portal:case", lg_code=lg_code, case_id=case.pk)
    fields = form_fields(procedure.localized.form, data, errors=errors, prefilled_rows=rows)
    return render(
        request,
        "portal/resubmit.html",
        {
            "portal_section": "cases",
            "resident": request.resident,
            "case": case,
            "procedure": procedure,
            "reason": case.returns.order_by("-returned_at").first(),
            "fields": fields,
            "errors": error_anchors(fields, errors),
            "demo_cards": demo_cards(),
            "demo_card_id": demo_card_chosen(request),
            "error": refused,
        },
        status=422 if errors or refused else 200,
    )


@resident_or_former_required
def document_view(
    request: ResidentRequest, lg_code: str, case_id: int, document_id: int
) -> FileResponse:
    """交付された証明書 (the signed PDF), to the applicant only."""
    case = _own_case(request, case_id)
    document = case.documents.filter(pk=document_id).first()
    if document is None:
        raise Http404
    procedure = procedure_get(procedure_id=case.procedure_id)
    case_access_record(actor=resident_actor(request.resident), case=case, procedure=procedure)
    response = FileResponse(document.file.open("rb"), content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="juminhyo-{document.issue_number}.pdf"'
    return response
