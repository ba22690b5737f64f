"""API schemas of the registry. 個人番号 never appears in an answer except from the audited
reveal endpoint; answers say only whether one is recorded."""

import datetime as dt
from typing import Any, Literal

from django.utils import timezone
from ninja import Field, Schema

from jichitai.registry.models import ChangeType, ForeignCategory, ResidentType, Sex


class ResidentOut(Schema):
    id: int
    atena_number: str
    resident_code: str
    resident_type: ResidentType
    status: str
    history_number: int
    household_id: int
    household_number: str = Field(..., alias="household.household_number")
    relationship: str
    household_order: int
    name: str
    name_kana: str
    name_alphabet: str
    former_surname: str
    former_surname_kana: str
    alias: str
    alias_kana: str
    birth_date: dt.date
    sex: Sex
    domicile: str
    domicile_head: str
    became_resident_on: dt.date
    postal_code: str
    address: str
    address_extra: str
    address_fixed_on: dt.date
    notified_on: dt.date | None
    previous_address: str
    nationality: str
    foreign_category: str
    residence_status: str
    period_of_stay: str
    stay_expires_on: dt.date | None
    residence_card_number: str
    on_electoral_roll: bool
    national_health_insurance: bool
    late_elderly_insurance: bool
    care_insurance: bool
    national_pension: bool
    child_allowance: bool
    removal_reason: str
    removed_on: dt.date | None
    moving_to_address: str
    has_my_number: bool

    @staticmethod
    def resolve_has_my_number(obj: Any) -> bool:
        return bool(obj.my_number_cipher)

    @staticmethod
    def resolve_on_electoral_roll(obj: Any) -> bool:
        return bool(obj.on_electoral_roll_on(timezone.localdate()))


class ResidentSummaryOut(Schema):
    id: int
    atena_number: str
    name: str
    name_kana: str
    birth_date: dt.date
    sex: Sex
    address: str
    status: str
    household_id: int


class HouseholdOut(Schema):
    id: int
    household_number: str
    is_active: bool
    members: list[ResidentSummaryOut]

    @staticmethod
    def resolve_members(obj: Any) -> list[Any]:
        return list(obj.living_members)


class ChangeOut(Schema):
    id: int
    change_type: ChangeType
    category: str
    effective_on: dt.date
    notified_on: dt.date | None
    processed_at: dt.datetime
    note: str
    resident_ids: list[int]

    @staticmethod
    def resolve_resident_ids(obj: Any) -> list[int]:
        return sorted(obj.history_rows.values_list("resident_id", flat=True))


class HistoryOut(Schema):
    history_number: int
    change_id: int
    change_type: ChangeType = Field(..., alias="change.change_type")
    effective_on: dt.date
    notified_on: dt.date | None = Field(None, alias="change.notified_on")
    processed_at: dt.datetime = Field(..., alias="change.processed_at")
    cancelled: bool
    snapshot: dict[str, Any]

    @staticmethod
    def resolve_cancelled(obj: Any) -> bool:
        return bool(obj.change.cancelled_by.all())  # prefetched by the selector

    @staticmethod
    def resolve_snapshot(obj: Any) -> dict[str, Any]:
        return {k: v for k, v in obj.snapshot.items() if k != "my_number_cipher"}


class AsOfOut(Schema):
    on: dt.date
    recorded: bool
    items: dict[str, Any] | None


class SearchIn(Schema):
    name: str = Field("", max_length=100, description="氏名（部分一致）または振り仮名")
    birth: str = Field("", max_length=20, description="生年月日（西暦または和暦）")
    address: str = Field("", max_length=200)
    resident_code: str = Field("", max_length=11)
    my_number: str = Field("", max_length=12)
    include_closed: bool = False


class PersonIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)
    name_kana: str = Field(..., min_length=1, max_length=200)
    birth_date: dt.date
    sex: Sex
    relationship: str = Field(..., max_length=40)
    resident_type: ResidentType = ResidentType.JAPANESE
    resident_code: str = Field("", max_length=11)
    my_number: str = Field("", max_length=12)
    name_kana_confirmed: bool = False
    name_alphabet: str = ""
    former_surname: str = ""
    former_surname_kana: str = ""
    alias: str = ""
    alias_kana: str = ""
    domicile: str = ""
    domicile_head: str = ""
    nationality: str = ""
    foreign_category: ForeignCategory | Literal[""] = ""
    residence_status: str = ""
    period_of_stay: str = ""
    stay_expires_on: dt.date | None = None
    residence_card_number: str = ""
    on_electoral_roll: bool = False
    national_health_insurance: bool = False
    late_elderly_insurance: bool = False
    care_insurance: bool = False
    national_pension: bool = False
    child_allowance: bool = False


