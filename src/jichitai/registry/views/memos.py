"""メモ (doc/j150.txt §1.1.15) on one person: write one, correct or delete it. The list and
its history are on the resident page; these pages only write."""

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
from jichitai.registry.errors import MemoNotFound
from jichitai.registry.permissions import STAFF_ROLES
from jichitai.registry.selectors import resident_memo_get
from jichitai.registry.services import (
    resident_memo_delete,
    resident_memo_edit,
    resident_memo_write,
)
from jichitai.registry.views.common import (
    GET_POST,
    render_personal,
    resident_or_404,
    resident_url,
)


def _back(lg_code: str, resident_id: int) -> HttpResponse:
    return redirect(f"{resident_url(lg_code, resident_id)}#memos-heading")


@require_http_methods(GET_POST)
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.memo_write")
def memo_new_view(request: StaffRequest, lg_code: str, resident_id: int) -> HttpResponse:
    """メモの入力."""
    resident = resident_or_404(request, resident_id)
    form = forms.MemoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            resident_memo_write(
                municipality=request.municipality,
                resident_id=resident.pk,
                text=form.cleaned_data["text"],
                actor=request.staff,
            )
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            messages.success(request, "メモを記録しました。")
            return _back(lg_code, resident.pk)
    return render_personal(
        request,
        "registry/memo_form.html",
        {"form": form, "resident": resident, "memo": None},
        residents=[resident],
        action="registry.memo_form",
    )


@require_http_methods(GET_POST)
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.memo_edit")
def memo_edit_view(request: StaffRequest, lg_code: str, memo_id: int) -> HttpResponse:
    """メモの修正・削除 (「削除する」 button): both keep the former text in the history."""
    try:
        memo = resident_memo_get(municipality=request.municipality, memo_id=memo_id)
    except MemoNotFound:
        raise Http404 from None
    resident = memo.resident
    form = forms.MemoForm(request.POST or None, initial={"text": memo.text})
    if request.method == "POST" and "delete" in request.POST:
        resident_memo_delete(
            municipality=request.municipality, memo_id=memo.pk, actor=request.staff
        )
        messages.success(request, "メモを削除しました（履歴には残ります）。")
        return _back(lg_code, resident.pk)
    if request.method == "POST" and form.is_valid():
        try:
            resident_memo_edit(
                municipality=request.municipality,
                memo_id=memo.pk,
                text=form.cleaned_data["text"],
                actor=request.staff,
            )
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            messages.success(request, "メモを修正しました。")
            return _back(lg_code, resident.pk)
    return render_personal(
        request,
        "registry/memo_form.html",
        {"form": form, "resident": resident, "memo": memo},
        residents=[resident],
        action="registry.memo_form",
    )
