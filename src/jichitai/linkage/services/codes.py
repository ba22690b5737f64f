"""符号の発行 (issuing 符号): one per (municipality, business, person), the person known to the
broker by 住民票コード only; the mapping follows a changed 住民票コード."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.common.checkdigits import is_valid_lg_code, validate_resident_code
from jichitai.departments.models import Business
from jichitai.linkage.errors import ExchangeRequestInvalid
from jichitai.linkage.models import (
    Person,
    PersonCode,
)
from jichitai.linkage.routers import LINKAGE_DB

_FUGO_BYTES = 16
FUGO_MAX = 32


def municipality_code_checked(value: str) -> str:
    if not isinstance(value, str) or not is_valid_lg_code(value):
        raise ExchangeRequestInvalid("団体コードが正しくありません（検査用数字付きの6桁）。")
    return value


def person_code_obtain(*, municipality_code: str, business: Business, resident_code: str) -> str:
    """符号の取得: the 符号 by which `business` of the municipality knows the person with
    `resident_code`, issued on first request. The same person keeps the same 符号; nothing
    about the person can be derived from it."""
    validate_resident_code(resident_code)
    municipality_code_checked(municipality_code)
    business = Business(business)
    with transaction.atomic(using=LINKAGE_DB):
        person, _ = Person.objects.get_or_create(resident_code=resident_code)
        person_code, created = PersonCode.objects.get_or_create(
            person=person,
            municipality_code=municipality_code,
            business=business,
            defaults={"code": secrets.token_urlsafe(_FUGO_BYTES), "issued_at": timezone.now()},
        )
    if created:
        audit_record(
            actor=None,
            action="linkage.fugo_issue",
            municipality_code=municipality_code,
            object_type="linkage.personcode",
            object_id=person_code.pk,
        )
    return person_code.code


def person_resident_code_follow(*, old_code: str, new_code: str) -> bool:
    """住民票コードの変更 (住民基本台帳法 第30条の4): the person the broker knew by `old_code`
    is known by `new_code` from now on, with all their 符号 and exchanges. False when the
    broker never knew the old code, or already knows the new one (nothing is merged)."""
    validate_resident_code(new_code)
    with transaction.atomic(using=LINKAGE_DB):
        if Person.objects.filter(resident_code=new_code).exists():
            return False
        person = Person.objects.select_for_update().filter(resident_code=old_code).first()
        if person is None:
            return False
        person.resident_code = new_code
        person.save(update_fields=["resident_code"])
    audit_record(
        actor=None,
        action="linkage.person_resident_code_follow",
        municipality_code=None,
        object_type="linkage.person",
        object_id=person.pk,
    )
    return True
