"""Reads of open data: the dataset definitions, the validation of a file (pure code) and the
published versions (public data: nothing audited)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from jichitai.common.ratelimit import limit_take
from jichitai.common.request_context import current_source
from jichitai.opendata.datasets import Column, Dataset, catalog, dataset_get
from jichitai.opendata.errors import PublicationNotFound
from jichitai.opendata.models import Publication
from jichitai.opendata.publishing import csv_bytes, geojson_bytes, json_bytes
from jichitai.opendata.validation import (
    Finding,
    Layout,
    Severity,
    ValidationReport,
    file_validate,
)
from jichitai.tenants.models import Municipality

__all__ = [
    "Column",
    "Dataset",
    "Finding",
    "Layout",
    "Publication",
    "Severity",
    "ValidationReport",
    "dataset_get",
    "dataset_list",
    "file_validate",
    "publication_history",
    "publication_latest",
    "publication_latest_list",
]


def dataset_list() -> list[Dataset]:
    """データセット定義の一覧 (every dataset definition), by key."""
    return [catalog()[key] for key in sorted(catalog())]


def publication_latest_list(*, municipality_code: str) -> list[Publication]:
    """公開中のデータセット: the latest version of every dataset the municipality published,
    in the order of the definitions' keys."""
    latest: dict[str, Publication] = {}
    for publication in Publication.objects.filter(municipality_id=municipality_code).defer(
        "records"
    ):
        if publication.version > getattr(latest.get(publication.dataset_key), "version", 0):
            latest[publication.dataset_key] = publication
    return [latest[key] for key in sorted(latest)]


def opendata_home_context(municipality: Municipality) -> dict[str, object]:
    """For the municipality's home page: the catalog's address and how many datasets it has."""
    return {
        "opendata_url": reverse("opendata:catalog", kwargs={"lg_code": municipality.lg_code}),
        "opendata_count": Publication.objects.filter(municipality=municipality)
        .values("dataset_key")
        .distinct()
        .count(),
    }


def publication_latest(*, municipality_code: str, dataset_key: str) -> Publication:
    """The dataset's latest version, records included. Raises: PublicationNotFound."""
    publication = (
        Publication.objects.filter(municipality_id=municipality_code, dataset_key=dataset_key)
        .order_by("-version")
        .first()
    )
    if publication is None:
        raise PublicationNotFound()
    return publication


def publication_history(*, municipality_code: str, dataset_key: str) -> list[Publication]:
    """更新履歴: every version of the dataset, newest first, without their records."""
    return list(
        Publication.objects.filter(municipality_id=municipality_code, dataset_key=dataset_key)
        .defer("records")
        .order_by("-version")
    )


# Content types of the downloads (RFC 4180, RFC 8259, RFC 7946).
DOWNLOAD_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "geojson": "application/geo+json",
}
PUBLICATION_DOWNLOADS = "opendata.download"


@dataclass(frozen=True)
class PublishedFile:
    body: bytes
    content_type: str
    # The standard file name: <全国地方公共団体コード>_<dataset>.<format>.
    filename: str


def publication_file(
    *, municipality_code: str, dataset_key: str, file_format: str
) -> PublishedFile | None:
    """The latest version as CSV (UTF-8 with BOM), JSON or GeoJSON; None for a format the
    dataset has not (GeoJSON without coordinates) or that does not exist. Each file is written
    from up to 100,000 records, so a source may download JICHITAI_RATE_OPENDATA_DOWNLOADS
    files. Raises RateLimited, DatasetNotFound, PublicationNotFound."""
    if file_format not in DOWNLOAD_FORMATS:
        return None
    dataset = dataset_get(dataset_key)
    publication = publication_latest(municipality_code=municipality_code, dataset_key=dataset_key)
    limit_take(
        PUBLICATION_DOWNLOADS,
        key=current_source(),
        rate=settings.JICHITAI_RATE_OPENDATA_DOWNLOADS,
    )
    writers = {"csv": csv_bytes, "json": json_bytes, "geojson": geojson_bytes}
    body = writers[file_format](dataset, publication.records)
    if body is None:
        return None
    return PublishedFile(
        body=body,
        content_type=DOWNLOAD_FORMATS[file_format],
        filename=f"{municipality_code}_{dataset_key}.{file_format}",
    )
