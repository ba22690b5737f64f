"""`Idempotency-Key` for API handlers: one call around the write, the same everywhere.

The fingerprint covers the request's path and body, so the same key sent again to another
object's URL (or with another body) is refused as reused, not replayed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponse

from jichitai.idempotency.services import idempotent_call, request_fingerprint

T = TypeVar("T")
REPLAYED_HEADER = "Idempotent-Replayed"


def idempotent_request(
    request: HttpRequest,
    *,
    actor: AbstractBaseUser,
    operation: str,
    write: Callable[[], T],
    resource_id: Callable[[T], str],
    load: Callable[[str], T],
) -> tuple[T, bool]:
    """(result, replayed) of `write` run at most once per (actor, Idempotency-Key)."""
    return idempotent_call(
        municipality=request.municipality,  # type: ignore[attr-defined]
        actor=actor,
        key=request.headers.get("Idempotency-Key"),
        operation=operation,
        fingerprint=request_fingerprint(operation=request.path, body=request.body),
        write=write,
        resource_id=resource_id,
        load=load,
    )


def replayed_mark(response: HttpResponse, replayed: bool) -> None:
    """Tell the client the answer is the first one's (RFC draft "Idempotency-Key" practice)."""
    if replayed:
        response[REPLAYED_HEADER] = "true"
