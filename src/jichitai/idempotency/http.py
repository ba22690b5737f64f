"""`Idempotency-Key` for API handlers: one call around the write, the same everywhere.

An API write answers through `idempotent_write`: the write runs at most once per key, a retry
gets the first result with `Idempotent-Replayed: true`. `idempotent_request` is the step
under it, for the rare write whose retry must answer something else (a certificate is never
issued twice: registry's certificate endpoint answers a retry with 409).
The fingerprint covers the request's path and body, so the same key sent again to another
object's URL (or with another body) is refused as reused, not replayed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpResponse
from ninja import Status

from jichitai.idempotency.services import idempotent_call, request_fingerprint
from jichitai.tenants.http import TenantRequest

T = TypeVar("T")
REPLAYED_HEADER = "Idempotent-Replayed"


def _primary_key(result: Any) -> str:
    return str(result.pk)


def idempotent_request(
    request: TenantRequest,
    *,
    actor: AbstractBaseUser,
    operation: str,
    write: Callable[[], T],
    resource_id: Callable[[T], str],
    load: Callable[[str], T],
) -> tuple[T, bool]:
    """(result, replayed) of `write` run at most once per (actor, Idempotency-Key)."""
    return idempotent_call(
        municipality=request.municipality,
        actor=actor,
        key=request.headers.get("Idempotency-Key"),
        operation=operation,
        fingerprint=request_fingerprint(operation=request.path, body=request.body),
        write=write,
        resource_id=resource_id,
        load=load,
    )


def idempotent_write(
    request: TenantRequest,
    response: HttpResponse,
    *,
    actor: AbstractBaseUser,
    operation: str,
    write: Callable[[], T],
    load: Callable[[str], T],
    status: int,
    resource_id: Callable[[T], str] = _primary_key,
    answer: Callable[[T], Any] | None = None,
) -> Status:
    """The answer of an API write: `status` with the result of `write` (run at most once per
    Idempotency-Key; a retry gets the first result, `load`ed from its `resource_id` — by
    default the primary key — and marked replayed). `answer` turns the result into the body
    when it is not the result itself."""
    result, replayed = idempotent_request(
        request, actor=actor, operation=operation, write=write, resource_id=resource_id, load=load
    )
    replayed_mark(response, replayed)
    return Status(status, result if answer is None else answer(result))


def replayed_mark(response: HttpResponse, replayed: bool) -> None:
    """Tell the client the answer is the first one's (RFC draft "Idempotency-Key" practice)."""
    if replayed:
        response[REPLAYED_HEADER] = "true"
