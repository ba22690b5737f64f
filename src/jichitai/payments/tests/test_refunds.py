"""還付・充当: each refund candidate decided once, 充当 to the same payer's open invoice, the
rest refunded; the payout file is the 全銀 総合振込 layout; the ledger holds throughout."""

import pytest
from django.test import Client

from jichitai.audit.models import AuditRecord
from jichitai.conftest import _staff, signed_in
from jichitai.identity.models import Role
from jichitai.payments.errors import (
    PayoutEmpty,
    RefundAccountInvalid,
    RefundNotCandidate,
    RefundOffsetInvalid,
)
from jichitai.payments.ledger import ledger_check
from jichitai.payments.models import Invoice, Payment
from jichitai.payments.refunds import (
    Account,
    refund_candidates,
    refund_decide,
    refund_payout_create,
    refund_payout_file,
)
from jichitai.payments.selectors import invoice_balance, invoice_status
from jichitai.payments.services import (
    exception_resolve,
    invoice_cancel,
    payments_import,
    vehicle_tax_invoices_issue,
)
from jichitai.payments.tests.factories import (
    ACCOUNT,
    REQUESTER,
    bank_csv,
    unknown_payment_of,
    vehicle,
)
from jichitai.tenants.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_invoices(midori: Municipality) -> tuple[Invoice, Invoice]:
    """Two 軽自動車税 invoices of the same owner (two vehicles)."""
    vehicle(midori, "みどり あ 1")
    vehicle(midori, "みどり あ 2", "kei_freight")
    first, second = vehicle_tax_invoices_issue(municipality=midori, fiscal_year=2027, actor=None)
    return first, second


def _pay(midori: Municipality, record: str, invoice: Invoice, amount: int) -> Payment:
    payments_import(
        municipality=midori,
        file=bank_csv((record, invoice, amount)),
        file_name=f"{record}.csv",
        actor=None,
    )
    return Payment.objects.get(record_id=record)


def test_overpayment_is_offset_to_the_payers_other_invoice_then_refunded(
    midori: Municipality, two_invoices: tuple[Invoice, Invoice]
) -> None:
    first, second = two_invoices
    # 10,800 billed, 20,000 paid: 9,200 is a candidate; the other invoice owes 5,000.
    payment = _pay(midori, "P1", first, 20_000)
    assert [p.candidate for p in refund_candidates(municipality=midori)] == [9_200]  # type: ignore[attr-defined]
    decision = refund_decide(
        municipality=midori,
        payment_id=payment.pk,
        offset_invoice_id=second.pk,
        account=ACCOUNT,
        actor=None,
    )
    assert (decision.applied, decision.refund) == (5_000, 4_200)
    assert invoice_status(second) == "納付済み"
    assert list(refund_candidates(municipality=midori)) == []
    with pytest.raises(RefundNotCandidate):
        refund_decide(
            municipality=midori,
            payment_id=payment.pk,
            offset_invoice_id=None,
            account=ACCOUNT,
            actor=None,
        )
    assert ledger_check(municipality_code=midori.lg_code).ok
    audit = AuditRecord.objects.get(action="payments.refund_decide")
    assert audit.detail["refund"] == 4_200
    assert "1234567" not in str(audit.detail)  # the account never reaches the audit log


def test_a_later_payment_on_an_offset_invoice_is_a_duplicate(
    midori: Municipality, two_invoices: tuple[Invoice, Invoice]
) -> None:
    first, second = two_invoices
    payment = _pay(midori, "P1", first, 20_000)
    refund_decide(
        municipality=midori,
        payment_id=payment.pk,
        offset_invoice_id=second.pk,
        account=ACCOUNT,
        actor=None,
    )
    late = _pay(midori, "P2", second, 5_000)
    assert (late.outcome, late.refund) == ("duplicate", 5_000)


def test_offset_must_be_an_open_invoice_of_the_same_payer(
    midori: Municipality, minakami: Municipality, two_invoices: tuple[Invoice, Invoice]
) -> None:
    first, second = two_invoices
    payment = _pay(midori, "P1", first, 20_000)
    invoice_cancel(invoice=second, note="廃車", actor=None)  # type: ignore[arg-type]
    with pytest.raises(RefundOffsetInvalid):
        refund_decide(
            municipality=midori,
            payment_id=payment.pk,
            offset_invoice_id=second.pk,
            account=ACCOUNT,
            actor=None,
        )
    assert Payment.objects.get(pk=payment.pk).refund_decisions.count() == 0


def test_refund_needs_a_valid_account_and_writes_nothing_without_one(
    midori: Municipality, two_invoices: tuple[Invoice, Invoice]
) -> None:
    first, _ = two_invoices
    payment = _pay(midori, "P1", first, 20_000)
    for bad in (
        None,
        Account("001", "123", "1", "1234567", "ヤマダ"),
        Account("0001", "123", "1", "1234567", "山田花子"),  # 漢字: the bank takes カナ only
    ):
        with pytest.raises(RefundAccountInvalid):
            refund_decide(
                municipality=midori,
                payment_id=payment.pk,
                offset_invoice_id=None,
                account=bad,
                actor=None,
            )
    assert len(refund_candidates(municipality=midori)) == 1


