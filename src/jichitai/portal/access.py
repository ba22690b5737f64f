"""The signed-in resident of the portal: kept in the session apart from staff sign-in, one
municipality at a time, and named in audit records as a resident (never by name)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from jichitai.procedures.actors import ResidentActor
from jichitai.registry.models import Resident, ResidentStatus

SESSION_KEY = "portal.resident"
PENDING_KEY = "portal.pending_card"


def resident_actor(resident: Resident) -> ResidentActor:
    """The resident as the actor of audit records, case events and idempotent writes."""
    return ResidentActor(
        key=f"resident:{resident.municipality_id}:{resident.pk}", resident_id=resident.pk
    )


def resident_session_start(request: HttpRequest, resident: Resident) -> None:
    """A new session key on sign-in (no fixation), bound to the municipality."""
    request.session.cycle_key()
    request.session.pop(PENDING_KEY, None)
    request.session[SESSION_KEY] = {"lg_code": resident.municipality_id, "resident_id": resident.pk}


def resident_session_end(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.pop(PENDING_KEY, None)
    request.session.cycle_key()


def pending_card_keep(
    request: HttpRequest, *, lg_code: str, fingerprint: str, not_after: dt.datetime
) -> None:
    """Step 1 of a first sign-in passed: remember the verified 利用者証明用 certificate."""
    request.session[PENDING_KEY] = {
        "lg_code": lg_code,
        "fingerprint": fingerprint,
        "not_after": not_after.isoformat(),
    }


def pending_card(request: HttpRequest) -> tuple[str, dt.datetime] | None:
    pending = request.session.get(PENDING_KEY)
    if not pending or pending["lg_code"] != request.municipality.lg_code:  # type: ignore[attr-defined]
        return None
    return pending["fingerprint"], dt.datetime.fromisoformat(pending["not_after"])


def current_resident(request: HttpRequest) -> Resident | None:
    """The resident signed in to this municipality's portal, if any (and still living here)."""
    signed_in = request.session.get(SESSION_KEY)
    municipality = request.municipality  # type: ignore[attr-defined]
    if not signed_in or signed_in["lg_code"] != municipality.lg_code:
        return None
    return (
        Resident.objects.for_municipality(municipality)
        .filter(pk=signed_in["resident_id"], status=ResidentStatus.ACTIVE)
        .select_related("household")
        .first()
    )


def resident_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Views for a signed-in resident: others go to the card sign-in, then come back."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        resident = current_resident(request)
        if resident is None:
            sign_in = reverse("portal:sign_in", kwargs={"lg_code": request.municipality.lg_code})  # type: ignore[attr-defined]
            return redirect(f"{sign_in}?next={request.path}")
        request.resident = resident  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper
