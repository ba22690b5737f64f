"""API schemas of the registry. 個人番号 never appears in an answer except from the audited
reveal endpoint; answers say only whether one is recorded. Every input is bounded by the
column it is stored in and keeps to the one text rule (common.api_types, common.text).
No `from __future__ import annotations`: django-ninja reads the annotations at import time."""

import datetime as dt
from typing import Annotated, Any, Literal

from django.utils import timezone
from ninja import Field, Schema
from pydantic import BaseModel, ConfigDict, model_validator

from jichitai.common.api_types import PositiveId, Text
from jichitai.common.model_fields import column_max_length
from jichitai.registry.models import (
    MAX_COPIES,
    CardStatus,
    ChangeBasis,
    ChangeType,
    ForeignCategory,
    Household,
    PensionCategory,
    Resident,
    ResidentStatus,
    ResidentType,
    Sex,
    StandardReason,
)
from jichitai.registry.selectors import (
    household_head,
    household_members_living,
    resident_support_measure,
    support_measures_covering,
)


class SupportMeasureOut(Schema):
    """支援措置期間中（仮支援措置期間中） (doc/j380.txt §2.2.4): the period; the details are on
    the 支援措置 page."""

    id: int
    starts_on: dt.date
    ends_on: dt.date
    provisional: bool


def _status(resident: Resident) -> str:
    """住民状態 as read today: a planned 転出 whose day has come is 除票 even before the daily
    job stores it (registry.models.living)."""
    return ResidentStatus.CLOSED.value if resident.is_closed else str(resident.status)


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
    birth_date_text: str = Field(
        "", description="生年月日の不詳日等の表記（あるときは birth_date より優先して表示する）"
    )
    sex: Sex
    domicile: str
    domicile_head: str
    became_resident_on: dt.date
    postal_code: str
    address_code: str = Field("", description="住所コード（住所辞書の11桁、辞書にない住所は空）")
    address: str
    address_extra: str
    address_fixed_on: dt.date
    notified_on: dt.date | None
    previous_address: str
    previous_postal_code: str
    nationality: str
    foreign_category: str
    residence_status: str
    period_of_stay: str
    stay_expires_on: dt.date | None
    residence_card_number: str
    on_electoral_roll: bool
    national_health_insurance: bool
    nhi_acquired_on: dt.date | None
    nhi_lost_on: dt.date | None
    nhi_retiree: bool
    late_elderly_insurance: bool
    care_insurance: bool
    national_pension: bool
    basic_pension_number: str
    pension_category: str
    pension_category_changed_on: dt.date | None
    pension_acquired_on: dt.date | None
    pension_lost_on: dt.date | None
    child_allowance: bool
    removal_reason: str
    removed_on: dt.date | None
    moving_to_address: str
    # 転出予定日 of a 転出届 made before the move, while the record is still 住民 (§1.1.5).
    planned_removal_on: dt.date | None
    moving_to_postal_code: str
    my_number_card_status: str
    my_number_card_status_on: dt.date | None
    juki_card_status: str
    juki_card_status_on: dt.date | None
    has_my_number: bool
    support_measure: SupportMeasureOut | None = Field(
        None, description="支援措置対象者のとき、今日を含む支援措置の期間（なければ null）"
    )

    @staticmethod
    def resolve_support_measure(obj: Any) -> Any:
        return resident_support_measure(resident=obj, on=timezone.localdate())

    @staticmethod
    def resolve_status(obj: Any) -> str:
        return _status(obj)

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
    birth_date_text: str = Field(
        "", description="生年月日の不詳日等の表記（あるときは birth_date より優先して表示する）"
    )
    sex: Sex
    # Empty for a 支援対象者 in a search result (DESIGN.md 支援措置).
    address: str
    status: str
    planned_removal_on: dt.date | None
    household_id: int
    support_measure: bool = Field(
        False,
        description="支援対象者（支援措置期間中・仮支援措置期間中）。検索結果では住所を空にします",
    )

    def protected(self) -> "ResidentSummaryOut":
        """The row of a 支援対象者 in a search result: marked, its address left out."""
        return self.model_copy(update={"address": "", "support_measure": True})

    @staticmethod
    def resolve_status(obj: Any) -> str:
        # Rows of a search or household answer are built first (a 支援対象者's marked) and
        # validated again as the response: then their status stands as built.
        return _status(obj) if isinstance(obj, Resident) else str(obj.status)


