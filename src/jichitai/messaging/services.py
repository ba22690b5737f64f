"""Writes of the outgoing messages: queue one for delivery."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from jichitai.messaging.models import BODY_MAX, SUBJECT_MAX, Channel, Message
from jichitai.messaging.tasks import message_deliver


# No savepoint: nothing here is caught and retried, and a booking sends two or three.
@transaction.atomic(savepoint=False)
def message_send(
    *,
    municipality_code: str,
    channel: Channel,
    to: str,
    subject: str,
    body: str,
    topic: str,
    not_before: dt.datetime | None = None,
    priority: int = 0,
) -> Message:
    """お知らせの送信: queue a mail or SMS; the task queue delivers it (after `not_before`).

    Inside the caller's transaction: the row and its task commit with the change that caused
    them, or neither does (the task queue's database is the product's own). The worker takes
    tasks of higher `priority` first (-100 to 100): a code someone is waiting for goes before
    the receipts of a busy morning.
    """
    message = Message.objects.create(
        municipality_id=municipality_code,
        channel=channel,
        to=to,
        subject=subject[:SUBJECT_MAX],
        body=body[:BODY_MAX],
        topic=topic,
        created_at=timezone.now(),
    )
    message_deliver.using(run_after=not_before, priority=priority).enqueue(message_id=message.pk)
    return message
