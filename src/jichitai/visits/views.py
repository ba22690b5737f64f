"""来庁予約・受付機・案内表示 pages under `/<lg_code>/visits/`, for everyone (no sign-in).

Booking asks a one-time code sent to the contact; the 予約番号 then changes, cancels and
checks in. The board shows ticket numbers and counters only: no names (支援措置 included).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from jichitai.common.exceptions import DomainError
from jichitai.common.ratelimit import limit_take
from jichitai.common.request_context import current_source
from jichitai.procedures.selectors import life_event_get, life_event_list
from jichitai.tenants.http import TenantRequest
from jichitai.visits.navi import (
    PEOPLE_MAX,
    language_of,
    navi_ages,
    navi_questions,
    navi_results,
    text_in,
)
from jichitai.visits.selectors import (
    board_state,
    bookable_days,
    service_get,
    service_list_public,
    service_waits,
    slot_offers,
)
from jichitai.visits.services import (
    BOOKING_CODE_MINUTES,
    confirmation_request,
    reservation_cancel,
    reservation_change,
    reservation_confirm,
    ticket_check_in,
    ticket_issue,
)
from jichitai.visits.slots import TOKYO, local_today

SESSION_CONFIRMATION = "visits.confirmation"


def _write_limit() -> None:
    limit_take("visits.writes", key=current_source(), rate=settings.JICHITAI_RATE_VISIT_WRITES)


def parse_day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((text or "")[:10])
    except ValueError:
        return None


def parse_start(text: str | None) -> dt.datetime | None:
    """A slot start as the pages send it (ISO 8601 with offset); None when it is not one."""
    try:
        value = dt.datetime.fromisoformat((text or "")[:40])
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=TOKYO)


@require_GET
def services_view(request: TenantRequest, lg_code: str) -> HttpResponse:
    """来庁予約: the services one can book, and how long the wait is now."""
    return render(
        request,
        "visits/services.html",
        {"waits": service_waits(municipality_code=lg_code)},
    )


@require_http_methods(["GET", "POST"])
def book_view(request: TenantRequest, lg_code: str, service_key: str) -> HttpResponse:
    """日時を選んで予約: the next open days, the slots of the chosen one, name and contact."""
    service = service_get(municipality_code=lg_code, service_key=service_key)
    if service is None:
        raise Http404
    error = ""
    if request.method == "POST":
        _write_limit()
        starts_at = parse_start(request.POST.get("starts_at"))
        try:
            if starts_at is None:
                error = "予約する時間を選んでください。"
            else:
                confirmation = confirmation_request(
                    municipality_code=lg_code,
                    service_key=service.key,
                    starts_at=starts_at,
                    name=request.POST.get("name", "")[:200],
                    email=request.POST.get("email", "")[:300],
                    phone=request.POST.get("phone", "")[:40],
                )
                request.session[SESSION_CONFIRMATION] = confirmation.pk
                return redirect("visits:confirm", lg_code=lg_code)
        except DomainError as refused:
            error = refused.detail
    # After a successful POST, which only redirects: the days cost a query of 閉庁日.
    days = bookable_days(service=service)
    day = parse_day(request.GET.get("day"))
    if day not in days:
        day = days[0]
    return render(
        request,
        "visits/book.html",
        {
            "service": service,
            "days": days,
            "day": day,
            "offers": slot_offers(service=service, day=day),
            "error": error,
            "form": request.POST,
        },
        status=422 if error else 200,
    )


@require_http_methods(["GET", "POST"])
def confirm_view(request: TenantRequest, lg_code: str) -> HttpResponse:
    """確認コードの入力: the booking is made when the code sent to the contact comes back."""
    confirmation_id = request.session.get(SESSION_CONFIRMATION)
    if not isinstance(confirmation_id, int):
        return redirect("visits:services", lg_code=lg_code)
    error = ""
    if request.method == "POST":
        try:
            reservation = reservation_confirm(
                municipality_code=lg_code,
                confirmation_id=confirmation_id,
                code=request.POST.get("code", "")[:20],
            )
        except DomainError as refused:
            error = refused.detail
        else:
            del request.session[SESSION_CONFIRMATION]
            return render(request, "visits/booked.html", {"reservation": reservation})
    return render(
        request,
        "visits/confirm.html",
        {"error": error, "minutes": BOOKING_CODE_MINUTES},
        status=422 if error else 200,
    )


@require_http_methods(["GET", "POST"])
def manage_view(request: TenantRequest, lg_code: str) -> HttpResponse:
    """予約の変更・取消し with the 予約番号 and the contact given when booking."""
    context: dict[str, object] = {"form": request.POST}
    if request.method == "POST":
        code = request.POST.get("code", "")[:20]
        contact = request.POST.get("contact", "")[:300]
        action = request.POST.get("action", "")
        try:
            if action == "cancel":
                context["cancelled"] = reservation_cancel(
                    municipality_code=lg_code, code=code, contact=contact
                )
            elif action == "change":
                starts_at = parse_start(request.POST.get("starts_at"))
                if starts_at is None:
                    raise Http404
                context["changed"] = reservation_change(
                    municipality_code=lg_code, code=code, contact=contact, starts_at=starts_at
                )
        except DomainError as refused:
            context["error"] = refused.detail
    return render(request, "visits/manage.html", context, status=422 if "error" in context else 200)


@require_http_methods(["GET", "POST"])
def kiosk_view(request: TenantRequest, lg_code: str) -> HttpResponse:
    """受付機 (the ticket kiosk): a ticket per service, or check in with the 予約番号."""
    context: dict[str, object] = {"services": service_list_public(municipality_code=lg_code)}
    if request.method == "POST":
        _write_limit()
        try:
            if "reservation_code" in request.POST:
                ticket = ticket_check_in(
                    municipality_code=lg_code,
                    reservation_code=request.POST["reservation_code"][:20],
                )
            else:
                ticket = ticket_issue(
                    municipality_code=lg_code, service_key=request.POST.get("service", "")[:40]
                )
        except DomainError as refused:
            context["error"] = refused.detail
        else:
            wait = {w.service.pk: w for w in service_waits(municipality_code=lg_code)}[
                ticket.service_id
            ]
            ahead = wait.waiting - 1
            return render(
                request,
                "visits/ticket.html",
                {"ticket": ticket, "ahead": ahead, "minutes": wait.minutes_behind(ahead)},
            )
    return render(request, "visits/kiosk.html", context, status=422 if "error" in context else 200)


@require_GET
def board_view(request: TenantRequest, lg_code: str) -> HttpResponse:
    """案内表示 (display board): large type, high contrast; the page's script polls."""
    return render(request, "visits/board.html", {"board": board_state(municipality_code=lg_code)})


