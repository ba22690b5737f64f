"""手続をさがす・申請する (find a procedure, apply online).

Applying is three screens: the form, already filled with what the register knows (入力);
the answers to check, attachments and the card's signature (確認・署名); the case page. The
checked answers wait in the session between the first two; one Idempotency-Key per draft
means a double click or a retried request still creates one case. What the resident types
is also kept server-side as they go (portal.drafts), so a session that ends loses nothing. 転出届 may name a destination
municipality served by this deployment: then its 転入予約 goes in the same submission, under
the same signature (引越しワンストップ), without a second form.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from jichitai.common.exceptions import DomainError, InvalidInput
from jichitai.common.problems import problem_response
from jichitai.common.ratelimit import limit_take
from jichitai.portal.access import current_resident, resident_actor, resident_required
from jichitai.portal.demo_device import demo_card_chosen, demo_cards, demo_device_enabled, demo_sign
from jichitai.portal.drafts import draft_discard, draft_get, draft_keep_days, draft_save
from jichitai.portal.error_codes import PortalErrorCode
from jichitai.portal.http import ResidentRequest
from jichitai.portal.move_out_form import moving_to_completed
from jichitai.portal.schema_form import (
    chosen_people,
    error_anchors,
    form_data_from_post,
    form_fields,
)
from jichitai.procedures.errors import ProcedureNotFound
from jichitai.procedures.models import Channel
from jichitai.procedures.selectors import (
    PEOPLE_ITEMS,
    Procedure,
    SignedApplication,
    case_data_problems,
    case_form_initial,
    case_signing_bytes,
    data_summary,
    department_label,
    life_events_list,
    move_in_reservation_data,
    procedure_get,
    procedure_list,
)
from jichitai.procedures.services import (
    MAX_BYTES,
    MOVE_IN_RESERVATION,
    MOVE_OUT,
    Upload,
    case_submit,
    case_submit_moving,
)
from jichitai.registry.models import Resident
from jichitai.tenants.http import TenantRequest
from jichitai.tenants.selectors import municipality_list_served

DRAFT_KEY = "portal.draft"


def _online_procedure(procedure_id: str) -> Procedure:
    try:
        procedure = procedure_get(procedure_id=procedure_id)
    except ProcedureNotFound:
        raise Http404 from None
    if not procedure.accepts(Channel.ONLINE):
        raise Http404
    return procedure


def procedures_view(request: TenantRequest, lg_code: str) -> HttpResponse:
    """手続をさがす: by words and by life event; no sign-in needed to look."""
    query = request.GET.get("q", "")[:100]
    life_event = request.GET.get("event") or None
    found = [
        p for p in procedure_list(query=query, life_event=life_event) if p.accepts(Channel.ONLINE)
    ]
    return render(
        request,
        "portal/procedures.html",
        {
            "portal_section": "procedures",
            "resident": current_resident(request),
            "procedures": found,
            "query": query,
            "life_event": life_event,
            "life_events": life_events_list(),
        },
    )


def procedure_view(request: TenantRequest, lg_code: str, procedure_id: str) -> HttpResponse:
    """手続の説明: what it is, the law, what to prepare, the fee, how long it takes, and which
    課 of this municipality handles it."""
    procedure = _online_procedure(procedure_id)
    return render(
        request,
        "portal/procedure.html",
        {
            "portal_section": "procedures",
            "resident": current_resident(request),
            "procedure": procedure,
            "department_label": department_label(municipality=lg_code, key=procedure.department),
        },
    )


def _card_items(resident: Resident) -> dict[str, Any]:
    # The card's 基本4情報 were matched with this record when the card was bound, so the
    # record gives the same values without asking for the card's signature twice.
    return {
        "name": resident.name,
        "birth_date": resident.birth_date,
        "sex": resident.sex,
        "address": f"{resident.address}{resident.address_extra}",
    }


def application_prefill(
    procedure: Procedure, resident: Resident
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(initial data, rows prefilled from the register by field pointer)."""
    initial = case_form_initial(
        procedure_id=procedure.id, resident=resident, card=_card_items(resident)
    )
    rows = {
        rule.field: _at(initial, rule.field) or []
        for rule in procedure.prefill
        if rule.item in PEOPLE_ITEMS and rule.source == "register"
    }
    return initial, rows


