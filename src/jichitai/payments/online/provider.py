"""The payment-provider interface, shaped like GOV.UK Pay (docs.payments.service.gov.uk):

1. create a payment (amount, reference, description, return URL) → the provider's payment id
   and the `next_url` to send the payer to;
2. the payer pays on the provider's pages and is sent back to the return URL;
3. the provider confirms by a notification whose `Pay-Signature` header is the hex
   HMAC-SHA256 of the raw body under a shared secret (GOV.UK Pay's webhook signing), with the
   message id, the payment id, its amount, reference and status.

A real provider (a Japanese 決済代行 company) implements `PaymentProvider`; `DemoProvider` is
the local page of online/views.py, clearly marked as a demo, that takes a test card number or
the invoice's eL-QR. Amounts are integer yen (GOV.UK Pay's are pence).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.urls import reverse

SUCCEEDED = "card_payment_succeeded"  # GOV.UK Pay's event type for a completed payment


@dataclass(frozen=True)
class ProviderPayment:
    provider_id: str
    next_url: str


class PaymentProvider(Protocol):
    def create(
        self, *, municipality_code: str, amount: int, reference: str, description: str
    ) -> ProviderPayment: ...


class DemoProvider:
    """デモ用の決済画面: the provider's page is ours, under /<lg_code>/payments/demo-pay/."""

    def create(
        self, *, municipality_code: str, amount: int, reference: str, description: str
    ) -> ProviderPayment:
        provider_id = secrets.token_urlsafe(24)  # unguessable: the page is reached by it alone
        next_url = reverse(
            "payments:demo_pay", kwargs={"lg_code": municipality_code, "provider_id": provider_id}
        )
        return ProviderPayment(provider_id=provider_id, next_url=next_url)


def provider() -> PaymentProvider:
    return DemoProvider()


def signature(body: bytes) -> str:
    """`Pay-Signature`: hex HMAC-SHA256 of the raw body under the shared secret."""
    key = settings.JICHITAI_PAYMENT_WEBHOOK_SECRET.encode()
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def signature_valid(body: bytes, given: str) -> bool:
    return hmac.compare_digest(signature(body), given.strip().lower()[:128])


def succeeded_notification(*, provider_id: str, amount: int, reference: str) -> bytes:
    """The body a provider sends when a payment succeeds (GOV.UK Pay's webhook message)."""
    return json.dumps(
        {
            "webhook_message_id": secrets.token_hex(16),
            "event_type": SUCCEEDED,
            "resource_id": provider_id,
            "resource": {
                "payment_id": provider_id,
                "amount": amount,
                "reference": reference,
                "state": {"status": "success", "finished": True},
            },
        },
        ensure_ascii=False,
    ).encode()
