"""オンライン決済 of the 住民票の写し fee: created, paid on the demo provider, confirmed by a
signed notification (once), and the case moves to the counter only then."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from jichitai.common.exceptions import DomainError
from jichitai.payments.codes import qr_payload
from jichitai.payments.issuing import el_number
from jichitai.payments.ledger import ledger_check
from jichitai.payments.models import InvoiceKind, OnlinePayment, Payment
from jichitai.payments.online.provider import signature, succeeded_notification
from jichitai.payments.online.services import demo_pay, fee_payment_start, notification_receive
from jichitai.payments.selectors import invoice_balance
from jichitai.procedures.models import Case, CaseState
from jichitai.procedures.tests.factories import juminhyo_request_submit
from jichitai.registry.models import Resident
from jichitai.tenants.models import Municipality

pytestmark = pytest.mark.django_db
RETURN = "/102121/portal/cases/1/"


@pytest.fixture
def waiting(midori: Municipality, family: dict[str, Resident], fake_jpki: list[bytes]) -> Case:
    return juminhyo_request_submit(midori, family["花子"])


def _started(case: Case, family: dict[str, Resident]) -> OnlinePayment:
    return fee_payment_start(case=case, payer=family["花子"], return_url=RETURN)


def _state(case: Case) -> str:
    case.refresh_from_db()
    return case.state


def _refused(code: str, **kwargs: object) -> None:
    with pytest.raises(DomainError) as refused:
        notification_receive(**kwargs)  # type: ignore[arg-type]
    assert refused.value.code == code


def test_starting_bills_the_fee_once_and_sends_the_resident_to_the_provider(
    waiting: Case, family: dict[str, Resident]
) -> None:
    payment = _started(waiting, family)
    assert (payment.amount, payment.reference) == (300, waiting.reference_number)
    assert payment.invoice.kind == InvoiceKind.CERTIFICATE_FEE
    assert payment.next_url == f"/102121/payments/demo-pay/{payment.provider_id}/"
    assert _started(waiting, family).pk == payment.pk  # a second click resumes it


def test_a_test_card_pays_and_the_case_reaches_the_counter(
    midori: Municipality, waiting: Case, family: dict[str, Resident]
) -> None:
    payment = _started(waiting, family)
    assert _state(waiting) == CaseState.AWAITING_PAYMENT
    paid = demo_pay(payment=payment, card_number="4444 3333 2222 1111", el_qr="")
    assert paid.status == OnlinePayment.Status.SUCCESS
    assert _state(waiting) == CaseState.SUBMITTED
    ledger = Payment.objects.get(channel=Payment.Channel.ONLINE)
    assert (ledger.amount, ledger.applied, ledger.invoice_id) == (300, 300, payment.invoice_id)
    assert invoice_balance(payment.invoice) == 0
    assert ledger_check(municipality_code=midori.lg_code).ok


def test_the_invoices_el_qr_pays_and_a_wrong_card_does_not(
    waiting: Case, family: dict[str, Resident]
) -> None:
    payment = _started(waiting, family)
    with pytest.raises(DomainError) as refused:
        demo_pay(payment=payment, card_number="4000 0000 0000 0002", el_qr="")
    assert refused.value.code == "payments.card_declined"
    assert _state(waiting) == CaseState.AWAITING_PAYMENT
    invoice = payment.invoice
    qr = qr_payload(el_number(invoice), amount=300, due_on=invoice.due_on)
    demo_pay(payment=payment, card_number="", el_qr=qr)
    assert _state(waiting) == CaseState.SUBMITTED


def test_bad_notifications_are_refused_and_change_nothing(
    midori: Municipality, waiting: Case, family: dict[str, Resident]
) -> None:
    payment = _started(waiting, family)
    good = succeeded_notification(
        provider_id=payment.provider_id, amount=300, reference=payment.reference
    )
    wrong_amount = succeeded_notification(
        provider_id=payment.provider_id, amount=30, reference=payment.reference
    )
    unknown = succeeded_notification(
        provider_id=payment.provider_id, amount=300, reference="2026-999999"
    )
    lg = midori.lg_code
    _refused("payments.signature_invalid", municipality_code=lg, body=good, signature="0" * 64)
    _refused(
        "payments.payment_amount_mismatch",
        municipality_code=lg,
        body=wrong_amount,
        signature=signature(wrong_amount),
    )
    _refused(
        "payments.payment_unknown", municipality_code=lg, body=unknown, signature=signature(unknown)
    )
    _refused(
        "payments.notification_malformed",
        municipality_code=lg,
        body=b"[1]",
        signature=signature(b"[1]"),
    )
    assert _state(waiting) == CaseState.AWAITING_PAYMENT
    assert not Payment.objects.exists()

    notification_receive(municipality_code=lg, body=good, signature=signature(good))
    _refused(
        "payments.notification_replayed", municipality_code=lg, body=good, signature=signature(good)
    )
    assert Payment.objects.count() == 1 and _state(waiting) == CaseState.SUBMITTED


def test_a_case_not_waiting_for_a_fee_cannot_be_paid(
    waiting: Case, family: dict[str, Resident]
) -> None:
    _started(waiting, family)
    demo_pay(payment=OnlinePayment.objects.get(), card_number="4444333322221111", el_qr="")
    waiting.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        _started(waiting, family)
    assert refused.value.code == "payments.fee_not_due"


def test_the_notification_endpoint_answers_problems_and_acts_once(
    client: Client, waiting: Case, family: dict[str, Resident]
) -> None:
    payment = _started(waiting, family)
    body = succeeded_notification(
        provider_id=payment.provider_id, amount=300, reference=payment.reference
    )
    url = "/102121/payments/notifications/"
    forged = client.post(url, body, content_type="application/json", headers={"Pay-Signature": "x"})
    assert forged.status_code == 401
    assert forged.json()["code"] == "payments.signature_invalid"
    headers = {"Pay-Signature": signature(body)}
    first = client.post(url, body, content_type="application/json", headers=headers)
    assert first.json() == {"status": "success"}
    again = client.post(url, body, content_type="application/json", headers=headers)
    assert again.status_code == 409 and "受信済み" in json.loads(again.content)["detail"]
    assert _state(waiting) == CaseState.SUBMITTED