class HouseholdOut(Schema):
    id: int
    household_number: str
    is_active: bool
    # null while the household has no 世帯主 (世帯主未設定, doc/j100.txt §1.1.10).
    head_id: int | None
    members: list[ResidentSummaryOut]

    @staticmethod
    def resolve_head_id(obj: Household) -> int | None:
        head = household_head(obj)
        return None if head is None else head.pk

    @staticmethod
    def resolve_members(obj: Household) -> list[ResidentSummaryOut]:
        """The living members, 支援対象者 marked (their address is the household's own)."""
        members = household_members_living(obj)
        protected = support_measures_covering(
            municipality=obj.municipality_id,
            resident_ids=[m.pk for m in members],
            on=timezone.localdate(),
        )
        return [
            ResidentSummaryOut.from_orm(m).model_copy(update={"support_measure": m.pk in protected})
            for m in members
        ]


class ChangeOut(Schema):
    id: int
    change_type: ChangeType
    category: str
    standard_reason: StandardReason = Field(..., description="異動事由の区分（標準仕様書1.2.2）")
    effective_on: dt.date
    notified_on: dt.date | None
    processed_at: dt.datetime
    note: str
    basis: ChangeBasis = Field(..., description="届出・職権の別 (§4.2.0.2, §4.2.0.5)")
    offered_on: dt.date | None = Field(None, description="申出日")
    notifier_name: str = Field("", description="届出人氏名")
    informed_on: dt.date | None = Field(None, description="通知日")
    requested_on: dt.date | None = Field(None, description="請求日")
    input_place: str = Field("", description="入力場所 (§1.3.1)")
    input_terminal: str = Field("", description="入力端末 (§1.3.1)")
    resident_ids: list[int]

    @staticmethod
    def resolve_input_place(obj: Any) -> str:
        return obj.input_place.name if obj.input_place_id else ""

    @staticmethod
    def resolve_input_terminal(obj: Any) -> str:
        return obj.input_terminal.name if obj.input_terminal_id else ""

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
        # Cancelled for this person: a change may be cancelled for some of its people only.
        return any(
            c.history_rows.filter(resident_id=obj.resident_id).exists()
            for c in obj.change.cancelled_by.all()  # prefetched by the selector
        )

    @staticmethod
    def resolve_snapshot(obj: Any) -> dict[str, Any]:
        return {k: v for k, v in obj.snapshot.items() if k != "my_number_cipher"}


class AsOfIn(Schema):
    on: Annotated[str, Text(20)] = Field("", description="時点（西暦または和暦、省略時は今日）")


class AsOfOut(Schema):
    on: dt.date
    recorded: bool
    items: dict[str, Any] | None


def _resident_text(name: str, *, min_length: int = 0) -> Text:
    """The rule of a text item bounded by the column it is stored in (Resident.<name>)."""
    return Text(column_max_length(Resident, name), min_length=min_length)


Note = Annotated[str, Text(200)]  # Change.note
Reason = Annotated[str, Text(200, min_length=1)]  # kept as the change's note
Relationship = Annotated[str, _resident_text("relationship", min_length=1)]
# 続柄 by resident id: every id in range, every 続柄 given (an empty one is not a 続柄).
Relationships = dict[PositiveId, Relationship]
ResidentIds = Annotated[list[PositiveId], Field(min_length=1, max_length=20)]


class SearchIn(Schema):
    name: Annotated[str, Text(100)] = Field(
        "", description="氏名・名・通称・旧氏またはその振り仮名（あいまい検索）"
    )
    match: Annotated[str, Text(10)] = Field(
        "prefix", description="氏名の一致の方法: prefix（前方一致）, exact, partial（全件走査）"
    )
    birth: Annotated[str, Text(20)] = Field("", description="生年月日（西暦または和暦）")
    address: Annotated[str, Text(200)] = ""
    resident_code: Annotated[str, Text(11)] = ""
    my_number: Annotated[str, Text(12)] = ""
    atena_number: Annotated[str, _resident_text("atena_number")] = Field(
        "", description="宛名番号（完全一致）"
    )
    household_number: Annotated[str, Text(column_max_length(Household, "household_number"))] = (
        Field("", description="世帯番号（完全一致）")
    )
    sex: Annotated[str, _resident_text("sex")] = Field("", description="性別: 1, 2 or 9")
    residence_card_number: Annotated[str, _resident_text("residence_card_number")] = Field(
        "", description="在留カード等の番号（完全一致、全角可）"
    )
    relationship: Annotated[str, _resident_text("relationship")] = Field(
        "", description="続柄（完全一致）"
    )
    address_extra: Annotated[str, _resident_text("address_extra")] = Field(
        "", description="方書（部分一致）"
    )
    removal_reason: Annotated[str, Text(32)] = Field(
        "", description="消除事由（move_out, death …）: 除票から検索"
    )
    blank: Annotated[str, Text(20)] = Field(
        "",
        description="空白の項目で検索: address_extra, relationship, alias, former_surname, domicile",
    )
    include_closed: bool = False
    include_past: bool = Field(False, description="過去の氏名・住所も検索する")


