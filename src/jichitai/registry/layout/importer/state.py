"""What one import keeps in memory (numbers and references, never whole rows) and the batches
of checked rows on their way to the database."""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from jichitai.registry.layout.bulk import BATCH_SIZE
from jichitai.registry.layout.errors import ErrorReport
from jichitai.registry.models import ChangeType

CHANGE_TYPES = tuple(ChangeType)
CHANGE_INDEX = {t.value: i for i, t in enumerate(CHANGE_TYPES)}
# The reference of the one 異動 (データ移行) made for history rows that name none.
IMPORT_REFERENCE = 0


# One import of 横浜市 holds 3.7 M people, 1.4 M households and 3 M changes. What the checks
# between files need of each is a few integers, kept in columns (array.array, 8 bytes a value)
# and found through a NumberIndex (16 bytes a number), instead of an object and a dict entry
# each (310 bytes a person before; docs/benchmarks.md, the import at 3.7 M).
UNSET = -1  # hash() never returns -1: a digest or check hash not known
_INT64 = np.iinfo(np.int64)


class NumberIndex:
    """number → row for millions of numbers: sorted numpy arrays (16 bytes a number, found by
    binary search) and a dict of the latest DELTA_SIZE numbers, merged into the arrays when
    full (each merge copies the arrays: 226 merges at 3.7 M, seconds in all). Numbers are
    compact_number's keys; those outside int64 stay in a dict."""

    DELTA_SIZE = 1 << 14

    def __init__(self) -> None:
        self._keys = np.empty(0, dtype=np.int64)
        self._rows = np.empty(0, dtype=np.int64)
        self._delta: dict[int | str, int] = {}
        self._others: dict[int | str, int] = {}
        # The last number found: a household's members and a person's history rows come
        # one after another.
        self._last: tuple[int | str, int] | None = None

    def __len__(self) -> int:
        return len(self._keys) + len(self._delta) + len(self._others)

    def get(self, key: int | str) -> int | None:
        last = self._last
        if last is not None and last[0] == key:
            return last[1]
        row = self._delta.get(key)
        if row is None:
            if isinstance(key, str) or not _INT64.min <= key <= _INT64.max:
                row = self._others.get(key)
            else:
                keys = self._keys
                at = int(keys.searchsorted(key))
                if at < len(keys) and keys[at] == key:
                    row = int(self._rows[at])
        if row is not None:
            self._last = (key, row)
        return row

    def add(self, key: int | str, row: int = 0) -> None:
        """Adds a number not in the index (the caller checked with `get`)."""
        if isinstance(key, str) or not _INT64.min <= key <= _INT64.max:
            self._others[key] = row
            return
        self._delta[key] = row
        if len(self._delta) >= self.DELTA_SIZE:
            self._merge()

    def _merge(self) -> None:
        count = len(self._delta)
        keys = np.fromiter(self._delta.keys(), dtype=np.int64, count=count)
        rows = np.fromiter(self._delta.values(), dtype=np.int64, count=count)
        order = keys.argsort()
        keys, rows = keys[order], rows[order]
        at = self._keys.searchsorted(keys)
        self._keys = np.insert(self._keys, at, keys)
        self._rows = np.insert(self._rows, at, rows)
        self._delta = {}


class KeyedRows:
    """Rows found by their number in the layout (宛名番号, 世帯番号, 異動番号), kept as
    compact_number keeps them; `columns` are the names of the array attributes a row has."""

    columns: tuple[str, ...] = ()

    def __init__(self) -> None:
        self._index = NumberIndex()
        self._keys: list[int | str] | array[int] = array("q")
        for name in self.columns:
            setattr(self, name, array("q"))

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, number: object) -> bool:
        return isinstance(number, str | int) and self.row(number) is not None

    def row(self, number: str | int) -> int | None:
        return self._index.get(compact_number(number))

    def at(self, number: str | int) -> int:
        """The row of a number known to be there (KeyError if not)."""
        row = self.row(number)
        if row is None:
            raise KeyError(number)
        return row

    def numbers(self) -> Iterator[tuple[str, int]]:
        """(number as written in the layout, row) in the order they were added."""
        for row, key in enumerate(self._keys):
            yield expanded_number(key), row

    def _append(self, number: str | int, **values: int) -> int:
        row = len(self._keys)
        key = compact_number(number)
        self._index.add(key, row)
        if isinstance(self._keys, array) and (
            isinstance(key, str) or not _INT64.min <= key <= _INT64.max
        ):
            self._keys = list(self._keys)  # a number that is not an int64: rare, kept as is
        self._keys.append(key)  # type: ignore[arg-type]
        for name in self.columns:
            getattr(self, name).append(values.get(name, 0))
        return row


