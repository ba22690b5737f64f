"""The services and counters a municipality starts with."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jichitai.visits.models import Counter, Service, ServiceKind


@dataclass(frozen=True)
class StandardService:
    key: str
    name: str
    prefix: str
    slot_minutes: int
    capacity: int
    kind: ServiceKind = ServiceKind.COUNTER
    staff_names: str = ""
    vehicle: str = ""


# 住民異動・証明書・マイナンバーカード・子育て: the counters most 市区町村 have; 出張申請 is the
# 総務省-funded マイナンバーカード出張申請受付 (care homes, hospitals) with a car and two staff.
STANDARD_SERVICES = (
    StandardService("moving", "住民異動（転入・転出・転居）", "A", 30, 3),
    StandardService("certificates", "証明書の発行", "B", 15, 4),
    StandardService("my-number-card", "マイナンバーカードの交付・更新", "C", 30, 2),
    StandardService("childcare", "子育て（児童手当・保育）", "D", 30, 2),
    StandardService(
        "outreach",
        "出張申請（施設・病院）",
        "E",
        120,
        1,
        ServiceKind.OUTREACH,
        "市民課 2名",
        "公用車 1号",
    ),
)


def visits_setup_defaults(*, municipality_code: str) -> list[Service]:
    """来庁予約の初期設定: the standard services (8:30 to 17:00) and one counter per counter
    service; existing rows are left as the municipality changed them."""
    services = []
    for standard in STANDARD_SERVICES:
        service, _ = Service.objects.get_or_create(
            municipality_id=municipality_code,
            key=standard.key,
            defaults={
                "name": standard.name,
                "prefix": standard.prefix,
                "slot_minutes": standard.slot_minutes,
                "capacity": standard.capacity,
                "kind": standard.kind,
                "staff_names": standard.staff_names,
                "vehicle": standard.vehicle,
                "opens_at": dt.time(8, 30),
                "closes_at": dt.time(17),
            },
        )
        services.append(service)
    for number, service in enumerate(
        (s for s in services if s.kind == ServiceKind.COUNTER), start=1
    ):
        counter, created = Counter.objects.get_or_create(
            municipality_id=municipality_code, number=number, defaults={"name": f"{number}番窓口"}
        )
        if created:
            counter.services.add(service, through_defaults={"municipality_id": municipality_code})
    return services
