"""The import of one layout (LayoutImporter): streams 世帯 → 異動 → 住民 → 住民履歴, checks every
row with the services' checks plus the checks between rows and files, and hands checked rows
to the bulk inserters while no row has failed.

One module per file of the layout (`households`, `changes`, `residents`, `history`), each a
class that reads its file, checks it and inserts its rows; `items` holds the checks of a
person's items that 住民 and 住民履歴 share, `run` what every step shares (the report, the
state, the inserters, reading a file) and `state` what the import keeps in memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from jichitai.registry.layout.bulk import sequences_raise
from jichitai.registry.layout.codecs import sequence_body
from jichitai.registry.layout.columns import (
    CHANGES,
    HISTORY,
    HOUSEHOLDS,
    LAYOUT_FORMAT,
    LAYOUT_VERSION,
    MANIFEST,
    RESIDENTS,
    SUPPORT_MEASURES,
)
from jichitai.registry.layout.errors import LayoutInvalid
from jichitai.registry.layout.importer.changes import ChangesFile
from jichitai.registry.layout.importer.history import HistoryFile
from jichitai.registry.layout.importer.households import HouseholdsFile
from jichitai.registry.layout.importer.items import ItemChecks, is_stored_kana
from jichitai.registry.layout.importer.residents import ResidentsFile
from jichitai.registry.layout.importer.run import ImportRun
from jichitai.registry.layout.importer.state import IMPORT_REFERENCE, Batcher
from jichitai.registry.layout.results import ImportResult, LayoutCounts
from jichitai.registry.layout.sources import LayoutSource
from jichitai.registry.models import Change
from jichitai.tenants.models import Municipality

__all__ = ["IMPORT_REFERENCE", "LayoutImporter", "is_stored_kana"]


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
        self.import_run = run = ImportRun(
            municipality=municipality, source=source, now=now, note=note
        )
        self.municipality = municipality
        self.lg_code = municipality.lg_code
        self.source = source
        self.progress = progress
        self.report = run.report
        self.state = run.state
        self.streams = run.streams
        items = ItemChecks(run)
        self.households = HouseholdsFile(run)
        self.changes = ChangesFile(run)
        self.residents = ResidentsFile(run, items)
        self.history = HistoryFile(run, items)

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
        steps: list[tuple[str, Callable[[], None], Batcher]] = [
            (HOUSEHOLDS, self.households.read, self.households.sink),
            (CHANGES, self.changes.read, self.changes.sink),
            (RESIDENTS, self.residents.read, self.residents.sink),
            (HISTORY, self.history.read, self.history.sink),
        ]
        for name, step, sink in steps:
            started = timezone.now()
            step()
            sink.flush()
            if name in (RESIDENTS, HISTORY):
                self.import_run.search_keys.sink.flush()
            if name == RESIDENTS:
                self.households.check()
            if self.progress is not None and self.source.has(name):
                seconds = (timezone.now() - started).total_seconds()
                self.progress(f"{name}: {seconds:.1f}秒（誤り {self.report.count}件）")
        self.history.check()
        self.support_measures_check()
        self.report.extend(self.source.problems())
        if self.report.count:
            raise LayoutInvalid.of(self.report.problems, self.report.count)

    def support_measures_check(self) -> None:
        """支援措置.csv is not imported yet: a layout carrying 支援対象者 is refused whole rather
        than registering them unprotected (DESIGN.md 支援措置). Record the measures on the
        支援措置 pages after importing the register without the file."""
        if not self.source.has(SUPPORT_MEASURES):
            return
        rows = sum(1 for _ in self.source.rows(SUPPORT_MEASURES)) - 1
        if rows > 0:
            self.report.add(
                SUPPORT_MEASURES,
                None,
                f"支援措置（{rows}件）の取込みには対応していません。支援対象者が保護されないまま"
                "記載されるのを防ぐため、取り込みません。",
            )

    def _finish(self) -> ImportResult:
        for number, target in self.import_run.cancels:
            changes = self.state.changes
            Change.objects.filter(pk=changes.pk_of(number)).update(cancels_id=changes.pk_of(target))
        households, residents = self.state.households, self.state.residents
        sequences_raise(
            self.municipality,
            atena=max((sequence_body(n) for n, _ in residents.numbers()), default=0),
            household=max((sequence_body(n) for n, _ in households.numbers()), default=0),
        )
        counts = LayoutCounts(
            households=len(households),
            changes=self.state.changes.inserted,
            residents=len(residents),
            history=self.history.sink.rows + self.import_run.synthesized,
        )
        return ImportResult(counts=counts, import_change_id=self.import_run.import_change_id)
