"""The catalog for machines: DCAT-AP (Turtle, JSON-LD) and the read part of the CKAN action
API, under `/<lg_code>/opendata/`. Public data; every read takes from the source's
JICHITAI_RATE_OPENDATA_CATALOG."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from jichitai.common.exceptions import RateLimited
from jichitai.common.replica import stale_reads_allowed
from jichitai.opendata.catalog import catalog_entries
from jichitai.opendata.ckan import CkanError, Site, action_call
from jichitai.opendata.dcat import dcat_graph, dcat_jsonld, dcat_turtle
from jichitai.tenants.http import TenantRequest

# A CKAN action's parameters are a few short values: a body larger than this is refused.
MAX_BODY_BYTES = 10_000
DCAT_FORMATS = {
    "ttl": ("text/turtle; charset=utf-8", dcat_turtle),
    "jsonld": ("application/ld+json", dcat_jsonld),
}


def _catalog_url(request: TenantRequest) -> str:
    lg_code = request.municipality.lg_code
    return request.build_absolute_uri(reverse("opendata:catalog", kwargs={"lg_code": lg_code}))


@require_GET
@stale_reads_allowed
def dcat_view(request: TenantRequest, lg_code: str, dcat_format: str) -> HttpResponse:
    """DCAT-AP カタログ: `dcat.ttl` (Turtle) or `dcat.jsonld` (JSON-LD)."""
    content_type, write = DCAT_FORMATS[dcat_format]
    catalog_url = _catalog_url(request)
    entries = catalog_entries(
        municipality_code=request.municipality.lg_code, catalog_url=catalog_url
    )
    graph = dcat_graph(municipality=request.municipality, catalog_url=catalog_url, entries=entries)
    return HttpResponse(write(graph), content_type=content_type)


def _params(request: TenantRequest) -> dict[str, Any]:
    """GET's query string, or POST's JSON object (ckanapi) or form fields."""
    if request.method == "GET":
        return request.GET.dict()
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"{}")
        except ValueError:
            raise CkanError("Bad Request", "Bad request - JSON Error", 400) from None
        if not isinstance(body, dict):
            raise CkanError("Bad Request", "Bad request - JSON Error", 400)
        return body
    return request.POST.dict()


def _answer(body: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


# A read API called by programs with no session: no cookie is read, so no CSRF to forge.
@csrf_exempt
@require_http_methods(["GET", "POST"])
@stale_reads_allowed
def ckan_action_view(request: TenantRequest, lg_code: str, action: str) -> HttpResponse:
    """CKAN action API: `api/3/action/<action>` (and `api/action/<action>`, ckanapi's path)."""
    length = request.META.get("CONTENT_LENGTH") or "0"
    try:
        if not length.isdigit() or int(length) > MAX_BODY_BYTES:
            raise CkanError("Bad Request", "Bad request - the request body is too large", 413)
        params = _params(request)
        entries = catalog_entries(
            municipality_code=request.municipality.lg_code, catalog_url=_catalog_url(request)
        )
        site = Site(municipality=request.municipality, entries=entries)
        result = action_call(action, site, params)
    except CkanError as error:
        return _answer({"success": False, "error": error.as_dict()}, error.status)
    except RateLimited as error:
        response = _answer(
            {"success": False, "error": {"__type": "Rate Limit", "message": error.detail}}, 429
        )
        response["Retry-After"] = str(error.retry_after)
        return response
    return _answer({"success": True, "result": result})