@require_GET
def board_state_view(request: TenantRequest, lg_code: str) -> JsonResponse:
    """The board's data, polled every 1.5 seconds by each board."""
    limit_take("visits.board", key=current_source(), rate=settings.JICHITAI_RATE_VISIT_BOARD)
    board = board_state(municipality_code=lg_code)
    return JsonResponse(
        {
            "calls": [
                {"label": c.label, "counter": c.counter, "recalled": c.recalled}
                for c in board.calls
            ],
            "waits": [
                {"service": w.service.name, "waiting": w.waiting, "minutes": w.minutes}
                for w in board.waits
            ],
            # Tokyo time: the board shows it as people read clocks.
            "generated_at": board.generated_at.astimezone(TOKYO).isoformat(timespec="seconds"),
        }
    )


@require_GET
def navi_view(request: TenantRequest, lg_code: str) -> HttpResponse:
    """手続ナビ: choose the life event."""
    lang = language_of(request.GET)
    events = [(e.id, text_in(e.name, lang)) for e in life_event_list()]
    return render(request, "visits/navi.html", {"events": events, "lang": lang})


@require_GET
def navi_event_view(request: TenantRequest, lg_code: str, event_id: str) -> HttpResponse:
    """手続ナビ: the event's questions and ages; with `show`, the procedures needed."""
    lang = language_of(request.GET)
    try:
        event = life_event_get(event_id=event_id[:40])
    except DomainError:
        raise Http404 from None
    context: dict[str, object] = {
        "event_id": event.id,
        "event_name": text_in(event.name, lang),
        "lang": lang,
        "questions": navi_questions(event, request.GET, lang),
        "ages": (navi_ages(request.GET) + [None] * PEOPLE_MAX)[:PEOPLE_MAX],
    }
    if "show" in request.GET:
        try:
            context["results"] = navi_results(event, request.GET, lang, today=local_today())
        except DomainError as refused:
            context["errors"] = [e.tokens[-1] for e in refused.errors] or [refused.detail]
    return render(
        request, "visits/navi_event.html", context, status=422 if "errors" in context else 200
    )
