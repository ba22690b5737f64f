"""Published open data for tests: a small, clean AED設置箇所一覧 of the municipality."""

from __future__ import annotations

from jichitai.common.actors import Actor
from jichitai.opendata.models import Licence, Publication
from jichitai.opendata.services import publication_publish
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
