"""オンライン決済の画面: the demo provider's page (デモ用の決済画面) and the endpoint that
receives the provider's signed notifications. Public: the page is reached by the provider's
unguessable payment id, the notification is trusted only through its signature."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from jichitai.common.exceptions import DomainError
from jichitai.common.problems import problem_response
from jichitai.common.ratelimit import limit_take
from jichitai.common.request_context import current_request_id, current_source
from jichitai.payments.codes import qr_payload
from jichitai.payments.errors import PaymentUnknown
from jichitai.payments.forms import DemoPayForm
from jichitai.payments.issuing import el_number
from jichitai.payments.online.services import demo_pay, demo_payment_get, notification_receive
from jichitai.tenants.http import TenantRequest


@require_http_methods(["GET", "POST"])
def demo_pay_view(request: TenantRequest, lg_code: str, provider_id: str) -> HttpResponse:
    """デモ用の決済画面: pays by a test card number or the invoice's eL-QR, then returns."""
    try:
        payment = demo_payment_get(municipality_code=lg_code, provider_id=provider_id)
    except PaymentUnknown:
        raise Http404 from None
    form = DemoPayForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        limit_take(
            "payments.demo_pay", key=current_source(), rate=settings.JICHITAI_RATE_PAYMENT_ATTEMPTS
        )
        try:
            demo_pay(
                payment=payment,
                card_number=form.cleaned_data["card_number"],
                el_qr=form.cleaned_data["el_qr"],
            )
            return redirect(payment.return_url)
        except DomainError as refused:
            form.add_error(None, refused.detail)
            status = refused.status
    invoice = payment.invoice
    return render(
        request,
        "payments/demo_pay.html",
        {
            "payment": payment,
            "form": form,
            "qr_text": qr_payload(el_number(invoice), amount=payment.amount, due_on=invoice.due_on),
        },
        status=status,
    )


@csrf_exempt  # a server-to-server message, authenticated by its HMAC signature instead
@require_POST
def notification_view(request: TenantRequest, lg_code: str) -> JsonResponse:
    """The provider's notification (GOV.UK Pay's webhook shape): 200 once acted on, a
    problem+json otherwise (bad signature 401, malformed 400, unknown 404, replay 409)."""
    try:
        limit_take(
            "payments.notification",
            key=current_source(),
            rate=settings.JICHITAI_RATE_PAYMENT_NOTIFICATIONS,
        )
        payment = notification_receive(
            municipality_code=lg_code,
            body=request.body,
            signature=request.headers.get("Pay-Signature", ""),
        )
    except DomainError as refused:
        return problem_response(refused, instance=request.path, request_id=current_request_id())
    return JsonResponse({"status": payment.status})
