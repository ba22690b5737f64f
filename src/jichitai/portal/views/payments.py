"""わたしの納付書 (my invoices): the resident's invoices of this municipality, their status, and
the slip to download (payments' selectors and services; the portal only shows them); and the
fee of an online request, paid at the payment provider (手数料のお支払い)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from jichitai.common.exceptions import DomainError
from jichitai.payments.online.services import fee_payment_start
from jichitai.payments.selectors import invoice_status, resident_invoice_get, resident_invoices
from jichitai.payments.services import invoice_slip_read
from jichitai.portal.access import resident_actor, resident_or_former_required, resident_required
from jichitai.portal.http import ResidentRequest
from jichitai.procedures.errors import CaseNotFound
from jichitai.procedures.selectors import case_get_for_resident

SHOWN = 100


@resident_or_former_required
@require_GET
def invoices_view(request: ResidentRequest, lg_code: str) -> HttpResponse:
    invoices = resident_invoices(
        municipality=request.municipality, resident_code=request.resident.resident_code
    )[:SHOWN]
    rows = [(invoice, invoice_status(invoice)) for invoice in invoices]
    return render(
        request,
        "portal/invoices.html",
        {"portal_section": "invoices", "resident": request.resident, "rows": rows},
    )


@resident_or_former_required
@require_GET
def slip_view(request: ResidentRequest, lg_code: str, invoice_id: int) -> HttpResponse:
    """One's own slip only: another person's invoice id answers 404."""
    invoice = resident_invoice_get(
        municipality=request.municipality,
        resident_code=request.resident.resident_code,
        pk=invoice_id,
    )
    if invoice is None:
        raise Http404
    pdf = invoice_slip_read(invoice=invoice, actor=resident_actor(request.resident), notice=False)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="noufusho-{invoice.payment_number}.pdf"'
    )
    return response


@resident_required
@require_POST
def fee_pay_view(request: ResidentRequest, lg_code: str, case_id: int) -> HttpResponse:
    """手数料を支払う: creates (or resumes) the payment at the provider and sends the resident
    there; the provider sends them back to the case's page."""
    try:
        case = case_get_for_resident(
            municipality=request.municipality,
            case_id=case_id,
            actor=resident_actor(request.resident),
        )
    except CaseNotFound:
        raise Http404 from None
    case_url = reverse("portal:case", kwargs={"lg_code": lg_code, "case_id": case.pk})
    try:
        payment = fee_payment_start(case=case, payer=request.resident, return_url=case_url)
    except DomainError as refused:
        messages.error(request, refused.detail)
        return redirect(case_url)
    return redirect(payment.next_url)
