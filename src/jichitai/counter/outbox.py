"""送信待ち (the counter's outbox): what a completed session still owes a system outside this
database, delivered after commit and idempotently — a message delivered twice changes
nothing, one that failed stays undelivered for `outbox_deliver_pending` to retry (no command runs it yet: docs/counter.md「Not done yet」).

The card update: in production the card issuer (J-LIS, through the 券面記載事項変更 of the
municipality's card terminal); in the demo and tests the virtual card, where the test CA is
allowed (JPKI_ALLOW_TEST_CA).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jichitai.counter.models import OutboxMessage
from jichitai.identity.jpki.errors import JpkiError
from jichitai.identity.jpki.services import VirtualCard, virtual_card_address_change

logger = logging.getLogger(__name__)


def _card_update(payload: dict) -> None:
    if not settings.JPKI_ALLOW_TEST_CA:
        # No card issuer connected here: the message waits (docs/counter.md).
        raise RuntimeError("no card issuer connected")
    card = VirtualCard.load(payload["card_id"])
    if card.basic_four.address == payload["address"]:
        return  # delivered before: the 券面 already shows it and the certificate is new
    virtual_card_address_change(card, address=payload["address"])


def outbox_deliver(*, message_id: int) -> bool:
    """Delivers one message unless delivered; True when it is delivered now or before."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None:
            return False
        if message.delivered_at is not None:
            return True
        try:
            _card_update(message.payload)
        except (JpkiError, RuntimeError, OSError):
            # Kept for the retry; the id only, never the payload (personal data).
            logger.warning("counter outbox message %s not delivered", message.pk)
            return False
        message.delivered_at = timezone.now()
        message.save(update_fields=["delivered_at"])
        return True


def outbox_deliver_pending(*, limit: int = 100) -> int:
    """Retries the undelivered messages, oldest first; returns how many were delivered."""
    pending = OutboxMessage.objects.filter(delivered_at=None).order_by("pk")[:limit]
    return sum(outbox_deliver(message_id=pk) for pk in pending.values_list("pk", flat=True))
