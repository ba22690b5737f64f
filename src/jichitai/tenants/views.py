"""Public pages: choose a municipality, and each municipality's front page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jichitai.tenants.home_sections import home_context
from jichitai.tenants.http import TenantRequest
from jichitai.tenants.selectors import municipality_list_served, municipality_settings_get


@require_GET
def chooser_view(request: HttpRequest) -> HttpResponse:
    """自治体の選択: every served municipality, searchable by name, reading or code."""
    query = request.GET.get("q", "")[:40]
    municipalities = municipality_list_served(query=query)
    template = (
        "tenants/_chooser_results.html"
        if request.headers.get("HX-Request")
        else ("tenants/chooser.html")
    )
    return render(request, template, {"municipalities": municipalities, "query": query})


@require_GET
def municipality_home_view(request: TenantRequest, lg_code: str) -> HttpResponse:
    """自治体のトップ: where residents and staff of this municipality start — the way to the
    resident portal first, then 開庁時間, the contact and the 窓口 (given by identity through
    tenants.home_sections)."""
    municipality = request.municipality
    return render(
        request,
        "tenants/municipality_home.html",
        {
            "settings": municipality_settings_get(municipality=municipality),
            **home_context(municipality),
        },
    )
