"""Use cases of insights (業務の見える化) that leave a trace: exporting a municipality's
event log is audited (how many events, in which format; never what they contain)."""

from __future__ import annotations

import gzip
from enum import StrEnum
from pathlib import Path

from jichitai.audit.services import audit_record
from jichitai.common.actors import Actor
from jichitai.insights.eventlog.ocel import write_ocel_json, write_ocel_sqlite
from jichitai.insights.eventlog.xes import write_xes
from jichitai.insights.selectors import recorded_events
from jichitai.tenants.models import Municipality


class ExportFormat(StrEnum):
    """The standard formats a log is exported in."""

    XES = "xes"  # IEEE 1849-2023
    XES_GZ = "xes.gz"
    OCEL_JSON = "ocel-json"  # OCEL 2.0, JSON
    OCEL_SQLITE = "ocel-sqlite"  # OCEL 2.0, SQLite

    @classmethod
    def for_path(cls, path: Path) -> ExportFormat | None:
        """The format a file name asks for (`.xes`, `.xes.gz`, `.json`/`.jsonocel`,
        `.sqlite`/`.sqlite3`), or None."""
        name = path.name.lower()
        for suffixes, kind in (
            ((".xes.gz",), cls.XES_GZ),
            ((".xes",), cls.XES),
            ((".json", ".jsonocel"), cls.OCEL_JSON),
            ((".sqlite", ".sqlite3"), cls.OCEL_SQLITE),
        ):
            if name.endswith(suffixes):
                return kind
        return None


def events_export(
    *,
    municipality: Municipality,
    target: Path,
    export_format: ExportFormat,
    actor: Actor | None,
    procedure_id: str | None = None,
) -> int:
    """イベントログの出力: write the municipality's case events to `target` (replaced if it
    exists) in `export_format`; returns the number of events. Audited."""
    events = recorded_events(municipality=municipality, procedure_id=procedure_id)
    if export_format is ExportFormat.XES:
        with target.open("wb") as stream:
            written = write_xes(events, stream)
    elif export_format is ExportFormat.XES_GZ:
        with gzip.open(target, "wb") as stream:
            written = write_xes(events, stream)
    elif export_format is ExportFormat.OCEL_JSON:
        with target.open("w", encoding="utf-8") as text:
            written = write_ocel_json(events, text)
    else:
        written = write_ocel_sqlite(events, target)
    audit_record(
        actor=actor,
        action="insights.export_events",
        municipality_code=municipality.lg_code,
        object_type="insights.EventLog",
        detail={"events": written, "procedure_filter": procedure_id is not None},
    )
    return written
