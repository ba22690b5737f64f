"""住民検索 (resident search) with each user's 検索履歴 (§2.1.1)."""

from __future__ import annotations

import dataclasses
from typing import Any

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
from jichitai.registry.services.search_history import (
    search_history_get,
    search_history_list,
    search_history_record,
)
from jichitai.registry.views.common import (
    GET_POST,
    render_personal,
)


def _history_id(request: StaffRequest, name: str) -> int | None:
    text = request.POST.get(name, "")
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def _form_from_history(request: StaffRequest) -> tuple[forms.SearchForm, bool]:
    """The form: as sent, or filled from a kept search ("again": search with it at once,
    "load": put it in the fields to change first)."""
    for name, run in (("history_again", True), ("history_load", False)):
        entry_id = _history_id(request, name)
        if entry_id is None:
            continue
        query = search_history_get(
            actor=request.staff, municipality=request.municipality, entry_id=entry_id
        )
        return forms.SearchForm(forms.search_form_data(query)), run
    return forms.SearchForm(request.POST or None), request.method == "POST"


@require_http_methods(GET_POST)
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.search")
def search_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """住民検索. The form is sent by POST: names, birth dates and numbers in a query string
    would stay in the browser history and in every access log between the counter and the
    server; a POST body does not. Each search made is kept in the user's 検索履歴."""
    results: list[Resident] | None = None
    empty = False
    try:
        form, run = _form_from_history(request)
    except DomainError as error:
        form, run = forms.SearchForm({}), False
        form.add_error(None, error.detail)
    if run and form.is_valid():
        query = ResidentQuery(**form.query_values())
        if query.is_empty:
            empty = True
        else:
            try:
                results = list(resident_search(municipality=request.municipality, query=query))
            except DomainError as error:
                forms.add_domain_error(form, error)
            else:
                search_history_record(
                    actor=request.staff, municipality=request.municipality, query=query
                )
    history = search_history_list(actor=request.staff, municipality=request.municipality)
    # 支援対象者 are marked and their address is left out of the list (DESIGN.md 支援措置;
    # doc/j380.txt §2.2.4): the record page says why and links to the 支援措置.
    protected = support_measures_covering(
        municipality=request.municipality,
        resident_ids=[r.pk for r in results or []],
        on=timezone.localdate(),
    )
    context: dict[str, Any] = {
        "form": form,
        "results": results,
        "empty": empty,
        "limit": SEARCH_LIMIT,
        "protected": set(protected),
        "history": [
            {"id": item.id, "searched_at": item.searched_at, "conditions": _summary(item.query)}
            for item in history
        ],
    }
    return render_personal(
        request, "registry/search.html", context, residents=results or [], action="registry.search"
    )


def _summary(query: ResidentQuery) -> str:
    """The conditions of a kept search as the form names them: 「氏名: やまだ、性別: 女」."""
    labels = forms.SearchForm.base_fields
    parts = []
    for field in dataclasses.fields(query):
        value = getattr(query, field.name)
        if value in ("", False) or (field.name == "match" and value == "prefix"):
            continue
        label = str(labels[field.name].label)
        shown = forms.search_condition_text(field.name, value)
        parts.append(label if value is True else f"{label}: {shown}")
    return "、".join(parts)
