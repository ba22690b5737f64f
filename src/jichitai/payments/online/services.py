"""オンライン決済の処理: start a fee payment, act on the provider's signed notification, and
the demo provider's payment (docs/payments.md「オンライン決済」).

A confirmed payment is, in one transaction: the notification's message id (a replay is
refused), the payment's status, a `Payment` in the ledger applied to the fee's invoice, an
audit record, and the signal `procedures.signals.case_fee_paid`, whose receiver moves the
case from 「手数料のお支払い待ち」 to 受付済み.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.payments import errors
from jichitai.payments.codes import qr_parse
from jichitai.payments.issuing import el_number
from jichitai.payments.models import OnlinePayment, Outcome, Payment, ProviderNotification
from jichitai.payments.online.provider import (
    SUCCEEDED,
    provider,
    signature,
    signature_valid,
    succeeded_notification,
)
from jichitai.payments.services import certificate_fee_invoice_issue
from jichitai.procedures.models import Case, CaseState
from jichitai.procedures.selectors import procedure_get
from jichitai.procedures.signals import case_fee_paid
from jichitai.registry.models import Resident

MAX_NOTIFICATION_BYTES = 10_000
# Test card numbers that pay on the demo page (GOV.UK Pay's test Visa and Mastercard).
DEMO_TEST_CARDS = frozenset({"4444333322221111", "5101180000000007"})


def fee_payment_start(*, case: Case, payer: Resident, return_url: str) -> OnlinePayment:
    """The payment of the case's fee, created at the provider; asking again (a reload, a
    second click, even at the same moment) resumes the same one. FeeNotDue when the case
    waits for no fee."""
    fee = procedure_get(procedure_id=case.procedure_id).fee
    if case.state != CaseState.AWAITING_PAYMENT or fee <= 0:
        raise errors.FeeNotDue()
    existing = _started(case)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return _create(case, payer, fee=fee, return_url=return_url)
    except IntegrityError:  # a concurrent click created it first (one per reference)
        return OnlinePayment.objects.get(
            municipality_id=case.municipality_id, reference=case.reference_number
        )


def _started(case: Case) -> OnlinePayment | None:
    return OnlinePayment.objects.filter(
        municipality_id=case.municipality_id, reference=case.reference_number
    ).first()


def _create(case: Case, payer: Resident, *, fee: int, return_url: str) -> OnlinePayment:
    invoice = certificate_fee_invoice_issue(
        municipality=case.municipality,
        reference=case.reference_number,
        payer_name=payer.name,
        payer_resident_code=payer.resident_code,
        amount=fee,
        due_on=timezone.localdate(),
        actor=None,
    )
    created = provider().create(
        municipality_code=case.municipality_id,
        amount=fee,
        reference=case.reference_number,
        description=procedure_get(procedure_id=case.procedure_id).name,
    )
    return OnlinePayment.objects.create(
        municipality_id=case.municipality_id,
        invoice=invoice,
        reference=case.reference_number,
        amount=fee,
        provider_id=created.provider_id,
        next_url=created.next_url,
        return_url=return_url[:300],
        created_at=timezone.now(),
    )


@dataclass(frozen=True)
class _Message:
    message_id: str
    provider_id: str
    amount: int
    reference: str


def _message(body: bytes) -> _Message:
    """The fields we act on, bounded; NotificationMalformed for anything else."""
    try:
        data: Any = json.loads(body)
        resource = data["resource"]
        values = (
            data["webhook_message_id"],
            data["resource_id"],
            resource["amount"],
            resource["reference"],
        )
        succeeded = data["event_type"] == SUCCEEDED and resource["state"]["status"] == "success"
    except (ValueError, KeyError, TypeError):
        raise errors.NotificationMalformed() from None
    message_id, provider_id, amount, reference = values
    strings_ok = all(isinstance(v, str) and 0 < len(v) <= 64 for v in values[:2])
    if not (succeeded and strings_ok and isinstance(reference, str) and len(reference) <= 60):
        raise errors.NotificationMalformed()
    if not isinstance(amount, int) or isinstance(amount, bool) or not 0 < amount < 10**8:
        raise errors.NotificationMalformed()
    return _Message(message_id, provider_id, amount, reference)


def notification_receive(*, municipality_code: str, body: bytes, signature: str) -> OnlinePayment:
    """Acts on the provider's signed notification once. Refused, changing nothing: a bad
    signature, a malformed body, an unknown payment id or reference, an amount other than the
    payment's, a message id already acted on (a replay)."""
    if len(body) > MAX_NOTIFICATION_BYTES:
        raise errors.NotificationMalformed()
    if not signature_valid(body, signature):
        raise errors.SignatureInvalid()
    message = _message(body)
    try:
        with transaction.atomic():
            return _record(municipality_code, message)
    except IntegrityError:  # the same message id, acted on by a concurrent delivery
        raise errors.NotificationReplayed() from None


