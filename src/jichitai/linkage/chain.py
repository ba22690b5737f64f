"""The exchange records' chain: HMAC-SHA256 over a canonical form of each record
(common/hashchain.py) with a key derived from JICHITAI_AUDIT_KEY for this chain alone."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from jichitai.common.hashchain import chain_head_mac, chained_hash

# Every column of ExchangeRecord but the id, the link and the hash (a test checks it).
HASHED_FIELDS = (
    "public_id",
    "chain",
    "seq",
    "occurred_at",
    "requester_municipality",
    "requester_business",
    "task",
    "provider_municipality",
    "provider_business",
    "item",
    "purpose",
    "legal_basis",
    "rule",
    "result",
    "refusal_code",
    "person_id",
)


def _key() -> bytes:
    return f"jichitai.linkage.exchange:{settings.JICHITAI_AUDIT_KEY}".encode()


def record_hash(*, prev_hash: str, values: dict[str, Any]) -> str:
    return chained_hash(key=_key(), prev_hash=prev_hash, values=values, fields=HASHED_FIELDS)


def head_mac(*, chain: str, last_seq: int, last_hash: str) -> str:
    return chain_head_mac(key=_key(), chain=chain, last_seq=last_seq, last_hash=last_hash)
