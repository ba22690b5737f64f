"""What the steps of one import share: where it goes, its clock, the error report, the state,
the inserters, and the reading of a file's rows."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from django.db import connection
from django.utils import timezone

from jichitai.common.exceptions import DomainError
from jichitai.registry.layout.bulk import BulkInserter, CopyStreams, change_row
from jichitai.registry.layout.codecs import (
    OPTIONAL_IN_HISTORY,
    CellError,
    RowDecoder,
    column_codecs,
    layout_header,
)
from jichitai.registry.layout.columns import (
    FILE_COLUMNS,
    HISTORY,
    ITEM_COLUMNS,
    LATER_COLUMNS,
)
from jichitai.registry.layout.errors import ErrorReport
from jichitai.registry.layout.importer.state import IMPORT_REFERENCE, Batcher, ImportState
from jichitai.registry.layout.sources import LayoutSource
from jichitai.registry.models import (
    CANCELLATION_CODES,
    Change,
    ChangeType,
    Household,
    Resident,
    ResidentHistory,
    ResidentSearchKey,
)
from jichitai.registry.search_keys import search_keys_of
from jichitai.registry.services.recording import MAX_PLANNED_MOVE_OUT_DAYS
from jichitai.tenants.models import Municipality

# A 転出届 may name a date up to MAX_PLANNED_MOVE_OUT_DAYS ahead; changes that follow it on the
# same day (世帯主変更 after the head's 転出, its 取消し) inherit that date.
MAY_BE_PLANNED = {
    ChangeType.MOVE_OUT,
    ChangeType.EMIGRATION,
    ChangeType.HEAD_CHANGE,
    *CANCELLATION_CODES,
}


class ImportRun:
    """One import's shared context; each file's step holds it as `run`."""

    def __init__(
        self, *, municipality: Municipality, source: LayoutSource, now: dt.datetime, note: str
    ) -> None:
        self.municipality = municipality
        self.lg_code = municipality.lg_code
        self.source = source
        self.now = now
        self.today = timezone.localdate(now)
        self.note = note
        self.report = ErrorReport()
        self.state = ImportState()
        self.has_history = source.has(HISTORY)
        self.import_change_id: int | None = None
        self.cancels: list[tuple[int, int]] = []  # (異動番号, 取消対象異動番号) inserted
        self.synthesized = 0  # history rows made for a source without 住民履歴
        self.streams = CopyStreams() if connection.vendor == "postgresql" else None
        self.households_out = BulkInserter(Household, self.streams)
        self.changes_out = BulkInserter(Change, self.streams)
        self.residents_out = BulkInserter(Resident, self.streams)
        self.history_out = BulkInserter(ResidentHistory, self.streams)
        self.search_keys = SearchKeyRows(self)
        self._tz = timezone.get_current_timezone()
        self._codecs = column_codecs()

    def read(self, name: str, *, required: bool) -> Iterator[tuple[int, dict[str, Any], list[str]]]:
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
        width = len(header)
        # Columns added later may be absent: each row is read as if it had their blank cell.
        later = [h for h in wanted if h not in header and h in LATER_COLUMNS]
        filler = [LATER_COLUMNS[h] for h in later]
        header = [*header, *later]
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
        positions = [(header.index(h), h, key) for h, key in columns if h in header]
        codecs = {
            key: (OPTIONAL_IN_HISTORY.get(key) if name == HISTORY else None) or self._codecs[key]
            for _, key in columns
        }
        decode_row = RowDecoder([(p, k, codecs[k]) for p, _, k in positions])
        for line, cells in rows:
            if len(cells) != width:
                self.report.add(
                    name, line, f"列の数が見出しと違います（{len(cells)}列、見出しは{width}列）。"
                )
                continue
            if filler:
                cells = [*cells, *filler]
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

    def fail(self, name: str, line: int, error: DomainError) -> None:
        headers = {key: header for header, key in ITEM_COLUMNS}
        tokens = error.errors[0].tokens if error.errors else ()
        title = headers.get(tokens[0], "") if tokens else ""
        self.report.add(name, line, f"{title}: {error.detail}" if title else error.detail)

    def dates_check(
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
        if change_type in MAY_BE_PLANNED:
            latest += dt.timedelta(days=MAX_PLANNED_MOVE_OUT_DAYS)
        if effective_on > latest:
            self.report.add(
                name,
                line,
                "異動日が処理日より後です（転出予定を除き、未来の異動日は記録できません）。",
            )
        if notified_on is not None and notified_on > processed_on:
            self.report.add(name, line, "届出日が処理日より後です。")

    def import_change(self) -> None:
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
            self.state.changes.pk_set(IMPORT_REFERENCE, self.import_change_id)


_NAME_ITEMS = ("name", "name_kana", "alias", "alias_kana", "former_surname", "former_surname_kana")
_NAMES = operator.itemgetter(*_NAME_ITEMS)
# Search keys go to the database in batches this large: each batch ends the history's COPY
# and begins the keys' (the server catches up at every switch).
SEARCH_KEY_BATCH = 100_000


@lru_cache(maxsize=1 << 16)
def _name_keys(names: tuple[Any, ...]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(search_keys_of(dict(zip(_NAME_ITEMS, names, strict=True)))))


@lru_cache(maxsize=1 << 16)
def _address_keys(address: Any) -> tuple[tuple[str, str], ...]:
    return tuple(search_keys_of({"address": address}))


class SearchKeyRows:
    """過去の氏名・住所 (doc/j340.txt §2.1.3): the search keys of every history row written, each
    (kind, key) of a person once, as services.recording.search_keys_record writes them one
    change at a time. A person's history rows come together (住民履歴.csv is checked for it),
    so only the current person's keys are remembered. Names and addresses repeat across a
    register: their keys are computed once each (a bounded cache)."""

    def __init__(self, run: ImportRun) -> None:
        self.run = run
        self.out = BulkInserter(ResidentSearchKey, run.streams, returning=False)
        self.sink = Batcher(self.insert, run.report, size=SEARCH_KEY_BATCH)
        self._resident = 0
        self._seen: set[tuple[str, str]] = set()

    def add(self, resident_id: int, snapshot: Mapping[str, Any]) -> None:
        if resident_id != self._resident:
            self._resident = resident_id
            self._seen = set()
        seen = self._seen
        for pair in (*_name_keys(_NAMES(snapshot)), *_address_keys(snapshot["address"])):
            if pair not in seen:
                seen.add(pair)
                self.sink.add((resident_id, *pair))

    def insert(self, batch: list[Any]) -> None:
        lg_code = self.run.lg_code
        out = self.out
        out.insert(
            [
                out.row(municipality_id=lg_code, resident_id=resident_id, kind=kind, key=key)
                for resident_id, kind, key in batch
            ]
        )


class LayoutFile:
    """One file of the layout within an ImportRun: its rows are checked as they are read and
    inserted in batches (`insert`, each file's own)."""

    def __init__(self, run: ImportRun) -> None:
        self.run = run
        self.report = run.report
        self.state = run.state
        self.lg_code = run.lg_code
        self.sink = Batcher(self.insert, run.report)

    def insert(self, batch: list[Any]) -> None:
        raise NotImplementedError
