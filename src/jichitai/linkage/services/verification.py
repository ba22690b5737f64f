"""情報提供等記録の検証 (verifying the exchange records): the links walked once, the hashes
recomputed in one or several processes."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db import connections
from django.db.models import Max

from jichitai.common.hashchain import (
    ChainHeadState,
    ChainProblem,
    chain_problems,
    edited_problem,
    occurred_at_text,
)
from jichitai.linkage.chain import HASHED_FIELDS, head_mac, record_hash
from jichitai.linkage.models import (
    ExchangeChainHead,
    ExchangeRecord,
)


@dataclass(frozen=True)
class ExchangeVerification:
    chains: int
    records: int
    problems: list[ChainProblem]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class _StoredRecord:
    """A record as read for verification: its link, its hash and the hashed values."""

    seq: int
    prev_hash: str
    hash: str
    values: dict[str, Any]


# Read as plain tuples: building a million model instances would take most of the time.
_VERIFY_COLUMNS = (*HASHED_FIELDS, "prev_hash", "hash")


# Below this many records a chain is verified in this process: forking costs more.
_PARALLEL_MIN_RECORDS = 100_000


def _stored_records(chain: str, first_seq: int, last_seq: int) -> Iterator[_StoredRecord]:
    rows = (
        ExchangeRecord.objects.filter(chain=chain, seq__gte=first_seq, seq__lte=last_seq)
        .order_by("seq")
        .values_list(*_VERIFY_COLUMNS)
        .iterator(chunk_size=10_000)
    )
    for row in rows:
        values = dict(zip(HASHED_FIELDS, row, strict=False))
        values["public_id"] = str(values["public_id"])
        values["occurred_at"] = occurred_at_text(values["occurred_at"])
        yield _StoredRecord(values["seq"], row[-2], row[-1], values)


class _Link(NamedTuple):
    seq: int
    prev_hash: str
    hash: str


def _links(chain: str) -> Iterator[_Link]:
    rows = (
        ExchangeRecord.objects.filter(chain=chain)
        .order_by("seq")
        .values_list("seq", "prev_hash", "hash")
        .iterator(chunk_size=50_000)
    )
    return (_Link(*row) for row in rows)


def _edited_seqs(span: tuple[str, int, int]) -> list[int]:
    """The records of a seq range of a chain whose hash their content does not reproduce."""
    chain, first_seq, last_seq = span
    return [
        record.seq
        for record in _stored_records(chain, first_seq, last_seq)
        if record_hash(prev_hash=record.prev_hash, values=record.values) != record.hash
    ]


def _edited(chain: str, workers: int) -> list[int]:
    """Recompute every record's hash, in `workers` processes over seq ranges: the CPU-bound
    part of verification (HMAC over canonical JSON, ~15 µs a record)."""
    last_seq = ExchangeRecord.objects.filter(chain=chain).aggregate(Max("seq"))["seq__max"] or 0
    if workers <= 1 or last_seq < _PARALLEL_MIN_RECORDS:
        return _edited_seqs((chain, 1, last_seq))
    size = -(-last_seq // workers)
    spans = [(chain, low, min(low + size - 1, last_seq)) for low in range(1, last_seq + 1, size)]
    # Each process opens its own connection: none may be shared across the fork.
    connections.close_all()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return [seq for part in pool.map(_edited_seqs, spans) for seq in part]


def exchange_chain_verify(*, chain: str | None = None, workers: int = 1) -> ExchangeVerification:
    """情報提供等記録の検証: recompute every chain (or one municipality's) and report edited,
    deleted, reordered records and a truncated tail. `workers` > 1 recomputes the hashes in
    that many processes (committed records only: the command, not a caller mid-transaction)."""
    heads = ExchangeChainHead.objects.order_by("chain")
    if chain is not None:
        heads = heads.filter(chain=chain)
    problems: list[ChainProblem] = []
    chains = 0
    for head in heads:
        chains += 1
        mac = head_mac(chain=head.chain, last_seq=head.last_seq, last_hash=head.last_hash)
        problems.extend(
            chain_problems(
                head=ChainHeadState(head.chain, head.last_seq, head.last_hash, head.mac == mac),
                records=_links(head.chain),
                hash_of=None,
            )
        )
        problems.extend(edited_problem(head.chain, seq) for seq in _edited(head.chain, workers))
    problems.sort(key=lambda problem: (problem.chain, problem.seq))
    if chain is None:
        orphans = (
            ExchangeRecord.objects.exclude(chain__in=ExchangeChainHead.objects.values("chain"))
            .values_list("chain", flat=True)
            .distinct()
        )
        problems.extend(
            ChainProblem(c, 0, "head_forged", "チェーン先頭の記録がありません。") for c in orphans
        )
    records = ExchangeRecord.objects.filter(**({"chain": chain} if chain else {})).count()
    return ExchangeVerification(chains=chains, records=records, problems=problems)
