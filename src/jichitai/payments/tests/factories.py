"""Helpers of the payments tests: vehicles, invoices and payment files in the three layouts."""

from __future__ import annotations

import datetime as dt
import io

from django.utils import timezone

from jichitai.payments.codes import cvs_barcode_data
from jichitai.payments.imports.layouts import BANK_HEADER, ELTAX_HEADER
from jichitai.payments.issuing import cvs_company_code, el_number
from jichitai.payments.models import (
    Invoice,
    LightVehicle,
    OnlinePayment,
    Payment,
    RefundPayout,
)
from jichitai.payments.online.provider import DemoProvider
from jichitai.payments.refunds import Account, refund_decide, refund_payout_create
from jichitai.payments.services import payments_import, vehicle_tax_invoices_issue
from jichitai.payments.zengin import Requester
from jichitai.tenants.models import Municipality

ACCOUNT = Account(
    bank_code="0001",
    branch_code="123",
    account_type="1",
    account_number="1234567",
    name="ヤマダ ハナコ",
)
REQUESTER = Requester(
    code="1234567890",
    name="ミドリシ カイケイカンリシャ",
    bank_code="0128",
    branch_code="001",
    account_type="1",
    account_number="7654321",
)


def vehicle(municipality: Municipality, plate: str, vehicle_class: str = "kei_passenger") -> None:
    LightVehicle.objects.create(
        municipality=municipality,
        plate=plate,
        vehicle_class=vehicle_class,
        owner_resident_code="12345678901",
        owner_name="山田 花子",
        registered_on=dt.date(2020, 5, 1),
    )


def bank_csv(*rows: tuple[str, Invoice | str, int]) -> io.BytesIO:
    """(収納記録番号, invoice or a raw 納付番号, amount) per line."""
    lines = [BANK_HEADER]
    for record_id, target, amount in rows:
        if isinstance(target, Invoice):
            el = el_number(target)
            lines.append(
                f"{record_id},2027-05-20,{el.collector},{el.payment_number},"
                f"{el.confirmation},{el.category},{amount}"
            )
        else:
            lines.append(f"{record_id},2027-05-20,00000,{target},000000,000,{amount}")
    return io.BytesIO(("\n".join(lines) + "\n").encode())


def eltax_csv(*rows: tuple[str, Invoice, int]) -> io.BytesIO:
    lines = [ELTAX_HEADER]
    for record_id, invoice, amount in rows:
        lines.append(
            f"{record_id},20270520,{el_number(invoice).display().replace(' ', '')},{amount},QR"
        )
    return io.BytesIO(("\r\n".join(lines) + "\r\n").encode("cp932"))


def cvs_fixed(*rows: tuple[str, Invoice, int]) -> io.BytesIO:
    company = cvs_company_code(rows[0][1].municipality)
    lines = ["1" + company + "20270521" + " " * 58]
    total = 0
    for record_id, invoice, amount in rows:
        data = cvs_barcode_data(
            company_code=company, el=el_number(invoice), due_on=invoice.due_on, amount=amount
        )
        assert data is not None
        lines.append("2" + record_id.rjust(20, "0") + "20270520" + data)
        total += amount
    lines.append("8" + f"{len(rows):08d}" + f"{total:012d}" + " " * 52)
    return io.BytesIO(("\n".join(lines) + "\n").encode())


def invoice_of(municipality: Municipality) -> Invoice:
    """A 軽自動車税 invoice of the municipality (issued once, found again after)."""
    existing = Invoice.objects.filter(municipality=municipality).first()
    if existing is not None:
        return existing
    vehicle(municipality, f"route-{municipality.lg_code}")
    return vehicle_tax_invoices_issue(municipality=municipality, fiscal_year=2027, actor=None)[0]


def unknown_payment_of(municipality: Municipality) -> Payment:
    """A payment naming no invoice, waiting in the municipality's exceptions queue."""
    existing = Payment.objects.filter(municipality=municipality, outcome="unknown").first()
    if existing is not None:
        return existing
    file = bank_csv((f"U-{municipality.lg_code}", "1234567890123452", 1_000))
    payments_import(municipality=municipality, file=file, file_name="u.csv", actor=None)
    return Payment.objects.get(municipality=municipality, outcome="unknown")


def online_payment_of(municipality: Municipality) -> OnlinePayment:
    """A payment created at the demo provider for an invoice of the municipality (the route
    walkers need only its provider id; test_online.py makes them through the services)."""
    existing = OnlinePayment.objects.filter(municipality=municipality).first()
    if existing is not None:
        return existing
    invoice = invoice_of(municipality)
    created = DemoProvider().create(
        municipality_code=municipality.lg_code,
        amount=invoice.amount,
        reference=f"route-{municipality.lg_code}",
        description="route",
    )
    return OnlinePayment.objects.create(
        municipality=municipality,
        invoice=invoice,
        reference=f"route-{municipality.lg_code}",
        amount=invoice.amount,
        provider_id=created.provider_id,
        next_url=created.next_url,
        return_url=f"/{municipality.lg_code}/portal/",
        created_at=timezone.now(),
    )


def refund_payout_of(municipality: Municipality) -> RefundPayout:
    """A payout of one refund (an overpayment of the municipality's invoice), for the route
    walkers; test_refunds.py goes through the pages."""
    existing = RefundPayout.objects.filter(municipality=municipality).first()
    if existing is not None:
        return existing
    invoice = invoice_of(municipality)
    file = bank_csv((f"O-{municipality.lg_code}", invoice, invoice.amount + 500))
    payments_import(municipality=municipality, file=file, file_name="o.csv", actor=None)
    payment = Payment.objects.get(municipality=municipality, record_id=f"O-{municipality.lg_code}")
    refund_decide(
        municipality=municipality,
        payment_id=payment.pk,
        offset_invoice_id=None,
        account=ACCOUNT,
        actor=None,
    )
    return refund_payout_create(
        municipality=municipality, requester=REQUESTER, transfer_on=dt.date(2027, 6, 10), actor=None
    )
