"""文字コード照会 (doc/j370.txt §2.2.3): 「漢字文字の入力・照会については、拡大して入力・照会が
できるとともに、文字コードの照会ができること。」 The characters of a record's names, or of
what a clerk types, enlarged with their code points and JIS X 0213 positions
(common.characters; no 文字情報基盤 MJ table is available, see there)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from jichitai.common.characters import character_codes
from jichitai.identity.access import staff_required
from jichitai.identity.http import StaffRequest
from jichitai.registry import forms
from jichitai.registry.forms.common import resident_field_label
from jichitai.registry.permissions import STAFF_ROLES
from jichitai.registry.views.common import GET_POST, render_personal, resident_or_404

# The written items of a record whose characters matter (氏名 and the names beside it).
_ITEMS = ("name", "former_surname", "alias", "domicile_head")


@require_GET
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.characters_view")
def resident_characters_view(request: StaffRequest, lg_code: str, resident_id: int) -> HttpResponse:
    """The characters of one record's 氏名, 旧氏, 通称 and 筆頭者."""
    resident = resident_or_404(request, resident_id)
    items = [
        (resident_field_label(name), character_codes(value))
        for name in _ITEMS
        if (value := getattr(resident, name))
    ]
    return render_personal(
        request,
        "registry/characters.html",
        {"resident": resident, "items": items, "form": forms.CharactersForm()},
        residents=[resident],
        action="registry.characters_view",
    )


@require_http_methods(GET_POST)
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.characters")
def characters_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """Characters typed or pasted, enlarged with their codes. Sent by POST: a name in a query
    string would stay in the browser history and in access logs."""
    form = forms.CharactersForm(request.POST or None)
    items = []
    if request.method == "POST" and form.is_valid():
        items = [("入力した文字", character_codes(form.cleaned_data["text"]))]
    return render(
        request, "registry/characters.html", {"resident": None, "items": items, "form": form}
    )
