"""オープンデータの画面: the public catalog, a dataset's page with its map preview, history and
downloads, and the office's upload (validate, and publish only when clean)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from jichitai.common.exceptions import DomainError
from jichitai.common.replica import stale_reads_allowed
from jichitai.identity.access import Role, staff_required
from jichitai.identity.http import StaffRequest
from jichitai.opendata.errors import DatasetNotFound, PublicationNotFound
from jichitai.opendata.forms import UploadForm
from jichitai.opendata.publishing import (
    has_coordinates,
    map_points,
)
from jichitai.opendata.selectors import (
    DOWNLOAD_FORMATS,
    Publication,
    ValidationReport,
    dataset_get,
    file_validate,
    publication_file,
    publication_history,
    publication_latest,
    publication_latest_list,
)
from jichitai.opendata.services import publication_publish
from jichitai.tenants.http import TenantRequest

# A report page lists this many findings; the counts and the CLI give the rest.
FINDINGS_SHOWN = 500


def _publication(request: TenantRequest, dataset_key: str) -> Publication:
    try:
        dataset_get(dataset_key)
        return publication_latest(
            municipality_code=request.municipality.lg_code, dataset_key=dataset_key
        )
    except DomainError:
        raise Http404 from None


@require_GET
@stale_reads_allowed
def catalog_view(request: TenantRequest, lg_code: str) -> HttpResponse:
    """データカタログ: every dataset the municipality publishes, latest version."""
    rows = [
        (publication, dataset_get(publication.dataset_key))
        for publication in publication_latest_list(municipality_code=request.municipality.lg_code)
    ]
    return render(request, "opendata/catalog.html", {"rows": rows})


@require_GET
@stale_reads_allowed
def dataset_view(request: TenantRequest, lg_code: str, dataset_key: str) -> HttpResponse:
    publication = _publication(request, dataset_key)
    dataset = dataset_get(dataset_key)
    formats = [f for f in DOWNLOAD_FORMATS if f != "geojson" or has_coordinates(dataset)]
    return render(
        request,
        "opendata/dataset.html",
        {
            "publication": publication,
            "dataset": dataset,
            "history": publication_history(
                municipality_code=request.municipality.lg_code, dataset_key=dataset_key
            ),
            "formats": formats,
            "points": map_points(publication.records),
        },
    )


@require_GET
@stale_reads_allowed
def download_view(
    request: TenantRequest, lg_code: str, dataset_key: str, file_format: str
) -> HttpResponse:
    """CSV (UTF-8 with BOM), JSON or GeoJSON of the latest version."""
    try:
        published = publication_file(
            municipality_code=request.municipality.lg_code,
            dataset_key=dataset_key,
            file_format=file_format,
        )
    except (DatasetNotFound, PublicationNotFound):
        raise Http404 from None
    if published is None:
        raise Http404
    response = HttpResponse(published.body, content_type=published.content_type)
    response["Content-Disposition"] = f'attachment; filename="{published.filename}"'
    return response


@require_http_methods(["GET", "POST"])
@staff_required(roles=[Role.ADMIN, Role.DEPARTMENT], action="opendata.upload")
def office_upload_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """登録: validate a file and, when asked and it has no error, publish it."""
    form = UploadForm(request.POST or None, request.FILES or None)
    report: ValidationReport | None = None
    publication: Publication | None = None
    if request.method == "POST" and form.is_valid():
        filename, data = form.cleaned_data["file"]
        dataset_key = form.cleaned_data["dataset"] or None
        try:
            report = file_validate(data, filename=filename, dataset_key=dataset_key)
            if form.cleaned_data["publish"] and report.publishable:
                publication = publication_publish(
                    municipality_code=request.municipality.lg_code,
                    dataset_key=report.dataset.key,
                    data=data,
                    filename=filename,
                    licence=form.cleaned_data["licence"],
                    actor=request.staff,
                )
        except DomainError as error:
            form.add_error("file", error.detail)
            report = None
    return render(
        request,
        "opendata/office_upload.html",
        {
            "form": form,
            "report": report,
            "findings": report.findings[:FINDINGS_SHOWN] if report else [],
            "findings_cut": report is not None and len(report.findings) > FINDINGS_SHOWN,
            "publication": publication,
        },
    )
