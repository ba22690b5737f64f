"""住民.csv: the current record of every person, checked like the services check a 届出."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

from jichitai.registry.layout.bulk import RESIDENT_ROW, RESIDENT_ROW_VALUES, history_snapshot
from jichitai.registry.layout.columns import RESIDENTS
from jichitai.registry.layout.importer.items import ITEM_VALUES, ItemChecks
from jichitai.registry.layout.importer.run import ImportRun, LayoutFile
from jichitai.registry.layout.importer.state import compact_number
from jichitai.registry.models import HEAD, SEARCH_KEYS, Resident, ResidentStatus
from jichitai.registry.services.recording import search_keys_refresh

_ACTIVE = ResidentStatus.ACTIVE.value


class ResidentsFile(LayoutFile):
    """住民.csv: unique 宛名番号, unique numbers among the living, each household's members
    and heads counted; without 住民履歴.csv, row 1 of each history is made from the record."""

    def __init__(self, run: ImportRun, items: ItemChecks) -> None:
        super().__init__(run)
        self.items = items

    def read(self) -> None:
        sink = self.sink
        state = self.state
        residents, households = state.residents, state.households
        for line, values, errors in self.run.read(RESIDENTS, required=True):
            atena = values["atena_number"]
            if atena is None:
                continue
            found = residents.row(atena)
            if found is not None:
                first = residents.line[found]
                self.report.add(
                    RESIDENTS, line, f"宛名番号 {atena} が{first}行目と重複しています。"
                )
                continue
            history_number = values["history_number"] or 0
            if not self.run.has_history:
                if history_number > 1:
                    self.report.add(
                        RESIDENTS,
                        line,
                        f"履歴番号: {history_number}ですが、住民履歴.csv がありません（履歴なしの移行では1）。",
                    )
                history_number = 1
            row = residents.add(atena, line=line, history_number=history_number)
            items = None if errors else self.items.checked(RESIDENTS, line, values)
            if items is None:
                household = households.row(values["household_number"] or "")
                if household is not None:
                    households.uncertain[household] = 1
                continue
            residents.digest[row] = hash(ITEM_VALUES(items))
            if self.items.check_unchanged:
                residents.check_hash[row] = self.items.check_hash
            household = households.at(items["household_number"])
            if items["status"] == _ACTIVE:
                households.members[household] += 1
                if items["relationship"] == HEAD:
                    households.heads[household] += 1
                code = compact_number(items["resident_code"])
                if state.living_codes.get(code) is not None:
                    self.report.add(
                        RESIDENTS,
                        line,
                        "住民票コード: 他の住民（住民状態「住民」）と重複しています。",
                    )
                else:
                    state.living_codes.add(code)
                if items["my_number"]:
                    my_number = compact_number(items["my_number"])
                    if state.living_numbers.get(my_number) is not None:
                        self.report.add(
                            RESIDENTS,
                            line,
                            "個人番号: 他の住民（住民状態「住民」）と重複しています。",
                        )
                    else:
                        state.living_numbers.add(my_number)
            cipher, digest = self.items.encrypted(atena, items["my_number"])
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
            head_name = items.get("household_head_name") or ""
            sink.add((row, items["household_number"], head_name, RESIDENT_ROW_VALUES(items)))

    def insert(self, batch: list[Any]) -> None:
        out = self.run.residents_out
        households, resident_pks = self.state.households, self.state.residents.pk
        at_household = RESIDENT_ROW.index("household_id")
        rows = []
        for _, household_number, _, values in batch:
            row = list(values)
            row[at_household] = households.pk[households.at(household_number)]
            rows.append(row)
        pks = out.insert(rows)
        for (resident, *_), pk in zip(batch, pks, strict=True):
            resident_pks[resident] = pk
        if self.run.has_history:
            return
        # No history in the source: row 1 is the record as migrated, effective from the day
        # the person became a resident (docs/registry-layout.md).
        self.run.import_change()
        synthetic = []
        keys = self.run.search_keys
        for (_, household_number, head_name, _), row, pk in zip(batch, rows, pks, strict=True):
            record = dict(zip(RESIDENT_ROW, row, strict=True))
            record["household_number"] = household_number
            record["household_head_name"] = head_name
            keys.add(pk, record)
            synthetic.append(
                self.run.history_out.row(
                    municipality_id=self.lg_code,
                    resident_id=pk,
                    history_number=1,
                    change_id=self.run.import_change_id,
                    effective_on=record["became_resident_on"],
                    snapshot=history_snapshot(
                        record,
                        cipher=record["my_number_cipher"],
                        digest=record["my_number_hash"],
                        household_id=record["household_id"],
                    ),
                )
            )
        self.run.history_out.insert(synthetic)
        self.run.synthesized += len(synthetic)
