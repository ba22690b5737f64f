"""住基ネット送信 (the outbox to the CS, doc/j1090.txt §7.1.1.1): what the register has sent or
still has to send, the 送信エラー with their codes and 再送, and a button that runs the sender
now. The list shows 宛名番号 only, never a name or a number."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from jichitai.audit.services import audit_record
from jichitai.common.exceptions import DomainError
from jichitai.identity.access import staff_check, staff_required
from jichitai.identity.errors import RoleRequired
from jichitai.identity.http import StaffRequest
from jichitai.registry.models import NetworkMessage, NetworkMessageKind
from jichitai.registry.permissions import REVIEW_ROLES, STAFF_ROLES
from jichitai.registry.selectors import network_messages_list, network_outbox_counts
from jichitai.registry.services import (
    identity_consistency_check,
    network_message_resend,
    network_operating,
    network_outbox_send,
    resident_certificate_serial_obtain,
    resident_symbol_request,
)
from jichitai.registry.services.recording import (
    REGISTRY_PURPOSE,
    resident_code_stock_alert_get,
    resident_code_stock_low,
)
from jichitai.registry.views.common import GET_POST, resident_or_404, resident_url
from jichitai.tenants.models import RESIDENT_CODE_STOCK_ALERT_MAX
from jichitai.tenants.services import resident_code_stock_alert_set

# The longest id a form may post: a bigger "message_id" is not one of ours.
MAX_ID_DIGITS = 12


def _post(request: StaffRequest) -> None:
    municipality = request.municipality
    if request.POST.get("action") == "send":
        run = network_outbox_send(municipality=municipality)
        audit_record(
            actor=request.staff,
            action="registry.network_outbox_send",
            municipality_code=municipality.lg_code,
            purpose=REGISTRY_PURPOSE,
            detail={"sent": run.sent, "retrying": run.retrying, "failed": run.failed},
        )
        messages.info(
            request,
            _(
                "送信しました：送信 %(sent)d 件、再試行待ち %(retrying)d 件、送信エラー %(failed)d 件"
            )
            % {"sent": run.sent, "retrying": run.retrying, "failed": run.failed},
        )
        return
    if request.POST.get("action") == "alert":
        _alert_set(request)
        return
    raw_id = request.POST.get("message_id", "")
    if not (raw_id.isascii() and raw_id.isdigit()) or len(raw_id) > MAX_ID_DIGITS:
        messages.error(request, _("再送する電文を選んでください。"))
        return
    try:
        message = network_message_resend(
            municipality=municipality, message_id=int(raw_id), actor=request.staff
        )
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(
            request, _("電文 %(id)d を再送の待ち行列に戻しました。") % {"id": message.pk}
        )


def _alert_set(request: StaffRequest) -> None:
    """空きコードのアラート件数 (doc/j870.txt §4.3.1 「市区町村が任意に設定した数」): set by
    住民記録審査; blank returns to the deployment's default."""
    try:
        staff_check(
            user=request.staff,
            municipality=request.municipality,
            roles=REVIEW_ROLES,
            action="registry.resident_code_stock_alert_set",
        )
    except RoleRequired as error:
        messages.error(request, error.detail)
        return
    raw = request.POST.get("threshold", "").strip()
    if raw and (
        not (raw.isascii() and raw.isdigit())
        or len(raw) > 9
        or int(raw) > RESIDENT_CODE_STOCK_ALERT_MAX
    ):
        messages.error(
            request,
            _("アラート件数は0から%(max)dまでの半角数字で入力してください。")
            % {"max": RESIDENT_CODE_STOCK_ALERT_MAX},
        )
        return
    resident_code_stock_alert_set(
        municipality=request.municipality,
        threshold=int(raw) if raw else None,
        actor=request.staff,
    )
    messages.success(request, _("空きコードのアラート件数を変更しました。"))


@require_http_methods(GET_POST)
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.network_outbox_view")
def network_outbox_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    consistency = None
    if request.method == "POST" and request.POST.get("action") == "consistency":
        # Shown in this response, not a redirect: the 宛名番号 stay out of the message cookie.
        consistency = identity_consistency_check(
            municipality=request.municipality, actor=request.staff
        )
    elif request.method == "POST":
        _post(request)
        return HttpResponseRedirect(reverse("registry:network_outbox", kwargs={"lg_code": lg_code}))
    status = request.GET.get("status", "")
    if status not in NetworkMessage.Status.values:
        status = ""
    kind = request.GET.get("kind", "")
    if kind not in NetworkMessageKind.values:
        kind = ""
    shown = network_messages_list(municipality=request.municipality, status=status, kind=kind)
    audit_record(
        actor=request.staff,
        action="registry.network_outbox_view",
        municipality_code=lg_code,
        purpose=REGISTRY_PURPOSE,
        detail={"messages": len(shown), "filtered": bool(status or kind)},
    )
    return render(
        request,
        "registry/network_outbox.html",
        {
            "network_messages": shown,
            "counts": network_outbox_counts(municipality=request.municipality),
            "status": status,
            "statuses": NetworkMessage.Status.choices,
            "kind": kind,
            "kinds": NetworkMessageKind.choices,
            "codes_left": resident_code_stock_low(municipality=request.municipality),
            "operating": network_operating(municipality=request.municipality),
            "consistency": consistency,
            "alert_threshold": resident_code_stock_alert_get(municipality=request.municipality),
            "alert_max": RESIDENT_CODE_STOCK_ALERT_MAX,
        },
    )


@staff_required(roles=STAFF_ROLES, action="registry.symbol_request")
@require_POST
def resident_symbol_request_view(
    request: StaffRequest, lg_code: str, resident_id: int
) -> HttpResponse:
    """符号の取得要求 (doc/j1140.txt §7.1.2.2) from the record's page: queued to 住基ネット; the
    page then shows whether it went."""
    resident = resident_or_404(request, resident_id)
    try:
        resident_symbol_request(
            municipality=request.municipality, resident_id=resident.pk, actor=request.staff
        )
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(
            request,
            _("符号取得要求を住基ネットへの送信待ちにしました。送信の結果はこの画面に表示します。"),
        )
    return HttpResponseRedirect(resident_url(lg_code, resident.pk))


@staff_required(roles=STAFF_ROLES, action="registry.certificate_serial_obtain")
@require_POST
def resident_certificate_serial_view(
    request: StaffRequest, lg_code: str, resident_id: int
) -> HttpResponse:
    """利用者証明用電子証明書のシリアル番号取得 (doc/j1160.txt §7.1.2.4) from the record's page;
    the page shows the serial or the network's error code."""
    resident = resident_or_404(request, resident_id)
    try:
        row = resident_certificate_serial_obtain(
            municipality=request.municipality, resident_id=resident.pk, actor=request.staff
        )
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        if row.last_error:
            messages.error(
                request,
                _("住基ネットからシリアル番号を取得できませんでした（エラーコード %(code)s）。")
                % {"code": row.last_error},
            )
        else:
            messages.success(request, _("利用者証明用電子証明書のシリアル番号を取得しました。"))
    return HttpResponseRedirect(resident_url(lg_code, resident.pk))
