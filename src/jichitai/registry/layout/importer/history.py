"""住民履歴.csv: every history row of every person, in order, checked like the record."""

from __future__ import annotations

from typing import Any

from jichitai.registry.layout.bulk import change_row, history_snapshot
from jichitai.registry.layout.columns import HISTORY, RESIDENTS
from jichitai.registry.layout.importer.items import ITEM_VALUES, ItemChecks
from jichitai.registry.layout.importer.run import ImportRun, LayoutFile
from jichitai.registry.layout.importer.state import (
    CHANGE_INDEX,
    CHANGE_TYPES,
    IMPORT_REFERENCE,
    UNSET,
    ChangeGroup,
)


class HistoryFile(LayoutFile):
    """住民履歴.csv: 履歴番号 from 1 without gaps, the latest row equal to the record, each
    row's 異動 found in 異動.csv or grouped by its own 異動 columns."""

    def __init__(self, run: ImportRun, items: ItemChecks) -> None:
        super().__init__(run)
        self.items = items

    def read(self) -> None:
        sink = self.sink
        state = self.state
        residents, households = state.residents, state.households
        rows_seen = residents.rows_seen
        # A person's rows come together: the row of 住民.csv is looked up once per person.
        current_atena, resident = "", 0
        for line, values, errors in self.run.read(HISTORY, required=False):
            state.history_rows += 1
            atena, number = values["atena_number"], values["history_number"]
            if atena is None or number is None:
                continue
            if atena != current_atena:
                found = residents.row(atena)
                if found is None:
                    self.report.add(HISTORY, line, f"宛名番号 {atena} が住民.csv にありません。")
                    continue
                resident = found
                if rows_seen[resident]:
                    self.report.add(
                        HISTORY,
                        line,
                        f"宛名番号 {atena} の履歴が連続していません（宛名番号・履歴番号の順に並べてください）。",
                    )
                current_atena = atena
            rows_seen[resident] += 1
            if number != rows_seen[resident]:
                self.report.add(
                    HISTORY,
                    line,
                    f"履歴番号: 宛名番号 {atena} の履歴番号は1から欠番なく昇順です（{rows_seen[resident]}のはず）。",
                )
                rows_seen[resident] = number
            if errors:
                continue
            reference = self.reference(line, values)
            if reference is None:
                continue
            kind = values["change_type"]
            if kind is None and reference > 0 and (index := state.changes.type_of(reference)) >= 0:
                kind = CHANGE_TYPES[index]
            self.run.dates_check(
                HISTORY,
                line,
                change_type=kind,
                effective_on=values["effective_on"],
                notified_on=None,
                processed_at=values["processed_at"],
            )
            items = self.items.checked(HISTORY, line, values, known=residents.check_hash[resident])
            if items is None:
                continue
            recorded = residents.digest[resident]
            if (
                number == residents.history_number[resident]
                and recorded != UNSET
                and recorded != hash(ITEM_VALUES(items))
            ):
                self.report.add(
                    HISTORY,
                    line,
                    f"最新の履歴が住民.csv {residents.line[resident]}行目の現在の記載と一致しません。",
                )
            if values["effective_on"] < items["birth_date"]:
                self.report.add(HISTORY, line, "異動日が生年月日より前です。")
            cipher, digest = self.items.encrypted(atena, items["my_number"])
            # The household was inserted before: its new pk goes into the snapshot.
            household_id = households.pk[households.at(items["household_number"])]
            snapshot = history_snapshot(
                items, cipher=cipher, digest=digest, household_id=household_id
            )
            sink.add((resident, number, reference, values["effective_on"], snapshot))

    def reference(self, line: int, values: dict[str, Any]) -> int | None:
        """異動番号 (> 0), a group of rows with the same 異動 columns (< 0), or the import."""
        number, kind = values["change_number"], values["change_type"]
        if number is not None:
            if number not in self.state.changes:
                self.report.add(HISTORY, line, f"異動番号 {number} が異動.csv にありません。")
                return None
            if kind is not None and CHANGE_INDEX.get(kind) != self.state.changes.type_of(number):
                self.report.add(
                    HISTORY, line, f"異動事由が異動.csv の異動番号 {number} と違います。"
                )
                return None
            return int(number)
        if kind is None:
            self.run.import_change()
            return IMPORT_REFERENCE
        key = (kind, values["effective_on"], values["change_notified_on"], values["processed_at"])
        if key not in self.state.groups:
            reference = self.state.groups[key] = -len(self.state.groups) - 1
            if not self.report.count:
                group = ChangeGroup(*key)
                (pk,) = self.run.changes_out.insert(
                    [
                        self.run.changes_out.row(
                            **change_row(
                                self.lg_code,
                                group.change_type,
                                group.effective_on,
                                group.notified_on,
                                group.processed_at or self.run.now,
                                self.run.note,
                            )
                        )
                    ]
                )
                self.state.changes.pk_set(reference, pk)
        return self.state.groups[key]

    def check(self) -> None:
        if not self.run.has_history:
            return
        residents = self.state.residents
        for atena, row in residents.numbers():
            seen, number, line = (
                residents.rows_seen[row],
                residents.history_number[row],
                residents.line[row],
            )
            if seen == 0:
                self.report.add(
                    RESIDENTS,
                    line,
                    f"宛名番号 {atena}: 住民履歴.csv に履歴がありません（住民履歴.csv を付けるときは全員の履歴が要ります）。",
                )
            elif seen != number:
                self.report.add(
                    RESIDENTS,
                    line,
                    f"宛名番号 {atena}: 履歴番号 {number} が住民履歴.csv の履歴の数（{seen}）と違います。",
                )

    def insert(self, batch: list[Any]) -> None:
        out = self.run.history_out
        resident_pks = self.state.residents.pk
        change_pk = self.state.changes.pk_of
        keys = self.run.search_keys
        rows = []
        for resident, number, reference, effective_on, snapshot in batch:
            resident_id = resident_pks[resident]
            keys.add(resident_id, snapshot)
            rows.append(
                out.row(
                    municipality_id=self.lg_code,
                    resident_id=resident_id,
                    history_number=number,
                    change_id=change_pk(reference),
                    effective_on=effective_on,
                    snapshot=snapshot,
                )
            )
        out.insert(rows)
