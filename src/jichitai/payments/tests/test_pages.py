"""The office pages in Chromium, checked with axe-core: importing a file with a malformed line,
then a good one, and resolving the exception it leaves; the refunds page with an overpayment."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from jichitai.conftest import PASSWORD, _staff
from jichitai.identity.models import Role
from jichitai.payments.services import payments_import, vehicle_tax_invoices_issue
from jichitai.payments.tests.factories import bank_csv, invoice_of, vehicle
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible

pytestmark = pytest.mark.browser


def test_import_reports_lines_then_reconciles_and_the_exception_is_resolved(
    page: Page, midori: Municipality, tmp_path: Path
) -> None:
    _staff(midori, "kaikei", Role.DEPARTMENT)
    invoice = invoice_of(midori)
    good = bank_csv(("R1", invoice, 800), ("R2", "1234567890123452", 500)).getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(good.replace(b",800\n", b",8OO\n"))
    ok = tmp_path / "bank.csv"
    ok.write_bytes(good)
    page.goto("/102121/staff/login/?next=/102121/payments/import/")
    page.get_by_label("ログインID").fill("kaikei")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("収納データの取込")

    page.get_by_label("収納データのファイル").set_input_files(bad)
    page.get_by_role("button", name="取り込む").click()
    expect(page.get_by_role("table", name="誤りのある行（最初の50行）")).to_contain_text("2")
    assert_accessible(page, name="payments-import-refused")

    page.get_by_label("収納データのファイル").set_input_files(ok)
    page.get_by_role("button", name="取り込む").click()
    expect(page.get_by_role("status")).to_contain_text("消込 1件")
    assert_accessible(page, name="payments-import-done")

    page.get_by_role("link", name="例外の処理").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("500円")
    page.get_by_label("充当する納付書の納付番号（16桁）").fill(invoice.payment_number)
    assert_accessible(page, name="payments-exceptions")
    page.get_by_role("button", name="処理する").click()
    expect(page.get_by_text("処理を待つ例外はありません。")).to_be_visible()

    page.get_by_role("link", name="納付書", exact=True).click()
    expect(page.get_by_role("table", name="納付書の一覧")).to_contain_text("9,500円")
    assert_accessible(page, name="payments-invoices")


def test_the_refunds_page_decides_an_overpayment(page: Page, midori: Municipality) -> None:
    _staff(midori, "kaikei", Role.DEPARTMENT)
    vehicle(midori, "みどり あ 1")
    vehicle(midori, "みどり あ 2", "kei_freight")
    first, _ = vehicle_tax_invoices_issue(municipality=midori, fiscal_year=2027, actor=None)
    payments_import(
        municipality=midori, file=bank_csv(("P1", first, 20_000)), file_name="P1.csv", actor=None
    )
    page.goto("/102121/staff/login/?next=/102121/payments/refunds/")
    page.get_by_label("ログインID").fill("kaikei")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_text("還付候補 9,200円")).to_be_visible()
    assert_accessible(page, name="payments-refunds")
