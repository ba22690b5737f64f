"""修正 (amendments) of one record: 氏名・旧氏・通称 changes, 職権修正, 誤記修正 and the change
of 個人番号. Corrections are changes too: who, why, and the before/after in the history rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from jichitai.common.error_codes import CommonErrorCode
from jichitai.common.exceptions import InvalidInput, RuleViolation, json_pointer
from jichitai.identity.models import StaffUser
from jichitai.registry.error_codes import RegistryErrorCode
from jichitai.registry.models import Change, ChangeType, Resident, ResidentType
from jichitai.registry.services.recording import (
    NOTIFIED,
    ChangeCircumstances,
    change_audit,
    change_open,
    dates_check,
    foreign_items_check,
    history_write,
    household_head_check,
    living_check,
    my_number_set,
    person_fields_check,
    resident_code_unique_check,
    residents_lock,
)
from jichitai.tenants.models import Municipality

CORRECTION_TYPES = (ChangeType.EX_OFFICIO_CORRECTION, ChangeType.CLERICAL_CORRECTION)
# Items a correction may touch. Numbers, state and household membership change only through
# their own 異動 (個人番号の変更, 消除, 世帯変更…), so their history stays meaningful.
CORRECTABLE_FIELDS = frozenset(
    {
        "name",
        "name_kana",
        "name_kana_confirmed",
        "name_alphabet",
        "former_surname",
        "former_surname_kana",
        "alias",
        "alias_kana",
        "birth_date",
        "sex",
        "relationship",
        "domicile",
        "domicile_head",
        "became_resident_on",
        "postal_code",
        "address",
        "address_extra",
        "address_fixed_on",
        "notified_on",
        "previous_address",
        "nationality",
        "foreign_category",
        "residence_status",
        "period_of_stay",
        "stay_expires_on",
        "residence_card_number",
        "on_electoral_roll",
        "national_health_insurance",
        "late_elderly_insurance",
        "care_insurance",
        "national_pension",
        "child_allowance",
        "moving_to_address",
        "removed_on",
        "resident_code",
    }
)


def _apply(resident: Resident, updates: dict[str, Any]) -> list[str]:
    changed = []
    for field, value in updates.items():
        if getattr(resident, field) != value:
            setattr(resident, field, value)
            changed.append(field)
    return changed


def _one_change(
    *,
    municipality: Municipality,
    resident_id: int,
    change_type: ChangeType,
    updates: dict[str, Any],
    effective_on: dt.date,
    notified_on: dt.date | None,
    actor: StaffUser | None,
    note: str,
    circumstances: ChangeCircumstances = NOTIFIED,
    allow_closed: bool = False,
) -> Change:
    (resident,) = residents_lock(municipality=municipality, resident_ids=[resident_id])
    if not allow_closed:
        living_check([resident])
    dates_check(
        effective_on=effective_on, notified_on=notified_on, not_before=[resident.birth_date]
    )
    checked = person_fields_check(updates)
    my_number = checked.pop("my_number", None)
    changed = _apply(resident, checked)
    if my_number is not None:
        my_number_set(resident, my_number)
        changed.append("my_number")
    if not changed:
        raise RuleViolation.for_field(
            "/updates", RegistryErrorCode.NOTHING_CHANGED, "変更する項目がありません。"
        )
    foreign_items_check(resident)
    if "resident_code" in changed:
        resident_code_unique_check(resident)
    change = change_open(
        municipality=municipality,
        change_type=change_type,
        effective_on=effective_on,
        notified_on=notified_on,
        actor=actor,
        note=note,
        circumstances=circumstances,
    )
    if notified_on is not None and change_type not in CORRECTION_TYPES:
        resident.notified_on = notified_on
    history_write(resident, change)
    if "relationship" in changed:
        household_head_check(resident.household)
    change_audit(change=change, actor=actor, residents=1, fields=changed)
    return change


@transaction.atomic
def resident_name_change(
    *,
    municipality: Municipality,
    resident_id: int,
    name: str,
    name_kana: str,
    effective_on: dt.date,
    notified_on: dt.date | None,
    actor: StaffUser | None,
    name_kana_confirmed: bool = True,
    note: str = "",
    circumstances: ChangeCircumstances = NOTIFIED,
) -> Change:
    """氏名の変更 (e.g. after 婚姻 recorded in the 戸籍). Raises ResidentNotFound, InvalidInput."""
    return _one_change(
        municipality=municipality,
        resident_id=resident_id,
        change_type=ChangeType.NAME_CHANGE,
        updates={"name": name, "name_kana": name_kana, "name_kana_confirmed": name_kana_confirmed},
        effective_on=effective_on,
        notified_on=notified_on,
        actor=actor,
        note=note,
        circumstances=circumstances,
    )


@transaction.atomic
def resident_former_surname_change(
    *,
    municipality: Municipality,
    resident_id: int,
    former_surname: str,
    former_surname_kana: str,
    effective_on: dt.date,
    notified_on: dt.date | None,
    actor: StaffUser | None,
    note: str = "",
    circumstances: ChangeCircumstances = NOTIFIED,
) -> Change:
    """旧氏の記載・変更・削除 (on 請求, 日本人住民 only; empty values delete it)."""
    if not former_surname and former_surname_kana:
        raise InvalidInput.for_field(
            "/former_surname",
            RegistryErrorCode.FORMER_SURNAME_REQUIRED,
            "旧氏の振り仮名だけを記載することはできません。",
        )
    return _one_change(
        municipality=municipality,
        resident_id=resident_id,
        change_type=ChangeType.FORMER_SURNAME_CHANGE,
        updates={
            "former_surname": former_surname.strip(),
            "former_surname_kana": former_surname_kana,
        },
        effective_on=effective_on,
        notified_on=notified_on,
        actor=actor,
        note=note,
        circumstances=circumstances,
    )


@transaction.atomic
def resident_alias_change(
    *,
    municipality: Municipality,
    resident_id: int,
    alias: str,
    alias_kana: str,
    effective_on: dt.date,
    notified_on: dt.date | None,
    actor: StaffUser | None,
    note: str = "",
    circumstances: ChangeCircumstances = NOTIFIED,
) -> Change:
    """通称の記載・削除 (on 申出, 外国人住民 only; empty values delete it)."""
    (resident,) = residents_lock(municipality=municipality, resident_ids=[resident_id])
    if resident.resident_type != ResidentType.FOREIGN:
        raise InvalidInput.for_field(
            "/alias", RegistryErrorCode.ALIAS_FOREIGN_ONLY, "通称は外国人住民にのみ記載できます。"
        )
    return _one_change(
        municipality=municipality,
        resident_id=resident_id,
        change_type=ChangeType.ALIAS_CHANGE,
        updates={"alias": alias.strip(), "alias_kana": alias_kana},
        effective_on=effective_on,
        notified_on=notified_on,
        actor=actor,
        note=note,
        circumstances=circumstances,
    )


@transaction.atomic
def resident_correct(
    *,
    municipality: Municipality,
    resident_id: int,
    change_type: ChangeType,
    updates: dict[str, Any],
    reason: str,
    actor: StaffUser | None,
    effective_on: dt.date | None = None,
) -> Change:
    """職権修正・誤記修正 (correction): any item but numbers, state and household; allowed on
    除票 too. The reason is required and kept with the change.
    Raises ResidentNotFound, InvalidInput (unknown or invalid items), RuleViolation."""
    if change_type not in CORRECTION_TYPES:
        raise ValueError(f"{change_type} is not a correction")
    unknown = set(updates) - CORRECTABLE_FIELDS
    if unknown:
        raise InvalidInput.for_field(
            json_pointer(sorted(unknown)[0]),
            RegistryErrorCode.FIELD_NOT_CORRECTABLE,
            "この項目は修正では変更できません（専用の異動で行ってください）。",
        )
    if not reason.strip():
        raise InvalidInput.for_field(
            "/reason", RegistryErrorCode.REASON_REQUIRED, "修正の理由を入力してください。"
        )
    return _one_change(
        municipality=municipality,
        resident_id=resident_id,
        change_type=change_type,
        updates=updates,
        effective_on=effective_on or timezone.localdate(),
        notified_on=None,
        actor=actor,
        note=reason,
        allow_closed=True,
    )


@transaction.atomic
def resident_my_number_change(
    *,
    municipality: Municipality,
    resident_id: int,
    my_number: str,
    effective_on: dt.date,
    notified_on: dt.date | None,
    actor: StaffUser | None,
    note: str = "",
    circumstances: ChangeCircumstances = NOTIFIED,
) -> Change:
    """個人番号の変更 (番号法 第7条第2項: on 請求 or ex officio when it may be misused).
    Raises ResidentNotFound, InvalidInput (check digit), RuleViolation (duplicate)."""
    if not my_number:
        raise InvalidInput.for_field(
            "/my_number",
            CommonErrorCode.MY_NUMBER_FORMAT,
            "個人番号は半角数字12桁で入力してください。",
        )
    return _one_change(
        municipality=municipality,
        resident_id=resident_id,
        change_type=ChangeType.MY_NUMBER_CHANGE,
        updates={"my_number": my_number},
        effective_on=effective_on,
        notified_on=notified_on,
        actor=actor,
        note=note,
        circumstances=circumstances,
    )
