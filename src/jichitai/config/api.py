"""The single NinjaAPI: mounts every app's router and turns every error into RFC 9457
problem+json with a stable `code` and a Japanese `detail`."""

from __future__ import annotations

import logging

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer

from jichitai.common.exceptions import (
    DomainError,
    FieldError,
    InvalidInput,
    NotAuthenticated,
    NotFound,
)
from jichitai.common.problems import problem_response

logger = logging.getLogger("jichitai.api")


class Utf8JSONRenderer(JSONRenderer):
    """Japanese text as UTF-8, readable in logs of clients and in curl, not as \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=Utf8JSONRenderer(),
    title="jichitai API",
    version="1",
    description=(
        "自治体DXプラットフォーム jichitai の API。団体のデータは `/{lg_code}/…` の下にあり、"
        "職員のAPIトークン（Bearer）またはログイン中のセッションで利用します。"
        "エラーは RFC 9457 (application/problem+json) で、`code` は機械判読できる安定した識別子です。"
    ),
    urls_namespace="api",
)


def _respond(request: HttpRequest, error: DomainError) -> JsonResponse:
    return problem_response(
        error, instance=request.path, request_id=getattr(request, "request_id", None)
    )


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _respond(request, exc)


def _pointer(loc: list[object]) -> str:
    # ninja prefixes the location with where it came from ("body", "query", "path").
    return "/" + "/".join(str(part) for part in loc)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        FieldError(
            _pointer(list(e.get("loc", []))),
            f"validation.{e.get('type', 'invalid')}",
            str(e.get("msg", "入力値が正しくありません。")),
        )
        for e in exc.errors
    ]
    return _respond(
        request,
        InvalidInput(
            code="validation.failed",
            detail="入力内容に誤りがあります。各項目のエラーを確認してください。",
            errors=errors,
        ),
    )


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _respond(
        request,
        NotAuthenticated(
            code="auth.required", detail="APIトークンまたは職員のログインが必要です。"
        ),
    )


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _respond(
        request, NotFound(code="not_found", detail="指定されたデータは見つかりません。")
    )


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    error = DomainError(code=f"http.{exc.status_code}", detail=str(exc.message))
    error.status = exc.status_code  # type: ignore[misc]
    return _respond(request, error)


@api.exception_handler(Exception)
def on_unexpected_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Only the class name is logged: the message could hold personal data.
    logger.error("unhandled %s in API", type(exc).__name__)
    error = DomainError(
        code="server.error", detail="システムエラーが発生しました。時間をおいて再度お試しください。"
    )
    error.status = 500  # type: ignore[misc]
    return _respond(request, error)


api.add_router("/", "jichitai.tenants.api.router")
api.add_router("/", "jichitai.identity.api.router")
api.add_router("/", "jichitai.audit.api.router")
api.add_router("/", "jichitai.registry.api.router")
api.add_router("/", "jichitai.procedures.api.router")
api.add_router("/", "jichitai.portal.api.router")
