"""Use cases of insights (業務の見える化) that leave a trace: exporting a municipality's
event log is audited (how many events, in which format; never what they contain), and so
is publishing its monthly figures for the comparison between municipalities."""

from __future__ import annotations

import datetime as dt
import gzip
from enum import StrEnum
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.common.actors import Actor
from jichitai.common.ratelimit import limit_take
from jichitai.insights.dashboard import online_procedure_count
from jichitai.insights.eventlog.ocel import write_ocel_json, write_ocel_sqlite
from jichitai.insights.eventlog.xes import write_xes
from jichitai.insights.kpis import Filters, facts_connect, kpi_rows
from jichitai.insights.models import PublishedFigures
from jichitai.insights.selectors import recorded_events
from jichitai.insights.store import fact_store
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


@transaction.atomic
def figures_publish(*, municipality: Municipality, actor: Actor | None, today: dt.date) -> int:
    """指標の公表: compute the municipality's monthly figures from its own cases and publish
    them for the other municipalities' comparison (replacing earlier ones of the same months);
    returns the number of months. Only counts and medians leave the municipality. Audited."""
    with fact_store(municipality) as store:
        connection = facts_connect(store, Filters())
        try:
            months = kpi_rows(connection, grouping="month", today=today)
        finally:
            connection.close()
    online, _ = online_procedure_count()
    now = timezone.now()
    for row in months:
        PublishedFigures.objects.update_or_create(
            municipality=municipality,
            month=dt.date.fromisoformat(f"{row.key}-01"),
            defaults={
                "cases": row.cases,
                "online_cases": row.online,
                "card_sign_in_cases": row.card_sign_in,
                "signed_cases": row.signed,
                "online_procedures": online,
                "lead_median_days": row.lead_median_days,
                "published_at": now,
            },
        )
    audit_record(
        actor=actor,
        action="insights.figures_publish",
        municipality_code=municipality.lg_code,
        object_type="insights.PublishedFigures",
        detail={"months": len(months)},
    )
    return len(months)


# The export formats offered on the dashboard, by the slug of their URL.
DOWNLOAD_FORMATS = {
    "xes": (ExportFormat.XES, "xes", "application/xml"),
    "xes-gz": (ExportFormat.XES_GZ, "xes.gz", "application/gzip"),
    "ocel-json": (ExportFormat.OCEL_JSON, "jsonocel", "application/json"),
    "ocel-sqlite": (ExportFormat.OCEL_SQLITE, "sqlite", "application/vnd.sqlite3"),
}


def events_download(
    *,
    municipality: Municipality,
    slug: str,
    actor: Actor,
    actor_key: str,
    procedure_id: str | None,
    directory: Path,
) -> tuple[Path, str]:
    """イベントログのダウンロード: the log written into `directory` in the format of `slug`
    (DOWNLOAD_FORMATS), and its content type. Each export reads every event of the
    municipality, so a staff member (`actor_key`) may take JICHITAI_RATE_INSIGHTS_EXPORTS.
    Raises RateLimited; KeyError for a slug not offered."""
    export_format, suffix, content_type = DOWNLOAD_FORMATS[slug]
    limit_take("insights.export", key=actor_key, rate=settings.JICHITAI_RATE_INSIGHTS_EXPORTS)
    target = directory / f"{municipality.lg_code}-events.{suffix}"
    events_export(
        municipality=municipality,
        target=target,
        export_format=export_format,
        actor=actor,
        procedure_id=procedure_id,
    )
    return target, content_type
