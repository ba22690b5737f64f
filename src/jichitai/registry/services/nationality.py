"""帰化・国籍取得・国籍喪失 (doc/j930.txt §4.5.3, doc/j940.txt §4.5.4, doc/j950.txt §4.5.5):
a resident whose nationality changes moves between 日本人住民票 and 外国人住民票.

The standard asks to 「日本人住民票に記載」 carrying over 住所（方書を含む。）, 生年月日, 性別,
続柄, 住所を定めた年月日, 住民票コード, 宛名番号, 個人番号 and 転入前住所, and to 「外国人住民票を
消除」 (and the mirror for 国籍喪失). The 宛名番号 is the key of a record and is carried over, so
both are one `Resident` with two history rows, each under its own 異動: first the old record
is 消除 (職権消除（帰化等）/（国籍喪失）), then the new one 記載 (職権記載（帰化等）/（国籍喪失）).
The numbers, the household and the whole history stay where they were; statistics count one
消除 of the old kind and one 記載 of the new, as §1.2.2 asks.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.db import transaction

from jichitai.common.exceptions import InvalidInput, RuleViolation
from jichitai.identity.models import StaffUser
from jichitai.registry.error_codes import RegistryErrorCode
from jichitai.registry.models import (
    Change,
    ChangeType,
    ForeignCategory,
    Resident,
    ResidentStatus,
    ResidentType,
)
from jichitai.registry.services.recording import (
    NOTIFIED,
    ChangeCircumstances,
    change_audit,
    change_open,
    dates_check,
    foreign_items_check,
    history_write,
    living_check,
    person_fields_check,
    residents_lock,
)
from jichitai.tenants.models import Municipality

# Items only a 外国人住民票 has (住民基本台帳法 第30条の45), cleared on 帰化・国籍取得.
FOREIGN_ITEMS = (
    "nationality",
    "foreign_category",
    "residence_status",
    "period_of_stay",
    "stay_expires_on",
    "residence_card_number",
    "alias",
    "alias_kana",
    "alias_kana_confirmed",
    "name_alphabet",
)
# Items only a 日本人住民票 has (第7条第5号・旧氏), cleared on 国籍喪失.
JAPANESE_ITEMS = (
    "domicile",
    "domicile_head",
    "former_surname",
    "former_surname_kana",
    "former_surname_kana_confirmed",
)


def _cleared(field: str) -> object:
    """The empty value of an item cleared when the kind of record changes."""
    if field == "stay_expires_on":
        return None
    return False if field.endswith("_confirmed") else ""


ACQUISITION_TYPES = {
    # kind → (消除 of the 外国人住民票, 記載 of the 日本人住民票)
    "naturalisation": (ChangeType.NATURALISATION_REMOVAL, ChangeType.NATURALISATION_ENTRY),
    "acquisition": (
        ChangeType.NATIONALITY_ACQUISITION_REMOVAL,
        ChangeType.NATIONALITY_ACQUISITION_ENTRY,
    ),
}


@dataclasses.dataclass(frozen=True, kw_only=True)
class ForeignItems:
    """The 外国人住民票's own items entered on 国籍喪失 (第30条の45)."""

    nationality: str
    foreign_category: str
    residence_status: str = ""
    period_of_stay: str = ""
    stay_expires_on: dt.date | None = None
    residence_card_number: str = ""
    name_alphabet: str = ""


def _one(municipality: Municipality, resident_id: int, expected: ResidentType) -> Resident:
    (resident,) = residents_lock(municipality=municipality, resident_ids=[resident_id])
    living_check([resident])
    if resident.resident_type != expected:
        raise RuleViolation.for_field(
            "/resident_id",
            RegistryErrorCode.NATIONALITY_WRONG_TYPE,
            "帰化・国籍取得は外国人住民に、国籍喪失は日本人住民にのみ記録できます。",
        )
    return resident


def _removal_write(
    resident: Resident,
    *,
    change_type: ChangeType,
    effective_on: dt.date,
    notified_on: dt.date | None,
    actor: StaffUser | None,
    note: str,
    circumstances: ChangeCircumstances,
) -> None:
    """消除 of the old record: a history row showing it closed on `effective_on`; the record
    object is left open again for the 記載 that follows in the same transaction."""
    removal = change_open(
        municipality=resident.municipality,
        change_type=change_type,
        effective_on=effective_on,
        notified_on=notified_on,
        actor=actor,
        note=note,
        circumstances=circumstances,
    )
    resident.status = ResidentStatus.CLOSED
    resident.removal_reason = change_type
    resident.removed_on = effective_on
    history_write(resident, removal)
    resident.status = ResidentStatus.ACTIVE
    resident.removal_reason = ""
    resident.removed_on = None


