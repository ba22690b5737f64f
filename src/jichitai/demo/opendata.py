"""The demo's open data: each demo municipality's facility master (施設台帳) published as
公共施設一覧, and 地域・年齢別人口 counted from its demo register, both by its 管理者 through
opendata's services. Made once: a municipality that has published anything is left alone."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from jichitai.identity.models import Role, StaffUser
from jichitai.opendata.errors import PopulationEmpty
from jichitai.opendata.models import Licence, Publication
from jichitai.opendata.services import facilities_publish, facility_save, population_publish
from jichitai.tenants.models import Municipality

# (ID, 名称, 名称_カナ, 所在地, 緯度, 経度, 開始時間, 終了時間): a few places of each town, placed
# near its office; demo values, not the towns' real master.
_FACILITIES = {
    "102121": (
        (
            "F001",
            "市役所本庁舎",
            "シヤクショホンチョウシャ",
            "大間々町大間々1511",
            "36.4359",
            "139.2821",
            "08:30",
            "17:15",
        ),
        (
            "F002",
            "中央公民館",
            "チュウオウコウミンカン",
            "大間々町大間々1520",
            "36.4372",
            "139.2840",
            "09:00",
            "21:00",
        ),
        (
            "F003",
            "市立図書館",
            "シリツトショカン",
            "笠懸町阿左美1000",
            "36.4010",
            "139.2900",
            "10:00",
            "18:00",
        ),
    ),
    "104493": (
        ("F001", "町役場", "チョウヤクバ", "後閑318", "36.6787", "138.9994", "08:30", "17:15"),
        (
            "F002",
            "町民体育館",
            "チョウミンタイイクカン",
            "月夜野1000",
            "36.6720",
            "138.9900",
            "09:00",
            "21:00",
        ),
    ),
}


@dataclass(frozen=True)
class DemoOpendata:
    lg_code: str
    facilities: int
    population_areas: int


def demo_opendata_seed() -> list[DemoOpendata]:
    """公共施設一覧 and 地域・年齢別人口 of every demo municipality not yet publishing, by its
    管理者 (made by demo_seed, which runs first)."""
    made = []
    for lg_code, facilities in _FACILITIES.items():
        municipality = Municipality.objects.get(lg_code=lg_code)
        if Publication.objects.filter(municipality=municipality).exists():
            continue
        admin = (
            StaffUser.objects.filter(municipality=municipality, roles__role=Role.ADMIN)
            .order_by("pk")
            .first()
        )
        if admin is not None:
            made.append(_publish(municipality, facilities, admin))
    return made


def _publish(
    municipality: Municipality, facilities: tuple[tuple[str, ...], ...], admin: StaffUser
) -> DemoOpendata:
    for identifier, name, kana, address, latitude, longitude, opens, closes in facilities:
        facility_save(
            municipality_code=municipality.lg_code,
            facility_id=None,
            values={
                "ID": identifier,
                "名称": name,
                "名称_カナ": kana,
                "所在地_連結表記": f"{municipality.full_name}{address}",
                "緯度": latitude,
                "経度": longitude,
                "開始時間": opens,
                "終了時間": closes,
            },
            actor=admin,
        )
    facilities_publish(municipality_code=municipality.lg_code, licence=Licence.PDL, actor=admin)
    try:
        areas = population_publish(
            municipality_code=municipality.lg_code,
            on=timezone.localdate(),
            licence=Licence.CC_BY,
            actor=admin,
        ).record_count
    except PopulationEmpty:
        # seed-demo without --residents: the register is empty, only the facilities.
        areas = 0
    return DemoOpendata(municipality.lg_code, len(facilities), areas)
