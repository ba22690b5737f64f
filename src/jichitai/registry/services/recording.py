"""The machinery every registry change uses: numbering, validation of items and dates, the
history row of §1.2.1, the head-of-household invariant and the audit record."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import operator
import secrets
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import F, Model, Q, QuerySet
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.common.checkdigits import (
    is_valid_my_number,
    is_valid_resident_code,
    modulus11_check_digit,
)
from jichitai.common.error_codes import CommonErrorCode
from jichitai.common.exceptions import InvalidInput, RuleViolation, json_pointer
from jichitai.common.kana import (
    is_katakana_reading,
    normalize_code_input,
    normalize_for_search,
    normalize_width,
    to_katakana,
)
from jichitai.common.postal import normalize_postal_code
from jichitai.identity.models import StaffUser
from jichitai.registry.crypto import my_number_encrypt, my_number_lookup_hash
from jichitai.registry.error_codes import RegistryErrorCode
from jichitai.registry.errors import ResidentCodeUnavailable, ResidentNotFound
from jichitai.registry.inputs import (
    NAME_FIELDS,
    name_symbols_check,
    residence_card_number_normalized,
)
from jichitai.registry.models import (
    DOMICILE_WORDS,
    HEAD,
    SEARCH_KEYS,
    Change,
    ChangeBasis,
    ChangeType,
    ForeignCategory,
    Household,
    InputPlace,
    InputTerminal,
    NetworkMessage,
    NetworkMessageKind,
    NumberSequence,
    Resident,
    ResidentCodeStock,
    ResidentHistory,
    ResidentSearchKey,
    ResidentStatus,
    ResidentType,
    Sex,
    living,
)
from jichitai.registry.network import NetworkSendFailed, resident_network
from jichitai.registry.relationships import member_rank, relationship_validate
from jichitai.registry.search_keys import given_part, search_keys_of, written_key
from jichitai.registry.selectors import address_code_for
from jichitai.tenants.models import Municipality
from jichitai.tenants.selectors import municipality_settings_get

REGISTRY_PURPOSE = "住民基本台帳事務"
PERMANENT_RESIDENT = "永住者"
# 転出予定日: 転出届 is made before leaving (住民基本台帳法 第24条); the standard lets
# 異動日 lie in the future only for 転出 (doc/j480.txt). Two months covers every real case.
MAX_PLANNED_MOVE_OUT_DAYS = 62
NUMBER_BODY_DIGITS = 9
SNAPSHOT_EXCLUDED = {"id", "municipality", *SEARCH_KEYS}


def sequence_next(*, municipality: Municipality, kind: NumberSequence.Kind) -> str:
    """宛名番号 / 世帯番号: a simple sequence and a modulus-11 check digit (§1.1.13)."""
    sequence, _ = NumberSequence.objects.get_or_create(municipality=municipality, kind=kind)
    sequence = NumberSequence.objects.select_for_update().get(pk=sequence.pk)
    sequence.last_value += 1
    sequence.save(update_fields=["last_value"])
    body = f"{sequence.last_value:0{NUMBER_BODY_DIGITS}d}"
    return f"{body}{modulus11_check_digit(body)}"


def resident_codes_obtain(*, municipality: Municipality, count: int) -> int:
    """住民票コード空きコードの取得 (doc/j870.txt §4.3.1): `count` codes from 住基ネット into the
    stock; returns how many were stocked (a malformed code, or one already held or in use,
    is left out). Raises NetworkSendFailed."""
    codes = resident_network().resident_codes_obtain(lg_code=municipality.lg_code, count=count)
    valid = {code for code in codes if is_valid_resident_code(code)}
    valid -= set(
        Resident.objects.for_municipality(municipality)
        .filter(resident_code__in=valid)
        .values_list("resident_code", flat=True)
    )
    created = ResidentCodeStock.objects.bulk_create(
        [ResidentCodeStock(municipality=municipality, code=code) for code in sorted(valid)],
        ignore_conflicts=True,
    )
    return len(created)


def resident_code_issue(*, municipality: Municipality) -> str:
    """住民票コードの付番 (doc/j870.txt §4.3.1): a code chosen at random from the 空きコード
    obtained from 住基ネット; when the stock is empty, a new batch is obtained first. A code
    leaves the stock as it is given, and one in use here is never given again.
    Raises ResidentCodeUnavailable (the network gave none)."""
    stock = ResidentCodeStock.objects.for_municipality(municipality)
    for _attempt in range(5):
        available = stock.count()
        if available == 0:
            try:
                resident_codes_obtain(
                    municipality=municipality, count=settings.JICHITAI_RESIDENT_CODE_BATCH
                )
            except NetworkSendFailed:
                raise ResidentCodeUnavailable from None
            continue
        candidate = stock.order_by("pk")[secrets.randbelow(available)]
        # Deleted by pk: of two changes drawing the same code at once, only one gets it.
        taken, _ = stock.filter(pk=candidate.pk).delete()
        in_use = Resident.objects.for_municipality(municipality).filter(
            resident_code=candidate.code
        )
        if taken and not in_use.exists():
            return candidate.code
    raise ResidentCodeUnavailable


def resident_code_stock_low(*, municipality: Municipality) -> int | None:
    """空きコードの残数 when it has fallen below the number the municipality set (団体別設定;
    JICHITAI_RESIDENT_CODE_STOCK_ALERT when it set none): the alert of doc/j870.txt §4.3.1
    「市区町村が任意に設定した数を下回った場合、アラートを表示すること」. Else None."""
    threshold = resident_code_stock_alert_get(municipality=municipality)
    left = ResidentCodeStock.objects.for_municipality(municipality).count()
    return left if left < threshold else None


def resident_code_stock_alert_get(*, municipality: Municipality) -> int:
    """The alert threshold in force for the municipality (its own or the deployment's)."""
    own = municipality_settings_get(municipality=municipality).resident_code_stock_alert
    default: int = settings.JICHITAI_RESIDENT_CODE_STOCK_ALERT
    return default if own is None else own


def dates_check(
    *,
    effective_on: dt.date,
    notified_on: dt.date | None,
    allow_future: bool = False,
    not_before: Iterable[dt.date] = (),
) -> None:
    """異動日・届出日 (doc/j480.txt): 異動日 not in the future (except 転出予定) nor before
    the person's birth; 届出日 not in the future."""
    today = timezone.localdate()
    if notified_on is not None and notified_on > today:
        raise RuleViolation.for_field(
            "/notified_on",
            RegistryErrorCode.NOTIFIED_ON_FUTURE,
            "届出日に未来の日付は指定できません。",
        )
    if allow_future:
        if effective_on > today + dt.timedelta(days=MAX_PLANNED_MOVE_OUT_DAYS):
            raise RuleViolation.for_field(
                "/effective_on",
                RegistryErrorCode.EFFECTIVE_ON_TOO_FAR,
                f"転出予定日は{MAX_PLANNED_MOVE_OUT_DAYS}日先までで指定してください。",
            )
    elif effective_on > today:
        raise RuleViolation.for_field(
            "/effective_on",
            RegistryErrorCode.EFFECTIVE_ON_FUTURE,
            "異動日に未来の日付は指定できません（転出予定を除く）。",
        )
    if any(effective_on < earliest for earliest in not_before):
        raise RuleViolation.for_field(
            "/effective_on",
            RegistryErrorCode.EFFECTIVE_ON_BEFORE_BIRTH,
            "異動日が生年月日より前になっています。",
        )


def _kana_checked(value: str, field: str, *, required: bool) -> str:
    # Stored as full-width katakana with one full-width space between 氏 and 名 (§1.1.18);
    # hiragana as people type it is converted rather than refused.
    text = "\u3000".join(to_katakana(normalize_width(value)).split())
    if not text:
        if required:
            raise InvalidInput.for_field(
                json_pointer(field),
                RegistryErrorCode.KANA_REQUIRED,
                "振り仮名（カタカナ）を入力してください。",
            )
        return ""
    if not is_katakana_reading(text):
        raise InvalidInput.for_field(
            json_pointer(field),
            RegistryErrorCode.KANA_INVALID,
            "振り仮名はカタカナで入力してください。",
        )
    return text


def _postal_code_checked(value: str, field: str) -> str:
    try:
        return normalize_postal_code(value)
    except InvalidInput as error:
        raise InvalidInput.for_field(json_pointer(field), error.code, error.detail) from None


def _basic_pension_number_checked(value: str) -> str:
    """基礎年金番号: 10 digits, printed 4-6 with a hyphen ("1234-567890")."""
    digits = normalize_code_input(value).strip().replace("-", "")
    if not (len(digits) == 10 and digits.isascii() and digits.isdigit()):
        raise InvalidInput.for_field(
            "/basic_pension_number",
            RegistryErrorCode.BASIC_PENSION_NUMBER_FORMAT,
            "基礎年金番号は数字10桁で入力してください（例：1234-567890）。",
        )
    return digits


def qualification_dates_check(resident: Resident) -> None:
    """国民健康保険・国民年金の資格: a 喪失 is never before its 取得 (doc/j10.txt §1.1.1)."""
    for acquired, lost, label in (
        ("nhi_acquired_on", "nhi_lost_on", "国民健康保険"),
        ("pension_acquired_on", "pension_lost_on", "国民年金"),
    ):
        start, end = getattr(resident, acquired), getattr(resident, lost)
        if start is not None and end is not None and end < start:
            raise RuleViolation.for_field(
                json_pointer(lost),
                RegistryErrorCode.QUALIFICATION_DATES,
                f"{label}の資格喪失年月日が資格取得年月日より前になっています。",
            )


def domicile_word_normalized(value: str) -> str:
    """本籍・筆頭者 「なし」/「不明」 (doc/j120.txt §1.1.12) however typed (spaces, width,
    katakana ナシ) become the one word that `Resident.domicile_stated` knows; any other
    text is kept as typed."""
    compact = "".join(normalize_width(value).split())
    for word in DOMICILE_WORDS:
        if compact in (word, to_katakana(word)):
            return word
    return value


def person_fields_check(values: dict[str, Any]) -> dict[str, Any]:
    """The items of one record, checked: required items, kana, sex, 外国人住民's items,
    住民票コード and 個人番号 check digits. Returns the values normalised."""
    checked = dict(values)
    # 空欄 (doc/j60.txt §1.1.6): only the items the standard lists may not be blank; 氏名 and
    # 氏名の振り仮名 are not among them (a child whose 名 is not yet decided), so they may be.
    if "address" in checked and not str(checked["address"]).strip():
        raise InvalidInput.for_field(
            "/address", RegistryErrorCode.ADDRESS_REQUIRED, "住所を入力してください。"
        )
    for field in NAME_FIELDS:
        if field in checked:
            name_symbols_check(str(checked[field]), field)
    for field in ("name_kana", "former_surname_kana", "alias_kana"):
        if field in checked:
            checked[field] = _kana_checked(checked[field], field, required=False)
    if "sex" in checked and checked["sex"] not in Sex.values:
        raise InvalidInput.for_field(
            "/sex",
            RegistryErrorCode.SEX_INVALID,
            "性別は 1（男）、2（女）、9（適用不能）のいずれかです。",
        )
    if "relationship" in checked:
        checked["relationship"] = relationship_validate(checked["relationship"])
    for field in ("previous_postal_code", "moving_to_postal_code"):
        if checked.get(field):
            checked[field] = _postal_code_checked(str(checked[field]), field)
    if checked.get("basic_pension_number"):
        checked["basic_pension_number"] = _basic_pension_number_checked(
            str(checked["basic_pension_number"])
        )
    for field in ("domicile", "domicile_head"):
        if field in checked:
            checked[field] = domicile_word_normalized(str(checked[field]))
    if "residence_card_number" in checked:
        checked["residence_card_number"] = residence_card_number_normalized(
            str(checked["residence_card_number"])
        )
    resident_code = checked.get("resident_code")
    if resident_code and not is_valid_resident_code(resident_code):
        raise InvalidInput.for_field(
            "/resident_code",
            CommonErrorCode.RESIDENT_CODE_CHECK_DIGIT,
            "住民票コードの形式または検査数字が正しくありません。",
        )
    number = checked.get("my_number")
    if number and not is_valid_my_number(number):
        raise InvalidInput.for_field(
            "/my_number",
            CommonErrorCode.MY_NUMBER_CHECK_DIGIT,
            "個人番号の形式または検査用数字が正しくありません。",
        )
    return checked


def foreign_items_check(resident: Resident) -> None:
    """外国人住民 (住民基本台帳法 第30条の45): 国籍・地域 and the 区分 are required; a
    中長期在留者 also needs 在留資格, 在留期間の満了の日 and 在留カードの番号. A 日本人住民
    has none of them, and no 通称."""
    if resident.resident_type == ResidentType.JAPANESE:
        if resident.alias or resident.nationality or resident.foreign_category:
            raise InvalidInput.for_field(
                "/resident_type",
                RegistryErrorCode.FOREIGN_ITEMS_ON_JAPANESE,
                "日本人住民には国籍・在留資格・通称は記載できません。",
            )
        return
    if resident.former_surname or resident.domicile:
        raise InvalidInput.for_field(
            "/resident_type",
            RegistryErrorCode.JAPANESE_ITEMS_ON_FOREIGN,
            "外国人住民には旧氏・本籍は記載できません。",
        )
    if not resident.nationality or not resident.foreign_category:
        raise InvalidInput.for_field(
            "/nationality",
            RegistryErrorCode.FOREIGN_ITEMS_REQUIRED,
            "外国人住民は国籍・地域と第30条の45の区分が必要です。",
        )
    # 永住者 have a 在留期間 of no limit (入管法 別表第二), so no 満了の日 to record.
    needs_expiry = resident.residence_status != PERMANENT_RESIDENT
    if resident.foreign_category == ForeignCategory.MID_LONG_TERM and not (
        resident.residence_status
        and (resident.stay_expires_on or not needs_expiry)
        and resident.residence_card_number
    ):
        raise InvalidInput.for_field(
            "/residence_card_number",
            RegistryErrorCode.RESIDENCE_CARD_REQUIRED,
            "中長期在留者は在留資格・在留期間の満了の日・在留カードの番号が必要です。",
        )


def my_number_set(resident: Resident, my_number: str) -> None:
    """個人番号の記載: encrypted, hashed, unique among living records of the municipality."""
    if not my_number:
        resident.my_number_cipher = resident.my_number_hash = ""
        return
    digest = my_number_lookup_hash(my_number, lg_code=resident.municipality_id)
    clash = Resident.objects.for_municipality(resident.municipality_id).filter(
        my_number_hash=digest, status=ResidentStatus.ACTIVE
    )
    if resident.pk:
        clash = clash.exclude(pk=resident.pk)
    if clash.exists():
        raise RuleViolation.for_field(
            "/my_number",
            RegistryErrorCode.MY_NUMBER_DUPLICATE,
            "この個人番号は他の住民に記載されています。",
        )
    resident.my_number_hash = digest
    resident.my_number_cipher = my_number_encrypt(
        my_number, lg_code=resident.municipality_id, atena_number=resident.atena_number
    )


def my_number_living_check(resident: Resident) -> None:
    """The 個人番号 a reopened 除票 keeps is on no other living record (the database's
    `resident_unique_living_my_number` would otherwise refuse it with no message)."""
    if not resident.my_number_hash:
        return
    clash = Resident.objects.for_municipality(resident.municipality_id).filter(
        my_number_hash=resident.my_number_hash, status=ResidentStatus.ACTIVE
    )
    if clash.exclude(pk=resident.pk).exists():
        raise RuleViolation.for_field(
            "/my_number",
            RegistryErrorCode.MY_NUMBER_DUPLICATE,
            "この個人番号は他の住民に記載されています。",
        )


def resident_code_unique_check(resident: Resident) -> None:
    clash = Resident.objects.for_municipality(resident.municipality_id).filter(
        resident_code=resident.resident_code, status=ResidentStatus.ACTIVE
    )
    if resident.pk:
        clash = clash.exclude(pk=resident.pk)
    if clash.exists():
        raise RuleViolation.for_field(
            "/resident_code",
            RegistryErrorCode.RESIDENT_CODE_DUPLICATE,
            "この住民票コードは他の住民に記載されています。",
        )


def snapshot_of(resident: Resident, *, head_name: str | None = None) -> dict[str, Any]:
    """Every item of the record as JSON (dates ISO, 個人番号 only as ciphertext).
    `head_name`: 世帯主の氏名 when the caller has it already (household_head_names)."""
    values: dict[str, Any] = {}
    for field in resident._meta.concrete_fields:
        if field.name in SNAPSHOT_EXCLUDED:
            continue
        value = getattr(resident, field.attname)
        values[field.name if field.name != "household" else "household_id"] = (
            value.isoformat() if isinstance(value, dt.date) else value
        )
    values["household_number"] = resident.household.household_number
    values["household_head_name"] = (
        household_head_name(resident) if head_name is None else head_name
    )
    return values


def household_head_name(resident: Resident) -> str:
    """世帯主の氏名 of the resident's household as the change leaves it, kept in each history
    row (doc/j200.txt §1.2.1); "" while the household has no head (§1.1.10)."""
    if resident.relationship == HEAD:
        return resident.name
    name: str | None = (
        Resident.objects.filter(
            household_id=resident.household_id,
            relationship=HEAD,
            status=ResidentStatus.ACTIVE,
        )
        .exclude(pk=resident.pk)
        .values_list("name", flat=True)
        .first()
    )
    return name or ""


def household_head_names(residents: Sequence[Resident]) -> dict[int, str]:
    """household_head_name of every household of `residents` (saved), by household id: a
    head among them gives their own name, the other households' heads are read at once."""
    names = {r.household_id: r.name for r in residents if r.relationship == HEAD}
    others = {r.household_id for r in residents} - names.keys()
    if others:
        heads = (
            Resident.objects.filter(
                household_id__in=others, relationship=HEAD, status=ResidentStatus.ACTIVE
            )
            .exclude(pk__in=[r.pk for r in residents])
            .order_by("-pk")
            .values_list("household_id", "name")
        )
        # Read from the last: the first head by pk wins, as .first() gives it to one record.
        names.update(heads)
    return {r.household_id: names.get(r.household_id, "") for r in residents}


def search_keys_refresh(resident: Resident) -> None:
    resident.name_search = written_key(resident.name)
    resident.given_name_search = written_key(given_part(resident.name))
    resident.kana_search = normalize_for_search(resident.name_kana)
    resident.given_kana_search = normalize_for_search(given_part(resident.name_kana))
    resident.alias_search = written_key(resident.alias)
    resident.alias_kana_search = normalize_for_search(resident.alias_kana)


def search_keys_record(states: Iterable[tuple[Resident, dict[str, Any]]]) -> None:
    """The names and address of each (record, snapshot) state into the table of every name
    and address the record has held (§2.1.3: 過去の氏名・住所の検索), in one insert; values
    already there are skipped."""
    ResidentSearchKey.objects.bulk_create(
        [
            ResidentSearchKey(
                municipality_id=resident.municipality_id, resident=resident, kind=kind, key=key
            )
            for resident, snapshot in states
            for kind, key in sorted(search_keys_of(snapshot))
        ],
        ignore_conflicts=True,
    )


def search_keys_fill(*, municipality: Municipality, batch_size: int = 2000) -> int:
    """The past-key table from every history row of the municipality (after an import, which
    writes history in bulk without history_write). Returns the rows offered."""
    rows = (
        ResidentHistory.objects.for_municipality(municipality)
        .order_by("pk")
        .values_list("resident_id", "snapshot")
    )
    batch: list[ResidentSearchKey] = []
    offered = 0
    for resident_id, snapshot in rows.iterator(chunk_size=batch_size):
        batch.extend(
            ResidentSearchKey(
                municipality_id=municipality.pk, resident_id=resident_id, kind=kind, key=key
            )
            for kind, key in search_keys_of(snapshot)
        )
        if len(batch) >= batch_size:
            ResidentSearchKey.objects.bulk_create(batch, ignore_conflicts=True)
            offered += len(batch)
            batch = []
    ResidentSearchKey.objects.bulk_create(batch, ignore_conflicts=True)
    return offered + len(batch)


def address_code_refresh(resident: Resident) -> None:
    """住所コード of the 住所 as written (doc/j250.txt §1.3.3): the 町字 of the municipality's
    住所辞書 the 住所 begins with; blank when the dictionary has none (or is not loaded)."""
    address_codes_refresh([resident])


def address_codes_refresh(residents: Iterable[Resident]) -> None:
    """address_code_refresh of several records: one look-up per distinct 住所 (a household
    moving together has one)."""
    codes: dict[tuple[str, str], str] = {}
    for resident in residents:
        where = (resident.municipality_id, resident.address)
        if where not in codes:
            codes[where] = address_code_for(
                municipality=resident.municipality_id, address=resident.address
            )
        resident.address_code = codes[where]


def history_write(
    resident: Resident,
    change: Change,
    *,
    status_from: ResidentStatus | None = None,
    head_name: str | None = None,
) -> ResidentHistory:
    """Saves the record and its next history row (履歴番号 + 1) in the caller's transaction.

    `status_from`: the 住民状態 the row records from its 異動日 when that differs from the
    record's today (a planned 転出: 除票 from the 転出予定日, 住民 until then).
    `head_name`: 世帯主の氏名 as the change leaves the household, when the change installs a
    new head: read from the database, the members written before the head would record the
    old head, or none."""
    resident.history_number += 1
    search_keys_refresh(resident)
    address_code_refresh(resident)
    resident.full_clean(
        exclude=["household", "municipality"], validate_unique=False, validate_constraints=False
    )
    resident.save()
    snapshot = snapshot_of(resident, head_name=head_name)
    if status_from is not None:
        snapshot["status"] = str(status_from)
    search_keys_record([(resident, snapshot)])
    history = _history_row(resident, change, snapshot)
    history.save()
    identity_updates_enqueue([history])
    return history


def _history_row(resident: Resident, change: Change, snapshot: dict[str, Any]) -> ResidentHistory:
    """The record's next history row (履歴番号 already counted on `resident`), unsaved."""
    return ResidentHistory(
        municipality_id=resident.municipality_id,
        resident=resident,
        history_number=resident.history_number,
        change=change,
        effective_on=change.effective_on,
        snapshot=snapshot,
    )


# What the record's own search-key columns are made of (search_keys_refresh).
SEARCH_KEY_SOURCES = frozenset({"name", "name_kana", "alias", "alias_kana"})
# Not checked here, as history_write's full_clean does not: the caller locked or made them.
FIELDS_NOT_CHECKED = frozenset({"household", "municipality"})


def histories_write(
    residents: Sequence[Resident], change: Change, *, fields: Iterable[str]
) -> list[ResidentHistory]:
    """history_write for records that one change alters in `fields` only (a 転居: the 住所 of
    a household): the same records, history rows, search keys and CS messages, written with
    one query of each kind for all of them rather than several per person, which made a
    転居 slower with each member (docs/benchmarks.md).

    The rest of each record is as the caller read it: only `fields` (and what follows from
    them: search-key columns, 住所コード) are checked as full_clean would and written."""
    changed = {*fields, "history_number"}
    keyed = bool(changed & SEARCH_KEY_SOURCES)
    if keyed:
        changed.update(SEARCH_KEYS)
    if "address" in changed:
        changed.add("address_code")
        address_codes_refresh(residents)
    unchecked = [f.name for f in Resident._meta.concrete_fields if f.name not in changed]
    for resident in residents:
        resident.history_number += 1
        if keyed:
            search_keys_refresh(resident)
        resident.clean_fields(exclude=[*unchecked, *FIELDS_NOT_CHECKED])
    _records_update(residents, changed - {"history_number"})
    head_names = household_head_names(residents)
    states = [(r, snapshot_of(r, head_name=head_names[r.household_id])) for r in residents]
    search_keys_record(states)
    histories = ResidentHistory.objects.bulk_create(
        [_history_row(resident, change, snapshot) for resident, snapshot in states]
    )
    identity_updates_enqueue(histories)
    return histories


def _records_update(residents: Sequence[Resident], fields: set[str]) -> None:
    """Writes `fields` and the next 履歴番号 of records the caller has locked: one UPDATE for
    all records that take the same values (a household's new 住所); bulk_update's CASE per
    field and record took a quarter of a 転居's time to build."""
    attnames = sorted(f.attname for f in Resident._meta.concrete_fields if f.name in fields)
    groups: dict[tuple[Any, ...], list[int]] = {}
    for resident in residents:
        values = tuple(getattr(resident, attname) for attname in attnames)
        groups.setdefault(values, []).append(resident.pk)
    for values, pks in groups.items():
        Resident.objects.filter(pk__in=pks).update(
            history_number=F("history_number") + 1, **dict(zip(attnames, values, strict=True))
        )


# 本人確認情報 (住民基本台帳法 第30条の6): 氏名 (外国人住民は通称も), 出生の年月日, 男女の別,
# 住所, 住民票コード, 個人番号, and whether the record stands (記載・消除 and its 異動日). 氏名
# includes the 旧氏 (令第30条の5) and the payload carries each フリガナ with its 確認フラグ
# (doc/j180.txt §1.1.18), so a change of any of them is sent too.
IDENTITY_ITEMS = (
    "name",
    "name_kana",
    "name_kana_confirmed",
    "former_surname",
    "former_surname_kana",
    "former_surname_kana_confirmed",
    "alias",
    "alias_kana",
    "alias_kana_confirmed",
    "birth_date",
    "sex",
    "address",
    "resident_code",
    "my_number_hash",
    "status",
    "removed_on",
)


def identity_updates_enqueue(histories: Sequence[ResidentHistory]) -> list[NetworkMessage]:
    """本人確認情報の通知 (第30条の6, doc/j1090.txt §7.1.1.1): for each history row that records,
    removes or alters an item of the 本人確認情報, one message for the CS goes into the outbox
    in the change's own transaction (the previous rows read, the messages written, at once).
    A data migration (IMPORT) tells the CS nothing: the CS already holds what the old system
    sent."""
    notified = [h for h in histories if h.change.change_type != ChangeType.IMPORT]
    if not notified:
        return []
    previous_rows = functools.reduce(
        operator.or_,
        (
            Q(
                municipality_id=h.municipality_id,
                resident_id=h.resident_id,
                history_number=h.history_number - 1,
            )
            for h in notified
        ),
    )
    previous = {
        (resident_id, number): snapshot
        for resident_id, number, snapshot in ResidentHistory.objects.filter(
            previous_rows
        ).values_list("resident_id", "history_number", "snapshot")
    }
    now = timezone.now()
    return NetworkMessage.objects.bulk_create(
        [
            NetworkMessage(
                municipality_id=h.municipality_id,
                kind=NetworkMessageKind.IDENTITY_UPDATE,
                change_id=h.change_id,
                resident_id=h.resident_id,
                history=h,
                next_attempt_at=now,
            )
            for h in notified
            if _identity_changed(previous.get((h.resident_id, h.history_number - 1)), h.snapshot)
        ]
    )


def _identity_changed(previous: dict[str, Any] | None, snapshot: dict[str, Any]) -> bool:
    return previous is None or any(
        previous.get(item) != snapshot.get(item) for item in IDENTITY_ITEMS
    )


@dataclasses.dataclass(frozen=True)
class ChangeCircumstances:
    """How and where a change came about, besides its 異動日 and 届出日 (doc/j200.txt §1.2.1:
    申出日, 通知日, 請求日, 入力場所, 入力端末).

    `basis` marks a change made 職権 without a 届出 (§4.2.0.2) or on a 申出 (§4.2.0.5, then
    `offered_on` is its 申出日). `input_place_id` / `input_terminal_id` come from the staff
    session (§1.3.1); without them the municipality's default 入力場所 is recorded.
    """

    basis: ChangeBasis = ChangeBasis.NOTIFICATION
    offered_on: dt.date | None = None
    informed_on: dt.date | None = None
    requested_on: dt.date | None = None
    input_place_id: int | None = None
    input_terminal_id: int | None = None
    notifier_name: str = ""
    # A 届出 made after its period and so recorded 職権 (doc/j640.txt §4.1.3.0.1): the change
    # keeps the day the 届出 was made, which a 職権 change otherwise has not.
    late_notification: bool = False


NOTIFIED = ChangeCircumstances()


def circumstances_of(change: Change) -> ChangeCircumstances:
    """The circumstances of `change`, for a change that follows from it (the 世帯主変更
    after a head's removal): same basis, 申出日 and 入力場所."""
    return ChangeCircumstances(
        basis=ChangeBasis(change.basis),
        offered_on=change.offered_on,
        informed_on=change.informed_on,
        requested_on=change.requested_on,
        input_place_id=change.input_place_id,
        input_terminal_id=change.input_terminal_id,
        notifier_name=change.notifier_name,
    )


def _workplace(
    municipality: Municipality, circumstances: ChangeCircumstances
) -> tuple[InputPlace | None, InputTerminal | None]:
    places = InputPlace.objects.for_municipality(municipality)
    terminal = None
    if circumstances.input_terminal_id is not None:
        terminal = (
            InputTerminal.objects.for_municipality(municipality)
            .filter(pk=circumstances.input_terminal_id)
            .select_related("place")
            .first()
        )
        if terminal is None or circumstances.input_place_id not in (None, terminal.place_id):
            raise _place_unknown()
        return terminal.place, terminal
    if circumstances.input_place_id is not None:
        place = places.filter(pk=circumstances.input_place_id).first()
        if place is None:
            raise _place_unknown()
        return place, None
    return places.filter(is_default=True).first(), None


def _place_unknown() -> RuleViolation:
    return RuleViolation.for_field(
        "/input_place_id",
        RegistryErrorCode.INPUT_PLACE_UNKNOWN,
        "入力場所・入力端末がこの団体の登録にありません。入力場所を選び直してください。",
    )


def circumstances_check(circumstances: ChangeCircumstances, *, notified_on: dt.date | None) -> None:
    """申出日 with a change on 申出 only, not in the future; no 届出日 on a change made 職権
    (§4.2.0.2 準用 of §4.1 「4.1.0.2（届出日）を除く」). Raises InvalidInput / RuleViolation."""
    offer = circumstances.basis == ChangeBasis.OFFER
    if offer != (circumstances.offered_on is not None):
        raise InvalidInput.for_field(
            "/offered_on",
            RegistryErrorCode.OFFERED_ON_REQUIRED,
            "申出による職権記載等では申出日を入力してください（それ以外の異動には入力できません）。",
        )
    today = timezone.localdate()
    for field, value, label in (
        ("/offered_on", circumstances.offered_on, "申出日"),
        ("/informed_on", circumstances.informed_on, "通知日"),
        ("/requested_on", circumstances.requested_on, "請求日"),
    ):
        if value is not None and value > today:
            raise RuleViolation.for_field(
                field, RegistryErrorCode.OFFERED_ON_FUTURE, f"{label}に未来の日付は指定できません。"
            )
    if (
        circumstances.basis != ChangeBasis.NOTIFICATION
        and notified_on is not None
        and not circumstances.late_notification
    ):
        raise InvalidInput.for_field(
            "/notified_on",
            RegistryErrorCode.NOTIFIED_ON_EX_OFFICIO,
            "職権による異動には届出日を入力できません。",
        )


def change_open(
    *,
    municipality: Municipality,
    change_type: ChangeType,
    effective_on: dt.date,
    notified_on: dt.date | None,
    actor: StaffUser | None,
    note: str = "",
    circumstances: ChangeCircumstances = NOTIFIED,
) -> Change:
    """The 異動 row (§1.2.1) with its circumstances checked. Raises InvalidInput /
    RuleViolation from circumstances_check or for an unknown 入力場所."""
    circumstances_check(circumstances, notified_on=notified_on)
    place, terminal = _workplace(municipality, circumstances)
    return Change.objects.create(
        municipality=municipality,
        change_type=change_type,
        effective_on=effective_on,
        notified_on=notified_on,
        processed_at=timezone.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        note=note[:200],
        basis=circumstances.basis,
        offered_on=circumstances.offered_on,
        informed_on=circumstances.informed_on,
        requested_on=circumstances.requested_on,
        input_place=place,
        input_terminal=terminal,
        notifier_name=circumstances.notifier_name.strip()[:100],
    )


def change_open_for(
    people: Sequence[Resident],
    *,
    municipality: Municipality,
    change_type: ChangeType,
    effective_on: dt.date,
    notified_on: dt.date | None,
    actor: StaffUser | None,
    note: str = "",
    circumstances: ChangeCircumstances = NOTIFIED,
) -> Change:
    """A 異動 on `people`, its dates checked first (none before a person's 生年月日).
    Raises InvalidInput / RuleViolation from dates_check."""
    dates_check(
        effective_on=effective_on,
        notified_on=notified_on,
        not_before=[person.birth_date for person in people],
    )
    return change_open(
        municipality=municipality,
        change_type=change_type,
        effective_on=effective_on,
        notified_on=notified_on,
        actor=actor,
        note=note,
        circumstances=circumstances,
    )


def household_open(*, municipality: Municipality) -> Household:
    return Household.objects.create(
        municipality=municipality,
        household_number=sequence_next(
            municipality=municipality, kind=NumberSequence.Kind.HOUSEHOLD
        ),
    )


def household_members(household: Household) -> list[Resident]:
    return list(household.members.filter(living()).order_by("household_order", "pk"))


def household_member_ids(household: Household) -> set[int]:
    """The ids of household_members, without reading their records."""
    return set(household.members.filter(living()).values_list("pk", flat=True))


def household_order_assign(
    *, members: Sequence[Resident], newcomers: Sequence[Resident] = ()
) -> None:
    """世帯員の並び順 (§5.2), set in memory before the history rows are written.

    `members` are ordered by rank, birth date and 宛名番号; `newcomers` joining an existing
    household go after them, as the standard asks, keeping the existing order.
    """
    ordered = sorted(
        members, key=lambda m: (member_rank(m.relationship), m.birth_date, m.atena_number)
    )
    for position, member in enumerate([*ordered, *newcomers], start=1):
        member.household_order = position


def household_next_position(household: Household) -> int:
    last = household.members.filter(living()).order_by("-household_order")
    member = last.first()
    return 1 if member is None else member.household_order + 1


def household_head_check(household: Household, *, head_required: bool = False) -> None:
    """At most one 世帯主 in a living household; one without members is closed.

    A household may stand without a head until a 世帯主変更 is notified: 「世帯主未設定を許容
    すること」 (doc/j100.txt §1.1.10), so only `head_required` (a household being formed,
    which gets its head at once, §4.0.2) refuses none.
    Raises RuleViolation (two heads; none where one is required).
    """
    members = household_members(household)
    if not members:
        if household.is_active:
            household.is_active = False
            household.save(update_fields=["is_active"])
        return
    heads = [m for m in members if m.relationship == HEAD]
    if len(heads) > 1:
        raise RuleViolation.for_field(
            "/relationship",
            RegistryErrorCode.HEAD_DUPLICATE,
            "世帯主は1世帯に1人です。続柄が「世帯主」の世帯員が複数います。",
        )
    if not heads and head_required:
        raise RuleViolation.for_field(
            "/new_head_id",
            RegistryErrorCode.HEAD_REQUIRED,
            "新しい世帯には世帯主が必要です。世帯主を指定してください。",
        )


def change_audit(
    *, change: Change, actor: StaffUser | None, residents: int, fields: Iterable[str] = ()
) -> None:
    audit_record(
        actor=actor,
        action=f"registry.{change.change_type}",
        municipality_code=change.municipality_id,
        object_type="registry.Change",
        object_id=change.pk,
        purpose=REGISTRY_PURPOSE,
        detail={"residents": residents, "fields": list(fields)},
    )


LockedModel = TypeVar("LockedModel", bound=Model)


def lock(queryset: QuerySet[LockedModel]) -> list[LockedModel]:
    # Rows are locked in primary-key order so that two changes touching the same people
    # never wait on each other in opposite orders (deadlock).
    return list(queryset.select_for_update().order_by("pk"))


def residents_lock(*, municipality: Municipality, resident_ids: Iterable[int]) -> list[Resident]:
    """The residents, locked; another municipality's or an unknown id is ResidentNotFound."""
    wanted = set(resident_ids)
    found = lock(
        Resident.objects.for_municipality(municipality)
        .filter(pk__in=wanted)
        .select_related("household")
    )
    if not wanted or len(found) != len(wanted):
        raise ResidentNotFound
    return found


def living_check(residents: Iterable[Resident]) -> None:
    if any(r.is_closed for r in residents):
        raise RuleViolation.for_field(
            "/resident_ids",
            RegistryErrorCode.RECORD_CLOSED,
            "除票になっている住民には、この異動はできません（誤記修正・職権修正・異動の取消しのみ可能です）。",
        )