def _at(data: dict[str, Any], pointer: str) -> Any:
    node: Any = data
    for part in pointer.strip("/").split("/"):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _destinations(request: TenantRequest) -> list[Any]:
    here = request.municipality.lg_code
    return [m for m in municipality_list_served() if m.lg_code != here]


def _destination(request: TenantRequest, lg_code: str) -> Any:
    return next((m for m in _destinations(request) if m.lg_code == lg_code), None)


def _filled_note(address: str) -> str:
    return gettext(
        "郵便番号から「%(address)s」まで入力しました。番地と建物名を続けて入力してください。"
    ) % {"address": address}


def _posted(
    request: ResidentRequest, procedure: Procedure, rows: Any
) -> tuple[dict[str, Any], str]:
    """The form as posted, and the 転入予約's municipality for a 転出届."""
    data = form_data_from_post(procedure.localized.form, request.POST, prefilled_rows=rows)
    destination = request.POST.get("destination_lg_code", "") if procedure.id == MOVE_OUT else ""
    return data, destination[:6]


@resident_required
@require_http_methods(["GET", "POST"])
def apply_view(request: ResidentRequest, lg_code: str, procedure_id: str) -> HttpResponse:
    """入力: the form, filled from the record, or from what the resident typed before; errors
    next to each field."""
    procedure = _online_procedure(procedure_id)
    resident = request.resident
    initial, rows = application_prefill(procedure, resident)
    draft = request.session.get(DRAFT_KEY)
    restored = None
    errors: list[Any] = []
    filled_note = ""
    if request.method == "POST":
        data, destination = _posted(request, procedure, rows)
        if procedure.id == MOVE_OUT:
            completed = moving_to_completed(data, destination=_destination(request, destination))
            data = completed.data
            if completed.filled_from_postal_code:
                filled_note = _filled_note(completed.filled_from_postal_code)
        with contextlib.suppress(InvalidInput):  # the form's own check names the field
            draft_save(
                resident=resident,
                procedure_id=procedure.id,
                data=data,
                destination_lg_code=destination,
            )
        errors = case_data_problems(procedure=procedure, data=data, applicant=resident)
        if not errors and not filled_note:
            request.session[DRAFT_KEY] = {
                "procedure": procedure.id,
                "data": data,
                "destination": destination,
                "token": uuid.uuid4().hex,
            }
            return redirect("portal:confirm", lg_code=lg_code, procedure_id=procedure.id)
    elif draft and draft["procedure"] == procedure.id:
        data, destination = draft["data"], draft["destination"]
    elif restored := draft_get(resident=resident, procedure_id=procedure.id):
        data, destination = restored.data, restored.destination_lg_code
    else:
        data, destination = initial, ""
    fields = form_fields(procedure.localized.form, data, errors=errors, prefilled_rows=rows)
    return render(
        request,
        "portal/apply.html",
        {
            "portal_section": "procedures",
            "resident": resident,
            "procedure": procedure,
            "fields": fields,
            "errors": error_anchors(fields, errors),
            "filled_note": filled_note,
            "destinations": _destinations(request) if procedure.id == MOVE_OUT else [],
            "destination": destination,
            "restored": restored,
            "draft_keep_days": draft_keep_days(),
        },
        status=422 if errors else 200,
    )


