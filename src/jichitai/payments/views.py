"""公金収納の画面 (office, `/<lg_code>/payments/`): invoices and their slips, payment import,
the exceptions queue and the overdue list with its 督促状. Staff of the 各課 and 管理者 only."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jichitai.common.exceptions import DomainError
from jichitai.identity.access import Role, staff_required
from jichitai.identity.http import StaffRequest
from jichitai.payments.errors import FileMalformed
from jichitai.payments.forms import ImportForm, ResolveForm
from jichitai.payments.models import Invoice
from jichitai.payments.selectors import (
    exceptions_queue,
    imports_list,
    invoice_by_number,
    invoice_get,
    invoice_list,
    invoice_states,
    overdue_invoices,
    payment_get,
)
from jichitai.payments.services import (
    exception_resolve,
    invoice_slip_read,
    payments_import,
)

ROLES = [Role.DEPARTMENT, Role.ADMIN]
SHOWN = 200


def _invoice(request: StaffRequest, pk: int) -> Invoice:
    invoice = invoice_get(municipality=request.municipality, pk=pk)
    if invoice is None:
        raise Http404
    return invoice


@staff_required(roles=ROLES, action="payments.invoices")
@require_GET
def invoices_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    invoices = list(invoice_list(municipality=request.municipality)[:SHOWN])
    states = invoice_states(i.pk for i in invoices)
    rows = [(i, states[i.pk]) for i in invoices]
    return render(request, "payments/invoices.html", {"rows": rows, "shown": SHOWN})


def _pdf(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_required(roles=ROLES, action="payments.slip")
@require_GET
def slip_view(request: StaffRequest, lg_code: str, invoice_id: int) -> HttpResponse:
    """納付書 PDF (the balance still owed); the read of the payer's name is audited."""
    invoice = _invoice(request, invoice_id)
    pdf = invoice_slip_read(invoice=invoice, actor=request.staff, notice=False)
    return _pdf(pdf, f"noufusho-{invoice.payment_number}.pdf")


@staff_required(roles=ROLES, action="payments.notice")
@require_GET
def notice_view(request: StaffRequest, lg_code: str, invoice_id: int) -> HttpResponse:
    """督促状 PDF of an overdue invoice."""
    invoice = _invoice(request, invoice_id)
    pdf = invoice_slip_read(invoice=invoice, actor=request.staff, notice=True)
    return _pdf(pdf, f"tokusoku-{invoice.payment_number}.pdf")


@staff_required(roles=ROLES, action="payments.import")
@require_http_methods(["GET", "POST"])
def import_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """収納データの取込: upload a file; the result (or every malformed line) is shown."""
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    problems: list[tuple[int, str]] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = payments_import(
                municipality=request.municipality,
                file=upload.file,
                file_name=upload.name or "",
                actor=request.staff,
            )
        except FileMalformed as error:
            form.add_error("file", error.detail)
            problems = error.problems
        except DomainError as error:
            form.add_error("file", error.detail)
    return render(
        request,
        "payments/import.html",
        {
            "form": form,
            "result": result,
            "problems": problems,
            "imports": imports_list(municipality=request.municipality)[:20],
        },
    )


@staff_required(roles=ROLES, action="payments.exceptions")
@require_GET
def exceptions_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    payments = exceptions_queue(municipality=request.municipality)[:SHOWN]
    return render(
        request, "payments/exceptions.html", {"payments": payments, "form": ResolveForm()}
    )


@staff_required(roles=ROLES, action="payments.exception_resolve")
@require_POST
def exception_resolve_view(request: StaffRequest, lg_code: str, payment_id: int) -> HttpResponse:
    """充当 to the invoice whose 納付番号 staff typed, or 還付 when left empty."""
    payment = payment_get(municipality=request.municipality, pk=payment_id)
    if payment is None:
        raise Http404
    form = ResolveForm(request.POST)
    if form.is_valid():
        number = form.cleaned_data["payment_number"]
        invoice = invoice_by_number(municipality=request.municipality, number=number)
        if number and invoice is None:
            form.add_error("payment_number", "この納付番号の納付書はありません。")
        else:
            try:
                exception_resolve(payment=payment, invoice=invoice, actor=request.staff)
                return redirect("payments:exceptions", lg_code=lg_code)
            except DomainError as error:
                form.add_error("payment_number", error.detail)
    payments = exceptions_queue(municipality=request.municipality)[:SHOWN]
    return render(
        request,
        "payments/exceptions.html",
        {"payments": payments, "form": form, "failed": payment.pk},
        status=422,
    )


@staff_required(roles=ROLES, action="payments.overdue")
@require_GET
def overdue_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    today: dt.date = timezone.localdate()
    rows = overdue_invoices(municipality=request.municipality, today=today)
    return render(request, "payments/overdue.html", {"rows": rows, "today": today})
