"""異動.csv: the 異動 the history rows refer to, and which cancels which."""

from __future__ import annotations

from typing import Any

from jichitai.registry.layout.bulk import change_row
from jichitai.registry.layout.columns import CHANGES
from jichitai.registry.layout.importer.run import LayoutFile
from jichitai.registry.layout.importer.state import CHANGE_INDEX
from jichitai.registry.models import CANCELLATION_CODES


class ChangesFile(LayoutFile):
    """異動.csv: unique 異動番号, dates as of processing, each 取消し naming another 異動 once."""

    def read(self) -> None:
        sink = self.sink
        for line, values, errors in self.run.read(CHANGES, required=False):
            number = values["change_number"]
            if number is None:
                continue
            if number in self.state.changes:
                self.report.add(CHANGES, line, f"異動番号 {number} が重複しています。")
                continue
            kind = values["change_type"]
            self.state.changes.add(number, line=line, type_index=CHANGE_INDEX.get(kind or "", -1))
            if errors:
                continue
            self.run.dates_check(
                CHANGES,
                line,
                change_type=kind,
                effective_on=values["effective_on"],
                notified_on=values["change_notified_on"],
                processed_at=values["processed_at"],
            )
            target = values["cancels_number"]
            if target is not None:
                if kind not in CANCELLATION_CODES:
                    self.report.add(
                        CHANGES,
                        line,
                        "取消対象異動番号は異動事由「異動の取消し（増・減・修正）」の行にだけ記入します。",
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
                    values["change_offered_on"],
                    target,
                )
            )
        sink.flush()
        # A change may be cancelled more than once, each time for other people of it
        # (doc/j980.txt §4.6.0.1 「全部又は一部」).
        for line, number, target in self.state.cancels:
            if target not in self.state.changes:
                self.report.add(
                    CHANGES, line, f"取消対象異動番号 {target} が異動.csv にありません。"
                )
            elif target == number:
                self.report.add(CHANGES, line, "異動が自分自身を取り消しています。")

    def insert(self, batch: list[Any]) -> None:
        out = self.run.changes_out
        pks = out.insert(
            [
                out.row(**change_row(self.lg_code, kind, effective, notified, at, text, requested))
                for _, kind, effective, notified, at, text, requested, _ in batch
            ]
        )
        for (number, *_rest, target), pk in zip(batch, pks, strict=True):
            self.state.changes.pk_set(number, pk)
            if target is not None:
                self.run.cancels.append((number, target))
