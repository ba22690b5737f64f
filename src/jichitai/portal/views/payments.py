"""わたしの納付書 (my invoices): the resident's invoices of this municipality, their status, and
the slip to download (payments' selectors and services; the portal only shows them)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jichitai.payments.selectors import invoice_status, resident_invoice_get, resident_invoices
from jichitai.payments.services import invoice_slip_read
from jichitai.portal.access import resident_actor, resident_or_former_required
from jichitai.portal.http import ResidentRequest

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
