"""来庁予約 in the portal: a resident signed in with their card books without a code (the
card proves who they are), sees, changes and cancels their reservations. Slots and rules are the
visits app's; this page only asks."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from jichitai.common.exceptions import DomainError
from jichitai.portal.access import resident_actor, resident_required
from jichitai.portal.http import ResidentRequest
from jichitai.portal.models import NotificationAddress
from jichitai.visits.models import ReservationChannel
from jichitai.visits.selectors import (
    bookable_days,
    reservation_get_for_resident,
    reservation_list_for_resident,
    service_get,
    service_list_public,
    slot_offers,
)
from jichitai.visits.services import (
    reservation_book,
    reservation_cancel_for_resident,
    reservation_change_for_resident,
)


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((text or "")[:10])
    except ValueError:
        return None


def _start(text: str | None) -> dt.datetime | None:
    try:
        value = dt.datetime.fromisoformat((text or "")[:40])
    except ValueError:
        return None
    return value if value.tzinfo is not None else None


def _act(request: ResidentRequest, lg_code: str) -> str:
    """Book or cancel; the refusal's message, or "" when done."""
    resident = request.resident
    try:
        if "cancel" in request.POST:
            reservation_id = request.POST["cancel"]
            reservation_cancel_for_resident(
                municipality_code=lg_code,
                reservation_id=int(reservation_id) if reservation_id.isdigit() else 0,
                resident_id=resident.pk,
                actor=resident_actor(resident),
            )
            messages.success(request, gettext("予約を取り消しました。"))
            return ""
        starts_at = _start(request.POST.get("starts_at"))
        if starts_at is None:
            return gettext("予約する時間を選んでください。")
        reservation = reservation_book(
            municipality_code=lg_code,
            service_key=request.POST.get("service", "")[:40],
            starts_at=starts_at,
            name=resident.name,
            email=request.POST.get("email", "")[:300],
            phone=request.POST.get("phone", "")[:40],
            channel=ReservationChannel.PORTAL,
            resident_id=resident.pk,
            actor=resident_actor(resident),
        )
    except DomainError as refused:
        return refused.detail
    messages.success(request, gettext("予約しました。予約番号：%s") % reservation.code)
    return ""


@resident_required
@require_http_methods(["GET", "POST"])
def visits_view(request: ResidentRequest, lg_code: str) -> HttpResponse:
    resident = request.resident
    error = ""
    if request.method == "POST":
        error = _act(request, lg_code)
        if not error:
            return redirect("portal:visits", lg_code=lg_code)
    services = list(service_list_public(municipality_code=lg_code))
    service = service_get(
        municipality_code=lg_code, service_key=request.GET.get("service", "")
    ) or (services[0] if services else None)
    days = bookable_days(service=service) if service else []
    day = _day(request.GET.get("day"))
    if day not in days:
        day = days[0] if days else None
    address = (
        NotificationAddress.objects.for_municipality(lg_code).filter(resident=resident).first()
    )
    return render(
        request,
        "portal/visits.html",
        {
            "portal_section": "visits",
            "resident": resident,
            "reservations": reservation_list_for_resident(
                municipality_code=lg_code, resident_id=resident.pk
            ),
            "services": services,
            "service": service,
            "days": days,
            "day": day,
            "offers": slot_offers(service=service, day=day) if service and day else [],
            "email": address.email if address else "",
            "error": error,
        },
        status=422 if error else 200,
    )


@resident_required
@require_http_methods(["GET", "POST"])
def visit_change_view(request: ResidentRequest, lg_code: str, reservation_id: int) -> HttpResponse:
    """予約の変更: the open days and slots of the reservation's service (the booking page's
    listing), and the move to the one chosen."""
    resident = request.resident
    reservation = reservation_get_for_resident(
        municipality_code=lg_code, resident_id=resident.pk, reservation_id=reservation_id
    )
    if reservation is None:
        raise Http404
    error = ""
    status = 200
    if request.method == "POST":
        starts_at = _start(request.POST.get("starts_at"))
        try:
            if starts_at is None:
                error, status = gettext("変更後の時間を選んでください。"), 422
            else:
                reservation = reservation_change_for_resident(
                    municipality_code=lg_code,
                    reservation_id=reservation.pk,
                    resident_id=resident.pk,
                    starts_at=starts_at,
                    actor=resident_actor(resident),
                )
                messages.success(
                    request,
                    gettext("予約を%(time)sに変更しました。予約番号：%(code)s")
                    % {
                        "time": date_format(
                            timezone.localtime(reservation.slot.starts_at), "Y年n月j日（D） H:i"
                        ),
                        "code": reservation.code,
                    },
                )
                return redirect("portal:visits", lg_code=lg_code)
        except DomainError as refused:
            error, status = refused.detail, refused.status
    days = bookable_days(service=reservation.service)
    day = _day(request.GET.get("day") or request.POST.get("day"))
    if day not in days:
        current_day = timezone.localdate(reservation.slot.starts_at)
        day = current_day if current_day in days else (days[0] if days else None)
    return render(
        request,
        "portal/visit_change.html",
        {
            "portal_section": "visits",
            "resident": resident,
            "reservation": reservation,
            "days": days,
            "day": day,
            "offers": slot_offers(service=reservation.service, day=day) if day else [],
            "current": timezone.localtime(reservation.slot.starts_at).isoformat(),
            "error": error,
        },
        status=status,
    )
