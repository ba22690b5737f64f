"""Reads of the exchange records: the person's やりとり履歴 and the exchanges behind a case."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from jichitai.common.checkdigits import validate_resident_code
from jichitai.linkage.models import ExchangeRecord

RESIDENT_HISTORY_MAX = 100


def resident_exchanges(
    *, resident_code: str, limit: int = 20, offset: int = 0
) -> list[ExchangeRecord]:
    """わたしの情報のやりとり履歴: every exchange about the person with `resident_code`,
    newest first — who asked whom, for which 事務, when, on which legal basis, the result.
    Only the person's own: the broker resolves them by 住民票コード, nobody else's rows."""
    validate_resident_code(resident_code)
    limit = max(1, min(limit, RESIDENT_HISTORY_MAX))
    offset = max(0, offset)
    return list(
        ExchangeRecord.objects.filter(person__resident_code=resident_code).order_by(
            "-occurred_at", "-id"
        )[offset : offset + limit]
    )


def resident_exchange_count(*, resident_code: str) -> int:
    validate_resident_code(resident_code)
    return ExchangeRecord.objects.filter(person__resident_code=resident_code).count()


def exchanges_for_case(*, public_ids: Iterable[str]) -> list[ExchangeRecord]:
    """The exchanges a case names (ExchangeResult.public_id), oldest first: which exchange
    supplied what. Ids that are not UUIDs or name no record are left out."""
    ids: list[uuid.UUID] = []
    for value in public_ids:
        try:
            ids.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return list(ExchangeRecord.objects.filter(public_id__in=ids).order_by("occurred_at", "id"))
