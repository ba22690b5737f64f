"""The request type of tenant pages and API handlers (the way healthchecks' hc/api/decorators.py
types its requests): what the middleware has set is an attribute mypy knows."""

from __future__ import annotations

from django.http import HttpRequest

from jichitai.tenants.models import Municipality


class TenantRequest(HttpRequest):
    """A request under `/<lg_code>/…` (or `/api/v1/<lg_code>/…`): MunicipalityMiddleware has
    resolved the 団体コード to the served municipality, or answered 404 before the view ran."""

    municipality: Municipality
