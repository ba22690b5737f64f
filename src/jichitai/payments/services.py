"""公金収納の書込み (writes): issuing, cancelling and correcting invoices, importing payments,
resolving exceptions. Each is one transaction and writes its audit record in it."""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.common.actors import Actor
from jichitai.departments.models import (
    Business,
    ChildcareApplication,
    ChildcareCertification,
    ChildcarePlacement,
)
from jichitai.linkage.errors import LinkageError
from jichitai.linkage.services import exchange_request
from jichitai.payments.childcare_fees import bracket_fee, sibling_share, tax_fiscal_year
from jichitai.payments.errors import (
    AmountInvalid,
    DunningInvalid,
    ExceptionAlreadyResolved,
    InvoiceClosed,
    LateFeeRateUnknown,
    NothingToBill,
)
from jichitai.payments.imports.reconcile import ImportResult, payment_file_import
from jichitai.payments.issuing import (
    MAX_AMOUNT,
    VEHICLE_TAX_RATES,
    InvoiceDraft,
    invoices_write,
)
from jichitai.payments.models import (
    DunningNotice,
    ExceptionResolution,
    Invoice,
    InvoiceAdjustment,
    InvoiceKind,
    LightVehicle,
    Outcome,
    Payment,
)
from jichitai.payments.selectors import (
    LATE_FEE_KINDS,
    dunning_date,
    dunning_notice_of,
    invoice_balance,
    invoice_late_fee,
)
from jichitai.payments.slips import NoticeFacts, slip_pdf
from jichitai.tenants.models import Municipality

__all__ = [
    "ImportResult",
    "certificate_fee_invoice_issue",
    "childcare_fee_invoices_issue",
    "dunning_notice_send",
    "exception_resolve",
    "invoice_cancel",
    "invoice_correct",
    "invoice_slip_read",
    "light_vehicle_register",
    "payments_import",
    "vehicle_tax_invoices_issue",
]


def _actor_name(actor: Actor | None) -> str:
    return actor.get_username() if actor is not None else "system"


def _audit(actor: Actor | None, action: str, municipality: Municipality, **detail: int) -> None:
    audit_record(
        actor=actor,
        action=action,
        municipality_code=municipality.lg_code,
        object_type="invoice",
        detail=detail,
    )


@transaction.atomic
def light_vehicle_register(
    *,
    municipality: Municipality,
    plate: str,
    vehicle_class: str,
    owner_resident_code: str,
    owner_name: str,
    registered_on: dt.date,
    actor: Actor | None,
) -> LightVehicle:
    """軽自動車等の登録 on the tax register (idempotent by 標識番号: the same plate again returns
    the vehicle already registered)."""
    vehicle, created = LightVehicle.objects.get_or_create(
        municipality=municipality,
        plate=plate[:20],
        defaults={
            "vehicle_class": LightVehicle.VehicleClass(vehicle_class),
            "owner_resident_code": owner_resident_code[:11],
            "owner_name": owner_name[:100],
            "registered_on": registered_on,
        },
    )
    if created:
        _audit(actor, "payments.vehicle_register", municipality, vehicle=vehicle.pk)
    return vehicle


@transaction.atomic
def vehicle_tax_invoices_issue(
    *, municipality: Municipality, fiscal_year: int, actor: Actor | None
) -> list[Invoice]:
    """軽自動車税（種別割）の納付書 for every vehicle on the register on 4月1日 (賦課期日, 地方税法
    第463条の19) not billed for the year yet; 納期限 5月31日 (the usual 条例 date)."""
    levy_day = dt.date(fiscal_year, 4, 1)
    period = f"{fiscal_year}年度"
    billed = set(
        Invoice.objects.filter(
            municipality=municipality, kind=InvoiceKind.VEHICLE_TAX, period=period
        ).values_list("subject", flat=True)
    )
    drafts = [
        InvoiceDraft(
            kind=InvoiceKind.VEHICLE_TAX,
            subject=vehicle.plate,
            period=period,
            payer_name=vehicle.owner_name,
            payer_resident_code=vehicle.owner_resident_code,
            amount=VEHICLE_TAX_RATES[vehicle.vehicle_class],
            due_on=dt.date(fiscal_year, 5, 31),
        )
        for vehicle in LightVehicle.objects.filter(
            municipality=municipality, registered_on__lte=levy_day
        ).exclude(deregistered_on__lte=levy_day)
        if vehicle.plate not in billed
    ]
    invoices = invoices_write(municipality, drafts)
    if invoices:
        _audit(actor, "payments.invoices_issue", municipality, count=len(invoices))
    return invoices


