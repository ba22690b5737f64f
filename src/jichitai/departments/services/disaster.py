"""被災者台帳 (災害対策基本法 第90条の3) and the 罹災証明書 (第90条の2): the disaster, the
住家被害認定 the survey found for a dwelling, and the certificate issued on it.

A dwelling is named by its 所在地 as the register writes the address: the survey and the
application meet on it, compared with spaces and character width ignored.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.common.kana import normalize_width
from jichitai.departments.errors import DisasterNotAssessed, DisasterUnknown, ValueInvalid
from jichitai.departments.models import (
    DamageClass,
    Disaster,
    DisasterCertificate,
    DwellingDamage,
)
from jichitai.departments.services.checks import (
    choice_checked,
    code_checked,
    order_checked,
    text_checked,
)
from jichitai.identity.models import StaffUser
from jichitai.tenants.models import Municipality

PURPOSE = "災害対策基本法による被災者台帳の作成及び罹災証明書の交付に関する事務"
DISASTER_OBJECT = "departments.Disaster"
ADDRESS_MAX = 200


def dwelling_address_key(address: str) -> str:
    """The 所在地 as the 台帳 keeps it: width folded, spaces dropped (「１丁目 2番」=「1丁目2番」)."""
    return "".join(normalize_width(address).split())


@transaction.atomic
def disaster_record(
    *,
    municipality: Municipality,
    name: str,
    occurred_on: dt.date,
    ended_on: dt.date | None,
    area: str,
    actor: StaffUser | None,
) -> Disaster:
    """災害 entered in the 被災者台帳. Raises ValueInvalid (text, or the same disaster twice),
    DatesOutOfOrder."""
    text_checked(name, pointer="/name", max_length=100)
    text_checked(area, pointer="/area", max_length=ADDRESS_MAX)
    if ended_on is not None:
        order_checked(
            occurred_on, ended_on, pointer="/ended_on", message="終了日は発生日より前にできません。"
        )
    try:
        with transaction.atomic():
            disaster = Disaster.objects.create(
                municipality=municipality,
                name=name,
                occurred_on=occurred_on,
                ended_on=ended_on,
                area=area,
                recorded_at=timezone.now(),
            )
    except IntegrityError:
        raise ValueInvalid(pointer="/name", message="同じ災害がすでに登録されています。") from None
    audit_record(
        actor=actor,
        action="disaster.record",
        municipality_code=municipality.pk,
        object_type=DISASTER_OBJECT,
        object_id=disaster.pk,
        purpose=PURPOSE,
    )
    return disaster


def _disaster_locked(municipality: Municipality, disaster_id: int) -> Disaster:
    disaster = (
        Disaster.objects.select_for_update()
        .filter(municipality=municipality, pk=disaster_id)
        .first()
    )
    if disaster is None:
        raise DisasterUnknown(pointer="/disaster_id")
    return disaster


@transaction.atomic
def dwelling_damage_assess(
    *,
    municipality: Municipality,
    disaster_id: int,
    dwelling_address: str,
    damage_class: DamageClass,
    surveyed_on: dt.date,
    actor: StaffUser | None,
) -> DwellingDamage:
    """住家被害認定: the class the survey (被害認定調査) found for the dwelling; a 再調査 of
    the same dwelling replaces it. Raises DisasterUnknown, ValueInvalid, DatesOutOfOrder."""
    text_checked(dwelling_address, pointer="/dwelling_address", max_length=ADDRESS_MAX)
    damage_class = choice_checked(DamageClass, damage_class, pointer="/damage_class")
    disaster = _disaster_locked(municipality, disaster_id)
    order_checked(
        disaster.occurred_on,
        surveyed_on,
        pointer="/surveyed_on",
        message="調査日は災害の発生日より前にできません。",
    )
    damage, created = DwellingDamage.objects.update_or_create(
        municipality=municipality,
        disaster=disaster,
        dwelling_address=dwelling_address_key(dwelling_address),
        defaults={
            "damage_class": damage_class,
            "surveyed_on": surveyed_on,
            "recorded_at": timezone.now(),
        },
    )
    audit_record(
        actor=actor,
        action="disaster.damage_assess",
        municipality_code=municipality.pk,
        object_type="departments.DwellingDamage",
        object_id=damage.pk,
        purpose=PURPOSE,
        detail={"resurvey": not created},
    )
    return damage


def _next_number(municipality: Municipality, issued_on: dt.date) -> str:
    """証明番号 `R2026-00001`: a serial per year within the municipality (the lock on the
    disaster row serialises issues of one disaster; the unique index decides the rest)."""
    prefix = f"R{issued_on.year}-"
    last = DisasterCertificate.objects.filter(
        municipality=municipality, number__startswith=prefix
    ).aggregate(last=Max("number"))["last"]
    serial = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{serial:05d}"


@transaction.atomic
def disaster_certificate_issue(
    *,
    municipality: Municipality,
    disaster_id: int,
    dwelling_address: str,
    code: str,
    issued_on: dt.date,
    actor: StaffUser | None,
) -> DisasterCertificate:
    """罹災証明書の交付 (第90条の2) to the applicant known by `code`, on the 認定 recorded for
    their dwelling. Raises CodeInvalid, DisasterUnknown, DisasterNotAssessed, ValueInvalid."""
    code_checked(code, pointer="/code")
    text_checked(dwelling_address, pointer="/dwelling_address", max_length=ADDRESS_MAX)
    disaster = _disaster_locked(municipality, disaster_id)
    damage = DwellingDamage.objects.filter(
        municipality=municipality,
        disaster=disaster,
        dwelling_address=dwelling_address_key(dwelling_address),
    ).first()
    if damage is None:
        raise DisasterNotAssessed()
    try:
        with transaction.atomic():
            certificate = DisasterCertificate.objects.create(
                municipality=municipality,
                damage=damage,
                code=code,
                number=_next_number(municipality, issued_on),
                issued_on=issued_on,
            )
    except IntegrityError:
        raise ValueInvalid(
            pointer="/code", message="証明番号が重なりました。もう一度お試しください。"
        ) from None
    audit_record(
        actor=actor,
        action="disaster.certificate_issue",
        municipality_code=municipality.pk,
        object_type="departments.DisasterCertificate",
        object_id=certificate.pk,
        purpose=PURPOSE,
    )
    return certificate
