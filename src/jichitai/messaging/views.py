"""送信箱 (outbox): the SMS the demo gateway kept, so a demo visitor can read their code."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jichitai.audit.services import audit_record
from jichitai.identity.access import Role, staff_required
from jichitai.identity.http import StaffRequest
from jichitai.messaging.models import Channel
from jichitai.messaging.selectors import message_list_outbox


@staff_required(roles=[Role.COUNTER, Role.ADMIN], action="messaging.outbox")
@require_GET
def outbox_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    rows = list(message_list_outbox(municipality_code=lg_code, channel=Channel.SMS))
    # 個人情報の閲覧: phone numbers and the texts sent to them.
    audit_record(
        actor=request.staff,
        action="messaging.outbox_read",
        municipality_code=lg_code,
        detail={"count": len(rows)},
    )
    return render(request, "messaging/outbox.html", {"rows": rows})