def _record(municipality_code: str, message: _Message) -> OnlinePayment:
    payment = (
        OnlinePayment.objects.select_for_update()
        .filter(municipality_id=municipality_code, provider_id=message.provider_id)
        .first()
    )
    if payment is None or payment.reference != message.reference:
        raise errors.PaymentUnknown()
    if message.amount != payment.amount:
        raise errors.PaymentAmountMismatch()
    if ProviderNotification.objects.filter(
        municipality_id=municipality_code, message_id=message.message_id
    ).exists():
        raise errors.NotificationReplayed()
    now = timezone.now()
    ProviderNotification.objects.create(
        municipality_id=municipality_code,
        message_id=message.message_id,
        online_payment=payment,
        received_at=now,
    )
    if payment.status == OnlinePayment.Status.SUCCESS:
        return payment  # another message about a payment already recorded: idempotent
    payment.status = OnlinePayment.Status.SUCCESS
    payment.paid_at = now
    payment.save(update_fields=["status", "paid_at"])
    Payment.objects.create(
        municipality_id=municipality_code,
        channel=Payment.Channel.ONLINE,
        record_id=payment.provider_id[:40],
        paid_on=timezone.localdate(now),
        amount=payment.amount,
        payment_number=payment.invoice.payment_number,
        invoice=payment.invoice,
        outcome=Outcome.EXACT,
        applied=payment.amount,
    )
    audit_record(
        actor=None,
        action="payments.online_paid",
        municipality_code=municipality_code,
        object_type="payments.OnlinePayment",
        object_id=payment.pk,
        purpose="手数料の納付",
    )
    case_fee_paid.send(
        sender=OnlinePayment,
        municipality_code=municipality_code,
        reference_number=payment.reference,
        amount=payment.amount,
        paid_at=now,
    )
    return payment


def demo_payment_get(*, municipality_code: str, provider_id: str) -> OnlinePayment:
    payment = OnlinePayment.objects.filter(
        municipality_id=municipality_code, provider_id=provider_id[:64]
    ).first()
    if payment is None:
        raise errors.PaymentUnknown()
    return payment


def demo_pay(*, payment: OnlinePayment, card_number: str, el_qr: str) -> OnlinePayment:
    """デモ用の決済: a test card number or this invoice's eL-QR pays; the demo provider then
    sends its signed notification, as a real one would (through the same code)."""
    card = "".join(card_number.split())[:32]
    qr = qr_parse(el_qr.strip()[:200])
    paid_by_qr = (
        qr is not None and qr.el == el_number(payment.invoice) and qr.amount == payment.amount
    )
    if card not in DEMO_TEST_CARDS and not paid_by_qr:
        raise errors.CardDeclined()
    if payment.status == OnlinePayment.Status.SUCCESS:
        return payment
    body = succeeded_notification(
        provider_id=payment.provider_id, amount=payment.amount, reference=payment.reference
    )
    return notification_receive(
        municipality_code=payment.municipality_id, body=body, signature=signature(body)
    )
