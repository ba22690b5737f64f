"""消込: what each payment does to the invoice it names, per the three file layouts."""

import io

import pytest
from django.core.management import call_command

from jichitai.identity.models import StaffUser
from jichitai.payments.errors import ExceptionAlreadyResolved, FileMalformed, InvoiceClosed
from jichitai.payments.ledger import ledger_check
from jichitai.payments.models import Invoice, Outcome, Payment, PaymentImport
from jichitai.payments.selectors import exceptions_queue, invoice_balance, invoice_status
from jichitai.payments.services import (
    exception_resolve,
    invoice_cancel,
    invoice_correct,
    payments_import,
    vehicle_tax_invoices_issue,
)
from jichitai.payments.tests.factories import bank_csv, cvs_fixed, eltax_csv, vehicle
from jichitai.tenants.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoices(midori: Municipality) -> list[Invoice]:
    vehicle(midori, "A-1")
    vehicle(midori, "A-2", "kei_freight")
    vehicle(midori, "A-3", "moped")
    return sorted(
        vehicle_tax_invoices_issue(municipality=midori, fiscal_year=2027, actor=None),
        key=lambda i: i.subject,
    )


def _import(midori: Municipality, file: io.BytesIO, name: str = "f") -> PaymentImport:
    return payments_import(
        municipality=midori, file=file, file_name=name, actor=None
    ).payment_import


def test_partial_then_over_payment_leaves_a_refund_candidate(
    midori: Municipality, invoices: list[Invoice]
) -> None:
    car = invoices[0]  # 10,800
    _import(midori, bank_csv(("R1", car, 5_000)))
    assert invoice_balance(car) == 5_800 and invoice_status(car) == "一部納付"
    record = _import(midori, bank_csv(("R2", car, 6_000)))
    assert invoice_balance(car) == 0
    payment = Payment.objects.get(record_id="R2")
    assert (payment.outcome, payment.applied, payment.refund) == (Outcome.OVERPAID, 5_800, 200)
    assert (record.refund_count, record.refund_amount) == (1, 200)
    assert ledger_check(municipality_code=midori.lg_code).ok


def test_second_payment_of_a_paid_invoice_is_a_duplicate_for_refund(
    midori: Municipality, invoices: list[Invoice]
) -> None:
    freight = invoices[1]  # 5,000
    _import(midori, bank_csv(("R1", freight, 5_000), ("R2", freight, 5_000)))
    assert Payment.objects.get(record_id="R2").outcome == Outcome.DUPLICATE
    assert invoice_balance(freight) == 0


def test_payment_for_a_cancelled_invoice_is_refunded_whole(
    midori: Municipality, invoices: list[Invoice], clerk: StaffUser
) -> None:
    invoice_cancel(invoice=invoices[2], note="廃車の届出漏れ", actor=clerk)
    _import(midori, bank_csv(("R1", invoices[2], 2_000)))
    payment = Payment.objects.get()
    assert (payment.outcome, payment.refund) == (Outcome.CANCELLED, 2_000)
    assert invoice_status(invoices[2]) == "取消"
    with pytest.raises(InvoiceClosed):
        invoice_cancel(invoice=invoices[2], note="", actor=clerk)


def test_correction_is_a_new_invoice_and_the_old_number_no_longer_collects(
    midori: Municipality, invoices: list[Invoice], clerk: StaffUser
) -> None:
    car = invoices[0]
    _import(midori, bank_csv(("R1", car, 800)))
    new = invoice_correct(invoice=car, amount=7_200, note="税率の誤り", actor=clerk)
    assert (new.amount, new.reissue, new.supersedes_id) == (6_400, 1, car.pk)
    assert new.payment_number != car.payment_number
    car.refresh_from_db()
    assert car.amount == 10_800  # the old row is never edited
    assert invoice_status(car) == "訂正済み" and invoice_balance(new) == 6_400
    _import(midori, bank_csv(("R2", car, 100)))
    assert Payment.objects.get(record_id="R2").outcome == Outcome.CANCELLED
    assert ledger_check(municipality_code=midori.lg_code).ok


