"""Every message is delivered by the task queue; a failing mail server is tried again later
and the message is never lost."""

from __future__ import annotations

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jichitai.messaging.models import Channel, Message, MessageStatus
from jichitai.messaging.services import message_send
from jichitai.messaging.tasks import retry_pause
from jichitai.tenants.models import Municipality
from jichitai.testing.tasks import run_queued_tasks


def _send() -> Message:
    return message_send(
        municipality_code="102121",
        channel=Channel.EMAIL,
        to="hanako@example.jp",
        subject="件名",
        body="本文",
        topic="test",
    )


def test_a_failing_mail_server_is_retried_until_the_message_is_sent(
    midori: Municipality, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise smtplib.SMTPServerDisconnected("connection closed by hanako@example.jp's server")

    with monkeypatch.context() as patched:
        patched.setattr("jichitai.messaging.tasks.send_mail", refuse)
        message = _send()
        run_queued_tasks()
        run_queued_tasks()  # the retry waits: nothing more happens now
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (
        MessageStatus.QUEUED,
        1,
        "SMTPServerDisconnected",
    )
    assert "hanako@example.jp" not in caplog.text
    # The server is back and the pause is over.
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_queued_tasks()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.SENT, 2)
    assert [m.to for m in mail.outbox] == [["hanako@example.jp"]]
    run_queued_tasks()
    assert len(mail.outbox) == 1  # sent once


def test_a_message_of_a_rolled_back_change_is_never_queued(midori: Municipality) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        _send()
        raise RuntimeError("the change failed")
    run_queued_tasks()
    assert not Message.objects.exists()
    assert mail.outbox == []


def test_the_pause_grows_and_is_capped() -> None:
    assert [retry_pause(n) for n in (1, 2, 3)] == [
        dt.timedelta(minutes=1),
        dt.timedelta(minutes=2),
        dt.timedelta(minutes=4),
    ]
    assert retry_pause(50) == dt.timedelta(hours=1)


def test_a_message_of_higher_priority_is_sent_before_those_queued_earlier(
    midori: Municipality,
) -> None:
    receipts = [_send() for _ in range(3)]
    code = message_send(
        municipality_code="102121",
        channel=Channel.EMAIL,
        to="taro@example.jp",
        subject="確認コード",
        body="123456",
        topic="test",
        priority=10,
    )
    run_queued_tasks()
    assert mail.outbox[0].to == [code.to]
    assert len(mail.outbox) == 1 + len(receipts)
