"""異動の取消し (cancelling a change)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from jichitai.common.exceptions import DomainError
from jichitai.identity.access import staff_required
from jichitai.identity.http import StaffRequest
from jichitai.registry import forms
from jichitai.registry.errors import ChangeNotFound
from jichitai.registry.permissions import STAFF_ROLES
from jichitai.registry.selectors import change_get
from jichitai.registry.services import change_cancel
from jichitai.registry.views.common import (
    GET_POST,
    render_personal,
    resident_url,
    review_denied,
)


@require_http_methods(GET_POST)
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.change_cancel")
def cancel_view(request: StaffRequest, lg_code: str, change_id: int) -> HttpResponse:
    """異動の取消し: the people chosen among those the change touched return to their state
    before it (doc/j980.txt §4.6.0.1), on 申出 with a 申出日 if so (§4.6.1.1)."""
    try:
        change = change_get(municipality=request.municipality, change_id=change_id)
    except ChangeNotFound:
        raise Http404 from None
    if denied := review_denied(request, action="registry.change_cancel"):
        return denied
    # The records this change wrote a history row for: who the clerk is about to restore.
    residents = [
        row.resident
        for row in change.history_rows.select_related("resident").order_by(
            "resident__household_order", "resident_id"
        )
    ]
    back = request.GET.get("resident", "")
    back_to = next((r for r in residents if str(r.pk) == back), residents[0] if residents else None)
    form = forms.CancelForm(request.POST or None, people=residents)
    if request.method == "POST" and form.is_valid():
        try:
            change_cancel(
                municipality=request.municipality,
                change_id=change.pk,
                reason=form.cleaned_data["reason"],
                actor=request.staff,
                resident_ids=form.people_ids(),
                offered_on=form.cleaned_data["offered_on"],
            )
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            messages.success(
                request,
                f"「{change.get_change_type_display()}」の異動を"
                f"{len(form.people_ids())}人について取り消しました。",
            )
            if back_to is None:
                return redirect("registry:search", lg_code=lg_code)
            return redirect(resident_url(lg_code, back_to.pk))
    return render_personal(
        request,
        "registry/cancel.html",
        {"form": form, "change": change, "residents": residents, "back_to": back_to},
        residents=residents,
        action="registry.change_cancel_form",
    )
