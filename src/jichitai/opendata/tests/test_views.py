"""The office uploads a file, sees the report per record and column, and publishes only a
clean file; anyone reads the catalog, a dataset's page and its downloads."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django import Settings

from jichitai.audit.models import AuditRecord
from jichitai.common.ratelimit import Rate
from jichitai.conftest import signed_in
from jichitai.identity.models import Role, StaffUser
from jichitai.identity.services import staff_create
from jichitai.opendata.errors import LicenceInvalid, PublicationRefused
from jichitai.opendata.models import Licence, Publication
from jichitai.opendata.services import publication_publish
from jichitai.opendata.tests.factories import aed_csv, aed_published
from jichitai.opendata.tests.helpers import TOURISM
from jichitai.tenants.models import Municipality
from jichitai.testing.client import ClientResponse


@pytest.fixture
def publisher(midori: Municipality) -> StaffUser:
    """A 各課担当 of みどり市 (防災課 publishing the AED list)."""
    return staff_create(
        municipality=midori,
        username="bousai",
        password="not used",
        display_name="防災課",
        roles=[Role.DEPARTMENT],
        actor=None,
        check_password=False,
    )


def _upload(
    client: Client, data: bytes, *, name: str = "102121_aed.csv", publish: bool = True
) -> ClientResponse:
    form: dict[str, object] = {
        "file": SimpleUploadedFile(name, data, content_type="text/csv"),
        "dataset": "",
        "licence": Licence.PDL,
    }
    if publish:
        form["publish"] = "on"
    return client.post("/102121/opendata/office/", form)


def test_a_clean_file_is_published_as_the_next_version(
    publisher: StaffUser, midori: Municipality
) -> None:
    client = signed_in(publisher)
    first = _upload(client, aed_csv(midori))
    assert first.status_code == 200
    assert "第1版として公開しました（2件）" in first.content.decode()
    _upload(client, aed_csv(midori))
    versions = Publication.objects.filter(municipality=midori, dataset_key="aed")
    assert sorted(versions.values_list("version", flat=True)) == [1, 2]
    audit = AuditRecord.objects.filter(chain="102121", action="opendata.publish")
    assert audit.count() == 2
    assert audit.first().detail == {"version": 1, "records": 2, "warnings": 0}  # type: ignore[union-attr]


def test_a_file_with_errors_is_reported_and_not_published(
    publisher: StaffUser, midori: Municipality
) -> None:
    broken = aed_csv(midori).replace(b"35.70,139.90", b"139.90,35.70")
    response = _upload(signed_in(publisher), broken)
    page = response.content.decode()
    assert "エラー 1件、警告 0件：エラーを直すまで公開できません。" in page
    assert "value.coordinates_swapped" in page
    assert not Publication.objects.exists()


def test_without_publish_the_file_is_only_checked(
    publisher: StaffUser, midori: Municipality
) -> None:
    response = _upload(
        signed_in(publisher), TOURISM.read_bytes(), name="tourism.csv", publish=False
    )
    page = response.content.decode()
    assert "観光施設一覧" in page and "旧推奨データセット" in page and "792" in page
    assert "最初の" not in page  # 31 findings, all shown
    assert not Publication.objects.exists()


def test_an_unreadable_file_is_a_form_error(publisher: StaffUser) -> None:
    response = _upload(signed_in(publisher), b"\x85\x40,\x81")
    assert "文字コードを判別できません" in response.content.decode()
    assert not Publication.objects.exists()


def test_the_counter_may_not_upload(clerk_client: Client) -> None:
    assert clerk_client.get("/102121/opendata/office/").status_code == 403


def test_the_catalog_lists_the_latest_version_with_downloads(
    client: Client, publisher: StaffUser, midori: Municipality
) -> None:
    assert (
        "公開中のデータセットはまだありません。" in client.get("/102121/opendata/").content.decode()
    )
    aed_published(midori, actor=publisher)
    catalog = client.get("/102121/opendata/").content.decode()
    assert "AED設置箇所一覧" in catalog and "第1版" in catalog
    page = client.get("/102121/opendata/aed/").content.decode()
    assert page.count("<circle ") == 2
    assert "102121_aed.geojson" in page
    assert "クリエイティブ・コモンズ 表示 4.0" in page


def test_downloads_are_csv_with_bom_json_and_geojson(
    client: Client, publisher: StaffUser, midori: Municipality
) -> None:
    aed_published(midori, actor=publisher)
    csv = client.get("/102121/opendata/aed/csv/")
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    assert csv["Content-Disposition"] == 'attachment; filename="102121_aed.csv"'
    assert csv.content.startswith("\ufeff全国地方公共団体コード,ID,地方公共団体名".encode())
    records = json.loads(client.get("/102121/opendata/aed/json/").content)["records"]
    assert [r["名称"] for r in records] == ["市役所", "中央公民館"]
    geojson = client.get("/102121/opendata/aed/geojson/")
    assert geojson["Content-Type"] == "application/geo+json"
    assert json.loads(geojson.content)["features"][0]["geometry"]["coordinates"] == [139.9, 35.7]
    assert client.get("/102121/opendata/aed/xml/").status_code == 404


def test_downloads_are_limited_per_source(
    client: Client, publisher: StaffUser, midori: Municipality, settings: Settings
) -> None:
    """Each download is written from the published records: a source cannot make the server
    write files without end."""
    settings.JICHITAI_RATE_OPENDATA_DOWNLOADS = Rate.parse("2/m")
    aed_published(midori, actor=publisher)
    assert [client.get("/102121/opendata/aed/csv/").status_code for _ in range(2)] == [200, 200]

    refused = client.get("/102121/opendata/aed/json/")

    assert refused.status_code == 429
    assert "Retry-After" in refused


def test_another_municipalitys_dataset_is_not_found(
    client: Client, publisher: StaffUser, midori: Municipality, minakami: Municipality
) -> None:
    aed_published(midori, actor=publisher)
    assert client.get("/104493/opendata/aed/").status_code == 404
    assert client.get("/104493/opendata/aed/csv/").status_code == 404
    assert client.get("/102121/opendata/nope/").status_code == 404


def test_the_service_refuses_errors_and_unknown_licences(
    publisher: StaffUser, midori: Municipality
) -> None:
    broken = aed_csv(midori).replace(b"102121,A2", b"102122,A2")
    with pytest.raises(PublicationRefused, match="エラーが1件あるため公開できません"):
        publication_publish(
            municipality_code="102121",
            dataset_key="aed",
            data=broken,
            filename="x.csv",
            licence=Licence.PDL,
            actor=publisher,
        )
    with pytest.raises(LicenceInvalid):
        publication_publish(
            municipality_code="102121",
            dataset_key="aed",
            data=aed_csv(midori),
            filename="x.csv",
            licence="GPL",
            actor=publisher,
        )
    assert not Publication.objects.exists()