class PersonIn(Schema):
    # 空欄 (doc/j60.txt §1.1.6): 氏名 and 氏名の振り仮名 may be blank.
    name: Annotated[str, _resident_text("name")] = ""
    name_kana: Annotated[str, _resident_text("name_kana")] = ""
    birth_date: dt.date | None = Field(None, description="生年月日（暦上日）")
    birth_date_text: Annotated[str, _resident_text("birth_date_text")] = Field(
        "",
        description="不詳日・暦上日以外の生年月日の表記（例：昭和20年 月日不詳、年月日不詳、"
        "平成3年2月29日）。標準仕様書1.1.8の形式。birth_date の代わりに指定する",
    )
    sex: Sex
    relationship: Relationship
    resident_type: ResidentType = ResidentType.JAPANESE
    resident_code: Annotated[str, _resident_text("resident_code")] = ""
    my_number: Annotated[str, Text(12)] = ""
    name_kana_confirmed: bool = False
    name_alphabet: Annotated[str, _resident_text("name_alphabet")] = ""
    former_surname: Annotated[str, _resident_text("former_surname")] = ""
    former_surname_kana: Annotated[str, _resident_text("former_surname_kana")] = ""
    former_surname_kana_confirmed: bool = False
    alias: Annotated[str, _resident_text("alias")] = ""
    alias_kana: Annotated[str, _resident_text("alias_kana")] = ""
    alias_kana_confirmed: bool = False
    domicile: Annotated[str, _resident_text("domicile")] = ""
    domicile_head: Annotated[str, _resident_text("domicile_head")] = ""
    nationality: Annotated[str, _resident_text("nationality")] = ""
    foreign_category: ForeignCategory | Literal[""] = ""
    residence_status: Annotated[str, _resident_text("residence_status")] = ""
    period_of_stay: Annotated[str, _resident_text("period_of_stay")] = ""
    stay_expires_on: dt.date | None = None
    residence_card_number: Annotated[str, _resident_text("residence_card_number")] = ""
    on_electoral_roll: bool = False
    national_health_insurance: bool = False
    late_elderly_insurance: bool = False
    care_insurance: bool = False
    national_pension: bool = False
    child_allowance: bool = False
    returning_atena_number: Annotated[str, _resident_text("atena_number")] = Field(
        "",
        description="再転入者: 氏名・生年月日・性別が一致する除票の宛名番号（同じ人と確認したとき）",
    )
    not_returning: bool = Field(
        False, description="再転入者: 一致する除票は別の人と確認した（新しく記載する）"
    )

    @model_validator(mode="after")
    def _birth_date_given(self) -> "PersonIn":
        """生年月日 is a required item (§1.1.6): a date or a 不詳日 text. With a text only,
        the entry service derives the sort day from it (entries.birth_date_resolved)."""
        if self.birth_date is None:
            if not self.birth_date_text.strip():
                raise ValueError("birth_date か birth_date_text のどちらかが必要です")
            self.birth_date = timezone.localdate()
        return self


class AddressIn(Schema):
    address: Annotated[str, _resident_text("address", min_length=1)]
    address_extra: Annotated[str, _resident_text("address_extra")] = ""
    postal_code: Annotated[str, _resident_text("postal_code")] = Field(
        "", description="郵便番号（数字7桁）"
    )


class ChangeDatesIn(Schema):
    effective_on: dt.date = Field(..., description="異動日")
    notified_on: dt.date | None = Field(None, description="届出日")
    note: Note = ""
    basis: ChangeBasis = Field(
        ChangeBasis.NOTIFICATION,
        description="届出・職権の別: `notification` 届出, `ex_officio` 職権 (§4.2.0.2, no 届出日), "
        "`offer` 申出による職権 (§4.2.0.5, with `offered_on`)",
    )
    offered_on: dt.date | None = Field(None, description="申出日 (only with `basis` `offer`)")
    notifier_name: Annotated[str, Text(100)] = Field(
        "", description="届出人氏名, when not one of the people moved (§4.1.0.3)"
    )


