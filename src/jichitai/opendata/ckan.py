"""The read part of the CKAN action API (CKAN 2.x, `ckan.logic.action.get`), so that existing
CKAN clients (ckanapi, harvesters) read a municipality's catalog unchanged.

A municipality's catalog is one CKAN site whose one organization is the municipality and
whose packages are its published datasets (name: the dataset's key), each with one resource
per download format. The answers keep CKAN's envelope: `{"success": true, "result": …}`, and
on failure `{"success": false, "error": {"__type": "Not Found Error" | "Validation Error",
"message": …}}` with the HTTP status CKAN gives (404, 409 for a validation error, 400 for an
unknown action). Only what these five actions need is implemented.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jichitai.opendata.catalog import CatalogEntry, Distribution
from jichitai.tenants.models import Municipality

# package_search: CKAN's own default and maximum of `rows`.
SEARCH_ROWS_DEFAULT = 10
SEARCH_ROWS_MAX = 1000
# Bounds of every parameter (the catalog has at most a few dozen datasets).
MAX_OFFSET = 100_000
MAX_TEXT = 200


@dataclass
class CkanError(Exception):
    """An action's failure, as CKAN's ApiController answers it."""

    kind: str  # CKAN's error __type
    message: str
    status: int
    fields: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"__type": self.kind, "message": self.message, **self.fields}


def _not_found(what: str) -> CkanError:
    return CkanError("Not Found Error", f"Not found: {what}が見つかりません。", 404)


def _invalid(name: str, message: str) -> CkanError:
    return CkanError("Validation Error", f"{name}: {message}", 409, {name: [message]})


@dataclass(frozen=True)
class Site:
    """What an action reads: the municipality and its catalog's entries."""

    municipality: Municipality
    entries: list[CatalogEntry]


def organization(site: Site) -> dict[str, Any]:
    municipality = site.municipality
    return {
        "id": municipality.lg_code,
        "name": municipality.lg_code,
        "title": municipality.full_name,
        "display_name": municipality.full_name,
        "description": f"{municipality.full_name}のオープンデータ",
        "type": "organization",
        "is_organization": True,
        "state": "active",
        "approval_status": "approved",
        "image_url": "",
        "package_count": len(site.entries),
    }


def _resource(entry: CatalogEntry, distribution: Distribution, position: int) -> dict[str, Any]:
    return {
        "id": entry.id_for(distribution.file_format),
        "package_id": entry.id_for(),
        "name": f"{entry.dataset.title}（{distribution.file_type}）",
        "description": f"第{entry.publication.version}版",
        "format": distribution.file_type,
        "mimetype": distribution.media_type,
        "url": distribution.url,
        "url_type": None,
        "position": position,
        "state": "active",
        "created": entry.issued.isoformat(),
        "last_modified": entry.modified.isoformat(),
        "metadata_modified": entry.modified.isoformat(),
    }


def package(site: Site, entry: CatalogEntry) -> dict[str, Any]:
    resources = [_resource(entry, d, i) for i, d in enumerate(entry.distributions)]
    publication = entry.publication
    return {
        "id": entry.id_for(),
        "name": entry.dataset.key,
        "title": entry.dataset.title,
        "notes": (
            f"{entry.dataset.title}（{entry.dataset.title_en}）。自治体標準オープンデータセット。"
            f"第{publication.version}版、{publication.record_count}件。"
        ),
        "type": "dataset",
        "state": "active",
        "private": False,
        "version": str(publication.version),
        "url": entry.url,
        "license_id": publication.licence,
        "license_title": entry.licence_title,
        "license_url": entry.licence_url,
        "metadata_created": entry.issued.isoformat(),
        "metadata_modified": entry.modified.isoformat(),
        "author": site.municipality.full_name,
        "maintainer": site.municipality.full_name,
        "owner_org": site.municipality.lg_code,
        "organization": organization(site),
        "tags": [
            {
                "name": "自治体標準オープンデータセット",
                "display_name": "自治体標準オープンデータセット",
            }
        ],
        "groups": [],
        "extras": [{"key": "lg_code", "value": site.municipality.lg_code}],
        "num_tags": 1,
        "num_resources": len(resources),
        "resources": resources,
    }


