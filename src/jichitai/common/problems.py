"""RFC 9457 Problem Details (application/problem+json) for every API error."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from jichitai.common.error_codes import CommonErrorCode
from jichitai.common.exceptions import DatabaseUnavailable, DomainError, RateLimited

PROBLEM_CONTENT_TYPE = "application/problem+json"
# Each code is documented at docs/problems.md#<code>; the type URI names it.
PROBLEM_TYPE_BASE = "https://jichitai.github.io/jichitai/problems/"


class BodyTooLarge(DomainError):
    """The body is over DATA_UPLOAD_MAX_MEMORY_SIZE (RFC 9110 §15.5.14: 413 Content Too Large)."""

    status = 413
    title = "送信されたデータが大きすぎます"

    def __init__(self) -> None:
        super().__init__(
            code=CommonErrorCode.REQUEST_TOO_LARGE,
            detail="送信されたデータが大きすぎます。添付ファイルを小さくするか、分けて送信してください。",
        )


class UnsupportedMediaType(DomainError):
    """A JSON endpoint got a body that does not say it is JSON (RFC 9110 §15.5.16)."""

    status = 415
    title = "この形式のデータは受け付けられません"

    def __init__(self) -> None:
        super().__init__(
            code=CommonErrorCode.REQUEST_UNSUPPORTED_MEDIA_TYPE,
            detail="本文は JSON で送信し、Content-Type: application/json を指定してください。",
        )


class BodyNotJson(DomainError):
    """Content-Type said JSON, the body is not (RFC 8259)."""

    status = 400
    title = "リクエストの本文を読み取れません"

    def __init__(self) -> None:
        super().__init__(
            code=CommonErrorCode.REQUEST_INVALID_JSON,
            detail="本文を JSON として読み取れませんでした。",
        )


class ServerError(DomainError):
    """Anything unexpected: 500, with no detail of what happened (the log has the request id)."""

    status = 500

    def __init__(self) -> None:
        super().__init__(
            code=CommonErrorCode.SERVER_ERROR,
            detail="システムエラーが発生しました。時間をおいて再度お試しください。",
        )


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
    error: DomainError,
    *,
    instance: str,
    request_id: str | None = None,
    status: int | None = None,
) -> JsonResponse:
    """The problem document of `error`; `status` only for an error whose status is decided
    where it is answered (a framework's HttpError), else the error class's own."""
    status = error.status if status is None else status
    document = problem_document(
        code=error.code,
        title=error.title,
        status=status,
        detail=error.detail,
        instance=instance,
        errors=[e.as_dict() for e in error.errors],
        request_id=request_id,
    )
    retry_after = _retry_after(error)
    if retry_after is not None:
        document["retry_after"] = retry_after
    response = JsonResponse(
        document,
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
    if retry_after is not None:
        # RFC 6585 §4 (429) and RFC 9110 §15.6.4 (503): how long to wait; clients and
        # proxies read the header.
        response["Retry-After"] = str(retry_after)
    return response


def _retry_after(error: DomainError) -> int | None:
    if isinstance(error, (RateLimited, DatabaseUnavailable)):
        return error.retry_after
    return None


def rate_limited_page(request: HttpRequest, error: RateLimited) -> HttpResponse:
    """The page of a refusal by a rate limit or a lockout: 429.html, with Retry-After."""
    response = render(
        request,
        "429.html",
        {"retry_after_minutes": max(1, -(-error.retry_after // 60))},
        status=429,
    )
    response["Retry-After"] = str(error.retry_after)
    return response