class EntryIn(ChangeDatesIn):
    type: Literal[
        "move_in",
        "move_in_from_abroad",
        "article_30_47",
        "birth",
        "ex_officio_entry",
        "naturalisation_entry",
        "nationality_acquisition_entry",
        "nationality_loss_entry",
    ]
    people: list[PersonIn] = Field(..., min_length=1, max_length=20)
    address: AddressIn
    previous_address: Annotated[str, _resident_text("previous_address")] = ""
    household_id: PositiveId | None = None


class RemovalIn(ChangeDatesIn):
    type: Literal["move_out", "emigration", "death", "ex_officio_removal"]
    resident_ids: ResidentIds
    moving_to_address: Annotated[str, _resident_text("moving_to_address")] = ""
    new_head_id: PositiveId | None = None
    relationships: Relationships | None = None


class MoveWithinIn(ChangeDatesIn):
    resident_ids: ResidentIds
    address: AddressIn
    new_head_id: PositiveId | None = None
    relationships: Relationships | None = None
    remaining_head_id: PositiveId | None = None
    remaining_relationships: Relationships | None = None


class SplitIn(ChangeDatesIn):
    resident_ids: ResidentIds
    new_head_id: PositiveId | None = None
    relationships: Relationships | None = None
    remaining_head_id: PositiveId | None = None
    remaining_relationships: Relationships | None = None


class TransferIn(ChangeDatesIn):
    resident_ids: ResidentIds
    household_id: PositiveId
    relationships: Relationships
    merge: bool = False
    remaining_head_id: PositiveId | None = None
    remaining_relationships: Relationships | None = None


class HeadChangeIn(ChangeDatesIn):
    household_id: PositiveId
    new_head_id: PositiveId
    relationships: Relationships | None = None


class NameChangeIn(ChangeDatesIn):
    kind: Literal["name", "former_surname", "alias"]
    value: Annotated[str, _resident_text("name")] = ""
    kana: Annotated[str, _resident_text("name_kana")] = ""
    # フリガナ確認フラグ (doc/j180.txt §1.1.18): the reading was checked with the person.
    kana_confirmed: bool = True


# An item a correction leaves as it is: absent from the body. Typed Any so the item's own type
# stays exact (a `null` sent for a text item is refused, not taken as "clear it").
UNCHANGED: Any = None


class CorrectionUpdatesIn(BaseModel):
    """The items a correction may change, each typed and bounded like the record's column.
    Only the items sent are changed; `null` only where the record may have no value (dates).
    Any other key is refused by the service (`registry.field_not_correctable`): a plain
    pydantic model, as ninja's Schema drops the keys it does not declare."""

    model_config = ConfigDict(extra="allow")

    name: Annotated[str, _resident_text("name")] = UNCHANGED
    name_kana: Annotated[str, _resident_text("name_kana")] = UNCHANGED
    name_kana_confirmed: bool = UNCHANGED
    name_alphabet: Annotated[str, _resident_text("name_alphabet")] = UNCHANGED
    former_surname: Annotated[str, _resident_text("former_surname")] = UNCHANGED
    former_surname_kana: Annotated[str, _resident_text("former_surname_kana")] = UNCHANGED
    former_surname_kana_confirmed: bool = UNCHANGED
    alias: Annotated[str, _resident_text("alias")] = UNCHANGED
    alias_kana: Annotated[str, _resident_text("alias_kana")] = UNCHANGED
    alias_kana_confirmed: bool = UNCHANGED
    birth_date: dt.date = UNCHANGED
    sex: Sex = UNCHANGED
    relationship: Relationship = UNCHANGED
    domicile: Annotated[str, _resident_text("domicile")] = UNCHANGED
    domicile_head: Annotated[str, _resident_text("domicile_head")] = UNCHANGED
    became_resident_on: dt.date = UNCHANGED
    postal_code: Annotated[str, _resident_text("postal_code")] = UNCHANGED
    address: Annotated[str, _resident_text("address", min_length=1)] = UNCHANGED
    address_extra: Annotated[str, _resident_text("address_extra")] = UNCHANGED
    address_fixed_on: dt.date = UNCHANGED
    notified_on: dt.date | None = None
    previous_address: Annotated[str, _resident_text("previous_address")] = UNCHANGED
    previous_postal_code: Annotated[str, Text(10)] = UNCHANGED
    nationality: Annotated[str, _resident_text("nationality")] = UNCHANGED
    foreign_category: ForeignCategory | Literal[""] = UNCHANGED
    residence_status: Annotated[str, _resident_text("residence_status")] = UNCHANGED
    period_of_stay: Annotated[str, _resident_text("period_of_stay")] = UNCHANGED
    stay_expires_on: dt.date | None = None
    residence_card_number: Annotated[str, _resident_text("residence_card_number")] = UNCHANGED
    on_electoral_roll: bool = UNCHANGED
    national_health_insurance: bool = UNCHANGED
    nhi_acquired_on: dt.date | None = None
    nhi_lost_on: dt.date | None = None
    nhi_retiree: bool = UNCHANGED
    late_elderly_insurance: bool = UNCHANGED
    care_insurance: bool = UNCHANGED
    national_pension: bool = UNCHANGED
    basic_pension_number: Annotated[str, Text(12)] = UNCHANGED
    pension_category: PensionCategory | Literal[""] = UNCHANGED
    pension_category_changed_on: dt.date | None = None
    pension_acquired_on: dt.date | None = None
    pension_lost_on: dt.date | None = None
    child_allowance: bool = UNCHANGED
    moving_to_address: Annotated[str, _resident_text("moving_to_address")] = UNCHANGED
    moving_to_postal_code: Annotated[str, Text(10)] = UNCHANGED
    removed_on: dt.date | None = None
    my_number_card_status: CardStatus | Literal[""] = UNCHANGED
    my_number_card_status_on: dt.date | None = None
    juki_card_status: CardStatus | Literal[""] = UNCHANGED
    juki_card_status_on: dt.date | None = None
    resident_code: Annotated[str, _resident_text("resident_code")] = UNCHANGED


