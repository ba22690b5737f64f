"""世帯.csv: one row per 世帯, read first so that the other files can refer to it."""

from __future__ import annotations

from typing import Any

from jichitai.registry.layout.columns import HOUSEHOLDS
from jichitai.registry.layout.importer.run import LayoutFile


class HouseholdsFile(LayoutFile):
    """世帯.csv: unique 世帯番号; after 住民.csv, each living household has at most one 世帯主
    (none while a 世帯主変更 is awaited: 「世帯主未設定を許容すること」, doc/j100.txt §1.1.10)."""

    def read(self) -> None:
        sink = self.sink
        households = self.state.households
        for line, values, errors in self.run.read(HOUSEHOLDS, required=True):
            number = values["household_number"]
            if number is None:
                continue
            found = households.row(number)
            if found is not None:
                first = households.line[found]
                self.report.add(
                    HOUSEHOLDS, line, f"世帯番号 {number} が{first}行目と重複しています。"
                )
                continue
            households.add(number, line=line, is_active=bool(values["is_active"]))
            if not errors:
                sink.add((number, values["is_active"]))

    def check(self) -> None:
        households = self.state.households
        for number, row in households.numbers():
            if households.uncertain[row]:
                continue
            line, members = households.line[row], households.members[row]
            if households.is_active[row] and members == 0:
                self.report.add(
                    HOUSEHOLDS,
                    line,
                    f"世帯番号 {number}: 現存の世帯に住民状態「住民」の世帯員がいません。",
                )
            elif not households.is_active[row] and members:
                self.report.add(
                    HOUSEHOLDS,
                    line,
                    f"世帯番号 {number}: 現存でない世帯に住民状態「住民」の世帯員がいます。",
                )
            elif households.heads[row] > 1:
                self.report.add(
                    HOUSEHOLDS,
                    line,
                    f"世帯番号 {number}: 世帯主が複数います（世帯主は1世帯に1人です）。",
                )

    def insert(self, batch: list[Any]) -> None:
        out = self.run.households_out
        pks = out.insert(
            [
                out.row(
                    municipality_id=self.lg_code,
                    household_number=number,
                    is_active=active,
                    created_at=self.run.now,
                )
                for number, active in batch
            ]
        )
        households = self.state.households
        for (number, _), pk in zip(batch, pks, strict=True):
            households.pk[households.at(number)] = pk
