"""SMS送信ゲートウェイ (SMS gateway): the interface a carrier's SMS API is plugged in behind.

`JICHITAI_SMS_GATEWAY` names the class (a dotted path). A real gateway sends and raises
OSError (a network failure) when the carrier does not accept the message, so the task queue
tries again later. The demo gateway sends nothing: the message stays in the outbox page
(`/<lg_code>/messages/outbox/`), where a demo visitor reads the code they were "sent".
"""

from __future__ import annotations

from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class SmsGateway(Protocol):
    def send(self, *, to: str, body: str) -> None:
        """Hand the message to the carrier. Raises OSError when it is not accepted."""


class OutboxGateway:
    """デモ用: delivering is keeping the message for the outbox page."""

    def send(self, *, to: str, body: str) -> None:
        return None


@cache
def sms_gateway() -> SmsGateway:
    gateway: SmsGateway = import_string(settings.JICHITAI_SMS_GATEWAY)()
    return gateway
