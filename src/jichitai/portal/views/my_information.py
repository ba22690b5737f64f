"""わたしの情報のやりとり履歴 (who exchanged the person's information, when, on which legal
basis) and わたしの情報 (what each business holds about them), as マイナポータル shows them."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from jichitai.common.ratelimit import limit_take
from jichitai.portal.access import resident_actor, resident_or_former_required, resident_required
from jichitai.portal.exchanges import exchange_history_page, holdings_by_municipality
from jichitai.portal.http import ResidentRequest
from jichitai.portal.residence import residence_context
from jichitai.portal.services import my_information_fetch


@resident_or_former_required
@require_GET
def exchanges_view(request: ResidentRequest, lg_code: str) -> HttpResponse:
    """A former resident who moved away still sees theirs: the history is about the person
    across the deployment, not about this municipality."""
    page = exchange_history_page(
        resident_code=request.resident.resident_code, page_number=request.GET.get("page")
    )
    return render(
        request,
        "portal/exchanges.html",
        {
            "portal_section": "exchanges",
            "resident": request.resident,
            "page": page,
            **residence_context(request.resident),
        },
    )


@resident_required
@require_http_methods(["GET", "POST"])
def my_information_view(request: ResidentRequest, lg_code: str) -> HttpResponse:
    """GET explains; only the button (POST) asks the businesses, since every business asked
    writes an exchange record. The answer is shown at once and kept nowhere."""
    groups = None
    if request.method == "POST":
        limit_take(
            "portal.my_information",
            key=resident_actor(request.resident).key,
            rate=settings.JICHITAI_RATE_MY_INFORMATION,
        )
        groups = holdings_by_municipality(my_information_fetch(resident=request.resident))
    return render(
        request,
        "portal/my_information.html",
        {
            "portal_section": "my_information",
            "resident": request.resident,
            "groups": groups,
            **residence_context(request.resident),
        },
    )
