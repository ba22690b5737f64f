"""Reads of open data: the dataset definitions, the validation of a file (pure code) and the
published versions (public data: nothing audited)."""

from __future__ import annotations

from jichitai.opendata.datasets import Column, Dataset, catalog, dataset_get
from jichitai.opendata.errors import PublicationNotFound
from jichitai.opendata.models import Publication
from jichitai.opendata.validation import (
    Finding,
    Layout,
    Severity,
    ValidationReport,
    file_validate,
)

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
