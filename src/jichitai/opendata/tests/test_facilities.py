"""施設台帳: the office keeps its facilities with the rules of 公共施設一覧 (a wrong value is
refused at its item, a quirk is normalised) and publishes the master as the dataset."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from jichitai.audit.models import AuditRecord
from jichitai.conftest import signed_in
from jichitai.identity.models import Role, StaffUser
from jichitai.identity.services import staff_create
from jichitai.opendata.errors import FacilityIdTaken, FacilityInvalid, FacilityMasterEmpty
from jichitai.opendata.models import Facility, Licence
from jichitai.opendata.selectors import publication_file
from jichitai.opendata.services import facilities_publish, facility_save
from jichitai.opendata.tests.factories import FACILITY_VALUES, facility_saved
from jichitai.tenants.models import Municipality


@pytest.fixture
def keeper(midori: Municipality) -> StaffUser:
    """A 各課担当 of みどり市 (管財課, keeping the facility master)."""
    return staff_create(
        municipality=midori,
        username="kanzai",
        password="not used",
        display_name="管財課",
        roles=[Role.DEPARTMENT],
        actor=None,
        check_password=False,
    )


def _save(midori: Municipality, keeper: StaffUser, **values: str) -> Facility:
    return facility_save(
        municipality_code=midori.lg_code,
        facility_id=None,
        values={**FACILITY_VALUES, **values},
        actor=keeper,
    )


def test_a_facility_is_kept_as_the_dataset_publishes_it(
    midori: Municipality, keeper: StaffUser
) -> None:
    facility = _save(midori, keeper, 名称_カナ="ﾁｭｳｵｳｺｳﾐﾝｶﾝ")
    assert facility.values["名称_カナ"] == "チュウオウコウミンカン"
    assert facility.values["開始時間"] == "09:00"
    assert AuditRecord.objects.filter(action="opendata.facility_save").count() == 1


@pytest.mark.parametrize(
    ("item", "value", "code"),
    [
        ("緯度", "139.28", "value.coordinates_swapped"),
        ("開始時間", "9:75", "value.time"),
        ("URL", "www.example.jp", "value.uri"),
        ("名称_カナ", "", "value.required_empty"),
        ("ID", "", "value.required_empty"),
    ],
)
def test_a_value_the_dataset_refuses_is_refused_at_its_item(
    midori: Municipality, keeper: StaffUser, item: str, value: str, code: str
) -> None:
    values = {item: value}
    if item == "緯度":
        values["経度"] = "36.43"
    with pytest.raises(FacilityInvalid) as refused:
        _save(midori, keeper, **values)
    assert (f"/{item}", code) in [(e.field, e.code) for e in refused.value.errors]
    assert not Facility.objects.exists()


def test_two_facilities_cannot_share_an_id(midori: Municipality, keeper: StaffUser) -> None:
    _save(midori, keeper)
    with pytest.raises(FacilityIdTaken):
        _save(midori, keeper, 名称="別の施設")


def test_the_master_is_published_as_public_facility(
    midori: Municipality, keeper: StaffUser
) -> None:
    with pytest.raises(FacilityMasterEmpty):
        facilities_publish(municipality_code=midori.lg_code, licence=Licence.PDL, actor=keeper)
    _save(midori, keeper)
    _save(midori, keeper, ID="F002", 名称="図書館", 名称_カナ="トショカン")
    publication = facilities_publish(
        municipality_code=midori.lg_code, licence=Licence.PDL, actor=keeper
    )
    assert (publication.dataset_key, publication.record_count) == ("public_facility", 2)
    published = publication_file(
        municipality_code=midori.lg_code, dataset_key="public_facility", file_format="csv"
    )
    assert published is not None
    rows = list(csv.DictReader(io.StringIO(published.body.decode("utf-8-sig"))))
    assert [(r["ID"], r["名称"], r["全国地方公共団体コード"]) for r in rows] == [
        ("F001", "中央公民館", "102121"),
        ("F002", "図書館", "102121"),
    ]


def _form(**values: str) -> dict[str, str]:
    names = {
        "ID": "identifier",
        "名称": "name",
        "名称_カナ": "nameKana",
        "所在地_連結表記": "fullAddress",
        "緯度": "latitude",
        "経度": "longitude",
        "開始時間": "startTime",
    }
    merged = {**FACILITY_VALUES, **values}
    return {names[k]: v for k, v in merged.items() if k in names}


def test_the_office_adds_edits_and_deletes_a_facility(
    midori: Municipality, keeper: StaffUser
) -> None:
    client = signed_in(keeper)
    added = client.post("/102121/opendata/office/facilities/new/", _form())
    assert added.status_code == 302
    facility = Facility.objects.get()
    listed = client.get("/102121/opendata/office/facilities/").content.decode()
    assert "中央公民館" in listed
    url = f"/102121/opendata/office/facilities/{facility.pk}/"
    refused = client.post(url, _form(開始時間="午前"))
    assert refused.status_code == 200
    assert "「午前」" in refused.content.decode()
    assert Facility.objects.get().values["開始時間"] == "09:00"
    assert client.post(url, _form(開始時間="8:30")).status_code == 302
    assert Facility.objects.get().values["開始時間"] == "08:30"
    published = client.post("/102121/opendata/office/facilities/", {"licence": Licence.CC_BY})
    assert "公共施設一覧を第1版として公開しました（1件）" in published.content.decode()
    assert client.post(f"{url}delete/").status_code == 302
    assert not Facility.objects.exists()


def test_another_municipality_s_facility_is_not_found(
    midori: Municipality, minakami: Municipality, keeper: StaffUser, outsider: StaffUser
) -> None:
    facility = facility_saved(midori, actor=keeper)
    client: Client = signed_in(outsider)
    assert (
        client.get(f"/{minakami.lg_code}/opendata/office/facilities/{facility.pk}/").status_code
        == 404
    )
    deleted = client.post(f"/{minakami.lg_code}/opendata/office/facilities/{facility.pk}/delete/")
    assert deleted.status_code == 404
    assert Facility.objects.filter(pk=facility.pk).exists()


def test_the_staff_home_links_to_open_data_for_those_who_publish(
    keeper: StaffUser, clerk: StaffUser
) -> None:
    link = 'href="/102121/opendata/office/"'
    assert link in signed_in(keeper).get("/102121/staff/").content.decode()
    assert link not in signed_in(clerk).get("/102121/staff/").content.decode()
