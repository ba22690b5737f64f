"""Reads of the outgoing messages."""

from __future__ import annotations

from django.db.models import QuerySet

from jichitai.messaging.models import Channel, Message

# The outbox page shows the latest messages; older ones stay in the table.
OUTBOX_SHOWN = 100


def message_list_outbox(*, municipality_code: str, channel: Channel) -> QuerySet[Message]:
    """送信箱 (outbox): the latest messages of one channel, newest first."""
    return Message.objects.for_municipality(municipality_code).filter(channel=channel)[
        :OUTBOX_SHOWN
    ]
