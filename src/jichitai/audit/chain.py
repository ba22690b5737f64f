"""The audit chain's cryptography: HMAC-SHA256 over a canonical form of each record
(common/hashchain.py), keyed with JICHITAI_AUDIT_KEY."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from jichitai.common.hashchain import GENESIS_HASH, chain_head_mac, chained_hash, occurred_at_text

__all__ = ["GENESIS_HASH", "HASHED_FIELDS", "head_mac", "occurred_at_text", "record_hash"]

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
    return chained_hash(key=_key(), prev_hash=prev_hash, values=values, fields=HASHED_FIELDS)


def head_mac(*, chain: str, last_seq: int, last_hash: str) -> str:
    return chain_head_mac(key=_key(), chain=chain, last_seq=last_seq, last_hash=last_hash)
