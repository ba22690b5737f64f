"""Staff pages under `/<lg_code>/visits/staff/`: the day's reservations, booking for a caller,
and the counter's queue (call next, recall, start, finish, no-show, transfer)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from jichitai.audit.services import audit_record
from jichitai.common.exceptions import DomainError
from jichitai.identity.access import Role, staff_required
from jichitai.identity.http import StaffRequest
from jichitai.visits.models import ReservationChannel, TicketStatus
from jichitai.visits.renewals import (
    renewal_forecast,
    renewal_notices_for_month,
    renewal_notices_pdf,
)
from jichitai.visits.selectors import (
    counter_console_url,
    counter_list,
    reservation_list_for_day,
    service_list,
    ticket_list_today,
)
from jichitai.visits.services import (
    reservation_book,
    ticket_call_next,
    ticket_finish,
    ticket_no_show,
    ticket_recall,
    ticket_start,
    ticket_transfer,
)
from jichitai.visits.slots import local_today
from jichitai.visits.views import parse_day, parse_start

STAFF_ROLES = [Role.COUNTER, Role.ADMIN]
ACTIVE_STATES = (TicketStatus.CALLED, TicketStatus.SERVING)


@staff_required(roles=STAFF_ROLES, action="visits.day_view")
@require_http_methods(["GET", "POST"])
def day_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """その日の予約 and 電話予約 (booking for a caller)."""
    day = parse_day(request.GET.get("day")) or local_today()
    error = ""
    if request.method == "POST":
        starts_at = parse_start(request.POST.get("starts_at"))
        try:
            if starts_at is None:
                error = "予約する日時を入力してください。"
            else:
                reservation = reservation_book(
                    municipality_code=lg_code,
                    service_key=request.POST.get("service", "")[:40],
                    starts_at=starts_at,
                    name=request.POST.get("name", "")[:200],
                    email=request.POST.get("email", "")[:300],
                    phone=request.POST.get("phone", "")[:40],
                    visit_place=request.POST.get("visit_place", "")[:100],
                    channel=ReservationChannel.PHONE,
                    actor=request.staff,
                )
                messages.success(request, f"予約しました。予約番号：{reservation.code}")
                return redirect(f"{request.path}?day={starts_at.date().isoformat()}")
        except DomainError as refused:
            error = refused.detail
    reservations = list(reservation_list_for_day(municipality_code=lg_code, day=day))
    # 個人情報の閲覧: the day's names and contacts were shown to this staff member.
    audit_record(
        actor=request.staff,
        action="visits.reservations_read",
        municipality_code=lg_code,
        detail={"count": len(reservations)},
    )
    return render(
        request,
        "visits/staff_day.html",
        {
            "day": day,
            "reservations": reservations,
            "services": service_list(municipality_code=lg_code),
            "error": error,
            "form": request.POST,
        },
        status=422 if error else 200,
    )


@staff_required(roles=STAFF_ROLES, action="visits.queue_view")
@require_http_methods(["GET"])
def queue_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """窓口の呼出し: today's tickets and the actions of the chosen counter."""
    counters = list(counter_list(municipality_code=lg_code))
    chosen = request.GET.get("counter", "")
    counter = next((c for c in counters if str(c.pk) == chosen), counters[0] if counters else None)
    tickets = list(ticket_list_today(municipality_code=lg_code))
    mine = [
        t for t in tickets if counter and t.counter_id == counter.pk and t.status in ACTIVE_STATES
    ]
    return render(
        request,
        "visits/staff_queue.html",
        {
            "counters": counters,
            "counter": counter,
            "tickets": tickets,
            "mine": [(t, counter_console_url(municipality_code=lg_code, ticket=t)) for t in mine],
        },
    )


def _int(text: str | None) -> int:
    return int(text) if text and text.isdigit() and len(text) < 10 else 0


@staff_required(roles=STAFF_ROLES, action="visits.queue_act")
@require_POST
def queue_act_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """One queue action; refusals come back as a message, nothing changed."""
    counter_id = _int(request.POST.get("counter"))
    ticket_id = _int(request.POST.get("ticket"))
    action = request.POST.get("action", "")
    actor = request.staff
    ticket_actions = {
        "recall": ticket_recall,
        "start": ticket_start,
        "finish": ticket_finish,
        "no_show": ticket_no_show,
    }
    try:
        if action == "call_next":
            ticket = ticket_call_next(municipality_code=lg_code, counter_id=counter_id, actor=actor)
            messages.success(request, f"{ticket.label} を呼び出しました。")
        elif action == "transfer":
            ticket_transfer(
                municipality_code=lg_code,
                ticket_id=ticket_id,
                counter_id=_int(request.POST.get("to_counter")),
                actor=actor,
            )
        elif action in ticket_actions:
            ticket_actions[action](municipality_code=lg_code, ticket_id=ticket_id, actor=actor)
    except DomainError as refused:
        messages.error(request, refused.detail)
    return redirect(f"/{lg_code}/visits/staff/queue/?counter={counter_id}")


def _month(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(f"{(text or '')[:7]}-01")
    except ValueError:
        return None


@staff_required(roles=STAFF_ROLES, action="visits.renewals")
@require_http_methods(["GET"])
def renewals_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """カード更新の見込み by month; `?month=YYYY-MM` downloads that month's notices (PDF)."""
    month = _month(request.GET.get("month"))
    if month is None:
        return render(
            request,
            "visits/staff_renewals.html",
            {"forecast": renewal_forecast(municipality_code=lg_code, first=local_today())},
        )
    notices = renewal_notices_for_month(municipality_code=lg_code, month=month)
    # 個人情報の閲覧: names and addresses of the month's holders were printed.
    audit_record(
        actor=request.staff,
        action="visits.renewal_notices",
        municipality_code=lg_code,
        purpose="マイナンバーカードの有効期限通知",
        detail={"count": len(notices)},
    )
    pdf = renewal_notices_pdf(
        municipality_name=request.municipality.full_name,
        notices=notices,
        booking_url=request.build_absolute_uri(
            reverse("visits:book", kwargs={"lg_code": lg_code, "service_key": "my-number-card"})
        ),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="renewal_{month:%Y%m}.pdf"'
    return response
