"""Request id and source for services and logs; security headers; the 429 page.

Logs carry the request id, never the request's personal data.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse

from jichitai.common.exceptions import RateLimited
from jichitai.common.problems import rate_limited_page
from jichitai.common.request_context import (
    current_request_id,
    reset_request_id,
    reset_source,
    set_request_id,
    set_source,
)


def client_address(request: HttpRequest) -> str:
    """The address of the client: REMOTE_ADDR, or behind JICHITAI_TRUSTED_PROXIES reverse
    proxies the address the outermost one saw. Entries left of it are the client's own
    word and are ignored: they would let anyone pick the address a limit counts for."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.JICHITAI_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip() for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
    ]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex
        token = set_request_id(request_id)
        source_token = set_source(client_address(request))
        request.request_id = request_id  # type: ignore[attr-defined]  # read with getattr by the error handlers
        try:
            response = self.get_response(request)
        finally:
            reset_source(source_token)
            reset_request_id(token)
        response["X-Request-ID"] = request_id
        return response


class SecurityHeadersMiddleware:
    """The headers Django does not send itself: Permissions-Policy (no page uses a camera,
    microphone, location or payment API). Django's SecurityMiddleware sends nosniff,
    Referrer-Policy and Cross-Origin-Opener-Policy; django-csp the Content-Security-Policy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.JICHITAI_PERMISSIONS_POLICY)
        return response


class RateLimitedPageMiddleware:
    """A page refused by a rate limit (common.ratelimit) shows 429.html with Retry-After; the
    API answers problem+json itself (config/api.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, RateLimited):
            return None
        return rate_limited_page(request, exception)


class ServerTimingMiddleware:
    """`Server-Timing: app;dur=…, cpu;dur=…, db;dur=…;desc="N queries"` on every response:
    the request's wall time in Django, the CPU time of its thread, and the time spent waiting
    on the database. Installed only when JICHITAI_SERVER_TIMING is on (the load benchmark), so
    a client on another core can tell the server's share of a latency from its own and from
    queueing, and a wall time much above cpu + db shows waiting for the GIL or a lock."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        queries = [0, 0.0]

        def timed(
            execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
        ) -> Any:
            begin = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                queries[0] += 1
                queries[1] += time.perf_counter() - begin

        begin, cpu = time.perf_counter(), time.thread_time()
        with connection.execute_wrapper(timed):
            response = self.get_response(request)
        app_ms = (time.perf_counter() - begin) * 1000
        cpu_ms = (time.thread_time() - cpu) * 1000
        response["Server-Timing"] = (
            f"app;dur={app_ms:.1f}, cpu;dur={cpu_ms:.1f}, "
            f'db;dur={queries[1] * 1000:.1f};desc="{queries[0]} queries"'
        )
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id() or "-"
        return True
