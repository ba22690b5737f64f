"""修正 (amendments) of one record: 氏名・旧氏・通称 changes, 職権修正, 誤記修正 and the change
of 個人番号. Corrections are changes too: who, why, and the before/after in the history rows."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from jichitai.common.error_codes import CommonErrorCode
from jichitai.common.exceptions import InvalidInput, RuleViolation, json_pointer
from jichitai.common.partial_dates import parse_partial_date
from jichitai.identity.models import StaffUser
from jichitai.registry.error_codes import RegistryErrorCode
from jichitai.registry.errors import NetworkUnavailable
from jichitai.registry.models import (
    Change,
    ChangeBasis,
    ChangeType,
    Resident,
    ResidentStatus,
    ResidentType,
)
from jichitai.registry.network import NetworkSendFailed, resident_network
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
    resident_code_issue,
    resident_code_unique_check,
    residents_lock,
)
from jichitai.registry.signals import resident_code_changed
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
# 軽微な修正 (doc/j850.txt §4.2.3.2, 規則第11条第３項第２号) touches only 「氏名又は住所に係る
# 記載」, for one of the causes the rule lists; the cause opens the note so the history says it.
MINOR_CORRECTION_KINDS = (
    "常用平易な文字への変更",
    "文字の同定",
    "行政区画・町字の名称の変更",
    "地番の変更",
    "住居表示の実施・変更",
    "建築物の名称・賃貸人の変更",
    "総務大臣が適当と認めるもの",
)
MINOR_CORRECTION_FIELDS = frozenset(
    {
        "name",
        "name_kana",
        "name_alphabet",
        "former_surname",
        "former_surname_kana",
        "alias",
        "alias_kana",
        "postal_code",
        "address",
        "address_extra",
    }
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
        "last_registered_address",
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
    old_code = resident.resident_code
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
        resident_code_changed.send(
            sender=Resident,
            municipality_code=municipality.lg_code,
            old_code=old_code,
            new_code=resident.resident_code,
        )
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


def _minor_items_check(updates: dict[str, Any]) -> None:
    """軽微な修正 is for 氏名 or 住所 only (doc/j850.txt §4.2.3.2).
    Raises RuleViolation (MINOR_CORRECTION_ITEM)."""
    other = sorted(set(updates) - MINOR_CORRECTION_FIELDS)
    if other:
        raise RuleViolation.for_field(
            json_pointer(other[0]),
            RegistryErrorCode.MINOR_CORRECTION_ITEM,
            "軽微な修正で直せるのは氏名又は住所に係る記載だけです。"
            "他の項目は職権修正か誤記修正で行ってください。",
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
    """職権修正・誤記修正・軽微な修正 (correction): any item but numbers, state and household; allowed on
    除票 too. The reason is required and kept with the change. doc/j840.txt §4.2.3.1:
    「修正のときは『軽微な修正』で行うか選択できること」: the change_type is that choice; a
    軽微な修正 (§4.2.3.2) takes 氏名・住所 items only.
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
    if change_type == ChangeType.MINOR_CORRECTION:
        _minor_items_check(updates)
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


DOMICILE_NOTICE_NOTE = "住民票記載事項通知（法第9条第2項）"


