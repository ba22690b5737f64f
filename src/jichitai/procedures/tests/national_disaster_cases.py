"""Conformance row of 罹災証明書の発行申請, one of the five of the 31 that are not 子育て・介護
(see national_cases): 山田花子's home was surveyed after a typhoon and found 半壊."""

from __future__ import annotations

import datetime as dt

from jichitai.departments.models import Business, DamageClass, Disaster, DisasterCertificate
from jichitai.departments.services import disaster_record, dwelling_damage_assess
from jichitai.procedures.models import CaseDocument
from jichitai.procedures.tests.national_cases import Conformance, World, _iso, _person


def typhoon(world: World) -> Disaster:
    """A typhoon struck みどり市 20 days ago (two days long)."""
    return disaster_record(
        municipality=world.municipality,
        name="令和8年台風第10号",
        occurred_on=world.today - dt.timedelta(days=20),
        ended_on=world.today - dt.timedelta(days=19),
        area="みどり市全域",
        actor=None,
    )


def surveyed(world: World, disaster: Disaster) -> None:
    """The survey found 花子's home 半壊 five days ago."""
    dwelling_damage_assess(
        municipality=world.municipality,
        disaster_id=disaster.pk,
        dwelling_address=world.people["花子"].address,
        damage_class=DamageClass.HALF,
        surveyed_on=world.today - dt.timedelta(days=5),
        actor=None,
    )


def disaster_data(world: World) -> dict[str, object]:
    return {
        "applicant": _person(world.people["花子"]),
        "disaster_on": _iso(world, -19),
        "dwelling": {"address": world.people["花子"].address, "ownership": "持家"},
        "damage": "床上浸水、壁にひびが入った",
        "purpose": "被災者生活再建支援金の申請",
    }


def _issued(world: World) -> bool:
    certificate = DisasterCertificate.objects.get(
        municipality=world.municipality, code=world.code(Business.DISASTER, "花子")
    )
    return (
        certificate.damage.damage_class == DamageClass.HALF
        and certificate.issued_on == world.today
        and CaseDocument.objects.filter(
            municipality=world.municipality, title="罹災証明書", issue_number=certificate.number
        ).exists()
    )


DISASTER_CASES = [
    Conformance(
        procedure_id="disaster_certificate",
        applicant="花子",
        arrange=lambda world: surveyed(world, typhoon(world)),
        data=disaster_data,
        recorded=_issued,
        missing="/disaster_on",
        wrong=("/dwelling/ownership", "城"),
    ),
]
