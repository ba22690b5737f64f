"""What an export or an import returns: the row counts of each file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LayoutCounts:
    households: int
    changes: int
    residents: int
    history: int


@dataclass(frozen=True)
class ExportResult:
    path: Path
    counts: LayoutCounts


@dataclass(frozen=True)
class ImportResult:
    counts: LayoutCounts
    import_change_id: int | None = None