def _guardian_income(
    municipality: Municipality, guardian_code: str, fiscal_year: int
) -> dict[str, Any] | None:
    """The guardian's 市町村民税 of `fiscal_year`, asked of the tax business through the broker
    (exchange childcare.income); None when no assessment is found or the 符号 is unknown."""
    try:
        result = exchange_request(
            requester_municipality=municipality.lg_code,
            requester_business=Business.CHILDCARE,
            requester_code=guardian_code,
            item="resident_tax.income",
            task="子どものための教育・保育給付の支給に関する事務",
            purpose="保育料（利用者負担額）の決定",
            params={"fiscal_year": fiscal_year},
        )
    except LinkageError:
        return None
    return result.data


def _placed_children(municipality: Municipality, month: dt.date) -> list[ChildcareApplication]:
    """Every child in 保育 in the month (placed, placement begun), oldest first."""
    next_month = (month + dt.timedelta(days=32)).replace(day=1)
    return list(
        ChildcareApplication.objects.filter(
            municipality=municipality,
            status=ChildcareApplication.Status.PLACED,
            placements__in=ChildcarePlacement.objects.filter(starts_on__lt=next_month),
        )
        .distinct()
        .order_by("child_birth_date", "pk")
    )


@transaction.atomic
def childcare_fee_invoices_issue(
    *, municipality: Municipality, month: dt.date, actor: Actor | None
) -> list[Invoice]:
    """保育料 for `month` (its first day), by the bracket of the guardian's 市町村民税所得割額
    (childcare_fees.py): every placed child under 3 (3号認定 valid in the month), the second
    child in 保育 of the same guardian at half, the third and later free; a fee of 0 bills
    nothing. The payer is known here only by the 保育 business's 符号. 納期限 is the month's last
    day (a common 条例 date)."""
    month = month.replace(day=1)
    next_month = (month + dt.timedelta(days=32)).replace(day=1)
    period = f"{month:%Y-%m}"
    billed = set(
        Invoice.objects.filter(
            municipality=municipality, kind=InvoiceKind.CHILDCARE_FEE, period=period
        ).values_list("subject", flat=True)
    )
    ranks: dict[str, int] = {}
    incomes: dict[str, dict[str, Any] | None] = {}
    drafts = []
    for application in _placed_children(municipality, month):
        # Every child in 保育 counts for the sibling rule, the free 3-5 year olds too.
        rank = ranks[application.guardian_code] = ranks.get(application.guardian_code, 0) + 1
        certification = (
            ChildcareCertification.objects.filter(
                municipality=municipality,
                child_code=application.child_code,
                category=ChildcareCertification.Category.THIRD,
                valid_from__lte=month,
                valid_to__gte=month,
            )
            .order_by("-certified_on")
            .first()
        )
        subject = f"保育-{application.pk}"
        if certification is None or subject in billed:
            continue
        if application.guardian_code not in incomes:
            incomes[application.guardian_code] = _guardian_income(
                municipality, application.guardian_code, tax_fiscal_year(month)
            )
        fee = bracket_fee(
            income=incomes[application.guardian_code],
            hours=certification.hours or "standard",
            month=month,
        )
        amount = sibling_share(fee.amount, rank=rank)
        if amount == 0:
            continue
        drafts.append(
            InvoiceDraft(
                kind=InvoiceKind.CHILDCARE_FEE,
                subject=subject,
                period=period,
                payer_name="",
                payer_code=application.guardian_code,
                amount=amount,
                due_on=next_month - dt.timedelta(days=1),
            )
        )
    invoices = invoices_write(municipality, drafts)
    if invoices:
        _audit(actor, "payments.invoices_issue", municipality, count=len(invoices))
    return invoices


