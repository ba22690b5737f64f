"""Story step 6 (../shared/STORY.md): her 軽自動車税 slip carries a payment QR code; she pays; the
payment file is imported and the invoice reconciles itself; a second import changes nothing."""

import pypdfium2
import pytest
import zxingcpp

from jichitai.payments.codes import cvs_barcode_parse, qr_parse
from jichitai.payments.ledger import ledger_check
from jichitai.payments.models import Outcome, Payment, PaymentImport
from jichitai.payments.selectors import invoice_balance, invoice_status
from jichitai.payments.services import payments_import, vehicle_tax_invoices_issue
from jichitai.payments.slips import slip_pdf
from jichitai.payments.tests.factories import bank_csv, vehicle
from jichitai.tenants.models import Municipality


def _read_symbols(pdf: bytes) -> dict[str, str]:
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=300 / 72).to_pil()
    return {result.format.name: result.text for result in zxingcpp.read_barcodes(image)}


@pytest.mark.django_db
def test_slip_qr_decodes_to_the_invoice_and_import_reconciles_it_once(
    midori: Municipality,
) -> None:
    vehicle(midori, "みどり市 あ 12-34")
    (invoice,) = vehicle_tax_invoices_issue(municipality=midori, fiscal_year=2027, actor=None)
    assert invoice.amount == 10_800

    pdf = slip_pdf(invoice, balance=invoice_balance(invoice))
    symbols = _read_symbols(pdf)
    content = qr_parse(symbols["QRCode"])
    assert content is not None
    assert content.el.payment_number == invoice.payment_number
    assert content.el.confirmation == invoice.confirmation_number
    assert content.amount == 10_800
    # zxing reports GS1-128 as Code128 with the AI in brackets: the 44 digits read back.
    assert cvs_barcode_parse(symbols["Code128"].replace("(91)", "91", 1)) == (
        invoice.payment_number,
        10_800,
    )

    file = bank_csv(("B0001", invoice, 10_800))
    first = payments_import(municipality=midori, file=file, file_name="bank.csv", actor=None)
    assert not first.already_imported
    assert invoice_status(invoice) == "納付済み"
    assert Payment.objects.get().outcome == Outcome.EXACT

    file.seek(0)
    second = payments_import(municipality=midori, file=file, file_name="again.csv", actor=None)
    assert second.already_imported
    assert Payment.objects.count() == 1 and PaymentImport.objects.count() == 1
    assert invoice_balance(invoice) == 0
    assert ledger_check(municipality_code=midori.lg_code).ok
