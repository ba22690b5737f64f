"""納付書の発行 (issuing invoices): the eL番号 of a new invoice and the three kinds of revenue.

Amounts are integer yen from the law's or the 条例's table; every invoice is a new row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from jichitai.payments.codes import ElNumber
from jichitai.payments.models import CATEGORY_OF_KIND, Invoice, InvoiceKind, InvoiceNumberSeries
from jichitai.tenants.models import Municipality

# 地方税法 第463条の15 (軽自動車税の種別割の標準税率), 自家用 vehicles first registered from
# 2015-04-01 on (the rates most vehicles pay today).
VEHICLE_TAX_RATES = {
    "moped": 2_000,
    "motorcycle_250": 3_600,
    "small_motorcycle": 6_000,
    "kei_passenger": 10_800,
    "kei_freight": 5_000,
}

MAX_AMOUNT = 99_999_999


@dataclass(frozen=True)
class InvoiceDraft:
    """What one new invoice says; the eL番号 is added when it is written."""

    kind: InvoiceKind
    subject: str
    period: str
    payer_name: str
    amount: int
    due_on: dt.date
    payer_resident_code: str = ""
    payer_code: str = ""


def collector_number(municipality: Municipality) -> str:
    """収納機関番号: assigned by the Pay-easy network to each municipality. Until one is configured
    we use the 5-digit JIS code (団体コード without its check digit), unique per municipality."""
    return municipality.lg_code[:5]


def cvs_company_code(municipality: Municipality) -> str:
    """請求書発行企業コード (6 digits, from a GS1 事業者コード): '9' + the 5-digit JIS code until the
    municipality's own code is configured (the guideline's old 5-digit form is country digit +
    5 digits)."""
    return "9" + municipality.lg_code[:5]


def _reserve_serials(municipality: Municipality, category: str, count: int) -> int:
    """The first of `count` consecutive serials, reserved under a row lock (two issuers never
    hand out one 納付番号 twice)."""
    series, _ = InvoiceNumberSeries.objects.select_for_update().get_or_create(
        municipality=municipality, category=category
    )
    first = series.last_serial + 1
    series.last_serial += count
    series.save(update_fields=["last_serial"])
    return first


def invoices_write(
    municipality: Municipality,
    drafts: Iterable[InvoiceDraft],
    *,
    reissue: int = 0,
    supersedes: Invoice | None = None,
) -> list[Invoice]:
    """Write new invoices with fresh eL番号 (inside the caller's transaction).

    納付番号 body = 納付区分 (3) + municipality's 5-digit code (5) + serial (7): unique per
    municipality by construction and readable by a person who has to find the invoice."""
    by_category: dict[str, list[InvoiceDraft]] = {}
    for draft in drafts:
        if not 0 < draft.amount <= MAX_AMOUNT:
            raise ValueError("amount out of range")
        by_category.setdefault(CATEGORY_OF_KIND[draft.kind], []).append(draft)
    now = timezone.now()
    rows: list[Invoice] = []
    for category, group in by_category.items():
        first = _reserve_serials(municipality, category, len(group))
        for offset, draft in enumerate(group):
            el = ElNumber.issue(
                collector=collector_number(municipality),
                category=category,
                serial_body=f"{category}{municipality.lg_code[:5]}{first + offset:07d}",
            )
            rows.append(
                Invoice(
                    municipality=municipality,
                    kind=draft.kind,
                    subject=draft.subject,
                    period=draft.period,
                    payer_resident_code=draft.payer_resident_code,
                    payer_code=draft.payer_code,
                    payer_name=draft.payer_name,
                    amount=draft.amount,
                    due_on=draft.due_on,
                    issued_at=now,
                    collector_number=el.collector,
                    payment_number=el.payment_number,
                    confirmation_number=el.confirmation,
                    category=el.category,
                    reissue=reissue,
                    supersedes=supersedes,
                )
            )
    with transaction.atomic():
        return Invoice.objects.bulk_create(rows, batch_size=2000)


def el_number(invoice: Invoice) -> ElNumber:
    return ElNumber(
        invoice.collector_number,
        invoice.payment_number,
        invoice.confirmation_number,
        invoice.category,
    )
