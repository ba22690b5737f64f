"""Reads of open data: the dataset definitions and the validation of a file (pure code; no
writes, nothing audited)."""

from __future__ import annotations

from jichitai.opendata.datasets import Column, Dataset, catalog, dataset_get
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
    "Severity",
    "ValidationReport",
    "dataset_get",
    "dataset_list",
    "file_validate",
]


def dataset_list() -> list[Dataset]:
    """データセット定義の一覧 (every dataset definition), by key."""
    return [catalog()[key] for key in sorted(catalog())]
