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
from jichitai.payments.errors import FileMalformed, LateFeeRateUnknown
from jichitai.payments.forms import ImportForm, PayoutForm, RefundDecideForm, ResolveForm
from jichitai.payments.models import Invoice
from jichitai.payments.refunds import (
    Account,
    offset_targets,
    refund_candidates,
    refund_decide,
    refund_payout_create,
    refund_payout_file,
    refund_payout_get,
    refund_payouts,
    refunds_unpaid,
)
from jichitai.payments.selectors import (
    LATE_FEE_KINDS,
    dunning_notice_of,
    exceptions_queue,
    imports_list,
    invoice_by_number,
    invoice_get,
    invoice_late_fee,
    invoice_list,
    invoice_states,
    overdue_invoices,
    payment_get,
)
from jichitai.payments.services import (
    dunning_notice_send,
    exception_resolve,
    invoice_slip_read,
    payments_import,
)
from jichitai.payments.zengin import Requester

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
    today = timezone.localdate()
    # 延滞金 only where it can arise: a 地方税 past its 納期限 (fixed once paid, else to today).
    rows = [
        (
            i,
            states[i.pk],
            _late_fee_text(i, today) if i.kind in LATE_FEE_KINDS and i.due_on < today else "—",
        )
        for i in invoices
    ]
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


def _late_fee_text(invoice: Invoice, today: dt.date) -> str:
    try:
        fee = invoice_late_fee(invoice, on=today)
    except LateFeeRateUnknown:
        return "割合が未登録"
    return "—" if fee is None else f"{fee:,}円"


def _overdue_page(request: StaffRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    today: dt.date = timezone.localdate()
    rows = [
        (invoice, balance, dunning_notice_of(invoice), _late_fee_text(invoice, today))
        for invoice, balance in overdue_invoices(municipality=request.municipality, today=today)
    ]
    context = {"rows": rows, "today": today, "error": error}
    return render(request, "payments/overdue.html", context, status=status)


@staff_required(roles=ROLES, action="payments.overdue")
@require_GET
def overdue_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """督促: overdue invoices, whether their 督促状 was sent, and the 延滞金 accrued today."""
    return _overdue_page(request)


@staff_required(roles=ROLES, action="payments.dunning_send")
@require_POST
def dunning_send_view(request: StaffRequest, lg_code: str, invoice_id: int) -> HttpResponse:
    """Record that the invoice's 督促状 was sent today."""
    _invoice(request, invoice_id)  # another municipality's id: 404, as everywhere
    try:
        dunning_notice_send(
            municipality=request.municipality,
            invoice_id=invoice_id,
            sent_on=timezone.localdate(),
            actor=request.staff,
        )
    except DomainError as error:
        return _overdue_page(request, error=error.detail, status=422)
    return redirect("payments:overdue", lg_code=lg_code)


def _refunds_page(
    request: StaffRequest,
    *,
    decide_form: RefundDecideForm | None = None,
    failed: int | None = None,
    payout_form: PayoutForm | None = None,
    status: int = 200,
) -> HttpResponse:
    candidates = list(refund_candidates(municipality=request.municipality)[:SHOWN])
    unpaid = list(refunds_unpaid(municipality=request.municipality))
    context = {
        "rows": [(p, offset_targets(payment=p)) for p in candidates],
        "decide_form": decide_form or RefundDecideForm(),
        "failed": failed,
        "unpaid_count": len(unpaid),
        "unpaid_total": sum(d.refund for d in unpaid),
        "payout_form": payout_form or PayoutForm(initial={"transfer_on": timezone.localdate()}),
        "payouts": refund_payouts(municipality=request.municipality)[:20],
    }
    return render(request, "payments/refunds.html", context, status=status)


@staff_required(roles=ROLES, action="payments.refunds")
@require_GET
def refunds_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """還付・充当: the candidates to decide, the refunds waiting for a payout, the payouts."""
    return _refunds_page(request)


@staff_required(roles=ROLES, action="payments.refund_decide")
@require_POST
def refund_decide_view(request: StaffRequest, lg_code: str, payment_id: int) -> HttpResponse:
    if payment_get(municipality=request.municipality, pk=payment_id) is None:
        raise Http404
    form = RefundDecideForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        account = Account(
            bank_code=data["bank_code"] or "",
            branch_code=data["branch_code"] or "",
            account_type=data["account_type"],
            account_number=data["account_number"] or "",
            name=data["account_name"] or "",
        )
        try:
            refund_decide(
                municipality=request.municipality,
                payment_id=payment_id,
                offset_invoice_id=data["offset_invoice"],
                account=account,
                actor=request.staff,
            )
            return redirect("payments:refunds", lg_code=lg_code)
        except DomainError as error:
            form.add_error(None, error.detail)
    return _refunds_page(request, decide_form=form, failed=payment_id, status=422)


@staff_required(roles=ROLES, action="payments.refund_payout")
@require_POST
def refund_payout_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """還付の支出: one 総合振込 file of every refund decided and not yet paid."""
    form = PayoutForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            refund_payout_create(
                municipality=request.municipality,
                requester=Requester(
                    code=data["requester_code"],
                    name=data["requester_name"],
                    bank_code=data["bank_code"],
                    branch_code=data["branch_code"],
                    account_type=data["account_type"],
                    account_number=data["account_number"],
                ),
                transfer_on=data["transfer_on"],
                actor=request.staff,
            )
            return redirect("payments:refunds", lg_code=lg_code)
        except DomainError as error:
            form.add_error(None, error.detail)
    return _refunds_page(request, payout_form=form, status=422)


@staff_required(roles=ROLES, action="payments.refund_payout_file")
@require_GET
def refund_payout_file_view(request: StaffRequest, lg_code: str, payout_id: int) -> HttpResponse:
    """The payout's 全銀 総合振込 file (Shift_JIS, 120-byte records + CRLF)."""
    payout = refund_payout_get(municipality=request.municipality, pk=payout_id)
    if payout is None:
        raise Http404
    content = refund_payout_file(payout=payout, actor=request.staff)
    response = HttpResponse(content, content_type="text/plain; charset=Shift_JIS")
    response["Content-Disposition"] = f'attachment; filename="sogo-furikomi-{payout.pk}.txt"'
    return response
