"""The signed-in resident of the portal: kept in the session apart from staff sign-in, one
municipality at a time, and named in audit records as a resident (never by name).

A former resident who moved away (転出・国外転出) still signs in, only to look: their past
cases and what was issued to them (`resident_or_former_required`); applying, withdrawing
and settings need a resident living here (`resident_required`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse

from jichitai.portal.http import ResidentRequest
from jichitai.portal.residence import has_moved_away, residence_context
from jichitai.procedures.services import ResidentActor
from jichitai.registry.models import Resident, ResidentStatus
from jichitai.tenants.http import TenantRequest

SESSION_KEY = "portal.resident"
RESIDENT_KEY_PREFIX = "resident"
PENDING_KEY = "portal.pending_card"


def resident_actor(resident: Resident) -> ResidentActor:
    """The resident as the actor of audit records, case events and idempotent writes; its key
    `resident:<lg_code>:<resident id>` is what a case keeps as `applicant_key`."""
    return ResidentActor(
        key=f"{RESIDENT_KEY_PREFIX}:{resident.municipality_id}:{resident.pk}",
        resident_id=resident.pk,
    )


def resident_of_key(key: str) -> tuple[str, int] | None:
    """(lg_code, resident id) of a key made by `resident_actor`; None for any other key."""
    parts = key.split(":")
    if len(parts) == 3 and parts[0] == RESIDENT_KEY_PREFIX and parts[2].isdigit():
        return parts[1], int(parts[2])
    return None


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


def pending_card(request: TenantRequest) -> tuple[str, dt.datetime] | None:
    pending = request.session.get(PENDING_KEY)
    if not pending or pending["lg_code"] != request.municipality.lg_code:
        return None
    return pending["fingerprint"], dt.datetime.fromisoformat(pending["not_after"])


def current_resident(request: TenantRequest) -> Resident | None:
    """The person signed in to this municipality's portal, if any: a resident living here, or
    a former one who moved away (has_moved_away; they may only look)."""
    signed_in = request.session.get(SESSION_KEY)
    municipality = request.municipality
    if not signed_in or signed_in["lg_code"] != municipality.lg_code:
        return None
    resident = (
        Resident.objects.for_municipality(municipality)
        .filter(pk=signed_in["resident_id"])
        .select_related("household")
        .first()
    )
    if resident is None or not (
        resident.status == ResidentStatus.ACTIVE or has_moved_away(resident)
    ):
        return None
    return resident


def _signed_in_view(
    view: Callable[..., HttpResponseBase], *, former_allowed: bool
) -> Callable[..., HttpResponseBase]:
    @wraps(view)
    def wrapper(request: ResidentRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        resident = current_resident(request)
        if resident is None:
            sign_in = reverse("portal:sign_in", kwargs={"lg_code": request.municipality.lg_code})
            return redirect(f"{sign_in}?next={request.path}")
        if has_moved_away(resident) and not former_allowed:
            return render(
                request,
                "portal/moved_away.html",
                {"resident": resident, **residence_context(resident)},
                status=403,
            )
        request.resident = resident
        return view(request, *args, **kwargs)

    return wrapper


def resident_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Views that act (apply, withdraw, settings): a resident living here. Others go to the
    card sign-in and come back; a former resident is told where to go instead (403)."""
    return _signed_in_view(view, former_allowed=False)


def resident_or_former_required(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """Views that only show the person's own cases and documents: a former resident too."""
    return _signed_in_view(view, former_allowed=True)
