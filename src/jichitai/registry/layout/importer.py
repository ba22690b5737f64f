"""The import of one layout (LayoutImporter): streams 世帯 → 異動 → 住民 → 住民履歴, checks every
row with the services' checks plus the checks between rows and files, and hands checked rows
to the bulk inserters while no row has failed."""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, cast

from django.db import connection
from django.utils import timezone

from jichitai.common.exceptions import DomainError
from jichitai.registry.crypto import my_number_encrypt, my_number_lookup_hash
from jichitai.registry.layout.bulk import (
    BATCH_SIZE,
    RESIDENT_ROW,
    RESIDENT_ROW_VALUES,
    BulkInserter,
    CopyStreams,
    change_row,
    history_snapshot,
    sequences_raise,
)
from jichitai.registry.layout.codecs import (
    OPTIONAL_IN_HISTORY,
    CellError,
    RowDecoder,
    column_codecs,
    layout_header,
    sequence_body,
)
from jichitai.registry.layout.columns import (
    CHANGES,
    FILE_COLUMNS,
    HISTORY,
    HOUSEHOLDS,
    ITEM_COLUMNS,
    ITEM_KEYS,
    LAYOUT_FORMAT,
    LAYOUT_VERSION,
    MANIFEST,
    RESIDENTS,
)
from jichitai.registry.layout.errors import ErrorReport, LayoutInvalid
from jichitai.registry.layout.results import ImportResult, LayoutCounts
from jichitai.registry.layout.sources import LayoutSource
from jichitai.registry.models import (
    HEAD,
    SEARCH_KEYS,
    Change,
    ChangeType,
    Household,
    Resident,
    ResidentHistory,
    ResidentStatus,
)
from jichitai.registry.services.recording import (
    MAX_PLANNED_MOVE_OUT_DAYS,
    foreign_items_check,
    person_fields_check,
    search_keys_refresh,
)
from jichitai.tenants.models import Municipality

# A 転出届 may name a date up to MAX_PLANNED_MOVE_OUT_DAYS ahead; changes that follow it on the
# same day (世帯主変更 after the head's 転出, its 取消し) inherit that date.
_MAY_BE_PLANNED = {
    ChangeType.MOVE_OUT,
    ChangeType.EMIGRATION,
    ChangeType.HEAD_CHANGE,
    ChangeType.CANCELLATION,
}


@dataclass
class _HouseholdState:
    line: int
    is_active: bool
    heads: int = 0
    members: int = 0
    pk: int = 0
    # A member's row failed: who heads the household is unknown, so it is not judged.
    uncertain: bool = False


@dataclass
class _ResidentState:
    line: int
    history_number: int
    digest: int | None = None  # of the checked items, to compare with the last history row
    # The items the services' checks see passed unchanged: history rows with the same ones
    # need not be checked again (hash of LayoutImporter._services_check's key).
    check_hash: int | None = None
    rows_seen: int = 0
    pk: int = 0


@dataclass
class _ChangeGroup:
    change_type: str
    effective_on: dt.date
    notified_on: dt.date | None
    processed_at: dt.datetime | None


class _Batcher:
    """Checked rows on their way to the database, BATCH_SIZE at a time. Once the import
    has an error nothing more is inserted (the transaction will be rolled back)."""

    def __init__(self, insert: Callable[[list[Any]], None], report: ErrorReport) -> None:
        self._insert = insert
        self._report = report
        self._batch: list[Any] = []
        self.rows = 0

    def add(self, record: Any) -> None:
        self._batch.append(record)
        if len(self._batch) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        if self._batch and not self._report.count:
            self._insert(self._batch)
            self.rows += len(self._batch)
        self._batch = []


@dataclass
class _State:
    """What the import keeps in memory: numbers and references, never whole rows."""

    households: dict[str, _HouseholdState] = field(default_factory=dict)
    changes: dict[int, int] = field(default_factory=dict)  # 異動番号 → index of its type
    cancels: list[tuple[int, int, int]] = field(default_factory=list)  # line, number, target
    residents: dict[str, _ResidentState] = field(default_factory=dict)
    living_codes: set[str] = field(default_factory=set)
    living_numbers: set[str] = field(default_factory=set)
    groups: dict[tuple[Any, ...], int] = field(default_factory=dict)  # → negative reference
    change_pks: dict[int, int] = field(default_factory=dict)  # reference → new pk
    history_rows: int = 0