def test_unknown_payment_waits_in_the_queue_until_staff_assign_it(
    midori: Municipality, invoices: list[Invoice], clerk: StaffUser
) -> None:
    record = _import(midori, bank_csv(("R1", "1234567890123452", 10_900)))
    assert (record.exception_count, record.exception_amount) == (1, 10_900)
    (payment,) = exceptions_queue(municipality=midori)
    resolution = exception_resolve(payment=payment, invoice=invoices[0], actor=clerk)
    assert (resolution.applied, resolution.refund) == (10_800, 100)
    assert invoice_status(invoices[0]) == "納付済み"
    assert not exceptions_queue(municipality=midori).exists()
    with pytest.raises(ExceptionAlreadyResolved):
        exception_resolve(payment=payment, invoice=None, actor=clerk)
    assert ledger_check(municipality_code=midori.lg_code).ok


def test_malformed_line_reports_its_number_and_imports_nothing(
    midori: Municipality, invoices: list[Invoice]
) -> None:
    file = bank_csv(("R1", invoices[0], 10_800), ("R2", invoices[1], 5_000))
    text = file.getvalue().decode().replace(",5000", ",5千")
    with pytest.raises(FileMalformed) as caught:
        _import(midori, io.BytesIO(text.encode()))
    assert caught.value.problems == [(3, "金額が1円以上99,999,999円以下の整数ではありません。")]
    assert not Payment.objects.exists() and not PaymentImport.objects.exists()


def test_convenience_store_and_eltax_files_reconcile_and_overlap_only_once(
    midori: Municipality, invoices: list[Invoice]
) -> None:
    cvs = _import(midori, cvs_fixed(("C1", invoices[0], 10_800), ("C2", invoices[1], 5_000)))
    assert (cvs.layout, cvs.matched_count, cvs.applied_amount) == ("cvs_fixed", 2, 15_800)
    # The aggregator's 確報 repeats C1 and adds C3: C1 is skipped, not paid twice.
    final = _import(midori, cvs_fixed(("C1", invoices[0], 10_800), ("C3", invoices[2], 2_000)))
    assert (final.skipped_count, final.matched_count) == (1, 1)
    eltax = _import(midori, eltax_csv(("E1", invoices[2], 2_000)))
    assert eltax.layout == "eltax"
    assert Payment.objects.get(record_id="E1").outcome == Outcome.DUPLICATE
    assert ledger_check(municipality_code=midori.lg_code).ok


def test_cvs_trailer_totals_must_match(midori: Municipality, invoices: list[Invoice]) -> None:
    file = cvs_fixed(("C1", invoices[0], 10_800))
    text = file.getvalue().decode().replace("8000000010000000", "8000000020000000")
    with pytest.raises(FileMalformed) as caught:
        _import(midori, io.BytesIO(text.encode()))
    assert caught.value.problems[0][0] == 3


def test_command_imports_and_check_ledger_holds(
    midori: Municipality,
    invoices: list[Invoice],
    tmp_path: object,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "bank.csv"  # type: ignore[operator]
    path.write_bytes(bank_csv(("R1", invoices[0], 10_800)).getvalue())
    call_command("import-payments", str(path), municipality=midori.lg_code)
    call_command("import-payments", str(path), municipality=midori.lg_code)
    call_command("check-ledger")
    out = capsys.readouterr().out
    assert "消込 1件 10,800円" in out and "取込済みです" in out and "OK" in out
    assert Payment.objects.count() == 1


def test_check_ledger_finds_a_payment_edited_behind_its_back(
    midori: Municipality, invoices: list[Invoice]
) -> None:
    _import(midori, bank_csv(("R1", invoices[0], 10_800)))
    Payment.objects.update(applied=10_000)  # what the ledger must never allow unnoticed
    report = ledger_check(municipality_code=midori.lg_code)
    assert len(report.problems) == 2  # the payment's parts and the import's totals
