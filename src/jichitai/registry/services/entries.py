"""記載 (entries): 国内転入, 国外転入, 出生, 職権記載, and the return of a 除票's person
(再転入者, doc/j600.txt §4.1.1.2)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from jichitai.common.exceptions import InvalidInput, RuleViolation, json_pointer
from jichitai.common.partial_dates import parse_partial_date
from jichitai.common.postal import postal_code_for_address
from jichitai.identity.models import StaffUser
from jichitai.registry.error_codes import RegistryErrorCode
from jichitai.registry.errors import HouseholdNotFound
from jichitai.registry.inputs import ENTRY_ANSWERS, PersonData
from jichitai.registry.models import (
    HEAD,
    Change,
    ChangeType,
    Household,
    NumberSequence,
    RemarkKind,
    Resident,
    ResidentRemark,
    ResidentStatus,
    ResidentType,
)
from jichitai.registry.returners import returner_find
from jichitai.registry.services.recording import (
    NOTIFIED,
    ChangeCircumstances,
    change_audit,
    change_open,
    dates_check,
    foreign_items_check,
    history_write,
    household_head_check,
    household_next_position,
    household_open,
    household_order_assign,
    my_number_living_check,
    my_number_set,
    person_fields_check,
    resident_code_issue,
    resident_code_unique_check,
    sequence_next,
)
from jichitai.tenants.models import Municipality

ENTRY_TYPES = (
    ChangeType.MOVE_IN,
    ChangeType.MOVE_IN_FROM_ABROAD,
    ChangeType.ARTICLE_30_47,
    ChangeType.BIRTH,
    ChangeType.EX_OFFICIO_ENTRY,
    # 帰化・国籍取得・国籍喪失 of someone the register did not hold (doc/j930.txt to j950.txt:
    # 「…の入力ができ、日本人住民票（外国人住民票）に記載できること」); a recorded resident's
    # goes through services.nationality, which keeps the record.
    ChangeType.NATURALISATION_ENTRY,
    ChangeType.NATIONALITY_ACQUISITION_ENTRY,
    ChangeType.NATIONALITY_LOSS_ENTRY,
)

# Entries whose 異動事由 fixes the 住民種別. 法第30条の47: someone already living here becomes
# a 中長期在留者 etc., recorded like a 国外転入 with 転入前住所 left blank (doc/j920.txt §4.5.2).
ENTRY_RESIDENT_TYPES = {
    ChangeType.ARTICLE_30_47: ResidentType.FOREIGN,
    ChangeType.NATIONALITY_LOSS_ENTRY: ResidentType.FOREIGN,
    ChangeType.NATURALISATION_ENTRY: ResidentType.JAPANESE,
    ChangeType.NATIONALITY_ACQUISITION_ENTRY: ResidentType.JAPANESE,
}


@dataclasses.dataclass(frozen=True, kw_only=True)
class Address:
    """住所 (with 方書) where the people live from the 異動日."""

    address: str
    address_extra: str = ""
    postal_code: str = ""

    @property
    def postal_code_or_derived(self) -> str:
        """郵便番号 as given, else the one Japan Post's data gives the address: the register
        keeps a 郵便番号 for every 住所 (doc/j170.txt §1.1.17)."""
        return self.postal_code or postal_code_for_address(self.address)


def birth_date_resolved(person: PersonData, *, effective_on: dt.date) -> PersonData:
    """生年月日 (doc/j80.txt §1.1.8): with a 不詳日 or 暦上日以外 text, `birth_date` becomes the
    latest day it allows, and for 年月日不詳 the 異動日 (the person was born by then); never a
    guessed day shown as known (みなし生年月日): the text is what is shown.
    Raises InvalidInput (`/birth_date_text`: not a form of the standard)."""
    text = person.birth_date_text.strip()
    if not text:
        return person
    try:
        parsed = parse_partial_date(text)
    except InvalidInput as error:
        raise InvalidInput.for_field("/birth_date_text", error.code, error.detail) from None
    latest = parsed.latest or effective_on
    return dataclasses.replace(
        person, birth_date=min(latest, effective_on), birth_date_text=parsed.text
    )


def birth_date_form(person: PersonData) -> str:
    """The 不詳日 form of a resolved person's text ("" for an ordinary date)."""
    return parse_partial_date(person.birth_date_text).form if person.birth_date_text else ""