class CorrectionIn(Schema):
    type: Literal["ex_officio_correction", "clerical_correction", "minor_correction"]
    updates: CorrectionUpdatesIn
    reason: Reason
    effective_on: dt.date | None = None


class MyNumberChangeIn(ChangeDatesIn):
    my_number: Annotated[str, Text(12)]


class CancelIn(Schema):
    reason: Reason
    resident_ids: Annotated[list[PositiveId], Field(min_length=1, max_length=100)] | None = Field(
        None, description="取り消す人（省略時はこの異動の全員）"
    )
    offered_on: dt.date | None = Field(None, description="申出日（本人等の申出による取消しの場合）")


class RevealIn(Schema):
    purpose: Annotated[str, Text(100, min_length=1)] = Field(..., description="事務（利用目的）")


class RevealOut(Schema):
    my_number: str


class CertificateIn(Schema):
    kind: Literal["juminhyo", "closed_record", "entry_certificate", "closed_entry_certificate"]
    resident_ids: Annotated[list[PositiveId], Field(min_length=1, max_length=50)]
    include_household_head_and_relationship: bool = False
    include_domicile: bool = False
    include_resident_code: bool = False
    include_name_kana: bool = False
    include_my_number: bool = False
    purpose: Annotated[str, Text(100, min_length=1)] = "住民票の写しの交付"
    requester: Literal["self", "household", "agent", "third_party"] = Field(
        ..., description="請求者の区分（本人・同一世帯の人・代理人・第三者）"
    )
    identity_check: Literal["my_number_card", "drivers_license", "other"] = Field(
        ..., description="本人確認の方法"
    )
    copies: Annotated[int, Field(ge=1, le=MAX_COPIES, description="通数")] = 1
    include_history: bool = Field(False, description="履歴付き（異動日・異動事由と変更された事項）")
    omit_foreign_items: bool = Field(
        False,
        description=(
            "外国人住民の国籍・地域、法第30条の45の区分、在留資格、在留期間等、満了の日、"
            "在留カード等の番号を省略する"
        ),
    )
    official_use: bool = Field(False, description="公用（「公用」と印字し、手数料は0円）")
    place: Annotated[str, Text(40)] = Field("", description="交付場所（記録のみ、印字しない）")
    terminal: Annotated[str, Text(10)] = Field(
        "", description="発行端末名番号（例：本庁1、発行番号に印字）"
    )
    support_release_reason: Annotated[str, Text(200)] = Field(
        "",
        description=(
            "支援措置の解除の理由（審査の結果）: 支援対象者を含めて交付するとき、支援措置責任者"
            "（住民記録審査）だけが入力できます"
        ),
    )


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
    destination_lg_code: str = Field(
        ..., pattern=r"^[0-9]{6}$", description="転出先の全国地方公共団体コード（6桁）"
    )


class MoveOutCertificateSendOut(Schema):
    receipt: str = Field(..., description="転出先での転出証明書情報ID")


class MoveInFromCertificateIn(ChangeDatesIn):
    address: AddressIn
    relationships: dict[Annotated[int, Field(ge=0, le=100)], Relationship] | None = Field(
        None, description="続柄を変えるときだけ: 証明書情報の何人目（0から）→ 続柄"
    )
    household_id: PositiveId | None = None
