"""児童手当の支払月 (児童手当法 第8条第4項) in the department inboxes (`/<lg_code>/office/`):
the 子育て支援担当 runs a 支払月 for every certified recipient and downloads the list of what
it paid (a CSV of amounts per 符号). Thin over departments' services, which check, record
every payment and audit.

The 全銀 総合振込 file (`payments/zengin.py`) is not written here: the 児童手当 records hold no
振込先口座 (the claim's account stays in the case data) and `payments` sits above `procedures`
in the layers, so the CSV is what the 会計 system takes."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from jichitai.common.exceptions import DomainError
from jichitai.departments.services import (
    PaymentRun,
    child_allowance_payment_run,
    child_allowance_payments_export,
)
from jichitai.identity.access import staff_required
from jichitai.identity.http import StaffRequest
from jichitai.procedures.forms import MONTH_FORMAT, PaymentRunForm, add_domain_error
from jichitai.procedures.permissions import PROCESS_ROLES, READ_ROLES
from jichitai.procedures.selectors import case_departments_for_staff, department_label

DEPARTMENT = "child"
CSV_HEADER = ["受給者の符号", "支払月", "最初の月分", "最後の月分", "支払額（円）", "支払日"]


def _need_to_know(request: StaffRequest) -> None:
    """Only the staff who read the 子育て支援担当's cases (else 404, as the inbox)."""
    if DEPARTMENT not in case_departments_for_staff(staff=request.staff):
        raise Http404


def _page(
    request: StaffRequest, form: PaymentRunForm, run: PaymentRun | None = None
) -> HttpResponse:
    context = {
        "form": form,
        "run": run,
        "department_label": department_label(municipality=request.municipality, key=DEPARTMENT),
    }
    return render(
        request,
        "procedures/child_allowance_payments.html",
        context,
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@never_cache
@staff_required(roles=PROCESS_ROLES, action="procedures.child_allowance_payments")
def payment_run_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """支払月の支払: the form (GET) and the run (POST) with its counts — paid, already paid
    by an earlier run, nothing owed, refused with the reason. Running it again pays no one
    twice, so a reload that posts again is harmless."""
    _need_to_know(request)
    if request.method == "GET":
        return _page(request, PaymentRunForm())
    form = PaymentRunForm(request.POST)
    if not form.is_valid():
        return _page(request, form)
    try:
        run = child_allowance_payment_run(
            municipality=request.municipality,
            payment_month=form.cleaned_data["payment_month"],
            paid_on=form.cleaned_data["paid_on"],
            actor=request.staff,
        )
    except DomainError as error:
        add_domain_error(form, error)
        return _page(request, form)
    return _page(request, PaymentRunForm(), run)


@require_GET
@never_cache
@staff_required(roles=READ_ROLES, action="procedures.child_allowance_payments_csv")
def payments_csv_view(request: StaffRequest, lg_code: str, payment_month: str) -> HttpResponse:
    """支払の一覧 of a 支払月 as CSV (UTF-8 with BOM, for spreadsheet software): 符号, months
    and amount of each payment. No names: the 会計 matches 符号 to accounts in its system."""
    _need_to_know(request)
    try:
        month = dt.datetime.strptime(payment_month, MONTH_FORMAT).date()
        payments = child_allowance_payments_export(
            municipality=request.municipality, payment_month=month, actor=request.staff
        )
    except (ValueError, DomainError):
        raise Http404 from None
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for payment in payments:
        writer.writerow(
            [
                payment.recipient.code,
                payment.payment_month.strftime(MONTH_FORMAT),
                payment.first_month.strftime(MONTH_FORMAT),
                payment.last_month.strftime(MONTH_FORMAT),
                payment.amount,
                payment.paid_on.isoformat(),
            ]
        )
    response = HttpResponse(
        ("\ufeff" + out.getvalue()).encode(), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="child-allowance-payments-{payment_month}.csv"'
    )
    return response