@transaction.atomic
def resident_naturalise(
    *,
    municipality: Municipality,
    resident_id: int,
    name: str,
    name_kana: str,
    domicile: str,
    domicile_head: str,
    effective_on: dt.date,
    notified_on: dt.date | None,
    actor: StaffUser | None,
    kind: str = "naturalisation",
    note: str = "",
    circumstances: ChangeCircumstances = NOTIFIED,
) -> Change:
    """帰化 (§4.5.3) or 国籍取得 (§4.5.4, `kind="acquisition"`) of a 外国人住民.

    The 外国人住民票 is 消除 and a 日本人住民票 記載 on the same record: 宛名番号, 住民票コード,
    個人番号, 住所・方書, 生年月日, 性別, 続柄, the household, 住所を定めた年月日 and 転入前住所 are
    kept; the 外国人住民となった年月日 stays as the 住民となった年月日 (「住民となった日として引き
    継げること」). 氏名 (from the 戸籍), 本籍 and 筆頭者 are entered; 国籍・在留資格・在留カード・
    通称 and the 氏名（アルファベット） are cleared. Returns the 記載.
    Raises ResidentNotFound, RuleViolation (not living, not foreign, dates), InvalidInput.
    """
    removal_type, entry_type = ACQUISITION_TYPES[kind]
    resident = _one(municipality, resident_id, ResidentType.FOREIGN)
    dates_check(
        effective_on=effective_on, notified_on=notified_on, not_before=[resident.birth_date]
    )
    if not domicile.strip() or not domicile_head.strip():
        raise InvalidInput.for_field(
            "/domicile",
            RegistryErrorCode.DOMICILE_REQUIRED,
            "本籍と筆頭者を入力してください。",
        )
    checked = person_fields_check(
        {"name": name, "name_kana": name_kana, "domicile": domicile, "domicile_head": domicile_head}
    )
    _removal_write(
        resident,
        change_type=removal_type,
        effective_on=effective_on,
        notified_on=notified_on,
        actor=actor,
        note=note,
        circumstances=circumstances,
    )
    resident.resident_type = ResidentType.JAPANESE
    for field in FOREIGN_ITEMS:
        setattr(resident, field, _cleared(field))
    for field, value in checked.items():
        setattr(resident, field, value.strip() if isinstance(value, str) else value)
    resident.name_kana_confirmed = True
    foreign_items_check(resident)
    entry = change_open(
        municipality=municipality,
        change_type=entry_type,
        effective_on=effective_on,
        notified_on=notified_on,
        actor=actor,
        note=note,
        circumstances=circumstances,
    )
    history_write(resident, entry)
    change_audit(change=entry, actor=actor, residents=1, fields=[*FOREIGN_ITEMS, *checked])
    return entry


@transaction.atomic
def resident_nationality_lose(
    *,
    municipality: Municipality,
    resident_id: int,
    foreign: ForeignItems,
    effective_on: dt.date,
    notified_on: dt.date | None,
    actor: StaffUser | None,
    note: str = "",
    circumstances: ChangeCircumstances = NOTIFIED,
) -> Change:
    """国籍喪失 (§4.5.5) of a 日本人住民: the 日本人住民票 is 消除 and a 外国人住民票 記載 on the
    same record, keeping the same items as 帰化 does the other way; 本籍・筆頭者・旧氏 are
    cleared and the 第30条の45 items entered. The 外国人住民となった年月日 is the later of the
    date the nationality was lost (`effective_on`) and the 住民となった年月日; the record keeps
    no other date for it, so the Japanese 住民となった年月日 is never printed as a 「旧外登法に
    よる登録年月日」 (§4.5.5 【実装しない機能】). Returns the 記載.
    Raises ResidentNotFound, RuleViolation (not living, not Japanese, dates), InvalidInput.
    """
    resident = _one(municipality, resident_id, ResidentType.JAPANESE)
    dates_check(
        effective_on=effective_on, notified_on=notified_on, not_before=[resident.birth_date]
    )
    if foreign.foreign_category not in ForeignCategory.values:
        raise InvalidInput.for_field(
            "/foreign_category",
            RegistryErrorCode.FOREIGN_ITEMS_REQUIRED,
            "第30条の45の区分を選んでください。",
        )
    checked = person_fields_check(dataclasses.asdict(foreign))
    _removal_write(
        resident,
        change_type=ChangeType.NATIONALITY_LOSS_REMOVAL,
        effective_on=effective_on,
        notified_on=notified_on,
        actor=actor,
        note=note,
        circumstances=circumstances,
    )
    resident.resident_type = ResidentType.FOREIGN
    for field in JAPANESE_ITEMS:
        setattr(resident, field, _cleared(field))
    for field, value in checked.items():
        setattr(resident, field, value.strip() if isinstance(value, str) else value)
    resident.became_resident_on = max(effective_on, resident.became_resident_on)
    foreign_items_check(resident)
    entry = change_open(
        municipality=municipality,
        change_type=ChangeType.NATIONALITY_LOSS_ENTRY,
        effective_on=effective_on,
        notified_on=notified_on,
        actor=actor,
        note=note,
        circumstances=circumstances,
    )
    history_write(resident, entry)
    change_audit(change=entry, actor=actor, residents=1, fields=[*JAPANESE_ITEMS, *checked])
    return entry