def _record_values(person: PersonData) -> tuple[dict[str, object], str]:
    """The record's items of one person, checked, and the 個人番号 apart."""
    values = person_fields_check(dataclasses.asdict(person))
    for answer in ENTRY_ANSWERS:
        values.pop(answer)
    my_number = values.pop("my_number")
    # The roll is derived from the dates (Resident.on_electoral_roll_on): a newcomer is not
    # registered on day one, whatever the former municipality's roll said.
    values["on_electoral_roll"] = False
    values["birth_date_form"] = birth_date_form(person)
    return values, my_number


def _new_resident(
    *,
    municipality: Municipality,
    household: Household,
    person: PersonData,
    address: Address,
    effective_on: dt.date,
    notified_on: dt.date | None,
    previous_address: str,
) -> Resident:
    values, my_number = _record_values(person)
    resident = Resident(
        municipality=municipality,
        household=household,
        atena_number=sequence_next(municipality=municipality, kind=NumberSequence.Kind.ATENA),
        status=ResidentStatus.ACTIVE,
        became_resident_on=effective_on,
        address_fixed_on=effective_on,
        notified_on=notified_on,
        previous_address=previous_address,
        # 転入前住所の郵便番号 (doc/j170.txt §1.1.17) from Japan Post's data, "" abroad or
        # where the town has several codes (then entered by 職権修正).
        previous_postal_code=postal_code_for_address(previous_address),
        address=address.address.strip(),
        address_extra=address.address_extra.strip(),
        postal_code=address.postal_code_or_derived,
        **values,
    )
    if not resident.resident_code:
        resident.resident_code = resident_code_issue(municipality=municipality)
    resident_code_unique_check(resident)
    foreign_items_check(resident)
    my_number_set(resident, my_number)
    return resident


def _carried_over(returner: Resident, values: dict[str, object], change_type: ChangeType) -> None:
    """旧氏・通称 (doc/j70.txt §1.1.7): 「国外へ転出した者が、その後最初の国外からの転入時に、
    転出時と同一の市区町村へ転入する場合、国外への転出時に記載していた旧氏又は通称を引き継ぐ」.
    The 除票 of an 国外転出 still holds them; an entry that leaves them blank keeps them."""
    if not (
        change_type == ChangeType.MOVE_IN_FROM_ABROAD
        and returner.removal_reason == ChangeType.EMIGRATION
    ):
        return
    for pair in (
        ("former_surname", "former_surname_kana", "former_surname_kana_confirmed"),
        ("alias", "alias_kana", "alias_kana_confirmed"),
    ):
        if not values.get(pair[0]):
            for field in pair:
                values[field] = getattr(returner, field)


def _returning_resident(
    returner: Resident,
    *,
    household: Household,
    person: PersonData,
    change_type: ChangeType,
    address: Address,
    effective_on: dt.date,
    notified_on: dt.date | None,
    previous_address: str,
    keep_name: bool,
) -> Resident:
    """再転入者 (doc/j600.txt §4.1.1.2): the 除票 becomes a living record again, keeping its
    宛名番号 and its history; the items are the ones entered now (the clerk corrects what
    changed), its 住民票コード and 個人番号 are kept where none is given.

    特例転入: 「氏名を除き、…転出証明書情報に含まれる情報を優先して取り込めること」, so with
    `keep_name` the 除票's 氏名 stays (the register's own characters; 住基ネット's may differ)."""
    values, my_number = _record_values(person)
    _carried_over(returner, values, change_type)
    if keep_name:
        values.pop("name")
    if not values["resident_code"]:
        values.pop("resident_code")
    for field, value in values.items():
        setattr(returner, field, value)
    returner.household = household
    # A new 記載: this 住民票's history starts with the row history_write adds next.
    returner.entry_history_number = returner.history_number + 1
    returner.status = ResidentStatus.ACTIVE
    returner.removal_reason = ""
    returner.removed_on = None
    returner.moving_to_address = ""
    returner.became_resident_on = returner.address_fixed_on = effective_on
    returner.notified_on = notified_on
    returner.previous_address = previous_address
    returner.address = address.address.strip()
    returner.address_extra = address.address_extra.strip()
    returner.postal_code = address.postal_code_or_derived
    resident_code_unique_check(returner)
    foreign_items_check(returner)
    if my_number:
        my_number_set(returner, my_number)
    else:
        my_number_living_check(returner)
    return returner


