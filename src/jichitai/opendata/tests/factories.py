"""Published open data for tests: a small, clean AED設置箇所一覧 of the municipality."""

from __future__ import annotations

from jichitai.common.actors import Actor
from jichitai.opendata.models import Facility, Licence, Publication
from jichitai.opendata.services import facility_save, publication_publish
from jichitai.tenants.models import Municipality

AED_HEADER = "全国地方公共団体コード,ID,名称,名称_カナ,所在地_連結表記,緯度,経度,設置位置"


def aed_csv(municipality: Municipality) -> bytes:
    code = municipality.lg_code
    return (
        f"{AED_HEADER}\r\n"
        f"{code},A1,市役所,シヤクショ,本庁舎1-1,35.70,139.90,1階ロビー\r\n"
        f"{code},A2,中央公民館,チュウオウコウミンカン,中央2-2,35.72,139.93,玄関\r\n"
    ).encode()


def aed_published(municipality: Municipality, *, actor: Actor) -> Publication:
    """The municipality's AED list, published once (the same publication on later calls)."""
    existing = Publication.objects.filter(municipality=municipality, dataset_key="aed").first()
    return existing or publication_publish(
        municipality_code=municipality.lg_code,
        dataset_key="aed",
        data=aed_csv(municipality),
        filename=f"{municipality.lg_code}_aed.csv",
        licence=Licence.CC_BY,
        actor=actor,
    )


FACILITY_VALUES = {
    "ID": "F001",
    "名称": "中央公民館",
    "名称_カナ": "チュウオウコウミンカン",
    "所在地_連結表記": "群馬県みどり市大間々町大間々1511番地",
    "緯度": "36.4363",
    "経度": "139.2825",
    "電話番号": "0277-76-0000",
    "利用可能曜日": "月火水木金土",
    "開始時間": "9:00",
    "終了時間": "21:00",
}


def facility_saved(municipality: Municipality, *, actor: Actor, **values: str) -> Facility:
    """A facility of the municipality's master (中央公民館 unless told otherwise); the same
    row on later calls with the same ID."""
    merged = {**FACILITY_VALUES, **values}
    existing = Facility.objects.filter(municipality=municipality, identifier=merged["ID"]).first()
    return existing or facility_save(
        municipality_code=municipality.lg_code, facility_id=None, values=merged, actor=actor
    )
