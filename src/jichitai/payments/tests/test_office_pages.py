"""The office pages: import a file, resolve an exception, print a slip and a 督促状."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jichitai.audit.models import AuditRecord
from jichitai.conftest import _staff, signed_in
from jichitai.identity.models import Role
from jichitai.payments.models import Invoice, Payment
from jichitai.payments.selectors import invoice_status
from jichitai.payments.tests.factories import bank_csv, invoice_of, unknown_payment_of
from jichitai.registry.tests.certificates.helpers import pdf_text
from jichitai.tenants.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def treasurer(midori: Municipality) -> Client:
    return signed_in(_staff(midori, "会計課", Role.DEPARTMENT))


def test_upload_reconciles_and_a_malformed_file_lists_its_lines(
    midori: Municipality, treasurer: Client
) -> None:
    invoice = invoice_of(midori)
    good = bank_csv(("R1", invoice, invoice.amount)).getvalue()
    page = treasurer.post(
        f"/{midori.lg_code}/payments/import/",
        {"file": SimpleUploadedFile("bank.csv", good)},
    )
    assert page.status_code == 200
    assert "消込 1件" in page.content.decode()
    assert invoice_status(invoice) == "納付済み"
    bad = good.replace(b",2027-05-20,", b",2027-02-30,")
    page = treasurer.post(
        f"/{midori.lg_code}/payments/import/", {"file": SimpleUploadedFile("b.csv", bad)}
    )
    body = page.content.decode()
    assert "ファイル全体を取り込みませんでした" in body and "納付日が日付ではありません" in body
    assert Payment.objects.count() == 1


def test_exception_is_assigned_by_payment_number(midori: Municipality, treasurer: Client) -> None:
    payment = unknown_payment_of(midori)
    invoice = invoice_of(midori)
    url = f"/{midori.lg_code}/payments/exceptions/{payment.pk}/resolve/"
    wrong = treasurer.post(url, {"payment_number": "12345"})
    assert wrong.status_code == 422
    assert "16桁の数字" in wrong.content.decode()
    done = treasurer.post(url, {"payment_number": invoice.payment_number})
    assert done.status_code == 302
    assert invoice_status(invoice) == "一部納付"
    assert "処理を待つ例外はありません" in treasurer.get(done["Location"]).content.decode()


def test_slip_and_notice_are_pdfs_and_the_read_is_audited(
    midori: Municipality, treasurer: Client
) -> None:
    invoice = invoice_of(midori)
    slip = treasurer.get(f"/{midori.lg_code}/payments/invoices/{invoice.pk}/slip.pdf")
    assert slip.status_code == 200 and slip.content.startswith(b"%PDF")
    assert AuditRecord.objects.filter(
        action="payments.slip_read", object_id=str(invoice.pk)
    ).exists()
    Invoice.objects.filter(pk=invoice.pk).update(due_on=dt.date(2020, 1, 31))  # overdue
    overdue = treasurer.get(f"/{midori.lg_code}/payments/overdue/").content.decode()
    assert invoice.subject in overdue
    notice = treasurer.get(f"/{midori.lg_code}/payments/invoices/{invoice.pk}/notice.pdf")
    assert notice.content.startswith(b"%PDF")


def test_another_municipalitys_invoice_is_not_found(
    midori: Municipality, minakami: Municipality, treasurer: Client
) -> None:
    theirs = invoice_of(minakami)
    answer = treasurer.get(f"/{midori.lg_code}/payments/invoices/{theirs.pk}/slip.pdf")
    assert answer.status_code == 404


def test_a_year_without_a_registered_rate_is_said_on_the_overdue_page_and_the_notice(
    midori: Municipality, treasurer: Client, tmp_path: Path
) -> None:
    """延滞金 for a day of a year whose 平均貸付割合 is not in the table (2020 here; 2027 from
    January until it is added) is never guessed: the staff page and the 督促状 say so."""
    invoice = invoice_of(midori)
    Invoice.objects.filter(pk=invoice.pk).update(due_on=dt.date(2020, 1, 31))
    overdue = treasurer.get(f"/{midori.lg_code}/payments/overdue/")
    assert overdue.status_code == 200
    assert "割合が未登録" in overdue.content.decode()
    notice = treasurer.get(f"/{midori.lg_code}/payments/invoices/{invoice.pk}/notice.pdf")
    assert notice.status_code == 200
    assert "延滞金の計算に要る年の割合がまだ登録されていないため" in pdf_text(
        notice.content, tmp_path
    )
