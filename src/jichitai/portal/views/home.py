"""ポータルのトップ: what a resident can do here, their open cases when signed in."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from jichitai.portal.access import current_resident, resident_actor
from jichitai.portal.residence import residence_context
from jichitai.procedures.selectors import case_list_for_resident, life_events_list
from jichitai.tenants.http import TenantRequest

RECENT_CASES = 5


def home_view(request: TenantRequest, lg_code: str) -> HttpResponse:
    resident = current_resident(request)
    cases = (
        list(
            case_list_for_resident(
                municipality=request.municipality,
                actor=resident_actor(resident),
            )[:RECENT_CASES]
        )
        if resident is not None
        else []
    )
    return render(
        request,
        "portal/home.html",
        {
            "portal_section": "home",
            "resident": resident,
            "cases": cases,
            "life_events": life_events_list(),
            **(residence_context(resident) if resident is not None else {}),
        },
    )