@resident_required
@require_POST
def draft_view(request: ResidentRequest, lg_code: str, procedure_id: str) -> HttpResponse:
    """入力途中の保存 (the page's script, as the resident types): the form as it stands."""
    procedure = _online_procedure(procedure_id)
    resident = request.resident
    limit_take(
        "portal.draft_save",
        key=resident_actor(resident).key,
        rate=settings.JICHITAI_RATE_DRAFT_SAVES,
    )
    data, destination = _posted(request, procedure, application_prefill(procedure, resident)[1])
    try:
        saved = draft_save(
            resident=resident, procedure_id=procedure.id, data=data, destination_lg_code=destination
        )
    except InvalidInput as refused:
        return problem_response(refused, instance=request.path)
    saved_at = timezone.localtime(saved.saved_at)
    return JsonResponse(
        {
            "saved_at": saved_at.isoformat(),
            "message": gettext("%(time)s に保存しました") % {"time": f"{saved_at:%H:%M}"},
        }
    )


@resident_required
@require_POST
def draft_discard_view(request: ResidentRequest, lg_code: str, procedure_id: str) -> HttpResponse:
    """最初から入力し直す: the saved form is deleted; the form is filled from the record."""
    procedure = _online_procedure(procedure_id)
    draft_discard(resident=request.resident, procedure_id=procedure.id)
    if (request.session.get(DRAFT_KEY) or {}).get("procedure") == procedure.id:
        del request.session[DRAFT_KEY]
    messages.info(request, gettext("保存していた入力内容を消しました。"))
    return redirect("portal:apply", lg_code=lg_code, procedure_id=procedure.id)


def _applications(request: ResidentRequest, draft: dict[str, Any]) -> list[SignedApplication]:
    lg_code = request.municipality.lg_code
    applications = [
        SignedApplication(lg_code=lg_code, procedure_id=draft["procedure"], data=draft["data"])
    ]
    if draft["destination"]:
        applications.append(
            SignedApplication(
                lg_code=draft["destination"],
                procedure_id=MOVE_IN_RESERVATION,
                data=move_in_reservation_data(move_out=draft["data"], resident=request.resident),
            )
        )
    return applications


def _upload_kinds(request: ResidentRequest, procedure: Procedure) -> list[str]:
    """The kind of each file sent, in the order application_uploads lists them: a refused
    file's error names its place (`/attachments/1`), and the page shows it at its kind's
    input."""
    return [
        spec.kind
        for spec in procedure.attachments
        for _file in request.FILES.getlist(f"attachment-{spec.kind}")
    ]


def application_uploads(request: ResidentRequest, procedure: Procedure) -> list[Upload]:
    """The attachments posted with an application or its resubmission, by kind."""
    uploads = []
    for spec in procedure.attachments:
        for file in request.FILES.getlist(f"attachment-{spec.kind}"):
            # Read at most one byte past the limit: the service refuses what is too large,
            # without this process holding an arbitrarily large upload in memory.
            uploads.append(Upload(kind=spec.kind, content=file.read(MAX_BYTES + 1)))
    return uploads


