"""Resolves the `/<lg_code>/…` prefix to the municipality every tenant page belongs to."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from jichitai.common.problems import problem_response
from jichitai.tenants.errors import MunicipalityNotFound
from jichitai.tenants.selectors import municipality_get_served


class MunicipalityMiddleware:
    """Sets `request.municipality` from the `lg_code` URL argument (404 when not served).

    Doing it once here means no view can forget it, and an unknown or unserved code is a
    plain 404 that reveals nothing about which municipalities exist.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.municipality = None  # type: ignore[attr-defined]  # this is what makes a TenantRequest
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        lg_code = view_kwargs.get("lg_code")
        if lg_code is None:
            return None
        try:
            request.municipality = municipality_get_served(lg_code=lg_code)  # type: ignore[attr-defined]  # this is what makes a TenantRequest
        except MunicipalityNotFound as error:
            if request.path.startswith("/api/"):
                return problem_response(
                    error, instance=request.path, request_id=getattr(request, "request_id", None)
                )
            raise Http404 from None
        return None
