"""Writing and verifying the audit log. Every app records through `audit_record` only."""

from __future__ import annotations

import contextlib
import datetime
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from jichitai.audit.chain import (
    GENESIS_HASH,
    HASHED_FIELDS,
    head_mac,
    occurred_at_text,
    record_hash,
)
from jichitai.audit.models import AuditChainHead, AuditRecord
from jichitai.common.actors import Actor
from jichitai.common.crypto import keyed_hash
from jichitai.common.hashchain import ChainHeadState, ChainProblem, chain_problems
from jichitai.common.model_fields import concrete_field
from jichitai.common.request_context import current_request_id, current_source

PLATFORM_CHAIN = "platform"
_DETAIL_VALUE_TYPES = (int, bool, type(None))
# A pseudonym of the source network (audit_failure_record): hex of a keyed hash, never the
# address itself.
SOURCE_DETAIL = "source"
_SOURCE_PSEUDONYM = re.compile(r"[0-9a-f]{16}")
FAILURE_WINDOW_SECONDS = 60
# How long failures after a source's last record wait for its next record to carry them.
_FAILURE_CARRY_SECONDS = 7 * 24 * 3600


def _actor_fields(actor: Actor | None) -> dict[str, str]:
    if actor is None:
        return {"actor_type": AuditRecord.ActorType.SYSTEM, "actor_id": "", "actor_label": "system"}
    if not actor.is_authenticated:
        return {"actor_type": AuditRecord.ActorType.ANONYMOUS, "actor_id": "", "actor_label": ""}
    actor_type = getattr(actor, "audit_actor_type", AuditRecord.ActorType.STAFF)
    return {
        "actor_type": actor_type,
        "actor_id": str(actor.pk),
        "actor_label": actor.get_username(),
    }


def _is_source_pseudonym(key: str, value: Any) -> bool:
    return (
        key == SOURCE_DETAIL
        and isinstance(value, str)
        and _SOURCE_PSEUDONYM.fullmatch(value) is not None
    )


def _checked_detail(detail: Mapping[str, Any]) -> dict[str, Any]:
    """Only counts, flags and lists of field *names* may enter the log: never values a person
    typed. Strings are allowed only as field names inside `fields`."""
    checked: dict[str, Any] = {}
    for key, value in detail.items():
        if key == "fields":
            checked[key] = sorted(str(name) for name in value)
        elif isinstance(value, _DETAIL_VALUE_TYPES) or _is_source_pseudonym(key, value):
            checked[key] = value
        else:
            raise TypeError(f"audit detail {key!r} must be a number, flag or None")
    return checked


def audit_record(
    *,
    actor: Actor | None,
    action: str,
    municipality_code: str | None,
    object_type: str = "",
    object_id: str | int = "",
    purpose: str = "",
    result: str = AuditRecord.Result.SUCCESS,
    detail: Mapping[str, Any] | None = None,
) -> AuditRecord:
    """監査記録の追記 (append an audit record) to the municipality's chain.

    Called inside the writing service's transaction, so the record commits or rolls back with
    the change it describes. Denied and failed attempts are recorded by the access checks
    outside any transaction that will roll back. `detail` takes numbers, flags and a
    `fields` list of changed field names; never personal values.
    """
    now = timezone.now()
    # Everything but the chain is settled before the transaction: a refused detail must not
    # break the caller's transaction.
    values: dict[str, Any] = {
        "chain": municipality_code or PLATFORM_CHAIN,
        "occurred_at": occurred_at_text(now),
        **_actor_fields(actor),
        "municipality_code": municipality_code or "",
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "purpose": purpose,
        "result": str(result),
        "detail": _checked_detail(detail or {}),
        "request_id": current_request_id(),
    }
    return _append(values, now)


def source_pseudonym(source: str) -> str:
    """送信元の仮名 (pseudonym of a source network): 16 hex digits of a keyed hash, so the
    log can tell one source's failures from another's without holding an address, which
    combined with a provider's records can identify a person."""
    return keyed_hash(source, key=f"jichitai.audit.source:{settings.JICHITAI_AUDIT_KEY}")[:16]