class HouseholdRows(KeyedRows):
    """世帯.csv: each household's line, whether it is 現存, its living members and heads as
    住民.csv counts them, its new pk, and `uncertain` (a member's row failed: who heads the
    household is unknown, so it is not judged)."""

    columns = ("line", "is_active", "heads", "members", "pk", "uncertain")
    line: array[int]
    is_active: array[int]
    heads: array[int]
    members: array[int]
    pk: array[int]
    uncertain: array[int]

    def add(self, number: str, *, line: int, is_active: bool) -> int:
        return self._append(number, line=line, is_active=int(is_active))


class ResidentRows(KeyedRows):
    """住民.csv: each person's line and 履歴番号, the digest of the checked items (to compare
    with the last history row), `check_hash` (the items the services' checks saw passed
    unchanged: history rows with the same ones need not be checked again, hash of
    ItemChecks.services_check's key), the history rows seen so far and the new pk."""

    columns = ("line", "history_number", "digest", "check_hash", "rows_seen", "pk")
    line: array[int]
    history_number: array[int]
    digest: array[int]
    check_hash: array[int]
    rows_seen: array[int]
    pk: array[int]

    def add(self, atena: str, *, line: int, history_number: int) -> int:
        return self._append(
            atena, line=line, history_number=history_number, digest=UNSET, check_hash=UNSET
        )


class ChangeRows(KeyedRows):
    """異動.csv: each 異動番号's line, the index of its type in CHANGE_TYPES (-1 when unknown)
    and its new pk; `pks` holds the references that are not 異動番号 (the import's own 異動,
    groups of history rows with the same 異動 columns)."""

    columns = ("line", "type_index", "pk")
    line: array[int]
    type_index: array[int]
    pk: array[int]

    def __init__(self) -> None:
        super().__init__()
        self.pks: dict[int, int] = {}
        self.inserted = 0

    def add(self, number: int, *, line: int, type_index: int) -> int:
        return self._append(number, line=line, type_index=type_index)

    def type_of(self, number: int) -> int:
        return self.type_index[self.at(number)]

    def pk_set(self, reference: int, pk: int) -> None:
        if reference > 0:
            self.pk[self.at(reference)] = pk
        else:
            self.pks[reference] = pk
        self.inserted += 1

    def pk_of(self, reference: int) -> int:
        if reference > 0:
            return self.pk[self.at(reference)]
        return self.pks[reference]


@dataclass
class ChangeGroup:
    change_type: str
    effective_on: dt.date
    notified_on: dt.date | None
    processed_at: dt.datetime | None


def compact_number(number: str | int) -> int | str:
    """A number kept as an int (half the memory of its text); the leading 1 keeps leading
    zeros apart ("01" and "1" stay different). Numbers that are ints already (異動番号) are
    kept as they are, their sign flipped so that they never meet a text's key."""
    if isinstance(number, int):
        return -number - 1
    return int("1" + number) if number.isascii() and number.isdigit() else number


def expanded_number(key: int | str) -> str:
    """The number compact_number kept as `key`, as the layout wrote it."""
    if isinstance(key, str):
        return key
    return str(-key - 1) if key < 0 else str(key)[1:]


class Batcher:
    """Checked rows on their way to the database, BATCH_SIZE at a time. Once the import
    has an error nothing more is inserted (the transaction will be rolled back)."""

    def __init__(
        self, insert: Callable[[list[Any]], None], report: ErrorReport, size: int = BATCH_SIZE
    ) -> None:
        self._insert = insert
        self._report = report
        self._size = size
        self._batch: list[Any] = []
        self.rows = 0

    def add(self, record: Any) -> None:
        self._batch.append(record)
        if len(self._batch) >= self._size:
            self.flush()

    def flush(self) -> None:
        if self._batch and not self._report.count:
            self._insert(self._batch)
            self.rows += len(self._batch)
        self._batch = []


@dataclass
class ImportState:
    """What the import keeps in memory: numbers and references, never whole rows."""

    households: HouseholdRows = field(default_factory=HouseholdRows)
    changes: ChangeRows = field(default_factory=ChangeRows)
    cancels: list[tuple[int, int, int]] = field(default_factory=list)  # line, number, target
    residents: ResidentRows = field(default_factory=ResidentRows)
    # 住民票コード and 個人番号 of the living, as compact_number keeps them.
    living_codes: NumberIndex = field(default_factory=NumberIndex)
    living_numbers: NumberIndex = field(default_factory=NumberIndex)
    groups: dict[tuple[Any, ...], int] = field(default_factory=dict)  # → negative reference
    history_rows: int = 0
