"""業務の見える化 pages under `/<lg_code>/insights/`: the DX dashboard, the process map, the
CSV of every table and the event-log exports. Thin: the figures come from dashboard.py."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from pathlib import Path

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from jichitai.common.replica import stale_reads_allowed
from jichitai.identity.access import Role, staff_required
from jichitai.identity.http import StaffRequest
from jichitai.identity.selectors import staff_roles
from jichitai.insights.dashboard import (
    Table,
    comparison_table,
    dashboard_build,
    process_map_get,
    process_map_of_log,
    process_map_tables,
)
from jichitai.insights.forms import FilterForm
from jichitai.insights.process_map import ProcessMap
from jichitai.insights.selectors import (
    fact_store,
    imported_log_events,
    imported_log_list,
    municipality_names,
    published_figures_list,
)
from jichitai.insights.services import DOWNLOAD_FORMATS, events_download, figures_publish
from jichitai.insights.svg import bar_chart_svg, process_map_svg

READERS = (Role.ADMIN, Role.DEPARTMENT)
# The comparison shows what was published in about the last year.
_COMPARISON_DAYS = 400


def _form(request: StaffRequest, *, with_logs: bool = False) -> FilterForm:
    logs = imported_log_list(municipality=request.municipality) if with_logs else []
    form = FilterForm(request.GET or None, logs=logs)
    if form.is_bound:
        form.is_valid()
    return form


def _process_map(request: StaffRequest, form: FilterForm) -> ProcessMap | None:
    """The map of the chosen imported log, else of the filtered case events."""
    log_id = form.log_id()
    if log_id is not None:
        log = imported_log_events(municipality=request.municipality, log_id=log_id)
        if log is None:
            raise Http404
        return process_map_of_log(log)
    with fact_store(request.municipality) as store:
        return process_map_get(
            facts=store, filters=form.filters(), municipality=request.municipality
        )


def _comparison(today: dt.date) -> Table:
    published = published_figures_list(since=today - dt.timedelta(days=_COMPARISON_DAYS))
    names = municipality_names(lg_codes={row.municipality_id for row in published})
    return comparison_table(published, names)


@staff_required(roles=READERS, action="insights.dashboard")
@require_GET
@stale_reads_allowed
def dashboard_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """DXダッシュボード: KPIs, trends by month, waiting vs working, the comparison."""
    form = _form(request)
    today = timezone.localdate()
    with fact_store(request.municipality) as store:
        dashboard = dashboard_build(
            municipality=request.municipality, facts=store, filters=form.filters(), today=today
        )
    months = dashboard.months
    charts = {
        "cases": bar_chart_svg(
            title="月別の申請件数",
            title_id="chart-cases",
            labels=[row.key for row in months],
            values=[row.cases for row in months],
            unit="件",
        ),
        "online": bar_chart_svg(
            title="月別のオンライン申請の割合（%）",
            title_id="chart-online",
            labels=[row.key for row in months],
            values=[100 * (row.online_share or 0) for row in months],
            unit="%",
        ),
    }
    return render(
        request,
        "insights/dashboard.html",
        {
            "form": form,
            "dashboard": dashboard,
            "charts": charts,
            "comparison": _comparison(today),
            "query": request.GET.urlencode(),
            "download_formats": DOWNLOAD_FORMATS,
            "can_export": Role.ADMIN in staff_roles(user=request.staff),
        },
    )


@staff_required(roles=READERS, action="insights.process_map")
@require_GET
@stale_reads_allowed
def process_map_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """プロセスマップ: the DFG of the filtered cases as SVG, its tables, the top variants."""
    form = _form(request, with_logs=True)
    process_map = _process_map(request, form)
    return render(
        request,
        "insights/process_map.html",
        {
            "form": form,
            "process_map": process_map,
            "svg": process_map_svg(process_map, title_id="map-title") if process_map else None,
            "tables": process_map_tables(process_map) if process_map else {},
            "query": request.GET.urlencode(),
        },
    )


@staff_required(roles=READERS, action="insights.csv")
@require_GET
@stale_reads_allowed
def csv_view(request: StaffRequest, lg_code: str, table: str) -> HttpResponse:
    """Any table of the two pages as CSV (UTF-8 with BOM, so Excel opens it as it is)."""
    form = _form(request, with_logs=table in ("edges", "variants"))
    today = timezone.localdate()
    tables: dict[str, Table]
    if table in ("edges", "variants"):
        process_map = _process_map(request, form)
        tables = process_map_tables(process_map) if process_map else {}
    elif table == "municipalities":
        tables = {table: _comparison(today)}
    else:
        with fact_store(request.municipality) as store:
            tables = dashboard_build(
                municipality=request.municipality, facts=store, filters=form.filters(), today=today
            ).tables
    if table not in tables:
        raise Http404
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(tables[table].headers)
    writer.writerows(["" if cell is None else cell for cell in row] for row in tables[table].rows)
    response = HttpResponse("\ufeff" + text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{lg_code}-{table}.csv"'
    return response


@staff_required(roles=[Role.ADMIN], action="insights.export")
@require_GET
@stale_reads_allowed
def export_view(request: StaffRequest, lg_code: str, file_format: str) -> FileResponse:
    """イベントログの出力 (XES, XES.gz, OCEL 2.0 JSON or SQLite), of one procedure if the
    filter names one."""
    if file_format not in DOWNLOAD_FORMATS:
        raise Http404
    procedure_id = _form(request).filters().procedure_id
    # The file is written, opened, and its directory removed at once: the open handle keeps
    # the data readable (POSIX) while it streams, and nothing is left behind on disk.
    with tempfile.TemporaryDirectory(prefix="jichitai-export-") as directory:
        path, content_type = events_download(
            municipality=request.municipality,
            slug=file_format,
            actor=request.staff,
            actor_key=str(request.staff.pk),
            procedure_id=procedure_id,
            directory=Path(directory),
        )
        stream = path.open("rb")
    return FileResponse(stream, as_attachment=True, filename=path.name, content_type=content_type)


@staff_required(roles=[Role.ADMIN], action="insights.publish")
@require_POST
def publish_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """指標の公表: this municipality's monthly figures, for the comparison."""
    months = figures_publish(
        municipality=request.municipality, actor=request.staff, today=timezone.localdate()
    )
    messages.success(request, f"{months}か月分の指標を公表しました。")
    return redirect("insights:dashboard", lg_code=lg_code)