def application_signature(request: ResidentRequest, signed_bytes: bytes) -> bytes:
    """The resident's signature over `signed_bytes`: posted as base64, or made by the demo
    device when it is enabled."""
    if request.POST.get("device") == "demo" and demo_device_enabled():
        return demo_sign(
            card_id=request.POST.get("card_id", ""),
            password=request.POST.get("password", ""),
            data=signed_bytes,
        )
    try:
        return base64.b64decode(request.POST.get("signature", ""), validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput(
            code=PortalErrorCode.SIGNATURE_UNREADABLE,
            detail=gettext("電子署名を読み取れませんでした。"),
        ) from None


@resident_required
@require_http_methods(["GET", "POST"])
def confirm_view(request: ResidentRequest, lg_code: str, procedure_id: str) -> HttpResponse:
    """確認・署名・提出: the answers once more, attachments, the card's signature."""
    procedure = _online_procedure(procedure_id)
    draft = request.session.get(DRAFT_KEY)
    if not draft or draft["procedure"] != procedure.id:
        return redirect("portal:apply", lg_code=lg_code, procedure_id=procedure.id)
    applications = _applications(request, draft)
    signed_bytes = case_signing_bytes(applications=applications)
    error: DomainError | None = None
    if request.method == "POST":
        try:
            case = _submit(request, procedure, draft, signed_bytes)
        except DomainError as refused:
            error = refused
        else:
            del request.session[DRAFT_KEY]
            draft_discard(resident=request.resident, procedure_id=procedure.id)
            messages.success(request, _received_message(request, procedure, draft, case))
            return redirect("portal:case", lg_code=lg_code, case_id=case.pk)
    return render(
        request,
        "portal/confirm.html",
        {
            "portal_section": "procedures",
            "resident": request.resident,
            "procedure": procedure,
            "summaries": [_confirmed(request, application) for application in applications],
            "signed_text": signed_bytes.decode("utf-8"),
            "demo_cards": demo_cards(),
            "demo_card_id": demo_card_chosen(request),
            "error": error,
            "upload_kinds": _upload_kinds(request, procedure),
        },
        status=422 if error else 200,
    )


def _received_message(
    request: ResidentRequest, procedure: Procedure, draft: dict[str, Any], case: Any
) -> str:
    name = procedure.localized.name
    destination = _destination(request, draft["destination"]) if draft["destination"] else None
    if destination is not None:
        return gettext(
            "%(name)sと、%(destination)sへの転入予約を受け付けました。受付番号は %(number)s です。"
        ) % {"name": name, "destination": destination.full_name, "number": case.reference_number}
    return gettext("%(name)sを受け付けました。受付番号は %(number)s です。") % {
        "name": name,
        "number": case.reference_number,
    }


@dataclass(frozen=True)
class Confirmed:
    """One application of the confirm page. A 転入予約 sent with a 転出届 is made from it
    (selectors.move_in_reservation_data), so the page says so and folds its rows away instead
    of listing the household a second time."""

    application: SignedApplication
    procedure: Procedure
    rows: list[Any]
    made_from: str = ""

    @property
    def labels(self) -> str:
        """What the application holds, by its items' labels: 「届出人・転入する人・…」."""
        return "・".join(row.label for row in self.rows)


def _confirmed(request: ResidentRequest, application: SignedApplication) -> Confirmed:
    procedure = procedure_get(procedure_id=application.procedure_id)
    made_from = ""
    if application.procedure_id == MOVE_IN_RESERVATION:
        made_from = procedure_get(procedure_id=MOVE_OUT).localized.name
    return Confirmed(application, procedure, _summary(request, application), made_from)


def _summary(request: ResidentRequest, application: SignedApplication) -> list[Any]:
    """The answers to check, with the people chosen by name (a new 世帯主), not by id."""
    procedure = procedure_get(procedure_id=application.procedure_id)
    form = procedure.localized.form
    rows = data_summary(form, application.data)
    if application.procedure_id == MOVE_OUT:
        prefilled = application_prefill(procedure, request.resident)[1]
        rows += chosen_people(form, application.data, prefilled)
    return rows


def _submit(
    request: ResidentRequest, procedure: Procedure, draft: dict[str, Any], signed_bytes: bytes
) -> Any:
    municipality = request.municipality
    actor = resident_actor(request.resident)
    signature = (
        application_signature(request, signed_bytes) if procedure.signature_required else None
    )
    if draft["destination"]:
        return case_submit_moving(
            municipality=municipality,
            move_out_data=draft["data"],
            destination_lg_code=draft["destination"],
            move_in_data=move_in_reservation_data(
                move_out=draft["data"], resident=request.resident
            ),
            actor=actor,
            signature=signature,
            idempotency_key=draft["token"],
        ).case
    return case_submit(
        municipality=municipality,
        procedure_id=procedure.id,
        data=draft["data"],
        actor=actor,
        attachments=application_uploads(request, procedure),
        signature=signature,
        idempotency_key=draft["token"],
    ).case
