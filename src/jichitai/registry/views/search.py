"""住民検索 (resident search)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from jichitai.common.exceptions import DomainError
from jichitai.identity.access import staff_required
from jichitai.identity.http import StaffRequest
from jichitai.registry import forms
from jichitai.registry.models import Resident
from jichitai.registry.permissions import STAFF_ROLES
from jichitai.registry.selectors import (
    SEARCH_LIMIT,
    ResidentQuery,
    resident_search,
    support_measures_covering,
)
from jichitai.registry.views.common import (
    GET_POST,
    render_personal,
)


@require_http_methods(GET_POST)
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.search")
def search_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """住民検索. The form is sent by POST: names, birth dates and numbers in a query string
    would stay in the browser history and in every access log between the counter and the
    server; a POST body does not."""
    form = forms.SearchForm(request.POST or None)
    results: list[Resident] | None = None
    empty = False
    if request.method == "POST" and form.is_valid():
        query = ResidentQuery(**form.query_values())
        if query.is_empty:
            empty = True
        else:
            try:
                results = list(resident_search(municipality=request.municipality, query=query))
            except DomainError as error:
                forms.add_domain_error(form, error)
    # 支援対象者 are marked and their address is left out of the list (DESIGN.md 支援措置;
    # doc/j380.txt §2.2.4): the record page says why and links to the 支援措置.
    protected = support_measures_covering(
        municipality=request.municipality,
        resident_ids=[r.pk for r in results or []],
        on=timezone.localdate(),
    )
    context = {
        "form": form,
        "results": results,
        "empty": empty,
        "limit": SEARCH_LIMIT,
        "protected": set(protected),
    }
    return render_personal(
        request, "registry/search.html", context, residents=results or [], action="registry.search"
    )