def test_cancelled_invoice_and_exception_refunds_are_paid_out_in_one_zengin_file(
    midori: Municipality, two_invoices: tuple[Invoice, Invoice]
) -> None:
    first, second = two_invoices
    invoice_cancel(invoice=first, note="課税取消", actor=None)  # type: ignore[arg-type]
    on_cancelled = _pay(midori, "P1", first, 10_800)
    assert on_cancelled.outcome == "cancelled"
    unknown = unknown_payment_of(midori)
    exception_resolve(payment=unknown, invoice=None, actor=None)  # type: ignore[arg-type]
    for payment in (on_cancelled, unknown):
        refund_decide(
            municipality=midori,
            payment_id=payment.pk,
            offset_invoice_id=None,
            account=ACCOUNT,
            actor=None,
        )
    payout = refund_payout_create(
        municipality=midori, requester=REQUESTER, transfer_on=first.due_on, actor=None
    )
    assert (payout.record_count, payout.total_amount) == (2, 11_800)
    with pytest.raises(PayoutEmpty):
        refund_payout_create(
            municipality=midori, requester=REQUESTER, transfer_on=first.due_on, actor=None
        )
    content = refund_payout_file(payout=payout, actor=None)
    records = content.split(b"\r\n")
    assert records[-1] == b""
    records = records[:-1]
    assert [len(r) for r in records] == [120] * 5
    header, data, _, trailer, end = records
    assert header[:4] == b"1210" and header[4:14] == b"1234567890"
    assert header[54:58] == f"{first.due_on:%m%d}".encode()
    assert "ﾐﾄﾞﾘｼ".encode("cp932") in header
    assert data[:1] == b"2" and data[1:5] == b"0001" and data[20:23] == b"123"
    assert data[42:43] == b"1" and data[43:50] == b"1234567"
    assert data[50:80].decode("cp932").rstrip() == "ﾔﾏﾀﾞ ﾊﾅｺ"
    assert data[80:90] == b"0000010800"
    assert trailer == b"8" + b"000002" + b"000000011800" + b" " * 101
    assert end == b"9" + b" " * 119
    assert refund_payout_file(payout=payout, actor=None) == content  # the same bytes again
    assert ledger_check(municipality_code=midori.lg_code).ok
    assert invoice_balance(second) == second.amount


@pytest.fixture
def treasurer(midori: Municipality) -> Client:
    return signed_in(_staff(midori, "会計課", Role.DEPARTMENT))


def test_staff_decide_and_pay_out_on_the_refunds_page(
    midori: Municipality, treasurer: Client, two_invoices: tuple[Invoice, Invoice]
) -> None:
    first, second = two_invoices
    payment = _pay(midori, "P1", first, 20_000)
    page = treasurer.get(f"/{midori.lg_code}/payments/refunds/").content.decode()
    assert "還付候補 9,200円" in page and "残高 5,000円" in page
    url = f"/{midori.lg_code}/payments/refunds/{payment.pk}/decide/"
    wrong = treasurer.post(url, {"account_type": "1", "bank_code": "12"})
    assert wrong.status_code == 422
    assert "金融機関コード" in wrong.content.decode()
    done = treasurer.post(
        url,
        {
            "offset_invoice": str(second.pk),
            "bank_code": "0001",
            "branch_code": "123",
            "account_type": "1",
            "account_number": "7654321",
            "account_name": "ヤマダ タロウ",
        },
    )
    assert done.status_code == 302
    page = treasurer.get(done["Location"]).content.decode()
    assert "支出を待つ還付 1件 4,200円" in page
    made = treasurer.post(
        f"/{midori.lg_code}/payments/refunds/payouts/",
        {
            "transfer_on": "2027-06-10",
            "requester_code": "1234567890",
            "requester_name": "ミドリシ",
            "bank_code": "0128",
            "branch_code": "001",
            "account_type": "1",
            "account_number": "7654321",
        },
    )
    assert made.status_code == 302
    page = treasurer.get(made["Location"]).content.decode()
    assert "2027-06-10" in page and "支出を待つ還付 0件" in page
    file = treasurer.get(f"/{midori.lg_code}/payments/refunds/payouts/")
    assert file.status_code == 405


@pytest.mark.parametrize(
    "hostile",
    [
        {"offset_invoice": "9" * 40},
        {"offset_invoice": "-1"},
        {"account_name": "ヤマダ\x00タロウ"},
        {"account_name": "ア" * 5000},
        {"bank_code": "²²²²"},
    ],
    ids=["huge-invoice", "negative-invoice", "nul-name", "long-name", "superscript-code"],
)
def test_hostile_refund_decisions_are_refused_and_change_nothing(
    midori: Municipality,
    treasurer: Client,
    two_invoices: tuple[Invoice, Invoice],
    hostile: dict[str, str],
) -> None:
    first, _ = two_invoices
    payment = _pay(midori, "P1", first, 20_000)
    url = f"/{midori.lg_code}/payments/refunds/{payment.pk}/decide/"
    answer = treasurer.post(
        url,
        {
            "bank_code": "0001",
            "branch_code": "123",
            "account_type": "1",
            "account_number": "7654321",
            "account_name": "ヤマダ タロウ",
        }
        | hostile,
    )
    assert 400 <= answer.status_code < 500
    page = treasurer.get(f"/{midori.lg_code}/payments/refunds/").content.decode()
    assert "還付候補 9,200円" in page and "支出を待つ還付 0件" in page