_CLOSED = ResidentStatus.CLOSED.value
_ACTIVE = ResidentStatus.ACTIVE.value
# The items the services' checks are given (everything but what changes with every 異動, and
# the address, whose presence alone is checked), and those the cache is keyed by.
_PER_CHANGE = {
    "history_number",
    "household_number",
    "household_order",
    "address",
    "address_extra",
    "postal_code",
    "address_fixed_on",
    "notified_on",
    "previous_address",
    "status",
    "removal_reason",
    "removed_on",
    "moving_to_address",
}
_CHECK_KEY = tuple(k for k in ITEM_KEYS if k not in _PER_CHANGE)
_CHECKED = (*_CHECK_KEY, "address")
_CHECK_ITEMS = operator.itemgetter(*_CHECK_KEY)
_KANA_ITEMS = {"name_kana", "former_surname_kana", "alias_kana"}
# The stored form of a reading (recording._kana_checked): full-width katakana, words joined
# by one full-width space.
_STORED_KANA = re.compile("[ァ-ヺー・]+(?:\u3000[ァ-ヺー・]+)*")
_ANY_KANA = re.compile("[ァ-ヺ]")


def is_stored_kana(value: str, key: str) -> bool:
    if not value:
        return key != "name_kana"  # optional readings may be empty
    return _STORED_KANA.fullmatch(value) is not None and _ANY_KANA.search(value) is not None


_ITEM_VALUES = operator.itemgetter(*ITEM_KEYS)
_CHANGE_TYPES = tuple(ChangeType)
_CHANGE_INDEX = {t.value: i for i, t in enumerate(_CHANGE_TYPES)}
IMPORT_REFERENCE = 0


