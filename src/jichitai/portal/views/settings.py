"""お知らせの設定 (where the portal sends the resident's case notifications)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from jichitai.portal.access import resident_required
from jichitai.portal.forms import NotificationAddressForm
from jichitai.portal.http import ResidentRequest
from jichitai.portal.models import NotificationAddress
from jichitai.portal.services import notification_address_set


@resident_required
@require_http_methods(["GET", "POST"])
def notifications_view(request: ResidentRequest, lg_code: str) -> HttpResponse:
    resident = request.resident
    current = (
        NotificationAddress.objects.for_municipality(lg_code).filter(resident=resident).first()
    )
    form = NotificationAddressForm(
        request.POST or None, initial={"email": current.email if current else ""}
    )
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        notification_address_set(resident=resident, email=email)
        messages.success(
            request,
            gettext("お知らせ先を保存しました。")
            if email
            else gettext("メールでのお知らせを止めました。"),
        )
        return redirect("portal:notifications", lg_code=lg_code)
    return render(
        request,
        "portal/notifications.html",
        {"portal_section": "notifications", "resident": resident, "form": form},
    )
