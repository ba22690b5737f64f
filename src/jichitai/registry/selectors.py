"""Reads of the register: search (§2.1), a record, a household, history and as-of reads.

Reading personal data is audited by the caller through services.access (views and API call
`resident_access_record` once per page or response)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from jichitai.common.checkdigits import is_valid_my_number
from jichitai.common.error_codes import CommonErrorCode
from jichitai.common.exceptions import InvalidInput
from jichitai.common.kana import is_katakana_reading, normalize_for_search, normalize_width
from jichitai.common.wareki import parse_date_input
from jichitai.registry.crypto import my_number_decrypt, my_number_lookup_hash
from jichitai.registry.error_codes import RegistryErrorCode
from jichitai.registry.errors import (
    ChangeNotFound,
    HouseholdNotFound,
    MemoNotFound,
    MoveOutCertificateNotFound,
    RemarkNotFound,
    ResidentNotFound,
)
from jichitai.registry.inputs import residence_card_number_normalized
from jichitai.registry.matching import SignerMatch as SignerMatch
from jichitai.registry.matching import basic_four_matches as basic_four_matches
from jichitai.registry.matching import signer_is_named as signer_is_named
from jichitai.registry.matching import signer_match as signer_match
from jichitai.registry.matching import signer_was_recorded as signer_was_recorded
from jichitai.registry.models import (
    HEAD,
    Change,
    ChangeType,
    Household,
    InputPlace,
    InputTerminal,
    IssuedCertificate,
    MoveOutCertificate,
    Resident,
    ResidentHistory,
    ResidentMemo,
    ResidentMemoRevision,
    ResidentRemark,
    ResidentStatus,
    Sex,
)
from jichitai.registry.relationships import member_rank as member_rank
from jichitai.tenants.models import Municipality

SEARCH_LIMIT = 100


@dataclass(frozen=True, kw_only=True)
class ResidentQuery:
    """住民検索の条件 (§2.1.2): every given key must match."""

    name: str = ""  # 氏名 (partial) or its reading (katakana/hiragana, any width, small kana)
    birth: str = ""  # 2026-04-07, 2026/4/7, 令和8年4月7日, R8.4.7
    address: str = ""
    resident_code: str = ""
    my_number: str = ""
    household_number: str = ""  # 世帯番号
    sex: str = ""  # 性別: "1", "2" or "9" (Sex)
    residence_card_number: str = ""  # 在留カード等の番号, any width
    include_closed: bool = False

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.name.strip(),
                self.birth.strip(),
                self.address.strip(),
                self.resident_code.strip(),
                self.my_number.strip(),
                self.household_number.strip(),
                self.sex.strip(),
                self.residence_card_number.strip(),
            )
        )


def _name_keys(text: str) -> tuple[tuple[str, str], ...]:
    """The search-key columns and the prefix to look for: 氏, 名 or 通称, read or written."""
    reading = normalize_for_search(text)
    if reading and is_katakana_reading(reading):
        return (
            ("kana_search", reading),
            ("given_kana_search", reading),
            ("alias_kana_search", reading),
        )
    written = "".join(normalize_width(text).split())
    return (("name_search", written), ("given_name_search", written), ("alias_search", written))


def _number_keys(query: ResidentQuery, *, lg_code: str) -> dict[str, str]:
    """住民票コード and 個人番号 as column filters, each checked first."""
    keys: dict[str, str] = {}
    if code := query.resident_code.strip():
        if not (len(code) == 11 and code.isdigit()):
            raise InvalidInput.for_field(
                "/resident_code",
                CommonErrorCode.RESIDENT_CODE_FORMAT,
                "住民票コードは半角数字11桁で入力してください。",
            )
        keys["resident_code"] = code
    if number := query.my_number.strip():
        if not is_valid_my_number(number):
            raise InvalidInput.for_field(
                "/my_number",
                CommonErrorCode.MY_NUMBER_CHECK_DIGIT,
                "個人番号の形式または検査用数字が正しくありません。",
            )
        keys["my_number_hash"] = my_number_lookup_hash(number, lg_code=lg_code)
    return keys


def _exact_keys(query: ResidentQuery) -> dict[str, str]:
    """世帯番号, 性別 and 在留カード等の番号 as exact column filters, each checked first.

    世帯番号 is found through the household's unique (municipality, number) index and
    在留カード等の番号 through resident_card_idx; 性別 alone narrows too little to be worth an
    index, so it only ever filters rows the other keys or the reading order already scan."""
    keys: dict[str, str] = {}
    if number := normalize_width(query.household_number).strip():
        if not (number.isascii() and number.isdigit()):
            raise InvalidInput.for_field(
                "/household_number",
                RegistryErrorCode.HOUSEHOLD_NUMBER_FORMAT,
                "世帯番号は半角数字で入力してください。",
            )
        keys["household__household_number"] = number
    if sex := query.sex.strip():
        if sex not in Sex.values:
            raise InvalidInput.for_field(
                "/sex",
                RegistryErrorCode.SEX_INVALID,
                "性別は 1（男）、2（女）、9（適用不能）のいずれかです。",
            )
        keys["sex"] = sex
    if card := residence_card_number_normalized(query.residence_card_number):
        if not (len(card) == 12 and card.isascii() and card.isalnum()):
            raise InvalidInput.for_field(
                "/residence_card_number",
                RegistryErrorCode.RESIDENCE_CARD_NUMBER_FORMAT,
                "在留カード等の番号は英数字12桁で入力してください。",
            )
        keys["residence_card_number"] = card
    return keys


def resident_search(
    *, municipality: Municipality, query: ResidentQuery, limit: int = SEARCH_LIMIT
) -> list[Resident]:
    """住民検索 (§2.1): living records (and 除票 when asked) matching every given key.

    A name matches by a prefix of the whole name (氏 first), of the given name (名) or of the
    通称, in writing or reading (width, hiragana/katakana and small kana ignored). Each of
    the three is one ordered index range scan with its own LIMIT, merged here: people whose
    氏 matches come first, in reading order, so the answer stays fast on a million records.
    Raises InvalidInput for an unreadable date, a malformed 住民票コード, 個人番号, 世帯番号,
    性別 or 在留カード等の番号.
    """
    qs = Resident.objects.for_municipality(municipality).select_related("household")
    if not query.include_closed:
        qs = qs.filter(status=ResidentStatus.ACTIVE)
    if query.birth.strip():
        qs = qs.filter(birth_date=parse_date_input(query.birth))
    if query.address.strip():
        qs = qs.filter(address__contains=normalize_width(query.address).strip())
    qs = qs.filter(**_number_keys(query, lg_code=municipality.lg_code))
    qs = qs.filter(**_exact_keys(query))
    if not query.name.strip():
        return list(qs.order_by("kana_search", "birth_date", "pk")[:limit])
    found: dict[int, Resident] = {}
    for column, prefix in _name_keys(query.name):
        if len(found) >= limit:
            break
        matches = qs.filter(**{f"{column}__startswith": prefix}).order_by(
            column, "birth_date", "pk"
        )
        for resident in matches[: limit - len(found)]:
            found.setdefault(resident.pk, resident)
    return list(found.values())


def resident_get(*, municipality: Municipality, resident_id: int) -> Resident:
    """住民票 (one record, living or 除票). Raises ResidentNotFound (also for another
    municipality's id)."""
    resident = (
        Resident.objects.for_municipality(municipality)
        .select_related("household")
        .filter(pk=resident_id)
        .first()
    )
    if resident is None:
        raise ResidentNotFound
    return resident


def household_get(*, municipality: Municipality, household_id: int) -> Household:
    """世帯 with its living members in 並び順. Raises HouseholdNotFound."""
    household = (
        Household.objects.for_municipality(municipality)
        .prefetch_related(
            Prefetch(
                "members",
                queryset=Resident.objects.filter(status=ResidentStatus.ACTIVE).order_by(
                    "household_order", "pk"
                ),
                to_attr="living_members",
            )
        )
        .filter(pk=household_id)
        .first()
    )
    if household is None:
        raise HouseholdNotFound
    return household


def household_members_living(household: Household) -> list[Resident]:
    """The members living in the household, in 並び順 (prefetched by household_get)."""
    members: list[Resident] | None = getattr(household, "living_members", None)
    if members is None:
        members = list(
            household.members.filter(status=ResidentStatus.ACTIVE).order_by("household_order", "pk")
        )
    return members


def household_members_removed(household: Household) -> list[Resident]:
    """消除対象者 (doc/j430.txt §3.3: 「世帯確認画面等において、（転出や死亡等で）消除された
    世帯構成員も画面表示できること」): the household's members whose record was closed while
    in it (転出, 死亡 …), the latest removal first."""
    return list(
        household.members.filter(status=ResidentStatus.CLOSED).order_by(
            "-removed_on", "household_order", "pk"
        )
    )


def household_head(household: Household) -> Resident | None:
    """世帯主, or None while the household has none: 「世帯主未設定を許容すること」
    (doc/j100.txt §1.1.10), e.g. after the head's 死亡 until a 世帯主変更届 (§4.0.4)."""
    return next((m for m in household_members_living(household) if m.is_head), None)


def household_head_missing(household: Household) -> bool:
    """世帯主未設定 (doc/j100.txt §1.1.10): living members, none of them the head. Read from
    the database, not from household_get's prefetch, so it holds right after a change."""
    living = household.members.filter(status=ResidentStatus.ACTIVE)
    return living.exists() and not living.filter(relationship=HEAD).exists()


def resident_history_list(*, resident: Resident) -> QuerySet[ResidentHistory]:
    """住民の異動履歴, newest first, with each change and who processed it."""
    return (
        ResidentHistory.objects.filter(resident=resident)
        .select_related(
            "change",
            "change__actor",
            "change__cancels",
            "change__input_place",
            "change__input_terminal",
        )
        .prefetch_related("change__cancelled_by")
        .order_by("-history_number")
    )


def resident_as_of(*, resident: Resident, on: dt.date) -> dict[str, Any] | None:
    """住民票の時点照会: the record's items as they stood on `on` (by 異動日), or None when the
    person was not (yet) recorded. Cancelled changes and the cancellations themselves are
    left out, as if they had never happened."""
    row = (
        ResidentHistory.objects.filter(resident=resident, effective_on__lte=on)
        .exclude(change__change_type=ChangeType.CANCELLATION)
        .exclude(change__cancelled_by__isnull=False)
        .order_by("-effective_on", "-history_number")
        .first()
    )
    return None if row is None else row.snapshot


def parse_as_of(text: str) -> dt.date:
    """The date of an as-of read, in any form people type (ISO or 和暦)."""
    try:
        return parse_date_input(text)
    except InvalidInput as error:
        raise InvalidInput.for_field("/on", error.code, error.detail) from None


def change_get(*, municipality: Municipality, change_id: int) -> Change:
    """異動. Raises ChangeNotFound."""
    change = Change.objects.for_municipality(municipality).filter(pk=change_id).first()
    if change is None:
        raise ChangeNotFound
    return change


def household_members_for_certificate(*, household: Household) -> list[Resident]:
    """Everyone recorded in the household, living first in 並び順, then its 除票."""
    return list(household.members.order_by("status", "household_order", "pk"))


def issued_certificates_recent(
    *, municipality: Municipality, limit: int = 100
) -> list[IssuedCertificate]:
    """交付記録: the municipality's latest issued certificates, newest first (no personal data:
    the records hold codes, counts and the issuing staff member only)."""
    return list(
        IssuedCertificate.objects.for_municipality(municipality)
        .select_related("actor")
        .order_by("-issued_at", "-serial")[:limit]
    )


def move_out_certificates_pending(*, municipality: Municipality) -> QuerySet[MoveOutCertificate]:
    """転入待ち: 転出証明書情報 received and not yet recorded as a 転入, soonest move first."""
    return (
        MoveOutCertificate.objects.for_municipality(municipality)
        .filter(status=MoveOutCertificate.Status.PENDING)
        .order_by("planned_on", "pk")
    )


def move_out_certificate_get(
    *, municipality: Municipality, certificate_id: int
) -> MoveOutCertificate:
    certificate = (
        MoveOutCertificate.objects.for_municipality(municipality).filter(pk=certificate_id).first()
    )
    if certificate is None:
        raise MoveOutCertificateNotFound
    return certificate


def move_out_certificate_by_public_id(
    *, municipality: Municipality, public_id: str
) -> MoveOutCertificate | None:
    """The certificate by the id its sender got as the receipt (what a 転入予約 stores)."""
    return (
        MoveOutCertificate.objects.for_municipality(municipality)
        .filter(public_id=public_id)
        .first()
    )


def change_household_id(*, change: Change) -> int | None:
    """The household the people of a 異動 belong to now (a 転入's new household)."""
    return change.history_rows.values_list("resident__household_id", flat=True).first()


def residents_living_born_on(*, municipality: Municipality, birth_date: dt.date) -> list[Resident]:
    """Living residents born on one day: the candidates when a card's 基本4情報 are matched
    against the register (the birth date is the most selective of the four)."""
    return list(
        Resident.objects.for_municipality(municipality)
        .filter(status=ResidentStatus.ACTIVE, birth_date=birth_date)
        .order_by("pk")
    )


def household_living_member_ids(*, resident: Resident) -> set[int]:
    """世帯員: the ids of the living members of the resident's 世帯 (the resident included)."""
    return set(
        Resident.objects.for_municipality(resident.municipality_id)
        .filter(household_id=resident.household_id, status=ResidentStatus.ACTIVE)
        .values_list("pk", flat=True)
    )


def my_number_is_recorded(*, municipality: Municipality, my_number: str) -> bool:
    """Whether a record of the municipality (living or 除票) holds this 個人番号, found by its
    keyed hash like every lookup of the number."""
    digest = my_number_lookup_hash(my_number, lg_code=municipality.lg_code)
    return Resident.objects.for_municipality(municipality).filter(my_number_hash=digest).exists()


def resident_my_number_unaudited(*, resident: Resident) -> str:
    """個人番号 in full, for the system's own use (the demo's virtual cards carry it), with no
    audit record: whatever shows it to a person goes through services.resident_my_number_reveal,
    which checks the role and the purpose and records both. "" for a record without one."""
    if not resident.my_number_cipher:
        return ""
    return my_number_decrypt(
        resident.my_number_cipher,
        lg_code=resident.municipality_id,
        atena_number=resident.atena_number,
    )


def input_places_list(*, municipality: Municipality) -> QuerySet[InputPlace]:
    """入力場所 of the municipality's register (§1.3.1), by code."""
    return InputPlace.objects.for_municipality(municipality).order_by("code")


def input_terminals_list(*, municipality: Municipality) -> QuerySet[InputTerminal]:
    """入力端末 of the municipality's register (§1.3.1), by place and code."""
    return (
        InputTerminal.objects.for_municipality(municipality)
        .select_related("place")
        .order_by("place__code", "code")
    )


def resident_memos_list(*, resident: Resident) -> QuerySet[ResidentMemo]:
    """メモ of one person (§1.1.15), deleted ones too, newest first, each with its revisions
    (入力・修正・削除, who and when) in order."""
    return (
        ResidentMemo.objects.filter(resident=resident)
        .select_related("written_by")
        .prefetch_related(
            Prefetch(
                "revisions",
                queryset=ResidentMemoRevision.objects.select_related("actor").order_by(
                    "recorded_at", "pk"
                ),
            )
        )
        .order_by("is_deleted", "-written_at", "-pk")
    )


def resident_memo_get(*, municipality: Municipality, memo_id: int) -> ResidentMemo:
    """One memo not deleted; another municipality's id or a deleted memo is MemoNotFound."""
    memo = (
        ResidentMemo.objects.for_municipality(municipality)
        .filter(pk=memo_id, is_deleted=False)
        .select_related("resident")
        .first()
    )
    if memo is None:
        raise MemoNotFound
    return memo


def resident_remarks_list(*, resident: Resident) -> QuerySet[ResidentRemark]:
    """備考 of one record (§1.1.14), removed ones too, in the order they were written."""
    return (
        ResidentRemark.objects.filter(resident=resident)
        .select_related("written_by", "deleted_by")
        .order_by("written_at", "pk")
    )


def remarks_printed(*, resident_ids: list[int]) -> dict[int, list[str]]:
    """The 備考 each record prints in its 統合記載欄 (the ones not removed), by resident id."""
    printed: dict[int, list[str]] = {}
    rows = ResidentRemark.objects.filter(
        resident_id__in=resident_ids, deleted_at__isnull=True
    ).order_by("written_at", "pk")
    for remark in rows:
        printed.setdefault(remark.resident_id, []).append(remark.wording)
    return printed


def resident_remark_get(*, municipality: Municipality, remark_id: int) -> ResidentRemark:
    """One 備考 not removed; another municipality's id or a removed one is RemarkNotFound."""
    remark = (
        ResidentRemark.objects.for_municipality(municipality)
        .filter(pk=remark_id, deleted_at__isnull=True)
        .select_related("resident")
        .first()
    )
    if remark is None:
        raise RemarkNotFound
    return remark


def change_resident_ids(*, change: Change) -> list[int]:
    """The people a change wrote history rows for, in 世帯員の並び順."""
    return list(
        ResidentHistory.objects.filter(change=change)
        .order_by("resident__household_order", "pk")
        .values_list("resident_id", flat=True)
    )