class LayoutImporter:
    """One import, streamed file by file (世帯 → 異動 → 住民 → 住民履歴, the order of their
    references). Each row is checked as it is read and, while no row has failed, inserted
    in batches; the caller's transaction is rolled back when any check failed, so a file is
    imported whole or not at all, and every error is reported either way. Validating and
    inserting in one pass lets PostgreSQL index rows on the second core while Python checks
    the next ones (docs/registry-layout.md: measurements)."""

    def __init__(
        self,
        *,
        municipality: Municipality,
        source: LayoutSource,
        now: dt.datetime,
        note: str,
        progress: Callable[[str], None] | None,
    ) -> None:
        self.municipality = municipality
        self.lg_code = municipality.lg_code
        self.source = source
        self.now = now
        self.today = timezone.localdate(now)
        self.note = note
        self.progress = progress
        self.report = ErrorReport()
        self.state = _State()
        self.has_history = source.has(HISTORY)
        self.import_change_id: int | None = None
        self.cancels: list[tuple[int, int]] = []
        self.synthesized = 0
        self.streams = CopyStreams() if connection.vendor == "postgresql" else None
        self.households_out = BulkInserter(Household, self.streams)
        self.changes_out = BulkInserter(Change, self.streams)
        self.residents_out = BulkInserter(Resident, self.streams)
        self.history_out = BulkInserter(ResidentHistory, self.streams)
        self.sinks = {
            HOUSEHOLDS: _Batcher(self._insert_households, self.report),
            CHANGES: _Batcher(self._insert_changes, self.report),
            RESIDENTS: _Batcher(self._insert_residents, self.report),
            HISTORY: _Batcher(self._insert_history, self.report),
        }
        self._cipher_cache: tuple[str, str, str, str] = ("", "", "", "")
        self._check_cache: dict[tuple[Any, ...], dict[str, Any]] = {}
        self.check_hash = 0
        self.check_unchanged = False
        self._tz = timezone.get_current_timezone()
        self._codecs = column_codecs()

    # ---------------------------------------------------------------- reading

    def _read(
        self, name: str, *, required: bool
    ) -> Iterator[tuple[int, dict[str, Any], list[str]]]:
        """Rows of one file decoded by column; cell errors go to the report (the row is
        then yielded with the errors listed, so the caller can skip its own checks)."""
        if not self.source.has(name):
            if required:
                self.report.add(name, None, "ファイルがありません。")
            return
        columns = FILE_COLUMNS[name]
        rows = self.source.rows(name)
        first = next(rows, None)
        if first is None:
            self.report.add(name, 1, "見出し行がありません。")
            return
        line, header = first
        if header and header[0].startswith("\ufeff"):
            self.report.add(name, line, "BOM 付きです。BOM なしの UTF-8 で保存してください。")
            return
        wanted = layout_header(columns)
        missing = [h for h in wanted if h not in header]
        unknown = [h for h in header if h not in wanted]
        duplicated = {h for h in header if header.count(h) > 1}
        if missing or unknown or duplicated:
            for title, items in (
                ("列がありません", missing),
                ("未知の列です", unknown),
                ("列が重複しています", sorted(duplicated)),
            ):
                if items:
                    self.report.add(name, line, f"{title}: {'、'.join(items)}")
            return
        positions = [(header.index(h), h, key) for h, key in columns]
        codecs = {
            key: (OPTIONAL_IN_HISTORY.get(key) if name == HISTORY else None) or self._codecs[key]
            for _, key in columns
        }
        decode_row = RowDecoder([(p, k, codecs[k]) for p, _, k in positions])
        width = len(header)
        for line, cells in rows:
            if len(cells) != width:
                self.report.add(
                    name, line, f"列の数が見出しと違います（{len(cells)}列、見出しは{width}列）。"
                )
                continue
            try:
                decoded = decode_row(cells)
            except Exception:  # a bad cell: the slow path below says which and why
                decoded = None
            if decoded is not None:
                yield line, decoded, []
                continue
            values: dict[str, Any] = {}
            errors: list[str] = []
            for position, title, key in positions:
                try:
                    values[key] = codecs[key].decode(cells[position], key)
                except CellError as error:
                    errors.append(f"{title}: {error}")
                    values[key] = None
            for message in errors:
                self.report.add(name, line, message)
            yield line, values, errors

    def _fail(self, name: str, line: int, error: DomainError) -> None:
        headers = {key: header for header, key in ITEM_COLUMNS}
        field_name = error.errors[0].field if error.errors else ""
        title = headers.get(field_name.split(".")[0], "")
        self.report.add(name, line, f"{title}: {error.detail}" if title else error.detail)

    # ---------------------------------------------------------------- files

    def households(self) -> None:
        sink = self.sinks[HOUSEHOLDS]
        for line, values, errors in self._read(HOUSEHOLDS, required=True):
            number = values["household_number"]
            if number is None:
                continue
            if number in self.state.households:
                first = self.state.households[number].line
                self.report.add(
                    HOUSEHOLDS, line, f"世帯番号 {number} が{first}行目と重複しています。"
                )
                continue
            self.state.households[number] = _HouseholdState(line, bool(values["is_active"]))
            if not errors:
                sink.add((number, values["is_active"]))

    def changes(self) -> None:
        sink = self.sinks[CHANGES]
        for line, values, errors in self._read(CHANGES, required=False):
            number = values["change_number"]
            if number is None:
                continue
            if number in self.state.changes:
                self.report.add(CHANGES, line, f"異動番号 {number} が重複しています。")
                continue
            kind = values["change_type"]
            self.state.changes[number] = _CHANGE_INDEX.get(kind or "", -1)
            if errors:
                continue
            self._dates_check(
                CHANGES,
                line,
                change_type=kind,
                effective_on=values["effective_on"],
                notified_on=values["change_notified_on"],
                processed_at=values["processed_at"],
            )
            target = values["cancels_number"]
            if target is not None:
                if kind != ChangeType.CANCELLATION:
                    self.report.add(
                        CHANGES,
                        line,
                        "取消対象異動番号は異動事由「異動の取消し」の行にだけ記入します。",
                    )
                self.state.cancels.append((line, number, target))
            sink.add(
                (
                    number,
                    kind,
                    values["effective_on"],
                    values["change_notified_on"],
                    values["processed_at"],
                    values["note"],
                    target,
                )
            )
        sink.flush()
        seen_targets: dict[int, int] = {}
        for line, number, target in self.state.cancels:
            if target not in self.state.changes:
                self.report.add(
                    CHANGES, line, f"取消対象異動番号 {target} が異動.csv にありません。"
                )
            elif target == number:
                self.report.add(CHANGES, line, "異動が自分自身を取り消しています。")
            elif target in seen_targets:
                self.report.add(
                    CHANGES,
                    line,
                    f"異動番号 {target} は{seen_targets[target]}行目でも取り消されています（取消しは1回だけです）。",
                )
            seen_targets.setdefault(target, line)

    def _dates_check(
        self,
        name: str,
        line: int,
        *,
        change_type: str | None,
        effective_on: dt.date,
        notified_on: dt.date | None,
        processed_at: dt.datetime | None,
    ) -> None:
        # The rules of doc/j480.txt, applied as of the day the change was processed: 異動日
        # not after it (転出予定 and what follows it excepted), 届出日 not after it.
        processed_on = processed_at.astimezone(self._tz).date() if processed_at else self.today
        if processed_at is not None and processed_at > self.now:
            self.report.add(name, line, "処理日時が未来です。")
        latest = processed_on
        if change_type in _MAY_BE_PLANNED:
            latest += dt.timedelta(days=MAX_PLANNED_MOVE_OUT_DAYS)
        if effective_on > latest:
            self.report.add(
                name,
                line,
                "異動日が処理日より後です（転出予定を除き、未来の異動日は記録できません）。",
            )
        if notified_on is not None and notified_on > processed_on:
            self.report.add(name, line, "届出日が処理日より後です。")

    def _items(
        self, name: str, line: int, values: dict[str, Any], *, known: int | None = None
    ) -> dict[str, Any] | None:
        """The item checks of the services (recording.person_fields_check and
        foreign_items_check) and the state rules; returns the normalised items."""
        items = {key: values[key] for key in ITEM_KEYS}
        try:
            items.update(self._services_check(items, known))
        except DomainError as error:
            self._fail(name, line, error)
            return None
        ok = True
        if items["birth_date"] > self.today:
            self.report.add(name, line, "生年月日: 未来の日付です。")
            ok = False
        closed = items["status"] == _CLOSED
        if closed and not items["removal_reason"]:
            self.report.add(name, line, "消除事由: 除票には消除事由が必要です。")
            ok = False
        if not closed and items["removal_reason"]:
            self.report.add(name, line, "消除事由: 住民状態が「住民」の記録に消除事由があります。")
            ok = False
        if items["household_number"] not in self.state.households:
            self.report.add(
                name, line, f"世帯番号 {items['household_number']} が世帯.csv にありません。"
            )
            ok = False
        return items if ok else None

    def _services_check(self, items: dict[str, Any], known: int | None) -> dict[str, Any]:
        """recording.person_fields_check and foreign_items_check on one row's items: what
        they normalise. They see only the person's own items, which most 異動 leave as
        they were (a 転居 changes the address), so a row whose items hash as `known` (the
        current record's, which passed unchanged) is not checked again, and results are
        cached by those items. Sets self.check_hash and self.check_unchanged."""
        key = (*_CHECK_ITEMS(items), bool(items["address"]))
        self.check_hash = hash(key)
        self.check_unchanged = True
        if self.check_hash == known:
            return {}
        cached = self._check_cache.get(key)
        if cached is None:
            # Readings already in their stored form come back unchanged from the services'
            # normalising (tests/test_layout.py holds them to that), which is the costliest
            # part of the check: only the others are given to it.
            checked = person_fields_check(
                {
                    k: items[k]
                    for k in _CHECKED
                    if k not in _KANA_ITEMS or not is_stored_kana(items[k], k)
                }
            )
            foreign_items_check(cast(Resident, SimpleNamespace(**{**items, **checked})))
            cached = {k: v for k, v in checked.items() if k != "address"}
            if len(self._check_cache) > 4096:
                self._check_cache.clear()
            self._check_cache[key] = cached
        self.check_unchanged = {k: items[k] for k in cached} == cached
        return cached

    def _encrypted(self, atena: str, my_number: str) -> tuple[str, str]:
        """(ciphertext, lookup hash) for the target municipality; a person's rows share one
        ciphertext while the number stays the same (one encryption, not one per row)."""
        if not my_number:
            return "", ""
        cached_atena, cached_number, cipher, digest = self._cipher_cache
        if cached_atena != atena or cached_number != my_number:
            cipher = my_number_encrypt(my_number, lg_code=self.lg_code, atena_number=atena)
            digest = my_number_lookup_hash(my_number, lg_code=self.lg_code)
            self._cipher_cache = (atena, my_number, cipher, digest)
        return cipher, digest

    def residents(self) -> None:
        sink = self.sinks[RESIDENTS]
        state = self.state
        for line, values, errors in self._read(RESIDENTS, required=True):
            atena = values["atena_number"]
            if atena is None:
                continue
            if atena in state.residents:
                first = state.residents[atena].line
                self.report.add(
                    RESIDENTS, line, f"宛名番号 {atena} が{first}行目と重複しています。"
                )
                continue
            history_number = values["history_number"] or 0
            if not self.has_history:
                if history_number > 1:
                    self.report.add(
                        RESIDENTS,
                        line,
                        f"履歴番号: {history_number}ですが、住民履歴.csv がありません（履歴なしの移行では1）。",
                    )
                history_number = 1
            state.residents[atena] = _ResidentState(line, history_number)
            items = None if errors else self._items(RESIDENTS, line, values)
            if items is None:
                household = state.households.get(values["household_number"] or "")
                if household is not None:
                    household.uncertain = True
                continue
            state.residents[atena].digest = hash(_ITEM_VALUES(items))
            if self.check_unchanged:
                state.residents[atena].check_hash = self.check_hash
            household = state.households[items["household_number"]]
            if items["status"] == _ACTIVE:
                household.members += 1
                if items["relationship"] == HEAD:
                    household.heads += 1
                if items["resident_code"] in state.living_codes:
                    self.report.add(
                        RESIDENTS,
                        line,
                        "住民票コード: 他の住民（住民状態「住民」）と重複しています。",
                    )
                state.living_codes.add(items["resident_code"])
                if items["my_number"]:
                    if items["my_number"] in state.living_numbers:
                        self.report.add(
                            RESIDENTS,
                            line,
                            "個人番号: 他の住民（住民状態「住民」）と重複しています。",
                        )
                    state.living_numbers.add(items["my_number"])
            cipher, digest = self._encrypted(atena, items["my_number"])
            keys = SimpleNamespace(**items)
            search_keys_refresh(cast(Resident, keys))
            items.update(
                municipality_id=self.lg_code,
                household_id=None,  # the household's new pk, when inserted
                history_number=history_number,
                my_number_cipher=cipher,
                my_number_hash=digest,
                **{key: getattr(keys, key) for key in SEARCH_KEYS},
            )
            sink.add((items["household_number"], RESIDENT_ROW_VALUES(items)))

    def households_check(self) -> None:
        for number, household in self.state.households.items():
            if household.uncertain:
                continue
            if household.is_active and household.members == 0:
                self.report.add(
                    HOUSEHOLDS,
                    household.line,
                    f"世帯番号 {number}: 現存の世帯に住民状態「住民」の世帯員がいません。",
                )
            elif not household.is_active and household.members:
                self.report.add(
                    HOUSEHOLDS,
                    household.line,
                    f"世帯番号 {number}: 現存でない世帯に住民状態「住民」の世帯員がいます。",
                )
            elif household.members and household.heads != 1:
                problem = "世帯主がいません" if household.heads == 0 else "世帯主が複数います"
                self.report.add(
                    HOUSEHOLDS,
                    household.line,
                    f"世帯番号 {number}: {problem}（現存する世帯には世帯主が1人必要です）。",
                )

    def history(self) -> None:
        sink = self.sinks[HISTORY]
        state = self.state
        current_atena = ""
        for line, values, errors in self._read(HISTORY, required=False):
            state.history_rows += 1
            atena, number = values["atena_number"], values["history_number"]
            if atena is None or number is None:
                continue
            resident = state.residents.get(atena)
            if resident is None:
                self.report.add(HISTORY, line, f"宛名番号 {atena} が住民.csv にありません。")
                continue
            if atena != current_atena:
                if resident.rows_seen:
                    self.report.add(
                        HISTORY,
                        line,
                        f"宛名番号 {atena} の履歴が連続していません（宛名番号・履歴番号の順に並べてください）。",
                    )
                current_atena = atena
            resident.rows_seen += 1
            if number != resident.rows_seen:
                self.report.add(
                    HISTORY,
                    line,
                    f"履歴番号: 宛名番号 {atena} の履歴番号は1から欠番なく昇順です（{resident.rows_seen}のはず）。",
                )
                resident.rows_seen = number
            if errors:
                continue
            reference = self._change_reference(line, values)
            if reference is None:
                continue
            kind = values["change_type"]
            if kind is None and reference > 0 and self.state.changes[reference] >= 0:
                kind = _CHANGE_TYPES[self.state.changes[reference]]
            self._dates_check(
                HISTORY,
                line,
                change_type=kind,
                effective_on=values["effective_on"],
                notified_on=None,
                processed_at=values["processed_at"],
            )
            items = self._items(HISTORY, line, values, known=resident.check_hash)
            if items is None:
                continue
            if (
                number == resident.history_number
                and resident.digest is not None
                and resident.digest != hash(_ITEM_VALUES(items))
            ):
                self.report.add(
                    HISTORY,
                    line,
                    f"最新の履歴が住民.csv {resident.line}行目の現在の記載と一致しません。",
                )
            if values["effective_on"] < items["birth_date"]:
                self.report.add(HISTORY, line, "異動日が生年月日より前です。")
            cipher, digest = self._encrypted(atena, items["my_number"])
            # The household was inserted before: its new pk goes into the snapshot.
            household_id = state.households[items["household_number"]].pk
            snapshot = history_snapshot(
                items, cipher=cipher, digest=digest, household_id=household_id
            )
            sink.add((atena, number, reference, values["effective_on"], snapshot))

    def _change_reference(self, line: int, values: dict[str, Any]) -> int | None:
        """異動番号 (> 0), a group of rows with the same 異動 columns (< 0), or the import."""
        number, kind = values["change_number"], values["change_type"]
        if number is not None:
            if number not in self.state.changes:
                self.report.add(HISTORY, line, f"異動番号 {number} が異動.csv にありません。")
                return None
            if kind is not None and _CHANGE_INDEX.get(kind) != self.state.changes[number]:
                self.report.add(
                    HISTORY, line, f"異動事由が異動.csv の異動番号 {number} と違います。"
                )
                return None
            return int(number)
        if kind is None:
            self._import_change()
            return IMPORT_REFERENCE
        key = (kind, values["effective_on"], values["change_notified_on"], values["processed_at"])
        if key not in self.state.groups:
            reference = self.state.groups[key] = -len(self.state.groups) - 1
            if not self.report.count:
                group = _ChangeGroup(*key)
                (self.state.change_pks[reference],) = self.changes_out.insert(
                    [
                        self.changes_out.row(
                            **change_row(
                                self.lg_code,
                                group.change_type,
                                group.effective_on,
                                group.notified_on,
                                group.processed_at or self.now,
                                self.note,
                            )
                        )
                    ]
                )
        return self.state.groups[key]

    def _import_change(self) -> None:
        """The one 異動 (データ移行) for history rows that came without any."""
        if self.import_change_id is None and not self.report.count:
            (self.import_change_id,) = self.changes_out.insert(
                [
                    self.changes_out.row(
                        **change_row(
                            self.lg_code, ChangeType.IMPORT, self.today, None, self.now, self.note
                        )
                    )
                ]
            )
            self.state.change_pks[IMPORT_REFERENCE] = self.import_change_id

    def history_check(self) -> None:
        if not self.has_history:
            return
        for atena, resident in self.state.residents.items():
            if resident.rows_seen == 0:
                self.report.add(
                    RESIDENTS,
                    resident.line,
                    f"宛名番号 {atena}: 住民履歴.csv に履歴がありません（住民履歴.csv を付けるときは全員の履歴が要ります）。",
                )
            elif resident.rows_seen != resident.history_number:
                self.report.add(
                    RESIDENTS,
                    resident.line,
                    f"宛名番号 {atena}: 履歴番号 {resident.history_number} が住民履歴.csv の履歴の数（{resident.rows_seen}）と違います。",
                )

    def manifest_check(self, *, allow_other_municipality: bool) -> None:
        manifest = self.source.manifest()
        if manifest is None:
            return
        if manifest.get("format") != LAYOUT_FORMAT or manifest.get("version") != LAYOUT_VERSION:
            self.report.add(
                MANIFEST,
                None,
                f"形式が {LAYOUT_FORMAT} 版 {LAYOUT_VERSION} ではありません（この版だけを取り込めます）。",
            )
        if manifest.get("lg_code") != self.lg_code and not allow_other_municipality:
            self.report.add(
                MANIFEST,
                None,
                f"団体コード {manifest.get('lg_code')} のデータです。取込み先 {self.lg_code} と違います。",
            )

    def run(self, *, allow_other_municipality: bool) -> ImportResult:
        """Checks and inserts everything; raises LayoutInvalid (the caller rolls back)."""
        try:
            self._run(allow_other_municipality=allow_other_municipality)
        except BaseException as error:
            if self.streams is not None:
                self.streams.shutdown(error)
            raise
        if self.streams is not None:
            self.streams.shutdown()
        return self._finish()

    def _run(self, *, allow_other_municipality: bool) -> None:
        self.manifest_check(allow_other_municipality=allow_other_municipality)
        steps: list[tuple[str, Callable[[], None]]] = [
            (HOUSEHOLDS, self.households),
            (CHANGES, self.changes),
            (RESIDENTS, self.residents),
            (HISTORY, self.history),
        ]
        for name, step in steps:
            started = timezone.now()
            step()
            self.sinks[name].flush()
            if name == RESIDENTS:
                self.households_check()
            if self.progress is not None and self.source.has(name):
                seconds = (timezone.now() - started).total_seconds()
                self.progress(f"{name}: {seconds:.1f}秒（誤り {self.report.count}件）")
        self.history_check()
        self.report.extend(self.source.problems())
        if self.report.count:
            raise LayoutInvalid.of(self.report.problems, self.report.count)

    def _finish(self) -> ImportResult:
        for number, target in self.cancels:
            Change.objects.filter(pk=self.state.change_pks[number]).update(
                cancels_id=self.state.change_pks[target]
            )
        households, residents = self.state.households, self.state.residents
        sequences_raise(
            self.municipality,
            atena=max((sequence_body(n) for n in residents), default=0),
            household=max((sequence_body(n) for n in households), default=0),
        )
        counts = LayoutCounts(
            households=len(households),
            changes=len(self.state.change_pks),
            residents=len(residents),
            history=self.sinks[HISTORY].rows + self.synthesized,
        )
        return ImportResult(counts=counts, import_change_id=self.import_change_id)

    # ---------------------------------------------------------------- inserting

    def _insert_households(self, batch: list[Any]) -> None:
        out = self.households_out
        pks = out.insert(
            [
                out.row(
                    municipality_id=self.lg_code,
                    household_number=number,
                    is_active=active,
                    created_at=self.now,
                )
                for number, active in batch
            ]
        )
        for (number, _), pk in zip(batch, pks, strict=True):
            self.state.households[number].pk = pk

    def _insert_changes(self, batch: list[Any]) -> None:
        out = self.changes_out
        pks = out.insert(
            [
                out.row(**change_row(self.lg_code, kind, effective, notified, at, text))
                for _, kind, effective, notified, at, text, _ in batch
            ]
        )
        for (number, *_rest, target), pk in zip(batch, pks, strict=True):
            self.state.change_pks[number] = pk
            if target is not None:
                self.cancels.append((number, target))

    def _insert_residents(self, batch: list[Any]) -> None:
        out = self.residents_out
        households, residents = self.state.households, self.state.residents
        at_atena, at_household = (
            RESIDENT_ROW.index("atena_number"),
            RESIDENT_ROW.index("household_id"),
        )
        rows = []
        for household_number, values in batch:
            row = list(values)
            row[at_household] = households[household_number].pk
            rows.append(row)
        pks = out.insert(rows)
        for row, pk in zip(rows, pks, strict=True):
            residents[row[at_atena]].pk = pk
        if self.has_history:
            return
        # No history in the source: row 1 is the record as migrated, effective from the day
        # the person became a resident (docs/registry-layout.md).
        self._import_change()
        synthetic = []
        for (household_number, _), row, pk in zip(batch, rows, pks, strict=True):
            record = dict(zip(RESIDENT_ROW, row, strict=True))
            record["household_number"] = household_number
            synthetic.append(
                self.history_out.row(
                    municipality_id=self.lg_code,
                    resident_id=pk,
                    history_number=1,
                    change_id=self.import_change_id,
                    effective_on=record["became_resident_on"],
                    snapshot=history_snapshot(
                        record,
                        cipher=record["my_number_cipher"],
                        digest=record["my_number_hash"],
                        household_id=record["household_id"],
                    ),
                )
            )
        self.history_out.insert(synthetic)
        self.synthesized += len(synthetic)

    def _insert_history(self, batch: list[Any]) -> None:
        out = self.history_out
        residents = self.state.residents
        change_pks = self.state.change_pks
        rows = []
        for atena, number, reference, effective_on, snapshot in batch:
            rows.append(
                out.row(
                    municipality_id=self.lg_code,
                    resident_id=residents[atena].pk,
                    history_number=number,
                    change_id=change_pks[reference],
                    effective_on=effective_on,
                    snapshot=snapshot,
                )
            )
        out.insert(rows)