@transaction.atomic
def resident_domicile_from_notice(
    *,
    municipality: Municipality,
    resident_id: int,
    domicile: str,
    domicile_head: str,
    informed_on: dt.date,
    actor: StaffUser | None,
) -> Change:
    """戸籍通知 (doc/j770.txt §4.2.0.3): 「本籍地市区町村から住民票記載事項通知（法第９条第２項）が
    送付された場合、それに基づいて住民基本台帳の戸籍の表示（本籍・筆頭者）の記載等を行えること」.
    A 職権修正 of 本籍・筆頭者 whose 通知日 is the day the notice came, effective that day.
    Raises ResidentNotFound, InvalidInput, RuleViolation (closed record, a 外国人住民, nothing
    changed, a 通知日 in the future)."""
    return _one_change(
        municipality=municipality,
        resident_id=resident_id,
        change_type=ChangeType.EX_OFFICIO_CORRECTION,
        updates={"domicile": domicile.strip(), "domicile_head": domicile_head.strip()},
        effective_on=informed_on,
        notified_on=None,
        actor=actor,
        note=DOMICILE_NOTICE_NOTE,
        circumstances=ChangeCircumstances(informed_on=informed_on),
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


# What each reason of a 個人番号 request is recorded as (doc/j210.txt §1.2.2 区分).
_MY_NUMBER_REQUEST_TYPES = {
    "designate": ChangeType.MY_NUMBER_EX_OFFICIO_ENTRY,
    "change_on_request": ChangeType.MY_NUMBER_CHANGE,
    "change_ex_officio": ChangeType.MY_NUMBER_EX_OFFICIO_CORRECTION,
}
# A generated number another living record holds (a demo network's random one) is asked again.
_MY_NUMBER_REQUEST_TRIES = 3


@transaction.atomic
def resident_my_number_request(
    *,
    municipality: Municipality,
    resident_id: int,
    reason: str,
    effective_on: dt.date,
    notified_on: dt.date | None,
    actor: StaffUser | None,
    note: str = "",
    circumstances: ChangeCircumstances = NOTIFIED,
) -> Change:
    """個人番号の生成・変更要求 (doc/j1130.txt §7.1.2.1 「個人番号を新規付番する場合、自動的に
    住基ネット回線経由で個人番号の生成要求ができること。また、生成された個人番号の取込が
    できること。個人番号の変更請求、職権修正に基づく個人番号の変更要求ができること」;
    doc/j900.txt §4.4): the number is asked of 住基ネット and written as 個人番号の職権記載
    (指定), 変更 (請求) or 職権修正. No list of requesters is made (【実装しない機能】): each
    request is one 異動 of one record.
    Raises ResidentNotFound, InvalidInput (reason), RuleViolation (a 除票; 指定 of a record
    that has a number, 変更 of one that has none), NetworkUnavailable."""
    change_type = _MY_NUMBER_REQUEST_TYPES.get(reason)
    if change_type is None:
        raise InvalidInput.for_field(
            "/reason", CommonErrorCode.VALIDATION_FAILED, "要求の区分を選んでください。"
        )
    (resident,) = residents_lock(municipality=municipality, resident_ids=[resident_id])
    living_check([resident])
    if (reason == "designate") == bool(resident.my_number_hash):
        raise RuleViolation.for_field(
            "/reason",
            RegistryErrorCode.MY_NUMBER_ALREADY_DESIGNATED,
            "個人番号が記載されている住民は「変更」を、記載されていない住民は「指定」を選んでください。",
        )
    for attempt in range(_MY_NUMBER_REQUEST_TRIES):
        try:
            number = resident_network().my_number_request(
                lg_code=municipality.lg_code, resident_code=resident.resident_code, reason=reason
            )
        except NetworkSendFailed as failure:
            raise NetworkUnavailable(failure.code) from None
        try:
            with transaction.atomic():
                return resident_my_number_change(
                    municipality=municipality,
                    resident_id=resident_id,
                    my_number=number,
                    effective_on=effective_on,
                    notified_on=notified_on,
                    actor=actor,
                    note=note,
                    change_type=change_type,
                    circumstances=circumstances,
                )
        except RuleViolation:
            if attempt == _MY_NUMBER_REQUEST_TRIES - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


@dataclasses.dataclass
class MyNumberDesignationRun:
    """What one run of `my_numbers_designate` did: numbers written, records refused (a number
    that clashed each time), and the network's error code when it stopped answering."""

    designated: int = 0
    refused: int = 0
    error: str = ""


def my_numbers_designate(
    *, municipality: Municipality | None = None, limit: int = 1000
) -> MyNumberDesignationRun:
    """個人番号の生成要求 of every living record without a 個人番号 (doc/j1130.txt §7.1.2.1
    「個人番号を新規付番する場合、自動的に住基ネット回線経由で個人番号の生成要求ができる
    こと」): the command `jichitai request-my-numbers`, run with the outbox sender, asks
    住基ネット for each (a 出生, a 国外転入 without one) and writes it as 職権記載 dated
    today. Stops at the first record the network does not answer for; the rest wait for
    the next run."""
    run = MyNumberDesignationRun()
    waiting = Resident.objects.filter(status=ResidentStatus.ACTIVE, my_number_hash="")
    if municipality is not None:
        waiting = waiting.filter(municipality=municipality)
    for resident in waiting.select_related("municipality").order_by("pk")[:limit]:
        try:
            resident_my_number_request(
                municipality=resident.municipality,
                resident_id=resident.pk,
                reason="designate",
                effective_on=timezone.localdate(),
                notified_on=None,
                actor=None,
                circumstances=ChangeCircumstances(basis=ChangeBasis.EX_OFFICIO),
            )
        except NetworkUnavailable as error:
            run.error = error.detail
            return run
        except RuleViolation:
            run.refused += 1
        else:
            run.designated += 1
    return run


@transaction.atomic
def resident_code_renew(
    *,
    municipality: Municipality,
    resident_id: int,
    effective_on: dt.date,
    notified_on: dt.date | None,
    actor: StaffUser | None,
    note: str = "",
    circumstances: ChangeCircumstances = NOTIFIED,
) -> Change:
    """住民票コードの変更請求 (住民基本台帳法 第30条の4; doc/j880.txt §4.3.2
    「住民票コードの変更・修正ができること」): the new code is drawn at random from the 空きコード
    obtained from 住基ネット (doc/j870.txt §4.3.1 「変更異動の場合、新規付番用の住民票コードが
    自動付番されること」). The change is an ordinary 異動 in the history; nothing else about
    it is kept (【実装しない機能】 変更情報の保持) and no 返納案内 is printed.
    Raises ResidentNotFound, ResidentCodeUnavailable, RuleViolation (a 除票)."""
    # The record is checked first, so a refused change does not spend a code of the stock.
    (resident,) = residents_lock(municipality=municipality, resident_ids=[resident_id])
    living_check([resident])
    return resident_code_change(
        municipality=municipality,
        resident_id=resident_id,
        resident_code=resident_code_issue(municipality=municipality),
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
    circumstances: ChangeCircumstances = NOTIFIED,
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
        circumstances=circumstances,
    )
