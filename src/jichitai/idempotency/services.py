"""Runs a write once per Idempotency-Key."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction

from jichitai.common.exceptions import InvalidInput, RuleViolation
from jichitai.idempotency.error_codes import IdempotencyErrorCode
from jichitai.idempotency.models import IdempotencyRecord
from jichitai.tenants.models import Municipality

T = TypeVar("T")
_KEY_RE = re.compile(r"^[\x21-\x7e]{1,200}$")


def request_fingerprint(*, operation: str, body: bytes) -> str:
    return hashlib.sha256(operation.encode() + b"\n" + body).hexdigest()


@transaction.atomic
def idempotent_call(
    *,
    municipality: Municipality,
    actor: AbstractBaseUser,
    key: str | None,
    operation: str,
    fingerprint: str,
    write: Callable[[], T],
    resource_id: Callable[[T], str],
    load: Callable[[str], T],
) -> tuple[T, bool]:
    """Runs `write` once per (actor, key): returns (result, replayed).

    A replay with the same key and the same request returns the first result (loaded again);
    the same key with a different request is refused (`idempotency.key_reused`). A write that
    fails leaves no record, so retrying it runs it again.
    """
    if key is None:
        return write(), False
    if not _KEY_RE.fullmatch(key):
        raise InvalidInput(
            code=IdempotencyErrorCode.KEY_INVALID,
            detail="Idempotency-Key は1〜200文字の半角英数字・記号で指定してください。",
        )
    scope = IdempotencyRecord.objects.for_municipality(municipality).filter(
        actor_id=str(actor.pk), key=key
    )
    try:
        # The unique index makes a concurrent duplicate wait here until the first commits.
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(
                municipality=municipality,
                actor_id=str(actor.pk),
                key=key,
                operation=operation,
                fingerprint=fingerprint,
            )
    except IntegrityError:
        existing = scope.get()
        if (existing.operation, existing.fingerprint) != (operation, fingerprint):
            raise RuleViolation(
                code=IdempotencyErrorCode.KEY_REUSED,
                detail="この Idempotency-Key は別の内容の要求に使われています。",
            ) from None
        return load(existing.resource_id), True
    result = write()
    record.resource_id = resource_id(result)
    record.save(update_fields=["resource_id"])
    return result, False
