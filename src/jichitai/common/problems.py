"""RFC 9457 Problem Details (application/problem+json) for every API error."""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse

from jichitai.common.exceptions import DomainError, RateLimited

PROBLEM_CONTENT_TYPE = "application/problem+json"
# Each code is documented at docs/problems.md#<code>; the type URI names it.
PROBLEM_TYPE_BASE = "https://jichitai.github.io/jichitai/problems/"


def problem_document(
    *,
    code: str,
    title: str,
    status: int,
    detail: str,
    instance: str,
    errors: list[dict[str, str]] | None = None,
    request_id: str | None = None,
) -> dict[str, Any]:
    document: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + code,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance,
        "code": code,
        "errors": errors or [],
    }
    if request_id:
        document["request_id"] = request_id
    return document


def problem_response(
    error: DomainError, *, instance: str, request_id: str | None = None
) -> JsonResponse:
    document = problem_document(
        code=error.code,
        title=error.title,
        status=error.status,
        detail=error.detail,
        instance=instance,
        errors=[e.as_dict() for e in error.errors],
        request_id=request_id,
    )
    if isinstance(error, RateLimited):
        document["retry_after"] = error.retry_after
    response = JsonResponse(
        document,
        status=error.status,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
    if isinstance(error, RateLimited):
        # RFC 6585 §4: a 429 may say how long to wait; clients and proxies read the header.
        response["Retry-After"] = str(error.retry_after)
    return response
