"""記載 (entries): 国内転入, 国外転入, 出生, 職権記載."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from django.db import transaction

from jichitai.common.exceptions import RuleViolation, json_pointer
from jichitai.common.postal import postal_code_for_address
from jichitai.identity.models import StaffUser
from jichitai.registry.error_codes import RegistryErrorCode
from jichitai.registry.errors import HouseholdNotFound
from jichitai.registry.inputs import PersonData
from jichitai.registry.models import (
    HEAD,
    Change,
    ChangeType,
    Household,
    NumberSequence,
    Resident,
    ResidentStatus,
)
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
    ChangeType.BIRTH,
    ChangeType.EX_OFFICIO_ENTRY,
)


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
    values = person_fields_check(dataclasses.asdict(person))
    my_number = values.pop("my_number")
    # The roll is derived from the dates (Resident.on_electoral_roll_on): a newcomer is not
    # registered on day one, whatever the former municipality's roll said.
    values["on_electoral_roll"] = False
    resident = Resident(
        municipality=municipality,
        household=household,
        atena_number=sequence_next(municipality=municipality, kind=NumberSequence.Kind.ATENA),
        status=ResidentStatus.ACTIVE,
        became_resident_on=effective_on,
        address_fixed_on=effective_on,
        notified_on=notified_on,
        previous_address=previous_address,
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
    circumstances: ChangeCircumstances = NOTIFIED,
) -> Change:
    """転入届・出生届・職権記載 (record new residents), as a new household or into one.

    A new household needs exactly one 世帯主 among `people`; people joining an existing
    household (`household_id`) take their 続柄 relative to its head (or, while it has none,
    its former head, as its members' 続柄 are) and go to the end of its order. 出生: 異動日 is the birth date.
    Raises InvalidInput / RuleViolation (items, dates, 続柄, numbers), HouseholdNotFound.
    """
    if change_type not in ENTRY_TYPES:
        raise ValueError(f"{change_type} is not an entry")
    if not people:
        raise RuleViolation.for_field(
            "/people", RegistryErrorCode.PEOPLE_REQUIRED, "記載する住民を1人以上指定してください。"
        )
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
        for person in people
    ]
    if household_id is None:
        household_order_assign(members=residents)
    else:
        start = household_next_position(household)
        for offset, resident in enumerate(sorted(residents, key=lambda r: r.atena_number)):
            resident.household_order = start + offset
    for resident in residents:
        history_write(resident, change)
    household_head_check(household, head_required=household_id is None)
    change_audit(change=change, actor=actor, residents=len(residents))
    return change
