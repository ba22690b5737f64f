"""住民履歴の表示 (the history timeline of one record): which items each change altered, and a
history snapshot read back as a record for the 時点照会 (as-of) view.

Pure functions over rows the selectors already loaded: no queries here, so a long history
costs nothing more than its one select.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jichitai.registry.models import (
    CANCELLATION_CODES,
    HEAD,
    Change,
    ChangeType,
    Resident,
    ResidentHistory,
)

# The 世帯主変更 that follows the head's 消除 (services.removals), told from a 世帯主変更届.
HEAD_CHANGE_AFTER_REMOVAL_NOTE = "世帯主の消除に伴う世帯主変更"
_CORRECTIONS = {
    ChangeType.EX_OFFICIO_CORRECTION,
    ChangeType.CLERICAL_CORRECTION,
    ChangeType.MINOR_CORRECTION,
}


def became_head_ex_officio(
    change: Change, previous: dict[str, Any] | None, current: dict[str, Any]
) -> bool:
    """The row made its person head of the same household because the head left it (doc/j490.txt
    §4.0.4: 「残存世帯員が１人となる異動の処理を行う場合は、職権により当該残存世帯員を世帯主と
    する処理を行えること。また、その場合…世帯主変更通知書を出力することができること」): by
    the 世帯主変更 after a 消除, or by the 転居・世帯分離 the head left with; not by a 世帯主変更届
    or a 修正."""
    if previous is None or change.cancels_id is not None or change.change_type in _CORRECTIONS:
        return False
    if change.change_type == ChangeType.HEAD_CHANGE and change.note != (
        HEAD_CHANGE_AFTER_REMOVAL_NOTE
    ):
        return False
    return (
        current.get("relationship") == HEAD
        and previous.get("relationship") != HEAD
        and current.get("household_id") == previous.get("household_id")
    )


# Snapshot keys that are not items of the record, or that stand for another key: the
# ciphertext changes with every encryption, so the keyed hash tells whether 個人番号 changed.
_NOT_ITEMS = {"history_number", "my_number_cipher", "household_number"}
_LABELS: dict[str, str] = {
    **{
        field.name: str(field.verbose_name)
        for field in Resident._meta.concrete_fields
        if field.name not in ("household", "my_number_hash")
    },
    "household_id": "世帯",
    "household_head_name": "世帯主の氏名",
    "my_number_hash": "個人番号",
}
_ORDER = {key: position for position, key in enumerate(_LABELS)}


def changed_items(previous: dict[str, Any] | None, current: dict[str, Any]) -> list[str]:
    """The names (Japanese labels) of the items that differ between two snapshots, in the
    order of the record; [] for the first snapshot (a 記載 has nothing to compare with)."""
    if previous is None:
        return []
    keys = sorted(
        (k for k in current.keys() | previous.keys() if k not in _NOT_ITEMS),
        key=lambda k: _ORDER.get(k, len(_ORDER)),
    )
    return [_LABELS.get(k, k) for k in keys if previous.get(k) != current.get(k)]


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the timeline: a history row, its change and what it altered."""

    row: ResidentHistory
    changed: list[str]
    is_entry: bool
    is_cancelled: bool
    can_cancel: bool
    head_change_notice: bool = False

    @property
    def change(self) -> Change:
        return self.row.change


def timeline(rows: Sequence[ResidentHistory]) -> list[TimelineEntry]:
    """The rows of `resident_history_list` (newest first) with the items each one changed.

    A cancelled change is known from the cancellation's own row in the same history
    (異動の取消し writes a row for every record the cancelled change touched), so no query is
    needed per row. Any change still in force can be offered for cancellation; change_cancel
    refuses, naming it, when a later change stands on it (doc/j980.txt §4.6.0.1).
    """
    by_number = {row.history_number: row for row in rows}
    cancelled = {row.change.cancels_id for row in rows if row.change.cancels_id}
    entries = []
    for row in rows:
        previous = by_number.get(row.history_number - 1)
        is_cancelled = row.change_id in cancelled
        entries.append(
            TimelineEntry(
                row=row,
                changed=changed_items(previous.snapshot if previous else None, row.snapshot),
                is_entry=previous is None,
                is_cancelled=is_cancelled,
                can_cancel=(row.change.change_type not in CANCELLATION_CODES and not is_cancelled),
                head_change_notice=not is_cancelled
                and became_head_ex_officio(
                    row.change, previous.snapshot if previous else None, row.snapshot
                ),
            )
        )
    return entries


def record_from_snapshot(snapshot: dict[str, Any]) -> Resident:
    """A history snapshot as an unsaved `Resident`, so the as-of view renders like the record
    (dates back from ISO text; 世帯番号 is in `snapshot["household_number"]`)."""
    values: dict[str, Any] = {}
    for field in Resident._meta.concrete_fields:
        key = "household_id" if field.name == "household" else field.name
        if key not in snapshot:
            continue
        value = snapshot[key]
        if field.get_internal_type() == "DateField" and isinstance(value, str):
            value = dt.date.fromisoformat(value)
        values[field.attname] = value
    return Resident(**values)
