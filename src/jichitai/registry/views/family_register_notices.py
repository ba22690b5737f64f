"""戸籍通知 (doc/j770.txt §4.2.0.3): 本籍・筆頭者 recorded from the 本籍地's 住民票記載事項通知
(法第9条第2項), with its 通知日."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from jichitai.common.exceptions import DomainError
from jichitai.identity.access import staff_required
from jichitai.identity.http import StaffRequest
from jichitai.registry import forms
from jichitai.registry.forms.common import resident_field_label, resident_field_max, text_field
from jichitai.registry.permissions import STAFF_ROLES
from jichitai.registry.services import resident_domicile_from_notice
from jichitai.registry.views.common import (
    GET_POST,
    redirect_after_change,
    render_personal,
    resident_or_404,
    resident_url,
)


class DomicileNoticeForm(forms.RegistryForm):
    """通知日 (today by default) and the 本籍・筆頭者 the notice gives."""

    informed_on = forms.DateTextField(
        label="通知日", help_text=f"本籍地から通知を受けた日。{forms.DATE_HELP}"
    )
    domicile = text_field(
        resident_field_label("domicile"),
        max_length=resident_field_max("domicile"),
        required=True,
    )
    domicile_head = text_field(
        resident_field_label("domicile_head"),
        max_length=resident_field_max("domicile_head"),
        required=True,
    )


@require_http_methods(GET_POST)
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.domicile_notice")
def domicile_notice_view(request: StaffRequest, lg_code: str, resident_id: int) -> HttpResponse:
    """住民票記載事項通知（法第9条第2項）の記載 for one 日本人住民."""
    resident = resident_or_404(request, resident_id)
    form = DomicileNoticeForm(
        request.POST or None,
        initial={
            "informed_on": forms.date_text(timezone.localdate()),
            "domicile": resident.domicile,
            "domicile_head": resident.domicile_head,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            change = resident_domicile_from_notice(
                municipality=request.municipality,
                resident_id=resident.pk,
                domicile=form.cleaned_data["domicile"],
                domicile_head=form.cleaned_data["domicile_head"],
                informed_on=form.cleaned_data["informed_on"],
                actor=request.staff,
            )
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            return redirect_after_change(request, change, resident_url(lg_code, resident.pk))
    page = {
        "title": "戸籍通知（本籍・筆頭者）",
        "lead": "本籍地から届いた住民票記載事項通知（法第9条第2項）のとおり、本籍と筆頭者を"
        "記載します。職権修正として、通知日とともに履歴に残ります。",
    }
    return render_personal(
        request,
        "registry/change_form.html",
        {"form": form, "resident": resident, "page": page},
        residents=[resident],
        action="registry.domicile_notice_form",
    )
