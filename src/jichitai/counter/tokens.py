"""The pairing code and the display token are kept only as keyed hashes (HMAC with a key
derived from SECRET_KEY): a copy of the table opens no display."""

from __future__ import annotations

from django.conf import settings

from jichitai.common.crypto import keyed_hash


def pairing_hash(secret: str) -> str:
    return keyed_hash(secret, key=f"jichitai.counter.pairing:{settings.SECRET_KEY}")