def _text(params: Mapping[str, Any], name: str, *, required: bool = False) -> str:
    value = params.get(name)
    if value is None or value == "":
        if required:
            raise _invalid(name, "入力してください。")
        return ""
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise _invalid(name, f"{MAX_TEXT}文字までの文字列を指定してください。")
    return value


def _number(params: Mapping[str, Any], name: str, *, default: int, maximum: int) -> int:
    value = params.get(name, default)
    if isinstance(value, bool):
        raise _invalid(name, "整数を指定してください。")
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise _invalid(name, "整数を指定してください。") from None
    if not 0 <= number <= maximum:
        raise _invalid(name, f"0から{maximum}までの整数を指定してください。")
    return number


def _entry(site: Site, reference: str) -> CatalogEntry:
    for entry in site.entries:
        if reference in (entry.dataset.key, entry.id_for()):
            return entry
    raise _not_found("データセット")


def package_list(site: Site, params: Mapping[str, Any]) -> list[str]:
    limit = _number(params, "limit", default=MAX_OFFSET, maximum=MAX_OFFSET)
    offset = _number(params, "offset", default=0, maximum=MAX_OFFSET)
    return [entry.dataset.key for entry in site.entries][offset : offset + limit]


def package_show(site: Site, params: Mapping[str, Any]) -> dict[str, Any]:
    return package(site, _entry(site, _text(params, "id", required=True)))


def package_search(site: Site, params: Mapping[str, Any]) -> dict[str, Any]:
    """Free text `q` (every word in the name, title or description; `*:*` or blank: all),
    `rows` and `start`; `fq` only as `organization:<lg_code>` (a client scoping to the one
    organization), newest first as CKAN's default sort without a query."""
    words = _text(params, "q").split()
    if words == ["*:*"]:
        words = []
    filter_query = _text(params, "fq")
    rows = _number(params, "rows", default=SEARCH_ROWS_DEFAULT, maximum=SEARCH_ROWS_MAX)
    start = _number(params, "start", default=0, maximum=MAX_OFFSET)
    packages = [package(site, entry) for entry in site.entries]
    if filter_query and filter_query not in (
        f"organization:{site.municipality.lg_code}",
        f"owner_org:{site.municipality.lg_code}",
    ):
        packages = []
    found = [
        p
        for p in packages
        if all(
            word.casefold() in f"{p['name']} {p['title']} {p['notes']}".casefold() for word in words
        )
    ]
    found.sort(key=lambda p: p["metadata_modified"], reverse=True)
    return {
        "count": len(found),
        "results": found[start : start + rows],
        "sort": "score desc, metadata_modified desc",
        "facets": {},
        "search_facets": {},
    }


def organization_list(site: Site, params: Mapping[str, Any]) -> list[Any]:
    all_fields = str(params.get("all_fields", "")).lower() in ("true", "1")
    return [organization(site) if all_fields else site.municipality.lg_code]


def resource_show(site: Site, params: Mapping[str, Any]) -> dict[str, Any]:
    reference = _text(params, "id", required=True)
    for entry in site.entries:
        for position, distribution in enumerate(entry.distributions):
            if entry.id_for(distribution.file_format) == reference:
                return _resource(entry, distribution, position)
    raise _not_found("リソース")


ACTIONS: dict[str, Callable[[Site, Mapping[str, Any]], Any]] = {
    "package_list": package_list,
    "package_show": package_show,
    "package_search": package_search,
    "organization_list": organization_list,
    "resource_show": resource_show,
}


def action_call(action: str, site: Site, params: Mapping[str, Any]) -> Any:
    """The action's result. Raises CkanError (unknown action, bad parameter, not found)."""
    handler = ACTIONS.get(action)
    if handler is None:
        raise CkanError("Bad Request", f"Bad request - Action name not known: {action[:40]}", 400)
    return handler(site, params)