@transaction.atomic
def certificate_fee_invoice_issue(
    *,
    municipality: Municipality,
    reference: str,
    payer_name: str,
    payer_resident_code: str,
    amount: int,
    due_on: dt.date,
    actor: Actor | None,
) -> Invoice:
    """住民票等の交付手数料 for one request (`reference` = the case's 受付番号)."""
    if not 0 < amount <= MAX_AMOUNT:
        raise AmountInvalid()
    if not reference:
        raise NothingToBill()
    existing = Invoice.objects.filter(
        municipality=municipality, kind=InvoiceKind.CERTIFICATE_FEE, subject=reference[:60]
    ).first()
    if existing is not None:
        return existing  # one fee per request: asking twice gives the same slip
    (invoice,) = invoices_write(
        municipality,
        [
            InvoiceDraft(
                kind=InvoiceKind.CERTIFICATE_FEE,
                subject=reference[:60],
                period=f"{due_on:%Y-%m}",
                payer_name=payer_name[:100],
                payer_resident_code=payer_resident_code,
                amount=amount,
                due_on=due_on,
            )
        ],
    )
    _audit(actor, "payments.invoices_issue", municipality, count=1)
    return invoice


def _open_invoice(invoice: Invoice) -> int:
    """The balance of an invoice that may still change, locked; InvoiceClosed otherwise."""
    Invoice.objects.select_for_update().filter(pk=invoice.pk).first()
    if Invoice.objects.filter(supersedes=invoice).exists():
        raise InvoiceClosed()
    if invoice.adjustments.filter(reason=InvoiceAdjustment.Reason.CANCELLATION).exists():
        raise InvoiceClosed()
    return invoice_balance(invoice)


@transaction.atomic
def invoice_cancel(*, invoice: Invoice, note: str, actor: Actor) -> InvoiceAdjustment:
    """調定の取消: the unpaid balance is written off by a new adjustment. What was already paid
    stays paid (a refund of it is a separate decision); later payments become 還付候補."""
    balance = _open_invoice(invoice)
    adjustment = InvoiceAdjustment.objects.create(
        municipality=invoice.municipality,
        invoice=invoice,
        amount=balance,
        reason=InvoiceAdjustment.Reason.CANCELLATION,
        note=note[:200],
        recorded_at=timezone.now(),
        recorded_by=_actor_name(actor),
    )
    _audit(
        actor, "payments.invoice_cancel", invoice.municipality, invoice=invoice.pk, amount=balance
    )
    return adjustment


@transaction.atomic
def invoice_correct(*, invoice: Invoice, amount: int, note: str, actor: Actor) -> Invoice:
    """調定の訂正: the old invoice's balance is adjusted to zero and a new invoice (new eL番号,
    再発行区分 + 1) bills the corrected amount less what was already paid on the old one."""
    if not 0 < amount <= MAX_AMOUNT:
        raise AmountInvalid()
    balance = _open_invoice(invoice)
    paid = invoice.amount - balance - sum(a.amount for a in invoice.adjustments.all())
    if amount <= paid:
        raise AmountInvalid()
    InvoiceAdjustment.objects.create(
        municipality=invoice.municipality,
        invoice=invoice,
        amount=balance,
        reason=InvoiceAdjustment.Reason.CORRECTION,
        note=note[:200],
        recorded_at=timezone.now(),
        recorded_by=_actor_name(actor),
    )
    draft = InvoiceDraft(
        kind=InvoiceKind(invoice.kind),
        subject=invoice.subject,
        period=invoice.period,
        payer_name=invoice.payer_name,
        payer_resident_code=invoice.payer_resident_code,
        payer_code=invoice.payer_code,
        amount=amount - paid,
        due_on=invoice.due_on,
    )
    (new,) = invoices_write(
        invoice.municipality, [draft], reissue=min(invoice.reissue + 1, 9), supersedes=invoice
    )
    _audit(actor, "payments.invoice_correct", invoice.municipality, invoice=new.pk, amount=amount)
    return new


