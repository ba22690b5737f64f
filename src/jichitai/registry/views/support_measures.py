"""支援措置 page of one resident (doc/j160.txt §1.1.16 支援対象者管理, doc/j380.txt §2.2.4,
doc/j440.txt §3.4): the measures they are protected by, with their people and period, and
for 支援措置責任者 (住民記録審査) the forms that start, extend, confirm and end one."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from jichitai.common.exceptions import DomainError
from jichitai.common.templatetags.jichitai_ui import wareki
from jichitai.identity.access import staff_required
from jichitai.identity.http import StaffRequest
from jichitai.identity.selectors import staff_roles
from jichitai.registry import forms
from jichitai.registry.models import Resident, SupportMeasure
from jichitai.registry.permissions import STAFF_ROLES, SUPPORT_ROLES
from jichitai.registry.selectors import (
    extension_opens_on,
    household_members_living,
    resident_support_status,
    support_measures_for_resident,
)
from jichitai.registry.services import (
    support_measure_confirm,
    support_measure_end,
    support_measure_end_notice,
    support_measure_extend,
    support_measure_start,
    support_measure_update,
)
from jichitai.registry.views.common import (
    GET_POST,
    render_personal,
    resident_or_404,
    review_denied,
)


def support_url(lg_code: str, resident_id: int) -> str:
    return reverse(
        "registry:support_measures", kwargs={"lg_code": lg_code, "resident_id": resident_id}
    )


def _others(resident: Resident) -> list[Resident]:
    """Who may be named 併せて支援を求める者 here: the other living members of the household."""
    if resident.is_closed:
        return []
    return [m for m in household_members_living(resident.household) if m.pk != resident.pk]


@require_http_methods(GET_POST)
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.support_measures_view")
def support_measures_view(request: StaffRequest, lg_code: str, resident_id: int) -> HttpResponse:
    """支援措置: the resident's measures (申出者, 併せて支援を求める者, 期間, 仮支援措置, 加害者);
    a 支援措置責任者 records a new 申出 here (POST)."""
    resident = resident_or_404(request, resident_id)
    others = _others(resident)
    form = forms.SupportMeasureStartForm(
        request.POST or None,
        others=others,
        initial={"starts_on": timezone.localdate()},
    )
    if request.method == "POST":
        denied = review_denied(request, action="registry.support_measure_start")
        if denied is not None:
            return denied
        if form.is_valid():
            data = form.cleaned_data
            try:
                measure = support_measure_start(
                    municipality=request.municipality,
                    applicant_id=resident.pk,
                    relatives=form.relatives(),
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    provisional=data["provisional"],
                    offender=form.offender(),
                    affairs=form.affairs(),
                    contact=data["contact"],
                    reason=data["reason"],
                    actor=request.staff,
                )
            except DomainError as error:
                forms.add_domain_error(form, error)
            else:
                kind = "仮支援措置" if measure.provisional else "支援措置"
                messages.success(
                    request,
                    f"{kind}を記録しました（{wareki(measure.starts_on)}から"
                    f"{wareki(measure.ends_on)}まで）。",
                )
                return redirect(support_url(lg_code, resident.pk))
    today = timezone.localdate()
    measures = support_measures_for_resident(resident=resident)
    officer = bool(staff_roles(user=request.staff) & set(SUPPORT_ROLES))
    context = {
        "resident": resident,
        "support": resident_support_status(resident=resident, on=today),
        "measures": [_row(m, today=today) for m in measures],
        "officer": officer,
        "form": form,
        "end_form": forms.SupportMeasureEndForm(),
    }
    people = {p.resident for m in measures for p in m.people.all()} | {resident}
    return render_personal(
        request,
        "registry/support_measures.html",
        context,
        residents=sorted(people, key=lambda r: r.pk),
        action="registry.support_measures_view",
    )


def _row(measure: SupportMeasure, *, today: dt.date) -> dict[str, object]:
    return {
        "measure": measure,
        "current": measure.covers(today),
        "can_extend": not measure.is_ended and extension_opens_on(measure) <= today,
        # ids unique per measure: several of these forms share the page.
        "update_form": forms.SupportMeasureUpdateForm(
            initial={
                "ends_on": measure.ends_on,
                "origin_name": measure.origin_name,
                "forwarded_to": measure.forwarded_to,
                "forwarded_on": measure.forwarded_on,
                "forward_received_on": measure.forward_received_on,
                "no_need_notified_on": measure.no_need_notified_on,
            },
            auto_id=f"m{measure.pk}_%s",
        ),
    }


STEPS = ("extend", "confirm", "end", "update", "notice")


@staff_required(roles=STAFF_ROLES, action="registry.support_measure_step")
@require_POST
def support_measure_step_view(
    request: StaffRequest, lg_code: str, resident_id: int
) -> HttpResponse:
    """延長・本措置への切替え・期間と転送情報の更新・終了・期間終了通知 (PDF) of one of the resident's measures (POST `step`,
    `measure_id`). 支援措置責任者 only (403 page, audited, otherwise)."""
    resident = resident_or_404(request, resident_id)
    step = request.POST.get("step", "")
    measure_id = request.POST.get("measure_id", "")
    measure = next(
        (
            m
            for m in support_measures_for_resident(resident=resident)
            if measure_id.isdigit() and str(m.pk) == measure_id
        ),
        None,
    )
    if step not in STEPS or measure is None:
        raise Http404
    denied = review_denied(request, action=f"registry.support_measure_{step}")
    if denied is not None:
        return denied
    url = support_url(lg_code, resident.pk)
    try:
        if step == "notice":
            pdf = support_measure_end_notice(
                municipality=request.municipality, measure_id=measure.pk, actor=request.staff
            )
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = 'attachment; filename="support-end-notice.pdf"'
            return response
        if step == "extend":
            measure = support_measure_extend(
                municipality=request.municipality, measure_id=measure.pk, actor=request.staff
            )
            messages.success(request, f"支援措置を{wareki(measure.ends_on)}まで延長しました。")
        elif step == "confirm":
            support_measure_confirm(
                municipality=request.municipality, measure_id=measure.pk, actor=request.staff
            )
            messages.success(request, "仮支援措置を支援措置に切り替えました。")
        elif step == "update":
            update_form = forms.SupportMeasureUpdateForm(request.POST)
            if not update_form.is_valid():
                messages.error(request, "日付は 令和8年4月7日、R8.4.7 などの形で入力してください。")
                return redirect(url)
            support_measure_update(
                municipality=request.municipality,
                measure_id=measure.pk,
                transfer=update_form.transfer(),
                actor=request.staff,
            )
            messages.success(request, "支援措置の期間・転送情報を更新しました。")
        else:
            end_form = forms.SupportMeasureEndForm(request.POST)
            if not end_form.is_valid():
                messages.error(request, "終了の理由を200文字以内で入力してください。")
                return redirect(url)
            support_measure_end(
                municipality=request.municipality,
                measure_id=measure.pk,
                reason=end_form.cleaned_data["reason"],
                actor=request.staff,
            )
            messages.success(request, "支援措置を終了しました。")
    except DomainError as error:
        messages.error(request, error.detail)
    return redirect(url)
