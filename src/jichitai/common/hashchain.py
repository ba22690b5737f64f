"""The cryptography of an append-only hash chain: HMAC-SHA256 over a canonical JSON form of
each record, linked to the previous record's hash, and a MAC over the chain's head.

Shared by the audit log (audit/chain.py) and the exchange records of the linkage broker
(linkage/chain.py); each passes its own key and its own list of hashed fields.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

GENESIS_HASH = "0" * 64


def chained_hash(
    *, key: bytes, prev_hash: str, values: Mapping[str, Any], fields: Iterable[str]
) -> str:
    """HMAC(prev_hash ‖ canonical JSON of `fields` of `values`): any edit changes it."""
    canonical = json.dumps(
        {name: values[name] for name in fields},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hmac.new(key, f"{prev_hash}\n{canonical}".encode(), hashlib.sha256).hexdigest()


def chain_head_mac(*, key: bytes, chain: str, last_seq: int, last_hash: str) -> str:
    """MAC of a chain's head: moving the head back (hiding a deleted tail) needs the key."""
    return hmac.new(key, f"{chain}:{last_seq}:{last_hash}".encode(), hashlib.sha256).hexdigest()


def occurred_at_text(value: dt.datetime) -> str:
    """Timestamps are hashed as ISO text in UTC with microseconds, the same on every DB."""
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


class ChainedRecord(Protocol):
    """What verification reads of a record besides its hashed values (read-only)."""

    @property
    def seq(self) -> int: ...

    @property
    def prev_hash(self) -> str: ...

    @property
    def hash(self) -> str: ...


@dataclass(frozen=True)
class ChainHeadState:
    chain: str
    last_seq: int
    last_hash: str
    mac_ok: bool


@dataclass(frozen=True)
class ChainProblem:
    chain: str
    seq: int
    kind: str  # edited | missing | reordered | truncated | head_forged
    message: str


R = TypeVar("R", bound=ChainedRecord)


def chain_problems(
    *, head: ChainHeadState, records: Iterable[R], hash_of: Callable[[R], str]
) -> list[ChainProblem]:
    """Walk one chain's records in `seq` order: a gap is a deleted record, a broken link a
    reordered or replaced one, a hash that `hash_of` does not reproduce an edited one, and a
    head that does not match the last record a truncated tail (or, with a bad MAC, a forged
    head)."""
    problems: list[ChainProblem] = []
    chain = head.chain
    expected_seq, prev_hash = 1, GENESIS_HASH
    for record in records:
        if record.seq != expected_seq:
            problems.append(
                ChainProblem(
                    chain,
                    expected_seq,
                    "missing",
                    f"連番 {expected_seq}〜{record.seq - 1} の記録がありません（削除の疑い）。",
                )
            )
        elif record.prev_hash != prev_hash:
            problems.append(
                ChainProblem(
                    chain,
                    record.seq,
                    "reordered",
                    f"連番 {record.seq} の直前ハッシュが一致しません（並べ替えまたは差し替えの疑い）。",
                )
            )
        if hash_of(record) != record.hash:
            problems.append(
                ChainProblem(
                    chain,
                    record.seq,
                    "edited",
                    f"連番 {record.seq} の内容がハッシュと一致しません（改ざんの疑い）。",
                )
            )
        expected_seq, prev_hash = record.seq + 1, record.hash
    if not head.mac_ok:
        problems.append(
            ChainProblem(
                chain,
                head.last_seq,
                "head_forged",
                "チェーン先頭の認証子が一致しません（先頭の書き換えの疑い）。",
            )
        )
    elif (expected_seq - 1, prev_hash) != (head.last_seq, head.last_hash):
        problems.append(
            ChainProblem(
                chain,
                expected_seq,
                "truncated",
                f"最後の記録が連番 {head.last_seq} のはずが {expected_seq - 1} で終わっています（末尾削除の疑い）。",
            )
        )
    return problems