@transaction.atomic
def dunning_notice_send(
    *, municipality: Municipality, invoice_id: int, sent_on: dt.date, actor: Actor | None
) -> DunningNotice:
    """督促状の発付 (record that the 督促状 of an overdue invoice was sent on `sent_on`), with the
    tax still owed and the 延滞金 accrued that day. Once per invoice, only for an open invoice
    with a balance on or after its dunning date. Raises DunningInvalid, LateFeeRateUnknown."""
    invoice = Invoice.objects.filter(municipality=municipality, pk=invoice_id).first()
    if invoice is None:
        raise DunningInvalid()
    try:
        balance = _open_invoice(invoice)
    except InvoiceClosed as closed:
        raise DunningInvalid() from closed
    if balance <= 0 or sent_on < dunning_date(invoice.due_on) or dunning_notice_of(invoice):
        raise DunningInvalid()
    notice = DunningNotice.objects.create(
        municipality=municipality,
        invoice=invoice,
        sent_on=sent_on,
        amount=balance,
        late_fee=invoice_late_fee(invoice, on=sent_on) or 0,
        recorded_at=timezone.now(),
        recorded_by=_actor_name(actor),
    )
    audit_record(
        actor=actor,
        action="payments.dunning_send",
        municipality_code=municipality.lg_code,
        object_type="invoice",
        object_id=invoice.pk,
        detail={"amount": notice.amount, "late_fee": notice.late_fee},
    )
    return notice


def invoice_slip_read(*, invoice: Invoice, actor: Actor, notice: bool) -> bytes:
    """The 納付書 (or 督促状) PDF for staff; the read of the payer's name is audited."""
    audit_record(
        actor=actor,
        action="payments.notice_read" if notice else "payments.slip_read",
        municipality_code=invoice.municipality.lg_code,
        object_type="invoice",
        object_id=invoice.pk,
    )
    if not notice:
        return slip_pdf(invoice, balance=invoice_balance(invoice))
    today = timezone.localdate()
    sent = dunning_notice_of(invoice)
    try:
        fee = invoice_late_fee(invoice, on=today)
    except LateFeeRateUnknown:
        fee = None
    return slip_pdf(
        invoice,
        balance=invoice_balance(invoice),
        notice=NoticeFacts(
            sent_on=sent.sent_on if sent else None,
            late_fee=fee,
            late_fee_on=today,
            has_late_fee=invoice.kind in LATE_FEE_KINDS,
        ),
    )


def payments_import(
    *, municipality: Municipality, file: IO[bytes], file_name: str, actor: Actor | None
) -> ImportResult:
    """収納データの取込と消込 (see imports.reconcile): all or nothing, the same file twice is a no-op."""
    return payment_file_import(
        municipality=municipality, file=file, file_name=file_name, actor=actor
    )


@transaction.atomic
def exception_resolve(
    *, payment: Payment, invoice: Invoice | None, actor: Actor
) -> ExceptionResolution:
    """例外の処理: assign an unknown payment to `invoice` (up to its balance, the rest is a refund
    candidate) or, with `invoice` None, mark it all for refund."""
    locked = Payment.objects.select_for_update().get(pk=payment.pk)
    if (
        locked.outcome != Outcome.UNKNOWN
        or ExceptionResolution.objects.filter(payment=locked).exists()
    ):
        raise ExceptionAlreadyResolved()
    applied = 0
    if invoice is not None:
        applied = min(_open_invoice(invoice), locked.amount)
    resolution = ExceptionResolution.objects.create(
        municipality=locked.municipality,
        payment=locked,
        decision=(
            ExceptionResolution.Decision.ASSIGNED
            if invoice is not None
            else ExceptionResolution.Decision.REFUND
        ),
        invoice=invoice,
        applied=applied,
        refund=locked.amount - applied,
        resolved_at=timezone.now(),
        resolved_by=_actor_name(actor),
    )
    audit_record(
        actor=actor,
        action="payments.exception_resolve",
        municipality_code=locked.municipality.lg_code,
        object_type="payment",
        object_id=locked.pk,
        detail={"applied": applied, "refund": locked.amount - applied},
    )
    return resolution
