"""転入通知 typed in from a resident's page (doc/j680.txt §4.1.3.1.1), the 転入通知未着者一覧 and
its 照会書 (doc/j710.txt §4.1.3.1.4)."""

from __future__ import annotations

from django import forms as django_forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from jichitai.common.exceptions import DomainError
from jichitai.identity.access import staff_required
from jichitai.identity.http import StaffRequest
from jichitai.registry import forms
from jichitai.registry.certificates.move_in_notice_inquiry import move_in_notice_inquiry_issue
from jichitai.registry.forms.common import resident_field_max, text_field
from jichitai.registry.models import ChangeType
from jichitai.registry.permissions import STAFF_ROLES
from jichitai.registry.selectors import support_measures_covering
from jichitai.registry.services import move_in_notice_enter, move_in_notices_missing
from jichitai.registry.services.move_in_notices import (
    MAX_MISSING_AFTER_DAYS,
    MISSING_AFTER_DAYS,
)
from jichitai.registry.views.common import (
    GET_POST,
    redirect_after_change,
    render_personal,
    resident_or_404,
    resident_url,
)


class MoveInNoticeForm(forms.RegistryForm):
    """転入通知の受理: 転入通知日 (today by default), 転出年月日（確定）, 転出先住所（確定）."""

    informed_on = forms.DateTextField(label="転入通知日", help_text=forms.DATE_HELP)
    moved_out_on = forms.DateTextField(
        label="転出年月日（確定）", help_text=f"転入通知の転入年月日。{forms.DATE_HELP}"
    )
    moving_to_address = text_field(
        "転出先住所（確定）",
        max_length=resident_field_max("moving_to_address"),
        required=True,
    )


class MissingForm(django_forms.Form):
    days = django_forms.IntegerField(
        label="転出から経過した日数",
        min_value=0,
        max_value=MAX_MISSING_AFTER_DAYS,
        required=False,
        help_text="この日数以上前に転出・職権消除した人を表示します",
    )


@require_http_methods(GET_POST)
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.move_in_notice_enter")
def move_in_notice_view(request: StaffRequest, lg_code: str, resident_id: int) -> HttpResponse:
    """The 転入通知 of one person removed by 国内転出 or 職権消除, typed in."""
    resident = resident_or_404(request, resident_id)
    form = MoveInNoticeForm(
        request.POST or None,
        initial={"informed_on": forms.date_text(timezone.localdate())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            change = move_in_notice_enter(
                municipality=request.municipality,
                resident_id=resident.pk,
                informed_on=form.cleaned_data["informed_on"],
                moved_out_on=form.cleaned_data["moved_out_on"],
                moving_to_address=form.cleaned_data["moving_to_address"],
                actor=request.staff,
            )
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            return redirect_after_change(request, change, resident_url(lg_code, resident.pk))
    page = {
        "title": "転入通知の受理",
        "lead": "転入地から届いた転入通知の内容を入力してください。"
        "転出の届出で入力した転出先住所（予定）と転出予定年月日は、履歴にそのまま残ります。",
    }
    return render_personal(
        request,
        "registry/change_form.html",
        {"form": form, "resident": resident, "page": page},
        residents=[resident],
        action="registry.move_in_notice_form",
    )


@require_GET
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.move_in_notices_missing")
def move_in_notices_missing_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """転入通知未着者一覧: 国内転出・職権消除 without a 転入通知 after some days."""
    form = MissingForm(request.GET or None, initial={"days": MISSING_AFTER_DAYS})
    days = MISSING_AFTER_DAYS
    if form.is_valid() and form.cleaned_data["days"] is not None:
        days = form.cleaned_data["days"]
    people = move_in_notices_missing(municipality=request.municipality, older_than_days=days)
    # 支援対象者: the 転出先 is left out of the list, as in the search (doc/j380.txt §2.2.4).
    protected = support_measures_covering(
        municipality=request.municipality,
        resident_ids=[p.pk for p in people],
        on=timezone.localdate(),
    )
    return render_personal(
        request,
        "registry/move_in_notices_missing.html",
        {
            "form": form,
            "days": days,
            "people": people,
            "protected": set(protected),
            "current": "move_in_notices_missing",
            "move_out": ChangeType.MOVE_OUT.value,
        },
        residents=people,
        action="registry.move_in_notices_missing",
    )


@require_GET
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.move_in_notice_inquiry")
def move_in_notice_inquiry_view(
    request: StaffRequest, lg_code: str, resident_id: int
) -> HttpResponse:
    """転入通知未着照会書 (PDF) of one person."""
    resident = resident_or_404(request, resident_id)
    try:
        rendered = move_in_notice_inquiry_issue(
            municipality=request.municipality, resident_id=resident.pk, actor=request.staff
        )
    except DomainError as error:
        messages.error(request, error.detail)
        return redirect(resident_url(lg_code, resident.pk))
    response = HttpResponse(rendered.pdf, content_type="application/pdf")
    filename = f"tennyu-tsuchi-shokai-{resident.pk}-{timezone.localdate():%Y%m%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