def _returners_find(
    *, municipality: Municipality, change_type: ChangeType, people: Sequence[PersonData]
) -> list[Resident | None]:
    """The 除票 each person returns to (None: a new record); a 出生 never returns."""
    if change_type == ChangeType.BIRTH:
        return [None] * len(people)
    found = [
        returner_find(municipality=municipality, person=person, position=position)
        for position, person in enumerate(people)
    ]
    ids = [r.pk for r in found if r is not None]
    if len(ids) != len(set(ids)):
        position = next(i for i, r in enumerate(found) if r is not None and ids.count(r.pk) > 1)
        raise RuleViolation.for_field(
            json_pointer("people", position, "returning_atena_number"),
            RegistryErrorCode.RETURNER_CONFLICT,
            "同じ除票が複数の人に当たっています。除票を確認してください。",
        )
    return found


def _duplicates_check(people: Sequence[PersonData]) -> None:
    """The same 個人番号 or 住民票コード twice in one notification is a typing error."""
    for field, label, code in (
        ("my_number", "個人番号", RegistryErrorCode.MY_NUMBER_DUPLICATE),
        ("resident_code", "住民票コード", RegistryErrorCode.RESIDENT_CODE_DUPLICATE),
    ):
        values = [getattr(p, field) for p in people if getattr(p, field)]
        if len(values) != len(set(values)):
            raise RuleViolation.for_field(
                json_pointer(field), code, f"同じ{label}が複数の人に入力されています。"
            )


UNREPORTED = "（未届）"
UNREPORTED_TYPES = (ChangeType.MOVE_IN, ChangeType.EX_OFFICIO_ENTRY)
# Room for the suffix in 転入前住所 and for the 留意事項's words in a 備考 (200 each).
UNREPORTED_ADDRESS_MAX = 180


def _unreported_previous_address(change_type: ChangeType, previous_address: str) -> str:
    """The 転入前住所 of a 未届転入, ending in （未届）.
    Raises RuleViolation (not a 転入 or 職権記載, no address)."""
    if change_type not in UNREPORTED_TYPES:
        raise RuleViolation.for_field(
            "/unreported",
            RegistryErrorCode.UNREPORTED_MOVE_IN_TYPE,
            "未届転入は国内転入か職権記載のときだけ選べます。",
        )
    address = previous_address.strip().removesuffix(UNREPORTED).strip()
    if not address or address == "不明" or len(address) > UNREPORTED_ADDRESS_MAX:
        raise RuleViolation.for_field(
            "/previous_address",
            RegistryErrorCode.UNREPORTED_MOVE_IN_ADDRESS,
            "未届転入では、未届の住所のうち直近のものを転入前住所に"
            f"{UNREPORTED_ADDRESS_MAX}文字以内で入力してください。",
        )
    return address + UNREPORTED


def _unreported_remarks(
    residents: Sequence[Resident], previous_address: str, actor: StaffUser | None
) -> None:
    """The 留意事項 of a 未届転入 in each record's 統合記載欄 (§1.1.14)."""
    if actor is None:
        raise ValueError("a 未届転入 is recorded by a member of staff")
    now = timezone.now()
    ResidentRemark.objects.bulk_create(
        ResidentRemark(
            municipality_id=resident.municipality_id,
            resident=resident,
            kind=RemarkKind.UNREPORTED_MOVE_IN,
            text=f"未届転入　転入前住所（未届）　{previous_address.removesuffix(UNREPORTED)}",
            recorded_on=timezone.localdate(),
            written_by=actor,
            written_at=now,
        )
        for resident in residents
    )