def audit_failure_record(
    *,
    action: str,
    municipality_code: str | None,
    object_type: str = "",
    detail: Mapping[str, Any] | None = None,
) -> AuditRecord | None:
    """認証失敗の記録 (a failed authentication), at most one record per source and minute.

    A flood of guesses must not flood the chain: the first failure of a source in a minute
    writes a record; later ones in that minute only count in the shared cache, and the
    source's next record carries them. `count` is the number of failures since the source's
    previous record, this one included, so the counts of a source's records add up to every
    failure it made. `source` is the source's pseudonym. Returns the record, or None when
    the failure was only counted.
    """
    source = source_pseudonym(current_source())
    scope = f"audit.failures:{municipality_code or PLATFORM_CHAIN}:{action}:{source}"
    minute = int(time.time() // FAILURE_WINDOW_SECONDS)
    carried = f"{scope}:carried"
    if not cache.add(f"{scope}:{minute}", 1, timeout=2 * FAILURE_WINDOW_SECONDS):
        cache.add(carried, 0, timeout=_FAILURE_CARRY_SECONDS)
        try:
            cache.incr(carried)
        except ValueError:  # expired between add and incr
            cache.add(carried, 1, timeout=_FAILURE_CARRY_SECONDS)
        return None
    earlier = int(cache.get(carried, 0))
    if earlier:
        # decr, not delete: a failure counted meanwhile stays for the next record.
        with contextlib.suppress(ValueError):  # expired meanwhile: nothing to keep
            cache.decr(carried, earlier)
    count = 1 + earlier
    return audit_record(
        actor=AnonymousUser(),
        action=action,
        municipality_code=municipality_code,
        object_type=object_type,
        result=AuditRecord.Result.DENIED,
        detail={**(detail or {}), "count": count, SOURCE_DETAIL: source},
    )


# The append in three statements written out. Every audited change of a municipality waits
# for its chain head's row lock until its transaction commits, and the ORM's forms of the
# same statements took 1.9 ms of CPU per append instead of 0.75 ms, spent while holding that
# lock (docs/benchmarks.md). Tables and columns of AuditChainHead and AuditRecord: a field
# added to AuditRecord must be added to HASHED_FIELDS (the audit tests fail if not).
_LOCK_HEAD = 'SELECT "last_seq", "last_hash" FROM "audit_auditchainhead" WHERE "chain" = %s'
_RECORD_COLUMNS = (*HASHED_FIELDS, "prev_hash", "hash")
_COLUMN_LIST = ", ".join(f'"{name}"' for name in _RECORD_COLUMNS)
_PLACEHOLDERS = ", ".join(["%s"] * len(_RECORD_COLUMNS))
# The column names are the constants above: nothing of a request goes into the statement.
_INSERT_RECORD = (
    f'INSERT INTO "audit_auditrecord" ({_COLUMN_LIST}) VALUES ({_PLACEHOLDERS}) RETURNING "id"'  # noqa: S608
)
_UPDATE_HEAD = (
    'UPDATE "audit_auditchainhead" SET "last_seq" = %s, "last_hash" = %s, "mac" = %s '
    'WHERE "chain" = %s'
)


# No savepoint of its own: inside a writing service a failed append must fail the whole change
# anyway, and the two round trips of SAVEPOINT/RELEASE are a sixth of a 転居's queries.
@transaction.atomic(savepoint=False)
def _append(values: dict[str, Any], now: datetime.datetime) -> AuditRecord:
    last_seq, last_hash = _locked_head(values["chain"])
    values = {"seq": last_seq + 1, **values}
    digest = record_hash(prev_hash=last_hash, values=values)
    record = AuditRecord(**{**values, "occurred_at": now}, prev_hash=last_hash, hash=digest)
    params = [
        concrete_field(AuditRecord, name).get_db_prep_save(getattr(record, name), connection)
        for name in _RECORD_COLUMNS
    ]
    with connection.cursor() as cursor:
        cursor.execute(_INSERT_RECORD, params)
        record.pk = cursor.fetchone()[0]
        mac = head_mac(chain=record.chain, last_seq=record.seq, last_hash=digest)
        cursor.execute(_UPDATE_HEAD, [record.seq, digest, mac, record.chain])
    record._state.adding = False
    record._state.db = connection.alias
    return record


def _locked_head(chain: str) -> tuple[int, str]:
    """(last_seq, last_hash) of the chain's head, row-locked so that concurrent appends to
    one chain take turns; one query once the chain exists (every append but the first)."""
    lock = _LOCK_HEAD + (" FOR UPDATE" if connection.features.has_select_for_update else "")
    with connection.cursor() as cursor:
        cursor.execute(lock, [chain])
        head = cursor.fetchone()
        if head is None:
            AuditChainHead.objects.get_or_create(
                chain=chain, defaults={"last_hash": GENESIS_HASH, "mac": ""}
            )
            cursor.execute(lock, [chain])
            head = cursor.fetchone()
    return int(head[0]), str(head[1])


def _record_values(record: AuditRecord) -> dict[str, Any]:
    values = {name: getattr(record, name) for name in HASHED_FIELDS}
    values["occurred_at"] = occurred_at_text(record.occurred_at)
    return values


def _verify_chain(head: AuditChainHead) -> list[ChainProblem]:
    records = AuditRecord.objects.filter(chain=head.chain).order_by("seq").iterator(chunk_size=2000)
    mac = head_mac(chain=head.chain, last_seq=head.last_seq, last_hash=head.last_hash)
    return chain_problems(
        head=ChainHeadState(head.chain, head.last_seq, head.last_hash, mac_ok=head.mac == mac),
        records=records,
        hash_of=lambda record: record_hash(
            prev_hash=record.prev_hash, values=_record_values(record)
        ),
    )


@dataclass(frozen=True)
class AuditVerification:
    chains: int
    records: int
    problems: list[ChainProblem]

    @property
    def ok(self) -> bool:
        return not self.problems


def audit_chain_verify(*, chain: str | None = None) -> AuditVerification:
    """監査ログの検証: recompute every chain and report edited, deleted or reordered records."""
    heads = AuditChainHead.objects.order_by("chain")
    if chain is not None:
        heads = heads.filter(chain=chain)
    problems: list[ChainProblem] = []
    chains = 0
    for head in heads:
        chains += 1
        problems.extend(_verify_chain(head))
    orphan_chains = (
        AuditRecord.objects.exclude(chain__in=AuditChainHead.objects.values("chain"))
        .values_list("chain", flat=True)
        .distinct()
    )
    if chain is None:
        problems.extend(
            ChainProblem(c, 0, "head_forged", "チェーン先頭の記録がありません。")
            for c in orphan_chains
        )
    records = AuditRecord.objects.filter(**({"chain": chain} if chain else {})).count()
    return AuditVerification(chains=chains, records=records, problems=problems)
