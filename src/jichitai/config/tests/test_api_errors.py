from __future__ import annotations

from django.test import Client

from jichitai.tenants.models import Municipality


def test_a_bad_query_parameter_gets_a_422_problem_with_a_pointer(
    client: Client, midori: Municipality
) -> None:
    response = client.get("/api/v1/municipalities", {"limit": "many"})
    body = response.json()
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert body["code"] == "validation.failed"
    assert body["errors"][0]["field"] == "/query/limit"


def test_an_unknown_municipality_code_is_a_404_problem(
    client: Client, midori: Municipality
) -> None:
    for code in ("102122", "999999"):
        response = client.get(f"/api/v1/{code}/staff/me")
        assert response.status_code == 404
        assert response.json()["code"] == "municipality.not_found"


def test_the_public_list_finds_a_municipality_by_reading(
    client: Client, midori: Municipality
) -> None:
    body = client.get("/api/v1/municipalities", {"q": "みどり"}).json()
    assert body["count"] == 1
    assert body["items"][0]["full_name"] == "群馬県みどり市"
    assert client.get("/api/v1/municipalities/102121").json()["is_served"] is True


def test_openapi_document_lists_the_operations(client: Client, db: None) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    assert "/api/v1/{lg_code}/audit/records" in spec["paths"]