@transaction.atomic
def residents_register(
    *,
    municipality: Municipality,
    change_type: ChangeType,
    people: Sequence[PersonData],
    address: Address,
    effective_on: dt.date,
    notified_on: dt.date | None,
    actor: StaffUser | None,
    previous_address: str = "",
    household_id: int | None = None,
    note: str = "",
    returner_keeps_name: bool = False,
    circumstances: ChangeCircumstances = NOTIFIED,
    unreported: bool = False,
    last_registered_address: str = "",
) -> Change:
    """転入届・出生届・職権記載 (record new residents), as a new household or into one.

    住所設定 (doc/j800.txt §4.2.1.1) is a 職権記載 whose 転入前住所 may be 「不明」 or blank.
    未届転入 (doc/j620.txt §4.1.1.4, `unreported`, 転入 or 職権記載): 「転入前住所欄には未届の
    住所のうち直近のものを記載し、その末尾に（未届）と記載するとともに、留意事項として未届転入
    である旨と転入前住所（未届）を記載すること」; 最終登録住所地 is kept on each record as a
    data item that no 住民票 prints.

    再転入者 (doc/j600.txt §4.1.1.2, registry.returners): a person whose 除票 this
    municipality keeps gets that record back, with its 宛名番号 and history, instead of a new
    one; `returner_keeps_name` keeps the 除票's 氏名 (特例転入).

    A new household needs exactly one 世帯主 among `people`; people joining an existing
    household (`household_id`) take their 続柄 relative to its head (or, while it has none,
    its former head, as its members' 続柄 are) and go to the end of its order. 出生: 異動日 is the birth date.
    Raises InvalidInput / RuleViolation (items, dates, 続柄, numbers, 再転入者),
    HouseholdNotFound.
    """
    if change_type not in ENTRY_TYPES:
        raise ValueError(f"{change_type} is not an entry")
    if not people:
        raise RuleViolation.for_field(
            "/people", RegistryErrorCode.PEOPLE_REQUIRED, "記載する住民を1人以上指定してください。"
        )
    people = [birth_date_resolved(p, effective_on=effective_on) for p in people]
    dates_check(
        effective_on=effective_on,
        notified_on=notified_on,
        not_before=[p.birth_date for p in people],
    )
    if change_type == ChangeType.BIRTH and any(p.birth_date != effective_on for p in people):
        raise RuleViolation.for_field(
            "/effective_on",
            RegistryErrorCode.BIRTH_DATE_MISMATCH,
            "出生の異動日は生年月日と同じ日です。",
        )
    if not address.address.strip():
        raise RuleViolation.for_field(
            "/address", RegistryErrorCode.ADDRESS_REQUIRED, "住所を入力してください。"
        )
    _duplicates_check(people)
    if unreported:
        previous_address = _unreported_previous_address(change_type, previous_address)
    wanted = ENTRY_RESIDENT_TYPES.get(change_type)
    if wanted is not None and any(p.resident_type != wanted for p in people):
        raise RuleViolation.for_field(
            "/resident_type",
            RegistryErrorCode.ENTRY_WRONG_RESIDENT_TYPE,
            "この異動事由では、"
            + ("外国人住民" if wanted == ResidentType.FOREIGN else "日本人住民")
            + "としてのみ記載できます。",
        )
    if household_id is None:
        household = household_open(municipality=municipality)
    else:
        found = (
            Household.objects.for_municipality(municipality)
            .select_for_update()
            .filter(pk=household_id, is_active=True)
            .first()
        )
        if found is None:
            raise HouseholdNotFound
        household = found
        if any(p.relationship.strip() == HEAD for p in people):
            raise RuleViolation.for_field(
                "/relationship",
                RegistryErrorCode.HEAD_DUPLICATE,
                "既存の世帯に加わる人は世帯主にできません（世帯主変更で行います）。",
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
    returners = _returners_find(municipality=municipality, change_type=change_type, people=people)
    residents = [
        _new_resident(
            municipality=municipality,
            household=household,
            person=person,
            address=address,
            effective_on=effective_on,
            notified_on=notified_on,
            previous_address=previous_address,
        )
        if returner is None
        else _returning_resident(
            returner,
            household=household,
            person=person,
            change_type=change_type,
            address=address,
            effective_on=effective_on,
            notified_on=notified_on,
            previous_address=previous_address,
            keep_name=returner_keeps_name,
        )
        for person, returner in zip(people, returners, strict=True)
    ]
    if household_id is None:
        household_order_assign(members=residents)
    else:
        start = household_next_position(household)
        for offset, resident in enumerate(sorted(residents, key=lambda r: r.atena_number)):
            resident.household_order = start + offset
    for resident in residents:
        resident.last_registered_address = last_registered_address.strip()
        history_write(resident, change)
    if unreported:
        _unreported_remarks(residents, previous_address, actor)
    household_head_check(household, head_required=household_id is None)
    change_audit(change=change, actor=actor, residents=len(residents))
    return change
