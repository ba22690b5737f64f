"""The error answers of every operation in the OpenAPI document.

django-ninja documents only the success responses it validates. The errors come from one
place (config/api.py, RFC 9457 problem+json), so they are declared here from what an operation
is: credentials → 401/403; a path parameter (the municipality, an id) → 404; a body → 400
(not JSON), 413 (too large), 415 (not declared JSON); parameters or a body → 422; a write →
409 (state, idempotency) and 422 (rules); every operation → 429 (rate limits).
A fuzz test (config/tests/test_openapi_fuzz.py) checks that no other status is ever answered.
"""

from __future__ import annotations

from typing import Any

from jichitai.common.problems import PROBLEM_CONTENT_TYPE

PROBLEM_SCHEMA_NAME = "Problem"

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 Problem Details. `code` is stable; docs/problems.md lists them.",
    "type": "object",
    "required": ["type", "title", "status", "detail", "instance", "code", "errors"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "code": {"type": "string", "description": "機械判読できる安定した識別子"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "code", "detail"],
                "properties": {
                    "field": {"type": "string", "description": "JSON pointer"},
                    "code": {"type": "string"},
                    "detail": {"type": "string"},
                },
            },
        },
        "request_id": {"type": "string"},
    },
}

DESCRIPTIONS = {
    400: "リクエストを読み取れません（本文が JSON でない）",
    401: "認証が必要、またはトークンが無効（auth.required / auth.token_invalid）",
    403: "権限がない、または CSRF トークンがない（auth.role_required / auth.csrf_failed）",
    404: "見つかりません（他の団体のデータを含む）",
    409: "現在の状態では処理できません",
    413: "本文が大きすぎます（request.too_large）",
    415: "本文は application/json で送信してください（request.unsupported_media_type）",
    422: "入力内容または業務上の規則の誤り",
    429: "リクエストが多すぎます（Retry-After 秒後に再試行）",
}

WRITE_METHODS = frozenset({"post", "put", "patch", "delete"})


def problem_statuses(operation: dict[str, Any], *, method: str) -> set[int]:
    """The error statuses an operation can answer, from what it takes (see the module doc)."""
    parameters = operation.get("parameters", [])
    has_body = "requestBody" in operation
    statuses = {429}
    if operation.get("security"):
        statuses |= {401, 403}
    if any(p.get("in") == "path" for p in parameters):
        statuses.add(404)
    if parameters or has_body:
        statuses.add(422)
    if has_body:
        statuses |= {400, 413, 415}
    if method in WRITE_METHODS:
        statuses |= {409, 422}
    return statuses


def problem_responses_declare(schema: dict[str, Any]) -> None:
    """Adds the Problem schema and each operation's error responses to `schema` in place."""
    schema.setdefault("components", {}).setdefault("schemas", {})[PROBLEM_SCHEMA_NAME] = (
        PROBLEM_SCHEMA
    )
    problem = {
        PROBLEM_CONTENT_TYPE: {"schema": {"$ref": f"#/components/schemas/{PROBLEM_SCHEMA_NAME}"}}
    }
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            responses = operation.setdefault("responses", {})
            for status in sorted(problem_statuses(operation, method=method)):
                responses.setdefault(
                    status, {"description": DESCRIPTIONS[status], "content": problem}
                )
