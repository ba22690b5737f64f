"""Reads of the register: search (§2.1), a record, a household, history and as-of reads.

Reading personal data is audited by the caller through services.access (views and API call
`resident_access_record` once per page or response)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from jichitai.common.checkdigits import is_valid_my_number
from jichitai.common.dates import add_months
from jichitai.common.error_codes import CommonErrorCode
from jichitai.common.exceptions import InvalidInput
from jichitai.common.kana import is_katakana_reading, normalize_for_search, normalize_width
from jichitai.common.wareki import parse_date_input
from jichitai.registry.addresses import address_area_for_text
from jichitai.registry.crypto import my_number_decrypt, my_number_lookup_hash
from jichitai.registry.error_codes import RegistryErrorCode
from jichitai.registry.errors import (
    ChangeNotFound,
    HouseholdNotFound,
    MemoNotFound,
    MoveOutCertificateNotFound,
    RemarkNotFound,
    ResidentNotFound,
    SupportMeasureNotFound,
)
from jichitai.registry.inputs import name_symbols_check, residence_card_number_normalized
from jichitai.registry.matching import SignerMatch as SignerMatch
from jichitai.registry.matching import basic_four_matches as basic_four_matches
from jichitai.registry.matching import signer_is_named as signer_is_named
from jichitai.registry.matching import signer_match as signer_match
from jichitai.registry.matching import signer_was_recorded as signer_was_recorded
from jichitai.registry.models import (
    CANCELLATION_CODES,
    HEAD,
    Change,
    ChangeType,
    Household,
    InputPlace,
    InputTerminal,
    IssuedCertificate,
    MoveOutCertificate,
    NetworkMessage,
    NetworkMessageKind,
    Resident,
    ResidentCertificateSerial,
    ResidentHistory,
    ResidentMemo,
    ResidentMemoRevision,
    ResidentRemark,
    ResidentSearchKey,
    ResidentStatus,
    SearchKeyKind,
    Sex,
    SupportMeasure,
    SupportMeasurePerson,
    living,
)
from jichitai.registry.population import PopulationKey as PopulationKey
from jichitai.registry.population import address_area_names as address_area_names
from jichitai.registry.population import population_counts as population_counts
from jichitai.registry.relationships import member_rank as member_rank
from jichitai.registry.returners import returner_candidates as returner_candidates
from jichitai.registry.returners import returner_record_get as returner_record_get
from jichitai.registry.search_keys import written_key
from jichitai.tenants.models import Municipality

SEARCH_LIMIT = 100


class SearchMatch(StrEnum):
    """一致の方法 for names (doc/j330.txt §2.1.2: 「文字列一致検索（完全一致・部分一致）」).

    前方一致 and 完全一致 are index range scans; 部分一致 (inside a name) has no index to use
    and reads every record of the municipality, so it is asked for explicitly."""

    PREFIX = "prefix"
    EXACT = "exact"
    PARTIAL = "partial"


_LOOKUP = {
    SearchMatch.PREFIX: "startswith",
    SearchMatch.EXACT: "exact",
    SearchMatch.PARTIAL: "contains",
}


@dataclass(frozen=True, kw_only=True)
class ResidentQuery:
    """住民検索の条件 (§2.1.2, §2.1.3): every given key must match."""

    name: str = ""  # 氏名, 名, 通称 or 旧氏, written or read (katakana/hiragana, any width)
    match: str = SearchMatch.PREFIX  # how the name matches: prefix, exact or partial
    birth: str = ""  # 2026-04-07, 2026/4/7, 令和8年4月7日, R8.4.7
    address: str = ""
    resident_code: str = ""
    my_number: str = ""
    atena_number: str = ""  # 宛名番号
    household_number: str = ""  # 世帯番号
    sex: str = ""  # 性別: "1", "2" or "9" (Sex)
    residence_card_number: str = ""  # 在留カード等の番号, any width
    relationship: str = ""  # 続柄, exactly as recorded (any width)
    address_extra: str = ""  # 方書, anywhere inside
    removal_reason: str = ""  # 消除事由 (a ChangeType value): 除票 only
    blank: str = ""  # one item (BLANK_SEARCH_ITEMS) that must be blank (空白の検索)
    include_closed: bool = False
    include_past: bool = False  # 過去の氏名・住所 (from the history) match too

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.name.strip(),
                self.birth.strip(),
                self.address.strip(),
                self.resident_code.strip(),
                self.my_number.strip(),
                self.atena_number.strip(),
                self.household_number.strip(),
                self.sex.strip(),
                self.residence_card_number.strip(),
                self.relationship.strip(),
                self.address_extra.strip(),
                self.removal_reason.strip(),
                self.blank.strip(),
            )
        )


def _match(query: ResidentQuery) -> SearchMatch:
    try:
        return SearchMatch(query.match or SearchMatch.PREFIX)
    except ValueError:
        raise InvalidInput.for_field(
            "/match",
            RegistryErrorCode.SEARCH_MATCH_UNKNOWN,
            "一致の方法は 前方一致・完全一致・部分一致 のいずれかです。",
        ) from None


def _name_keys(
    text: str, *, match: SearchMatch
) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...], str]:
    """The record's key columns to look in with the key to look for, and the kinds of the
    past-key table that hold the same sort of key: 氏名 (whole, so 氏 first), 名 alone and
    通称, read or written. A partial match needs no 名 column: it is inside the whole name."""
    name_symbols_check(text, "name")
    reading = normalize_for_search(text)
    if reading and is_katakana_reading(reading):
        columns = ("kana_search", "given_kana_search", "alias_kana_search")
        kinds = (SearchKeyKind.FORMER_SURNAME_READING, SearchKeyKind.READING)
        key = reading
    else:
        columns = ("name_search", "given_name_search", "alias_search")
        kinds = (SearchKeyKind.FORMER_SURNAME, SearchKeyKind.NAME)
        key = written_key(text)
    searched = (columns[0], columns[2]) if match is SearchMatch.PARTIAL else columns
    return tuple((column, key) for column in searched), kinds, key


def _number_keys(query: ResidentQuery, *, lg_code: str) -> dict[str, str]:
    """住民票コード and 個人番号 as column filters, each checked first."""
    keys: dict[str, str] = {}
    if code := query.resident_code.strip():
        if not (len(code) == 11 and code.isascii() and code.isdigit()):
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
    """宛名番号, 世帯番号, 性別 and 在留カード等の番号 as exact column filters, each checked
    first.

    宛名番号 is found through the record's unique (municipality, 宛名番号) index, 世帯番号 through the household's unique (municipality, number) index and
    在留カード等の番号 through resident_card_idx; 性別 alone narrows too little to be worth an
    index, so it only ever filters rows the other keys or the reading order already scan."""
    keys: dict[str, str] = {}
    if atena := normalize_width(query.atena_number).strip():
        if not (atena.isascii() and atena.isdigit()):
            raise InvalidInput.for_field(
                "/atena_number",
                RegistryErrorCode.ATENA_NUMBER_FORMAT,
                "宛名番号は半角数字で入力してください。",
            )
        keys["atena_number"] = atena
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


# Items a search may ask to be blank (doc/j340.txt §2.1.3: 空白（未設定）の項目も検索できる).
BLANK_SEARCH_ITEMS = {
    "address_extra": "方書",
    "relationship": "続柄",
    "alias": "通称",
    "former_surname": "旧氏",
    "domicile": "本籍",
}


def _item_keys(query: ResidentQuery) -> Q:
    """続柄 (exact), 方書 (anywhere inside), 消除事由 and the one item asked to be blank.
    Raises InvalidInput for an unknown 消除事由 or blank item."""
    keys = Q()
    if relationship := normalize_width(query.relationship).strip():
        keys &= Q(relationship=relationship)
    if extra := normalize_width(query.address_extra).strip():
        keys &= Q(address_extra__contains=extra)
    if reason := query.removal_reason.strip():
        if reason not in ChangeType.values:
            raise InvalidInput.for_field(
                "/removal_reason",
                RegistryErrorCode.SEARCH_KEY_INVALID,
                "消除事由を一覧から選んでください。",
            )
        keys &= Q(removal_reason=reason)
    if blank := query.blank.strip():
        if blank not in BLANK_SEARCH_ITEMS:
            raise InvalidInput.for_field(
                "/blank",
                RegistryErrorCode.SEARCH_KEY_INVALID,
                "空白で検索する項目を一覧から選んでください。",
            )
        keys &= Q(**{blank: ""})
    return keys


def _past_keys(
    municipality: Municipality, kinds: tuple[str, ...], lookup: str, key: str
) -> QuerySet[ResidentSearchKey, Any]:
    """The ids of the records that ever held `key` as one of `kinds` (past-key table)."""
    return (
        ResidentSearchKey.objects.for_municipality(municipality)
        .filter(kind__in=kinds, **{f"key__{lookup}": key})
        .values("resident_id")
    )


def resident_search(
    *, municipality: Municipality, query: ResidentQuery, limit: int = SEARCH_LIMIT
) -> list[Resident]:
    """住民検索 (doc/j330.txt §2.1.2, doc/j340.txt §2.1.3): living records (and 除票 when asked)
    matching every given key.

    A name matches the whole name (氏 first), the given name (名) alone or the 通称, in
    writing or reading with the あいまい検索 of common.kana.normalize_for_search, by prefix
    (the default), exactly or anywhere inside (`match`). The 旧氏 matches too, and with
    `include_past` every name and address the record held before (models.ResidentSearchKey).
    A prefix or exact search is one ordered index range scan per key column with its own
    LIMIT, merged here: people whose 氏 matches come first, in reading order, so it stays
    fast on a million records; a partial match reads every row. The address matches
    anywhere inside (a scan, as before). Raises InvalidInput for an unreadable date, a
    malformed number or key, a symbol such as （株） in the name or an unknown `match`.
    """
    match = _match(query)
    qs = Resident.objects.for_municipality(municipality).select_related("household")
    if not (query.include_closed or query.removal_reason.strip()):
        qs = qs.filter(living())
    if query.birth.strip():
        qs = qs.filter(birth_date=parse_date_input(query.birth))
    if address := normalize_width(query.address).strip():
        here = Q(address__contains=address)
        if query.include_past:
            past = _past_keys(
                municipality, (SearchKeyKind.ADDRESS,), "contains", written_key(address)
            )
            here |= Q(pk__in=past)
        qs = qs.filter(here)
    qs = qs.filter(**_number_keys(query, lg_code=municipality.lg_code))
    qs = qs.filter(**_exact_keys(query)).filter(_item_keys(query))
    if not query.name.strip():
        return list(qs.order_by("kana_search", "birth_date", "pk")[:limit])
    columns, kinds, key = _name_keys(query.name, match=match)
    lookup = _LOOKUP[match]
    found: dict[int, Resident] = {}
    for column, value in columns:
        if len(found) >= limit:
            break
        matches = qs.filter(**{f"{column}__{lookup}": value}).order_by(column, "birth_date", "pk")
        for resident in matches[: limit - len(found)]:
            found.setdefault(resident.pk, resident)
    # 旧氏 always; every earlier 氏名 and 通称 when asked: after those found by today's name.
    past_kinds = kinds if query.include_past else kinds[:1]
    if len(found) < limit:
        former = qs.filter(pk__in=_past_keys(municipality, past_kinds, lookup, key)).exclude(
            pk__in=list(found)
        )
        for resident in former.order_by("kana_search", "birth_date", "pk")[: limit - len(found)]:
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
                queryset=Resident.objects.filter(living()).order_by("household_order", "pk"),
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
        members = list(household.members.filter(living()).order_by("household_order", "pk"))
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
    members = household.members.filter(living())
    return members.exists() and not members.filter(relationship=HEAD).exists()


def resident_history_list(*, resident: Resident) -> QuerySet[ResidentHistory]:
    """住民の異動履歴, newest first, with each change and who processed it: the rows of this
    住民票 only (from its 記載; a 再転入者's former 除票 is not history by the person,
    doc/j350.txt §2.2.1 実装しない)."""
    return (
        ResidentHistory.objects.filter(
            resident=resident, history_number__gte=resident.entry_history_number
        )
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
        ResidentHistory.objects.filter(
            resident=resident,
            effective_on__lte=on,
            history_number__gte=resident.entry_history_number,
        )
        .exclude(change__change_type__in=CANCELLATION_CODES)
        .exclude(change__cancelled_by__history_rows__resident=resident)
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
    *, municipality: Municipality, resident: Resident | None = None, limit: int = 100
) -> list[IssuedCertificate]:
    """交付記録: the municipality's latest issued certificates, newest first (no personal data:
    the records hold codes, counts, the issuing staff member and references to the records).
    With `resident`, only the certificates that person was on (交付履歴照会, doc/j460.txt
    §2.2.2); the caller audits that read, as it concerns one person."""
    issued = IssuedCertificate.objects.for_municipality(municipality)
    if resident is not None:
        issued = issued.filter(subjects__resident=resident)
    return list(
        issued.select_related("actor", "acting_certifier").order_by("-issued_at", "-serial")[:limit]
    )


def move_out_certificates_pending(*, municipality: Municipality) -> QuerySet[MoveOutCertificate]:
    """転入待ち: 転出証明書情報 received and not yet recorded as a 転入, soonest move first."""
    return (
        MoveOutCertificate.objects.for_municipality(municipality)
        .filter(status=MoveOutCertificate.Status.PENDING)
        .order_by("planned_on", "pk")
    )


# The outbox page lists the latest messages; older sent ones are in the audit trail.
NETWORK_MESSAGES_SHOWN = 200


def network_messages_list(
    *, municipality: Municipality, status: str = "", kind: str = ""
) -> list[NetworkMessage]:
    """住基ネット送信電文の一覧 (doc/j1090.txt §7.1.1.1 照会・エラー表示): the newest first,
    with the 宛名番号 they are about; `status` one of NetworkMessage.Status, `kind` one of
    NetworkMessageKind (the 符号取得要求 of doc/j1140.txt §7.1.2.2 …), "" for all."""
    messages = NetworkMessage.objects.for_municipality(municipality).select_related("resident")
    if status in NetworkMessage.Status.values:
        messages = messages.filter(status=status)
    if kind in NetworkMessageKind.values:
        messages = messages.filter(kind=kind)
    return list(messages.order_by("-pk")[:NETWORK_MESSAGES_SHOWN])


def network_outbox_counts(*, municipality: Municipality) -> dict[str, int]:
    """How many messages stand in each status (送信待ち, 送信済み, 送信エラー)."""
    counts = dict.fromkeys(NetworkMessage.Status.values, 0)
    rows = (
        NetworkMessage.objects.for_municipality(municipality)
        .values_list("status")
        .annotate(count=Count("pk"))
    )
    for status, count in rows:
        counts[status] = count
    return counts


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
        .filter(living(), birth_date=birth_date)
        .order_by("pk")
    )


def household_living_member_ids(*, resident: Resident) -> set[int]:
    """世帯員: the ids of the living members of the resident's 世帯 (the resident included)."""
    return set(
        Resident.objects.for_municipality(resident.municipality_id)
        .filter(living(), household_id=resident.household_id)
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


# --- 支援措置 (doc/j160.txt §1.1.16, doc/j380.txt §2.2.4, doc/j440.txt §3.4) ---------------


def support_measures_covering(
    *,
    municipality: Municipality | str,
    resident_ids: Iterable[int],
    on: dt.date,
    affair: str = "",
) -> dict[int, SupportMeasure]:
    """支援対象者 on a day: for each of these residents (申出者 or 併せて支援を求める者) whose
    support covers `on`, the measure that does (the one lasting longest). The one question
    every certificate, search result, household page and export asks before it shows an
    address (DESIGN.md 支援措置). `affair` ("certificates", "inspection") keeps only the
    measures whose 申出 asked for that 事務 to be withheld."""
    wanted = set(resident_ids)
    if not wanted:
        return {}
    asked = {f"measure__covers_{affair}": True} if affair else {}
    entries = (
        SupportMeasurePerson.objects.for_municipality(municipality)
        .filter(
            resident_id__in=wanted, measure__starts_on__lte=on, measure__ends_on__gte=on, **asked
        )
        .select_related("measure")
        .order_by("measure__ends_on", "measure_id")
    )
    # Ordered by end: the longest-lasting measure of a person is written last and stays.
    return {entry.resident_id: entry.measure for entry in entries}


def resident_support_measure(*, resident: Resident, on: dt.date) -> SupportMeasure | None:
    """支援措置期間中（仮支援措置期間中）: the measure protecting this resident on `on`."""
    return support_measures_covering(
        municipality=resident.municipality_id, resident_ids=[resident.pk], on=on
    ).get(resident.pk)


@dataclass(frozen=True)
class SupportStatus:
    """What a 住民票 screen says about 支援措置 (§2.2.4, §3.4): the measure in force, whether
    it ends within a month (the extension may be made), or that the last one ran out without
    being extended."""

    current: SupportMeasure | None
    ending_soon: bool
    lapsed: SupportMeasure | None

    @property
    def shown(self) -> bool:
        return self.current is not None or self.lapsed is not None


def resident_support_status(*, resident: Resident, on: dt.date) -> SupportStatus:
    """支援措置の表示 for the record of `resident` seen on `on`: the banner, the 1-month alert
    (「１か月以内に支援措置の期間が終了する旨のアラート」) and the lapsed alert (「支援措置の期間が
    終了している旨のアラート」, not shown for a measure ended on request)."""
    current = resident_support_measure(resident=resident, on=on)
    if current is not None:
        return SupportStatus(
            current=current, ending_soon=extension_opens_on(current) <= on, lapsed=None
        )
    latest = (
        SupportMeasure.objects.for_municipality(resident.municipality_id)
        .filter(people__resident=resident, ends_on__lt=on)
        .order_by("-ends_on", "-pk")
        .first()
    )
    lapsed = latest if latest is not None and not latest.is_ended else None
    return SupportStatus(current=None, ending_soon=False, lapsed=lapsed)


def extension_opens_on(measure: SupportMeasure) -> dt.date:
    """The first day a 延長 may be made: one month before the period ends (§3.4)."""
    return add_months(measure.ends_on, -1)


def support_measures_for_resident(*, resident: Resident) -> list[SupportMeasure]:
    """支援措置のデータベース (§1.1.16) as it concerns one resident: every measure they are a
    申出者 or 併せて支援を求める者 of, newest first, with their people."""
    return list(
        SupportMeasure.objects.for_municipality(resident.municipality_id)
        .filter(people__resident=resident)
        .prefetch_related(
            Prefetch(
                "people",
                queryset=SupportMeasurePerson.objects.select_related("resident").order_by(
                    "role", "pk"
                ),
            )
        )
        .select_related("recorded_by", "ended_by")
        .order_by("-starts_on", "-pk")
        .distinct()
    )


def support_measure_get(*, municipality: Municipality, measure_id: int) -> SupportMeasure:
    """支援措置 by id. Raises SupportMeasureNotFound (also for another municipality's id)."""
    measure = SupportMeasure.objects.for_municipality(municipality).filter(pk=measure_id).first()
    if measure is None:
        raise SupportMeasureNotFound
    return measure


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


def resident_symbol_request_latest(*, resident: Resident) -> NetworkMessage | None:
    """The newest 符号取得要求 of the record, for its page (status, 受付番号, error code)."""
    return (
        NetworkMessage.objects.for_municipality(resident.municipality_id)
        .filter(resident=resident, kind=NetworkMessageKind.SYMBOL_REQUEST)
        .order_by("-pk")
        .first()
    )


def resident_certificate_serial_get(*, resident: Resident) -> ResidentCertificateSerial | None:
    """The 利用者証明用電子証明書シリアル番号 last asked of 住基ネット for the record, if any."""
    return (
        ResidentCertificateSerial.objects.for_municipality(resident.municipality_id)
        .filter(resident=resident)
        .first()
    )


def address_code_for(*, municipality: Municipality | str, address: str) -> str:
    """住所コード of a 住所 (doc/j10.txt §1.1.1, doc/j250.txt §1.3.3): the 町字 of the
    municipality's 住所辞書 the 住所 begins with; "" when the dictionary has none."""
    area = address_area_for_text(municipality=municipality, address=address)
    return area.address_code if area is not None else ""
