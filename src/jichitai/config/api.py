"""The single NinjaAPI: mounts every app's router and turns every error into RFC 9457
problem+json with a stable `code` and a Japanese `detail`."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.renderers import JSONRenderer

from jichitai.common.db_errors import database_unavailable
from jichitai.common.error_codes import CommonErrorCode
from jichitai.common.exceptions import (
    DatabaseUnavailable,
    DomainError,
    FieldError,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    json_pointer,
)
from jichitai.common.problems import (
    BodyNotJson,
    BodyTooLarge,
    ServerError,
    UnsupportedMediaType,
    problem_response,
)
from jichitai.config.openapi import problem_responses_declare
from jichitai.identity.error_codes import IdentityErrorCode

logger = logging.getLogger("jichitai.api")


class Utf8JSONRenderer(JSONRenderer):
    """Japanese text as UTF-8, readable in logs of clients and in curl, not as \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


def _is_json(content_type: str) -> bool:
    media_type = content_type.partition(";")[0].strip().lower()
    return media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


class JsonOnlyParser(Parser):
    """Bodies of JSON endpoints are JSON, said so by `Content-Type` (RFC 8259 §11): a form
    post or text/plain that happens to parse as JSON is refused with 415, so a cross-site
    form can never make the browser send an API write it reads as JSON."""

    def parse_body(self, request: HttpRequest) -> Any:
        if not _is_json(request.content_type or ""):
            raise UnsupportedMediaType
        try:
            return json.loads(request.body)
        except (ValueError, RecursionError):
            raise BodyNotJson from None


class JichitaiAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        problem_responses_declare(schema)
        return schema


api = JichitaiAPI(
    renderer=Utf8JSONRenderer(),
    parser=JsonOnlyParser(),
    title="jichitai API",
    version="1",
    description=(
        "自治体DXプラットフォーム jichitai の API。団体のデータは `/{lg_code}/…` の下にあり、"
        "職員のAPIトークン（Bearer）またはログイン中のセッションで利用します。"
        "エラーは RFC 9457 (application/problem+json) で、`code` は機械判読できる安定した識別子です。"
    ),
    urls_namespace="api",
)


def _respond(
    request: HttpRequest, error: DomainError, *, status: int | None = None
) -> JsonResponse:
    return problem_response(
        error,
        instance=request.path,
        request_id=getattr(request, "request_id", None),
        status=status,
    )


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _respond(request, exc)


def _validation_code(error_type: str) -> str:
    # The project's own rules (common.api_types) carry their dotted code, the same one the
    # HTML forms give (`text.invalid_character`); pydantic's are prefixed `validation.`.
    return error_type if "." in error_type else f"validation.{error_type}"


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        FieldError(
            # ninja prefixes the location with where it came from ("body", "query", "path").
            json_pointer(*e.get("loc", [])),
            _validation_code(str(e.get("type", "invalid"))),
            str(e.get("msg", "入力値が正しくありません。")),
        )
        for e in exc.errors
    ]
    return _respond(
        request,
        InvalidInput(
            code=CommonErrorCode.VALIDATION_FAILED,
            detail="入力内容に誤りがあります。各項目のエラーを確認してください。",
            errors=errors,
        ),
    )


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _respond(
        request,
        NotAuthenticated(
            code=IdentityErrorCode.AUTH_REQUIRED,
            detail="APIトークンまたは職員のログインが必要です。",
        ),
    )


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _respond(
        request,
        NotFound(code=CommonErrorCode.NOT_FOUND, detail="指定されたデータは見つかりません。"),
    )


@api.exception_handler(RequestDataTooBig)
def on_body_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _respond(request, BodyTooLarge())


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # django-ninja wraps whatever the body parser raised into a 400 HttpError.
    if isinstance(exc.__cause__, DomainError):
        return _respond(request, exc.__cause__)
    return _respond(
        request,
        DomainError(code=_http_code(exc.status_code), detail=str(exc.message)),
        status=exc.status_code,
    )


def _http_code(status: int) -> str:
    # ninja raises 400 (a parameter it cannot read) and 403 (its CSRF check), both in the
    # enum; another status would keep the same `http.<status>` form.
    return CommonErrorCode.lookup(f"http.{status}") or f"http.{status}"


@api.exception_handler(Exception)
def on_unexpected_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    if database_unavailable(exc):
        # A failover or restart: the transaction is gone whole, the client sends it again.
        logger.warning("database unavailable (%s) in API", type(exc).__name__)
        return _respond(request, DatabaseUnavailable())
    # Only the class name is logged: the message could hold personal data.
    logger.error("unhandled %s in API", type(exc).__name__)
    return _respond(request, ServerError())


api.add_router("/", "jichitai.tenants.api.router")
api.add_router("/", "jichitai.identity.api.router")
api.add_router("/", "jichitai.audit.api.router")
api.add_router("/", "jichitai.registry.api.router")
api.add_router("/", "jichitai.procedures.api.router")
api.add_router("/", "jichitai.portal.api.router")