class AddressIn(Schema):
    address: str = Field(..., min_length=1, max_length=200)
    address_extra: str = Field("", max_length=100)
    postal_code: str = Field("", max_length=7)


class ChangeDatesIn(Schema):
    effective_on: dt.date = Field(..., description="異動日")
    notified_on: dt.date | None = Field(None, description="届出日")
    note: str = Field("", max_length=200)


class EntryIn(ChangeDatesIn):
    type: Literal["move_in", "move_in_from_abroad", "birth", "ex_officio_entry"]
    people: list[PersonIn] = Field(..., min_length=1, max_length=20)
    address: AddressIn
    previous_address: str = ""
    household_id: int | None = None


class RemovalIn(ChangeDatesIn):
    type: Literal["move_out", "emigration", "death", "ex_officio_removal"]
    resident_ids: list[int] = Field(..., min_length=1, max_length=20)
    moving_to_address: str = ""
    new_head_id: int | None = None
    relationships: dict[int, str] | None = None


class MoveWithinIn(ChangeDatesIn):
    resident_ids: list[int] = Field(..., min_length=1, max_length=20)
    address: AddressIn
    new_head_id: int | None = None
    relationships: dict[int, str] | None = None
    remaining_head_id: int | None = None
    remaining_relationships: dict[int, str] | None = None


class SplitIn(ChangeDatesIn):
    resident_ids: list[int] = Field(..., min_length=1, max_length=20)
    new_head_id: int | None = None
    relationships: dict[int, str] | None = None
    remaining_head_id: int | None = None
    remaining_relationships: dict[int, str] | None = None


class TransferIn(ChangeDatesIn):
    resident_ids: list[int] = Field(..., min_length=1, max_length=20)
    household_id: int
    relationships: dict[int, str]
    merge: bool = False
    remaining_head_id: int | None = None
    remaining_relationships: dict[int, str] | None = None


class HeadChangeIn(ChangeDatesIn):
    household_id: int
    new_head_id: int
    relationships: dict[int, str] | None = None


class NameChangeIn(ChangeDatesIn):
    kind: Literal["name", "former_surname", "alias"]
    value: str = Field("", max_length=100)
    kana: str = Field("", max_length=200)


class CorrectionIn(Schema):
    type: Literal["ex_officio_correction", "clerical_correction"]
    updates: dict[str, Any]
    reason: str = Field(..., min_length=1, max_length=200)
    effective_on: dt.date | None = None


class MyNumberChangeIn(ChangeDatesIn):
    my_number: str = Field(..., max_length=12)


class CancelIn(Schema):
    reason: str = Field(..., min_length=1, max_length=200)


class RevealIn(Schema):
    purpose: str = Field(..., min_length=1, max_length=100, description="事務（利用目的）")


class RevealOut(Schema):
    my_number: str


class CertificateIn(Schema):
    kind: Literal["juminhyo", "closed_record", "entry_certificate"]
    resident_ids: list[int] = Field(..., min_length=1, max_length=50)
    include_household_head_and_relationship: bool = False
    include_domicile: bool = False
    include_resident_code: bool = False
    include_name_kana: bool = False
    include_my_number: bool = False
    purpose: str = Field("住民票の写しの交付", min_length=1, max_length=100)


class MoveOutPersonOut(Schema):
    """One person of a 転出証明書情報 as the counter checks it (no 個人番号)."""

    name: str
    name_kana: str
    birth_date: dt.date
    sex: str
    relationship: str
    resident_code: str
    resident_type: str


class MoveOutCertificateOut(Schema):
    """転出証明書情報 received from the former municipality, waiting for the 転入."""

    id: int
    source_lg_code: str
    source_name: str
    planned_on: dt.date
    previous_address: str
    moving_to_address: str
    status: str
    received_at: dt.datetime
    persons: list[MoveOutPersonOut]


class MoveOutCertificateSendIn(Schema):
    destination_lg_code: str = Field(..., description="転出先の全国地方公共団体コード（6桁）")


class MoveOutCertificateSendOut(Schema):
    receipt: str = Field(..., description="転出先での転出証明書情報ID")


class MoveInFromCertificateIn(ChangeDatesIn):
    address: AddressIn
    relationships: dict[int, str] | None = Field(
        None, description="続柄を変えるときだけ: 証明書情報の何人目（0から）→ 続柄"
    )
    household_id: int | None = None
