"""監査担当の画面: the municipality's audit log and the result of verifying its chain."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from jichitai.audit.models import AuditRecord
from jichitai.audit.selectors import audit_record_list
from jichitai.audit.services import audit_chain_verify, audit_record
from jichitai.common.text import text_is_clean
from jichitai.identity.access import Role, staff_required
from jichitai.identity.http import StaffRequest

_CSV_COLUMNS = (
    "seq",
    "occurred_at",
    "actor_type",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "purpose",
    "result",
    "request_id",
    "hash",
)


def _filters(request: HttpRequest) -> dict[str, str]:
    result = request.GET.get("result", "")
    return {
        "action": _filter_text(request, "action", 64),
        "result": result if result in AuditRecord.Result.values else "",
        "actor_label": _filter_text(request, "actor", 150),
    }


def _filter_text(request: HttpRequest, name: str, max_length: int) -> str:
    # A NUL or control character matches nothing and PostgreSQL refuses it in a query: the
    # filter is dropped rather than the page answering 500.
    value = request.GET.get(name, "")[:max_length]
    return value if text_is_clean(value) else ""


@require_GET
@staff_required(roles=[Role.AUDITOR], action="audit.view")
def audit_log_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    filters = _filters(request)
    records = audit_record_list(municipality_code=lg_code, **filters)
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    audit_record(actor=request.staff, action="audit.view", municipality_code=lg_code)
    return render(
        request,
        "audit/log.html",
        {
            "page": page,
            "filters": filters,
            "results": AuditRecord.Result.choices,
            "verification": audit_chain_verify(chain=lg_code),
        },
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_GET
@staff_required(roles=[Role.AUDITOR], action="audit.export")
def audit_log_csv_view(request: StaffRequest, lg_code: str) -> StreamingHttpResponse:
    """監査記録のCSV出力 (UTF-8 with BOM so spreadsheet software opens it in Japanese)."""
    records = audit_record_list(municipality_code=lg_code, **_filters(request))
    audit_record(actor=request.staff, action="audit.export", municipality_code=lg_code)
    writer = csv.writer(_Echo())

    def rows() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(_CSV_COLUMNS)
        for record in records.iterator(chunk_size=2000):
            values = [getattr(record, c) for c in _CSV_COLUMNS]
            values[1] = timezone.localtime(record.occurred_at).isoformat()
            yield writer.writerow(values)

    filename = f"audit-{lg_code}-{timezone.localdate():%Y%m%d}.csv"
    return StreamingHttpResponse(
        rows(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
