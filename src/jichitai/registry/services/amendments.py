"""修正 (amendments) of one record: 氏名・旧氏・通称 changes, 職権修正, 誤記修正 and the change
of 個人番号. Corrections are changes too: who, why, and the before/after in the history rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from jichitai.common.error_codes import CommonErrorCode
from jichitai.common.exceptions import InvalidInput, RuleViolation, json_pointer
from jichitai.common.partial_dates import parse_partial_date
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
    qualification_dates_check,
    resident_code_unique_check,
    residents_lock,
)
from jichitai.tenants.models import Municipality

# 軽微な修正 (規則第11条第３項第２号: 常用平易な文字, 町字の名称変更, 住居表示 …) is a
# correction like the other two, under its own 区分 (doc/j210.txt §1.2.2).
CORRECTION_TYPES = (
    ChangeType.EX_OFFICIO_CORRECTION,
    ChangeType.CLERICAL_CORRECTION,
    ChangeType.MINOR_CORRECTION,
)
MY_NUMBER_TYPES = (
    ChangeType.MY_NUMBER_CHANGE,
    ChangeType.MY_NUMBER_EX_OFFICIO_CORRECTION,
    ChangeType.MY_NUMBER_EX_OFFICIO_ENTRY,
)
RESIDENT_CODE_TYPES = (ChangeType.RESIDENT_CODE_CHANGE, ChangeType.RESIDENT_CODE_EX_OFFICIO_ENTRY)
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
        "former_surname_kana_confirmed",
        "alias",
        "alias_kana",
        "alias_kana_confirmed",
        "birth_date",
        "birth_date_text",
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
        "previous_postal_code",
        "nationality",
        "foreign_category",
        "residence_status",
        "period_of_stay",
        "stay_expires_on",
        "residence_card_number",
        "on_electoral_roll",
        "national_health_insurance",
        "nhi_acquired_on",
        "nhi_lost_on",
        "nhi_retiree",
        "late_elderly_insurance",
        "care_insurance",
        "national_pension",
        "basic_pension_number",
        "pension_category",
        "pension_category_changed_on",
        "pension_acquired_on",
        "pension_lost_on",
        "child_allowance",
        "moving_to_address",
        "moving_to_postal_code",
        "removed_on",
        "my_number_card_status",
        "my_number_card_status_on",
        "juki_card_status",
        "juki_card_status_on",
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
    qualification_dates_check(resident)
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
    former_surname_kana_confirmed: bool = True,
    note: str = "",
    circumstances: ChangeCircumstances = NOTIFIED,
) -> Change:
    """旧氏の記載・変更・削除 (on 請求, 日本人住民 only; empty values delete it). The 異動事由
    is the one of the three §1.2.2 区分 the request amounts to."""
    if not former_surname and former_surname_kana:
        raise InvalidInput.for_field(
            "/former_surname",
            RegistryErrorCode.FORMER_SURNAME_REQUIRED,
            "旧氏の振り仮名だけを記載することはできません。",
        )
    (resident,) = residents_lock(municipality=municipality, resident_ids=[resident_id])
    if not former_surname.strip():
        change_type = ChangeType.FORMER_SURNAME_REMOVAL
    elif resident.former_surname:
        change_type = ChangeType.FORMER_SURNAME_CHANGE
    else:
        change_type = ChangeType.FORMER_SURNAME_ENTRY
    return _one_change(
        municipality=municipality,
        resident_id=resident_id,
        change_type=change_type,
        updates={
            "former_surname": former_surname.strip(),
            "former_surname_kana": former_surname_kana,
            "former_surname_kana_confirmed": bool(former_surname_kana)
            and former_surname_kana_confirmed,
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
    alias_kana_confirmed: bool = True,
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
        change_type=ChangeType.ALIAS_CHANGE if alias.strip() else ChangeType.ALIAS_REMOVAL,
        updates={
            "alias": alias.strip(),
            "alias_kana": alias_kana,
            "alias_kana_confirmed": bool(alias_kana) and alias_kana_confirmed,
        },
        effective_on=effective_on,
        notified_on=notified_on,
        actor=actor,
        note=note,
        circumstances=circumstances,
    )


def _birth_date_corrected(updates: dict[str, Any], on: dt.date) -> dict[str, Any]:
    """生年月日 corrected (doc/j80.txt §1.1.8): a 不詳日 text sets the form and the latest
    day; a date alone is an ordinary date now, so the text goes. Clearing the text without a
    date would show the sort day as if it were known (みなし生年月日): refused.
    Raises InvalidInput (`/birth_date_text`, `/birth_date`)."""
    text = str(updates.get("birth_date_text", "")).strip()
    if not text:
        if not updates.get("birth_date"):
            raise InvalidInput.for_field(
                "/birth_date",
                CommonErrorCode.DATE_FORMAT,
                "不詳日の表記を消すときは、判明した生年月日を入力してください。",
            )
        return {**updates, "birth_date_text": "", "birth_date_form": ""}
    try:
        parsed = parse_partial_date(text)
    except InvalidInput as error:
        raise InvalidInput.for_field("/birth_date_text", error.code, error.detail) from None
    latest = parsed.latest or updates.get("birth_date") or on
    return {
        **updates,
        "birth_date": min(latest, on),
        "birth_date_text": parsed.text,
        "birth_date_form": parsed.form.value,
    }


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
    """職権修正・誤記修正・軽微な修正 (correction): any item but numbers, state and household; allowed on
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
    if "birth_date" in updates or "birth_date_text" in updates:
        updates = _birth_date_corrected(updates, effective_on or timezone.localdate())
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
    change_type: ChangeType = ChangeType.MY_NUMBER_CHANGE,
    circumstances: ChangeCircumstances = NOTIFIED,
) -> Change:
    """個人番号の変更請求・職権修正・職権記載 (番号法 第7条第2項: on 請求 or ex officio when it
    may be misused; 職権記載 where the record had none). The three are §1.2.2 区分 of their own.
    Raises ResidentNotFound, InvalidInput (check digit), RuleViolation (duplicate)."""
    if change_type not in MY_NUMBER_TYPES:
        raise ValueError(f"{change_type} is not a change of 個人番号")
    if not my_number:
        raise InvalidInput.for_field(
            "/my_number",
            CommonErrorCode.MY_NUMBER_FORMAT,
            "個人番号は半角数字12桁で入力してください。",
        )
    return _one_change(
        municipality=municipality,
        resident_id=resident_id,
        change_type=change_type,
        updates={"my_number": my_number},
        effective_on=effective_on,
        notified_on=notified_on,
        actor=actor,
        note=note,
        circumstances=circumstances,
    )


@transaction.atomic
def resident_code_change(
    *,
    municipality: Municipality,
    resident_id: int,
    resident_code: str,
    effective_on: dt.date,
    notified_on: dt.date | None,
    actor: StaffUser | None,
    note: str = "",
    change_type: ChangeType = ChangeType.RESIDENT_CODE_CHANGE,
) -> Change:
    """住民票コードの変更請求 (住民基本台帳法 第30条の4) or 職権記載 (doc/j210.txt §1.2.2).
    Raises ResidentNotFound, InvalidInput (format, check digit), RuleViolation (duplicate,
    nothing changed)."""
    if change_type not in RESIDENT_CODE_TYPES:
        raise ValueError(f"{change_type} is not a change of 住民票コード")
    return _one_change(
        municipality=municipality,
        resident_id=resident_id,
        change_type=change_type,
        updates={"resident_code": resident_code},
        effective_on=effective_on,
        notified_on=notified_on,
        actor=actor,
        note=note,
    )
