"""The catalog for machines: DCAT-AP in Turtle and JSON-LD, and the CKAN action API read by
CKAN's own client (ckanapi) against the running server; the five real files published through
the office's service and listed by CKAN."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
from ckanapi import NotFound, RemoteCKAN, ValidationError
from django.test import Client
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer
from rdflib import Graph, URIRef, namespace

from jichitai.common.ratelimit import Rate
from jichitai.identity.models import StaffUser
from jichitai.opendata.models import Licence
from jichitai.opendata.selectors import file_validate
from jichitai.opendata.services import facilities_publish, publication_publish
from jichitai.opendata.tests.factories import aed_published, facility_saved
from jichitai.opendata.tests.helpers import AED, EVACUATION, PRESCHOOL, TOILET, TOURISM
from jichitai.tenants.models import Municipality

CATALOG = "http://testserver/102121/opendata/"


@pytest.fixture
def published(midori: Municipality, clerk: StaffUser) -> Municipality:
    """みどり市 publishes its AED list (CC BY) and its 公共施設一覧 (PDL) from the master."""
    aed_published(midori, actor=clerk)
    facility_saved(midori, actor=clerk)
    facilities_publish(municipality_code=midori.lg_code, licence=Licence.PDL, actor=clerk)
    return midori


@pytest.mark.parametrize(
    ("path", "rdf_format"), [("dcat.ttl", "turtle"), ("dcat.jsonld", "json-ld")]
)
def test_the_dcat_catalog_lists_every_dataset_with_its_downloads(
    published: Municipality, client: Client, path: str, rdf_format: str
) -> None:
    response = client.get(f"/102121/opendata/{path}")
    assert response.status_code == 200
    graph = Graph().parse(data=response.content, format=rdf_format)
    catalog = URIRef(CATALOG)
    assert (catalog, namespace.RDF.type, namespace.DCAT.Catalog) in graph
    datasets = set(graph.objects(catalog, namespace.DCAT.dataset))
    assert datasets == {URIRef(f"{CATALOG}aed/"), URIRef(f"{CATALOG}public_facility/")}
    aed = URIRef(f"{CATALOG}aed/")
    downloads = {str(d) for d in graph.objects(aed, namespace.DCAT.distribution)}
    assert downloads == {f"{CATALOG}aed/{f}/" for f in ("csv", "json", "geojson")}
    csv = URIRef(f"{CATALOG}aed/csv/")
    assert (
        str(graph.value(csv, namespace.DCTERMS.license))
        == "https://creativecommons.org/licenses/by/4.0/"
    )
    assert str(graph.value(csv, namespace.DCAT.mediaType)).endswith("/text/csv")
    assert str(graph.value(aed, namespace.DCTERMS.title)) in ("AED設置箇所一覧", "AED locations")


def test_another_municipality_s_catalog_is_empty(
    published: Municipality, minakami: Municipality, client: Client
) -> None:
    graph = Graph().parse(
        data=client.get(f"/{minakami.lg_code}/opendata/dcat.ttl").content, format="turtle"
    )
    assert list(graph.subjects(namespace.RDF.type, namespace.DCAT.Dataset)) == []
    answer = client.get(f"/{minakami.lg_code}/opendata/api/3/action/package_list").json()
    assert answer == {"success": True, "result": []}


def _action(client: Client, action: str, **params: object) -> tuple[int, dict[str, Any]]:
    response = client.post(
        f"/102121/opendata/api/3/action/{action}", params, content_type="application/json"
    )
    return response.status_code, json.loads(response.content)


def test_ckan_errors_keep_ckan_s_envelope(published: Municipality, client: Client) -> None:
    status, body = _action(client, "package_show", id="no_such")
    assert (status, body["success"], body["error"]["__type"]) == (404, False, "Not Found Error")
    status, body = _action(client, "package_search", rows=5000)
    assert (status, body["error"]["__type"]) == (409, "Validation Error")
    status, body = _action(client, "package_create", name="x")
    assert status == 400 and "Action name not known" in body["error"]["message"]
    status, body = _action(client, "package_show", id=["a" * 300])
    assert status == 409
    response = client.post(
        "/102121/opendata/api/3/action/package_list", "[1,", content_type="application/json"
    )
    assert response.status_code == 400


def test_ckan_reads_are_rate_limited(
    published: Municipality, client: Client, settings: Settings
) -> None:
    settings.JICHITAI_RATE_OPENDATA_CATALOG = Rate.parse("2/m")
    assert client.get("/102121/opendata/api/3/action/package_list").status_code == 200
    assert client.get("/102121/opendata/dcat.ttl").status_code == 200
    refused = client.get("/102121/opendata/api/3/action/package_list")
    assert refused.status_code == 429
    assert refused.json()["success"] is False and int(refused["Retry-After"]) > 0


def test_ckanapi_lists_and_reads_the_catalog(
    live_server: LiveServer, midori: Municipality, clerk: StaffUser
) -> None:
    aed_published(midori, actor=clerk)
    facility_saved(midori, actor=clerk)
    facilities_publish(municipality_code=midori.lg_code, licence=Licence.PDL, actor=clerk)
    with RemoteCKAN(f"{live_server.url}/102121/opendata") as ckan:
        assert ckan.action.package_list() == ["aed", "public_facility"]
        assert ckan.action.organization_list() == ["102121"]
        package = ckan.action.package_show(id="public_facility")
        assert (package["title"], package["license_id"]) == ("公共施設一覧", "PDL-1.0")
        assert package["organization"]["title"] == "群馬県みどり市"
        csv = next(r for r in package["resources"] if r["format"] == "CSV")
        assert ckan.action.resource_show(id=csv["id"])["url"] == csv["url"]
        # The resource's URL is the download itself, in the form a spreadsheet opens.
        download = requests.get(csv["url"], timeout=10)
        assert download.content.startswith(b"\xef\xbb\xbf")
        assert "中央公民館" in download.content.decode("utf-8-sig")
        found = ckan.action.package_search(q="AED")
        assert (found["count"], found["results"][0]["name"]) == (1, "aed")
        with pytest.raises(NotFound):
            ckan.action.package_show(id="population")
        with pytest.raises(ValidationError):
            ckan.action.package_search(rows=-1)
    # Clients that only GET (get_only) read the same.
    with RemoteCKAN(f"{live_server.url}/102121/opendata", get_only=True) as ckan:
        assert ckan.action.package_show(id="aed")["num_resources"] == 3


def test_the_five_real_files_publish_with_their_counts_and_ckan_lists_them(
    midori: Municipality, clerk: StaffUser, client: Client
) -> None:
    for path, records in (
        (AED, 191),
        (EVACUATION, 390),
        (PRESCHOOL, 302),
        (TOILET, 82),
        (TOURISM, 792),
    ):
        filename = path.name.split("__", 1)[1]
        key = file_validate(path.read_bytes(), filename=filename).dataset.key
        publication = publication_publish(
            municipality_code=midori.lg_code,
            dataset_key=key,
            data=path.read_bytes(),
            filename=filename,
            licence=Licence.CC_BY,
            actor=clerk,
        )
        assert publication.record_count == records, path.name
    names = client.get("/102121/opendata/api/3/action/package_list").json()["result"]
    assert names == ["aed", "evacuation_space", "preschool", "public_toilet", "tourism"]
    status, found = _action(client, "package_search", q="公衆トイレ")
    assert (status, found["result"]["count"]) == (200, 1)
