"""取り込み (import) of an event log from another system, so a municipality analyses it on
the same process map as its own cases (issue #18: `jichitai import-xes`).

The file is read by the same readers as `jichitai analyze` (XES, XES.gz, OCEL 2.0, CSV;
sniffed from its first bytes) and only case id, activity and instant are kept.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
from django.db import IntegrityError, transaction
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.common.actors import Actor
from jichitai.insights.errors import LogNameTaken, LogValueTooLong
from jichitai.insights.eventlog.analysis import connect, load_csv, sniff_format
from jichitai.insights.eventlog.log import EventLog
from jichitai.insights.eventlog.ocel import read_ocel_json, read_ocel_sqlite
from jichitai.insights.eventlog.xes import read_xes
from jichitai.insights.models import ImportedEvent, ImportedLog
from jichitai.tenants.models import Municipality

MAX_VALUE = 200
# Rows per INSERT.
_BATCH = 2_000


def read_any(path: Path, *, object_type: str | None = None) -> tuple[EventLog, str]:
    """The log of any format `analyze` reads, in file order, with its format's name."""
    kind = sniff_format(path)
    if kind == "xes":
        return read_xes(path), kind
    if kind == "ocel-json":
        return read_ocel_json(path, object_type=object_type), kind
    if kind == "ocel-sqlite":
        return read_ocel_sqlite(path, object_type=object_type), kind
    connection = connect()
    try:
        load_csv(connection, path)
        return _csv_log(connection), kind
    finally:
        connection.close()


def _csv_log(connection: duckdb.DuckDBPyConnection) -> EventLog:
    log = EventLog()
    for case_id, activity, instant in connection.execute(
        "SELECT case_id, activity, instant FROM events ORDER BY rowid"
    ).fetchall():
        log.append(str(case_id), str(activity), int(instant))
    return log


def event_log_import(
    *,
    municipality: Municipality,
    path: Path,
    name: str,
    actor: Actor | None,
    object_type: str | None = None,
) -> ImportedLog:
    """イベントログの取込: keep the log under `name` for the municipality. Raises
    EventLogUnreadable, ObjectTypeRequired, LogValueTooLong, LogNameTaken. Audited (counts
    only: a log from elsewhere may hold personal data in its names)."""
    log, kind = read_any(path, object_type=object_type)
    for number, (case_id, activity) in enumerate(
        zip(log.case_ids, log.activities, strict=True), start=1
    ):
        if len(case_id) > MAX_VALUE or len(activity) > MAX_VALUE:
            raise LogValueTooLong(event_number=number)
    try:
        with transaction.atomic():
            imported = ImportedLog.objects.create(
                municipality=municipality,
                name=name,
                source_format=kind,
                cases=len(set(log.case_ids)),
                events=len(log),
                imported_at=timezone.now(),
            )
            ImportedEvent.objects.bulk_create(
                (
                    ImportedEvent(
                        municipality=municipality,
                        log=imported,
                        position=position,
                        case_id=case_id,
                        activity=activity,
                        instant=instant,
                    )
                    for position, (case_id, activity, instant) in enumerate(
                        zip(log.case_ids, log.activities, log.instants, strict=True)
                    )
                ),
                batch_size=_BATCH,
            )
            audit_record(
                actor=actor,
                action="insights.event_log_import",
                municipality_code=municipality.lg_code,
                object_type="insights.ImportedLog",
                object_id=imported.pk,
                detail={"events": imported.events, "cases": imported.cases},
            )
    except IntegrityError:
        raise LogNameTaken from None
    return imported
