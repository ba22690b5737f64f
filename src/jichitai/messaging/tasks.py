"""配信タスク (delivery task) run by django-tasks' database worker (`jichitai db_worker`).

A failure of the mail server or SMS gateway (OSError, which smtplib's errors are) keeps the
message queued and enqueues the next attempt later, with a growing pause: the message is
never dropped, however long the server is down.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from jichitai.messaging.gateways import sms_gateway
from jichitai.messaging.models import Channel, Message, MessageStatus

logger = logging.getLogger("jichitai.messaging")

# 1, 2, 4 … minutes between attempts, at most an hour.
FIRST_PAUSE = dt.timedelta(minutes=1)
LONGEST_PAUSE = dt.timedelta(hours=1)


def retry_pause(attempts: int) -> dt.timedelta:
    """How long to wait after the `attempts`-th failed attempt."""
    pause: dt.timedelta = FIRST_PAUSE * 2 ** min(attempts - 1, 10)
    return min(pause, LONGEST_PAUSE)


def _send(message: Message) -> None:
    if message.channel == Channel.SMS:
        sms_gateway().send(to=message.to, body=message.body)
    else:
        send_mail(message.subject, message.body, None, [message.to])


@task()
def message_deliver(message_id: int) -> None:
    """お知らせの配信: send one queued message, or queue the next attempt when it fails."""
    # The row lock keeps two workers from sending the same message. A crash after the
    # server accepted it but before the commit sends it once more: at least once, never lost.
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status == MessageStatus.SENT:
            return
        now = timezone.now()
        message.attempts += 1
        try:
            _send(message)
        except OSError as error:
            message.last_error = type(error).__name__
            message.save(update_fields=["attempts", "last_error"])
            message_deliver.using(run_after=now + retry_pause(message.attempts)).enqueue(
                message_id=message.pk
            )
            # The class name only: the error's text carries the address.
            logger.warning(
                "message %s not delivered (attempt %s): %s",
                message.pk,
                message.attempts,
                message.last_error,
            )
            return
        message.status = MessageStatus.SENT
        message.sent_at = now
        message.save(update_fields=["attempts", "status", "sent_at"])
