"""What every staff page of the register shares: the roles it admits, the lookups that turn
another municipality's id into a 404, the 住民記録審査 check, the message after a change and
the rendering that records access to personal data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from jichitai.common.templatetags.jichitai_ui import wareki
from jichitai.identity.access import staff_check
from jichitai.identity.errors import RoleRequired
from jichitai.identity.http import StaffRequest
from jichitai.registry.errors import HouseholdNotFound, ResidentNotFound
from jichitai.registry.models import Change, ChangeCategory, ChangeType, Household, Resident
from jichitai.registry.permissions import REVIEW_ROLES
from jichitai.registry.selectors import household_get, resident_get
from jichitai.registry.services import resident_access_record
from jichitai.registry.services.recording import resident_code_stock_low
from jichitai.tenants.http import TenantRequest

GET_POST = ["GET", "POST"]
# 入力場所・入力端末 chosen for this staff session (§1.3.1); ids only, checked by the service.
SESSION_PLACE = "registry_input_place"
SESSION_TERMINAL = "registry_input_terminal"


def workplace_of(request: TenantRequest) -> tuple[int | None, int | None]:
    """The (入力場所, 入力端末) this session works at; (None, None) means the default place."""
    place = request.session.get(SESSION_PLACE)
    terminal = request.session.get(SESSION_TERMINAL)
    return (
        place if isinstance(place, int) else None,
        terminal if isinstance(terminal, int) else None,
    )


def resident_or_404(request: TenantRequest, resident_id: int) -> Resident:
    try:
        return resident_get(municipality=request.municipality, resident_id=resident_id)
    except ResidentNotFound:
        raise Http404 from None


def household_or_404(request: TenantRequest, household_id: int) -> Household:
    try:
        return household_get(municipality=request.municipality, household_id=household_id)
    except HouseholdNotFound:
        raise Http404 from None


def review_denied(request: StaffRequest, *, action: str) -> HttpResponse | None:
    """The 403 page unless the staff member holds 住民記録審査 (audited when denied).

    Asked after the object was found, so another municipality's id stays a 404 as everywhere.
    """
    try:
        staff_check(
            user=request.staff,
            municipality=request.municipality,
            roles=REVIEW_ROLES,
            action=action,
        )
    except RoleRequired as error:
        return render(request, "403.html", {"error": error}, status=403)
    return None


def resident_url(lg_code: str, resident_id: int) -> str:
    return reverse("registry:resident", kwargs={"lg_code": lg_code, "resident_id": resident_id})


def household_url(lg_code: str, household_id: int) -> str:
    return reverse("registry:household", kwargs={"lg_code": lg_code, "household_id": household_id})


def redirect_after_change(
    request: StaffRequest,
    change: Change,
    url: str,
    *,
    codes_carried: bool = False,
    code_corrected: bool = False,
) -> HttpResponse:
    """Back to `url` with what was recorded. After an entry, the 住民票コード通知票 is offered
    unless every code came with the people (`codes_carried`: a 転入 from 転出証明書情報)."""
    messages.success(
        request,
        f"「{change.get_change_type_display()}」を記録しました（異動日 {wareki(change.effective_on)}）。",
    )
    if change.change_type == ChangeType.RESIDENT_CODE_CHANGE or code_corrected:
        # doc/j890.txt §4.3.3: the 変更通知票 / 修正通知票 in the flow of the change.
        _resident_code_notices_offer(request, change, title="住民票コード変更・修正通知票")
    if change.category == ChangeCategory.ENTRY and not codes_carried:
        _resident_code_notices_offer(request, change)
        left = resident_code_stock_low(municipality=request.municipality)
        if left is not None:
            # doc/j870.txt §4.3.1: the alert when the 空きコード run low, at the 付番 itself.
            messages.warning(
                request,
                f"住民票コードの空きコードが残り{left}件です。住基ネットから取得してください"
                "（次の付番で足りなければ自動で取得します）。",
            )
    return redirect(url)


def _resident_code_notices_offer(
    request: StaffRequest, change: Change, *, title: str = "住民票コード通知票"
) -> None:
    """住民票コード通知票 in the flow of the entry (doc/j890.txt §4.3.3): one link per new
    record. The message lives in a cookie, so it names people by position, never by name."""
    ids = change.history_rows.order_by("resident__household_order", "resident_id").values_list(
        "resident_id", flat=True
    )
    links = format_html_join(
        "、",
        '<a href="{}">{}人目</a>',
        (
            (
                reverse(
                    "registry:resident_code_notice",
                    kwargs={"lg_code": change.municipality_id, "resident_id": resident_id},
                ),
                position,
            )
            for position, resident_id in enumerate(ids, start=1)
        ),
    )
    messages.info(
        request,
        format_html(
            "住民票コードを付番・変更・修正した人には、{}を印刷してください：{}", title, links
        ),
    )


def render_personal(
    request: StaffRequest,
    template: str,
    context: dict[str, Any],
    *,
    residents: Sequence[Resident],
    action: str,
) -> HttpResponse:
    """Render a page that shows these residents' data, recording the access once."""
    resident_access_record(actor=request.staff, residents=list(residents), action=action)
    return render(request, template, context)


# 入力確認 (doc/j540.txt §4.0.9): 「更新前（仮登録状態）には、…確認用帳票を画面確認又は印刷でき、
# 入力内容を修正できること」. A change form posted with this key is checked but not recorded:
# the page shows what would be written above the same form, still filled in for correction.
CHECK_KEY = "check"


def _shown(field: Any, value: Any) -> str:
    """One value as the check sheet shows it: dates in 和暦, choices by their label."""
    if isinstance(value, dt.date):
        return wareki(value)
    if isinstance(value, bool):
        return "はい"
    choices = dict(getattr(field, "choices", None) or [])
    if isinstance(value, list | tuple):
        return "、".join(str(choices.get(str(v), choices.get(v, v))) for v in value)
    return str(choices.get(value, value))


def check_rows(*bound: Any) -> list[tuple[str, str]]:
    """確認用帳票: (label, value) of every filled item of the valid forms, in their order."""
    rows = []
    for form in bound:
        for name, field in form.fields.items():
            value = form.cleaned_data.get(name)
            if value in (None, "", [], (), False):
                continue
            rows.append((str(field.label or name), _shown(field, value)))
    return rows
