"""公金収納の読取り (reads): balances, the ledger check, the exceptions queue, overdue invoices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import jpholiday
from django.db.models import Count, Q, QuerySet, Sum

from jichitai.payments.late_fee import late_fee
from jichitai.payments.models import (
    DunningNotice,
    ExceptionResolution,
    Invoice,
    InvoiceAdjustment,
    InvoiceKind,
    Outcome,
    Payment,
    PaymentImport,
    RefundDecision,
)
from jichitai.tenants.models import Municipality


@dataclass
class InvoiceState:
    """What reconciliation needs of one invoice: still owed, and whether it is closed."""

    balance: int
    closed: bool


def invoice_states(invoice_ids: Iterable[int]) -> dict[int, InvoiceState]:
    """Balance and closed flag of each invoice, in five grouped queries whatever their number."""
    ids = list(invoice_ids)
    states = {
        pk: InvoiceState(amount, False)
        for pk, amount in Invoice.objects.filter(pk__in=ids).values_list("pk", "amount")
    }
    for pk, total, cancelled in (
        InvoiceAdjustment.objects.filter(invoice_id__in=ids)
        .values("invoice_id")
        .annotate(
            total=Sum("amount"),
            cancelled=Count("pk", filter=Q(reason=InvoiceAdjustment.Reason.CANCELLATION)),
        )
        .values_list("invoice_id", "total", "cancelled")
    ):
        states[pk].balance -= total
        states[pk].closed |= cancelled > 0
    for pk, total in (
        Payment.objects.filter(invoice_id__in=ids)
        .values("invoice_id")
        .annotate(total=Sum("applied"))
        .values_list("invoice_id", "total")
    ):
        states[pk].balance -= total
    for pk, total in (
        ExceptionResolution.objects.filter(invoice_id__in=ids)
        .values("invoice_id")
        .annotate(total=Sum("applied"))
        .values_list("invoice_id", "total")
    ):
        states[pk].balance -= total
    # 充当: a refund candidate of another payment applied to this invoice (refunds.py).
    for pk, total in (
        RefundDecision.objects.filter(invoice_id__in=ids)
        .values("invoice_id")
        .annotate(total=Sum("applied"))
        .values_list("invoice_id", "total")
    ):
        states[pk].balance -= total
    for pk in Invoice.objects.filter(supersedes_id__in=ids).values_list("supersedes_id", flat=True):
        states[pk].closed = True
    return states


def invoice_balance(invoice: Invoice) -> int:
    """残高 (still owed): billed - adjustments - paid."""
    return invoice_states([invoice.pk])[invoice.pk].balance


def invoice_status(invoice: Invoice) -> str:
    """The status a payer reads: 納付済み, 一部納付, 未納, 取消, 訂正済み."""
    state = invoice_states([invoice.pk])[invoice.pk]
    if state.closed:
        return "訂正済み" if Invoice.objects.filter(supersedes=invoice).exists() else "取消"
    if state.balance == 0:
        return "納付済み"
    return "一部納付" if state.balance < invoice.amount else "未納"


def invoice_list(*, municipality: Municipality) -> QuerySet[Invoice]:
    return Invoice.objects.filter(municipality=municipality).order_by("-issued_at", "-pk")


def invoice_get(*, municipality: Municipality, pk: int) -> Invoice | None:
    return Invoice.objects.filter(municipality=municipality, pk=pk).first()


def invoice_by_number(*, municipality: Municipality, number: str) -> Invoice | None:
    """The invoice with this 納付番号, None for an empty or unknown one."""
    if not number:
        return None
    return Invoice.objects.filter(municipality=municipality, payment_number=number[:16]).first()


def resident_invoices(*, municipality: Municipality, resident_code: str) -> QuerySet[Invoice]:
    return Invoice.objects.filter(
        municipality=municipality, payer_resident_code=resident_code
    ).order_by("-due_on", "-pk")


def resident_invoice_get(
    *, municipality: Municipality, resident_code: str, pk: int
) -> Invoice | None:
    """One of the resident's own invoices, None for anyone else's."""
    return Invoice.objects.filter(
        municipality=municipality, payer_resident_code=resident_code, pk=pk
    ).first()


def exceptions_queue(*, municipality: Municipality) -> QuerySet[Payment]:
    """Unknown payments no staff member has resolved yet, oldest first."""
    return Payment.objects.filter(
        municipality=municipality, outcome=Outcome.UNKNOWN, resolutions__isnull=True
    ).order_by("paid_on", "pk")


def payment_get(*, municipality: Municipality, pk: int) -> Payment | None:
    return Payment.objects.filter(municipality=municipality, pk=pk).first()


def imports_list(*, municipality: Municipality) -> QuerySet[PaymentImport]:
    return PaymentImport.objects.filter(municipality=municipality).order_by("-imported_at")


# 督促: 地方税法 第329条 etc. — a 督促状 is sent within 20 days after the 納期限; we list invoices
# unpaid once the grace below has passed (counted in days the office is open would be stricter;
# calendar days plus the next weekday is the common practice).
DUNNING_GRACE_DAYS = 20


def dunning_date(due_on: dt.date) -> dt.date:
    """The first day an invoice due on `due_on` is listed as overdue (not on a holiday)."""
    day = due_on + dt.timedelta(days=DUNNING_GRACE_DAYS)
    while day.weekday() >= 5 or jpholiday.is_holiday(day):
        day += dt.timedelta(days=1)
    return day


def overdue_invoices(*, municipality: Municipality, today: dt.date) -> list[tuple[Invoice, int]]:
    """(invoice, balance) unpaid and open past 納期限 + grace, oldest first (at most 1,000)."""
    latest_due = today - dt.timedelta(days=DUNNING_GRACE_DAYS)
    candidates = list(
        Invoice.objects.filter(municipality=municipality, due_on__lte=latest_due).order_by(
            "due_on", "pk"
        )[:1000]
    )
    states = invoice_states(i.pk for i in candidates)
    return [
        (invoice, states[invoice.pk].balance)
        for invoice in candidates
        if not states[invoice.pk].closed
        and states[invoice.pk].balance > 0
        and dunning_date(invoice.due_on) <= today
    ]


# 延滞金 applies to the 地方税 only; fees and 保育料 have their own 条例 (not modelled here).
LATE_FEE_KINDS = frozenset({InvoiceKind.VEHICLE_TAX})


def invoice_tax_payments(invoice: Invoice) -> list[tuple[dt.date, int]]:
    """(day, yen) of everything applied to the invoice: payments, exceptions assigned to it and
    refunds offset against it (充当, dated by the payment the refund came from)."""
    paid = list(
        Payment.objects.filter(invoice=invoice, applied__gt=0).values_list("paid_on", "applied")
    )
    paid += list(
        ExceptionResolution.objects.filter(invoice=invoice, applied__gt=0).values_list(
            "payment__paid_on", "applied"
        )
    )
    paid += list(
        RefundDecision.objects.filter(invoice=invoice, applied__gt=0).values_list(
            "payment__paid_on", "applied"
        )
    )
    return sorted(paid)


def invoice_late_fee(invoice: Invoice, *, on: dt.date) -> int | None:
    """延滞金 of the invoice (late_fee.py): fixed once the tax is paid (counted to the day of the
    last payment), else accrued to `on`. None for a revenue without 延滞金. Raises
    LateFeeRateUnknown for a year whose rate is not in the table."""
    if invoice.kind not in LATE_FEE_KINDS or on <= invoice.due_on:
        return None if invoice.kind not in LATE_FEE_KINDS else 0
    adjusted = sum(a.amount for a in invoice.adjustments.all())
    tax = invoice.amount - adjusted
    payments = invoice_tax_payments(invoice)
    until = on
    if payments and sum(amount for _, amount in payments) >= tax:
        until = max(payments[-1][0], invoice.due_on)
    return late_fee(tax=tax, due_on=invoice.due_on, payments=payments, until=until)


def dunning_notice_of(invoice: Invoice) -> DunningNotice | None:
    return DunningNotice.objects.filter(invoice=invoice).first()


@dataclass
class LedgerReport:
    invoices: int = 0
    imports: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems
