"""督促 as a recorded act, and the 延滞金 on the notice, the overdue page and after payment."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from jichitai.audit.models import AuditRecord
from jichitai.conftest import _staff, signed_in
from jichitai.identity.models import Role
from jichitai.payments.errors import DunningInvalid
from jichitai.payments.imports.layouts import BANK_HEADER
from jichitai.payments.issuing import el_number
from jichitai.payments.models import DunningNotice, Invoice
from jichitai.payments.selectors import invoice_late_fee
from jichitai.payments.services import dunning_notice_send, payments_import
from jichitai.payments.tests.factories import invoice_of
from jichitai.tenants.models import Municipality

pytestmark = pytest.mark.django_db


def _late_invoice(midori: Municipality, *, amount: int, due_on: dt.date) -> Invoice:
    invoice = invoice_of(midori)
    Invoice.objects.filter(pk=invoice.pk).update(amount=amount, due_on=due_on)
    invoice.refresh_from_db()
    return invoice


def _pay(midori: Municipality, invoice: Invoice, amount: int, on: dt.date, record: str) -> None:
    el = el_number(invoice)
    line = (
        f"{record},{on:%Y-%m-%d},{el.collector},{el.payment_number},{el.confirmation},"
        f"{el.category},{amount}"
    )
    file = io.BytesIO(f"{BANK_HEADER}\n{line}\n".encode())
    payments_import(municipality=midori, file=file, file_name=f"{record}.csv", actor=None)


def test_dunning_is_recorded_once_with_the_late_fee_of_that_day(midori: Municipality) -> None:
    invoice = _late_invoice(midori, amount=56_400, due_on=dt.date(2026, 2, 2))
    with pytest.raises(DunningInvalid):  # 納期限 + 20 days (2026-02-22, a Sunday) not reached
        dunning_notice_send(
            municipality=midori, invoice_id=invoice.pk, sent_on=dt.date(2026, 2, 20), actor=None
        )
    notice = dunning_notice_send(
        municipality=midori, invoice_id=invoice.pk, sent_on=dt.date(2026, 5, 29), actor=None
    )
    assert (notice.amount, notice.late_fee) == (56_400, 1_300)
    with pytest.raises(DunningInvalid):
        dunning_notice_send(
            municipality=midori, invoice_id=invoice.pk, sent_on=dt.date(2026, 6, 1), actor=None
        )
    assert AuditRecord.objects.get(action="payments.dunning_send").detail["late_fee"] == 1_300


def test_a_paid_invoice_is_not_dunned(midori: Municipality) -> None:
    invoice = _late_invoice(midori, amount=56_400, due_on=dt.date(2026, 2, 2))
    _pay(midori, invoice, 56_400, dt.date(2026, 2, 10), "P1")
    with pytest.raises(DunningInvalid):
        dunning_notice_send(
            municipality=midori, invoice_id=invoice.pk, sent_on=dt.date(2026, 5, 29), actor=None
        )


def test_the_late_fee_is_fixed_by_the_payment_that_completes_the_tax(
    midori: Municipality,
) -> None:
    invoice = _late_invoice(midori, amount=56_400, due_on=dt.date(2026, 2, 2))
    _pay(midori, invoice, 56_400, dt.date(2026, 5, 29), "P1")
    # Paid 5月29日: the published example's 1,300 yen, whatever day it is read on.
    assert invoice_late_fee(invoice, on=dt.date(2026, 12, 1)) == 1_300


def test_a_partial_payment_pays_the_tax_first_and_lowers_the_fee(midori: Municipality) -> None:
    invoice = _late_invoice(midori, amount=56_400, due_on=dt.date(2026, 2, 2))
    _pay(midori, invoice, 40_000, dt.date(2026, 3, 2), "P1")
    _pay(midori, invoice, 16_400, dt.date(2026, 5, 29), "P2")
    # 56,000 × 2.8 % × 28/365 = 120; then 16,000 × 9.1 % × 88/365 = 351 → 471: under 1,000.
    assert invoice_late_fee(invoice, on=dt.date(2026, 12, 1)) == 0


def test_fees_have_no_late_fee(midori: Municipality) -> None:
    invoice = _late_invoice(midori, amount=56_400, due_on=dt.date(2026, 2, 2))
    Invoice.objects.filter(pk=invoice.pk).update(kind="certificate_fee")
    invoice.refresh_from_db()
    assert invoice_late_fee(invoice, on=dt.date(2026, 5, 29)) is None


def test_overdue_page_records_the_notice_and_shows_the_late_fee(midori: Municipality) -> None:
    treasurer = signed_in(_staff(midori, "収納課", Role.DEPARTMENT))
    today = timezone.localdate()
    due = max(today - dt.timedelta(days=40), dt.date(2026, 1, 5))
    invoice = _late_invoice(midori, amount=500_000, due_on=due)
    page = treasurer.get(f"/{midori.lg_code}/payments/overdue/").content.decode()
    assert "本日発付したと記録" in page
    sent = treasurer.post(f"/{midori.lg_code}/payments/overdue/{invoice.pk}/send/")
    assert sent.status_code == 302
    page = treasurer.get(sent["Location"]).content.decode()
    assert f"{today:%Y-%m-%d} 発付済み" in page
    assert DunningNotice.objects.filter(invoice=invoice).count() == 1
    again = treasurer.post(f"/{midori.lg_code}/payments/overdue/{invoice.pk}/send/")
    assert again.status_code == 422 and "一度だけ" in again.content.decode()
    notice = treasurer.get(f"/{midori.lg_code}/payments/invoices/{invoice.pk}/notice.pdf")
    assert notice.content.startswith(b"%PDF")


def test_invoices_page_shows_the_late_fee_fixed_by_a_late_payment(midori: Municipality) -> None:
    invoice = _late_invoice(midori, amount=56_400, due_on=dt.date(2026, 2, 2))
    _pay(midori, invoice, 56_400, dt.date(2026, 5, 29), "P1")
    treasurer = signed_in(_staff(midori, "収納課", Role.DEPARTMENT))
    page = treasurer.get(f"/{midori.lg_code}/payments/").content.decode()
    assert "1,300円" in page
