"""入力場所・入力端末 (§1.3.1): the staff session chooses where it enters changes."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from jichitai.identity.access import staff_required
from jichitai.identity.http import StaffRequest
from jichitai.registry import forms
from jichitai.registry.permissions import STAFF_ROLES
from jichitai.registry.views.common import (
    GET_POST,
    SESSION_PLACE,
    SESSION_TERMINAL,
    workplace_of,
)


@require_http_methods(GET_POST)
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.workplace")
def workplace_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """入力場所・入力端末の選択: kept in the session and recorded on every change made in it
    (doc/j200.txt §1.2.1); without a choice the municipality's default place is recorded."""
    place_id, terminal_id = workplace_of(request)
    form = forms.WorkplaceForm(
        request.POST or None,
        municipality=request.municipality,
        initial={"place": place_id, "terminal": terminal_id},
    )
    if request.method == "POST" and form.is_valid():
        place, terminal = form.cleaned_data["place"], form.cleaned_data["terminal"]
        request.session[SESSION_PLACE] = place.pk
        request.session[SESSION_TERMINAL] = terminal.pk if terminal is not None else None
        messages.success(request, f"入力場所を「{place.name}」にしました。")
        return redirect(reverse("registry:workplace", kwargs={"lg_code": lg_code}))
    has_places = form.fields["place"].queryset.exists()  # type: ignore[attr-defined]  # ModelChoiceField
    return render(request, "registry/workplace.html", {"form": form, "has_places": has_places})
