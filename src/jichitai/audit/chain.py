"""The audit chain's cryptography: HMAC-SHA256 over a canonical form of each record."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from typing import Any

from django.conf import settings

GENESIS_HASH = "0" * 64
HASHED_FIELDS = (
    "chain",
    "seq",
    "occurred_at",
    "actor_type",
    "actor_id",
    "actor_label",
    "municipality_code",
    "action",
    "object_type",
    "object_id",
    "purpose",
    "result",
    "detail",
    "request_id",
)


def _key() -> bytes:
    return settings.JICHITAI_AUDIT_KEY.encode()


def record_hash(*, prev_hash: str, values: dict[str, Any]) -> str:
    """HMAC(prev_hash ‖ canonical JSON of the hashed fields): any edit changes it."""
    canonical = json.dumps(
        {name: values[name] for name in HASHED_FIELDS},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hmac.new(_key(), f"{prev_hash}\n{canonical}".encode(), hashlib.sha256).hexdigest()


def head_mac(*, chain: str, last_seq: int, last_hash: str) -> str:
    return hmac.new(_key(), f"{chain}:{last_seq}:{last_hash}".encode(), hashlib.sha256).hexdigest()


def occurred_at_text(value: dt.datetime) -> str:
    """Timestamps are hashed as ISO text in UTC with microseconds, the same on every DB."""
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
