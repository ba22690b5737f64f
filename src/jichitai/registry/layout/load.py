"""住民記録の一括取込み (registry_load, registry_import): the transaction, the locks that keep
the municipality empty until the import is done, the audit record and the fresh statistics."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.identity.models import StaffUser
from jichitai.registry.layout.errors import RegistryNotEmpty
from jichitai.registry.layout.importer import LayoutImporter
from jichitai.registry.layout.results import ImportResult
from jichitai.registry.layout.sources import FileLayout, LayoutSource
from jichitai.registry.models import (
    Change,
    Household,
    NumberSequence,
    Resident,
    ResidentHistory,
    ResidentSearchKey,
)
from jichitai.registry.services.recording import REGISTRY_PURPOSE
from jichitai.tenants.models import Municipality


def registry_is_empty(*, municipality: Municipality) -> bool:
    return not (
        Household.objects.for_municipality(municipality).exists()
        or Change.objects.for_municipality(municipality).exists()
    )


def registry_load(
    *,
    municipality: Municipality,
    source: LayoutSource,
    actor: StaffUser | None,
    action: str = "registry.import",
    note: str = "データ移行",
    allow_other_municipality: bool = False,
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """住民記録の一括取込み (load a whole register) from a layout, into an empty municipality.

    Every row is checked; when any fails, nothing is imported (the one transaction is rolled
    back) and LayoutInvalid lists the rows (up to ERROR_REPORT_LIMIT) and counts them all.
    Keeps 宛名番号, 世帯番号, 履歴番号 and the snapshots, and raises the numbering sequences
    above the imported numbers. One audit record with the counts.
    Raises LayoutInvalid, RegistryNotEmpty.
    """
    if not registry_is_empty(municipality=municipality):
        raise RegistryNotEmpty
    with transaction.atomic():
        # Locking both sequences keeps services from numbering into this municipality while
        # it is being filled; the emptiness check is repeated under that lock.
        for kind in NumberSequence.Kind:
            NumberSequence.objects.get_or_create(municipality=municipality, kind=kind)
        list(
            NumberSequence.objects.for_municipality(municipality).select_for_update().order_by("pk")
        )
        if not registry_is_empty(municipality=municipality):
            raise RegistryNotEmpty
        importer = LayoutImporter(
            municipality=municipality,
            source=source,
            now=timezone.now(),
            note=note,
            progress=progress,
        )
        result = importer.run(allow_other_municipality=allow_other_municipality)
        # Before COMMIT: it runs every deferred foreign-key check, each a query planned with
        # these statistics (on a database that never held a register, they said "empty" and
        # the checks of 200,000 residents ran for minutes instead of seconds). ANALYZE counts
        # the rows this transaction inserted.
        _statistics_refresh()
        audit_record(
            actor=actor,
            action=action,
            municipality_code=municipality.lg_code,
            object_type="registry.Layout",
            object_id=result.import_change_id or "",
            purpose=REGISTRY_PURPOSE,
            detail={
                "households": result.counts.households,
                "changes": result.counts.changes,
                "residents": result.counts.residents,
                "history": result.counts.history,
            },
        )
    return result


def _statistics_refresh() -> None:
    """After a bulk load the planner's statistics describe the tables before it: without a
    fresh ANALYZE, PostgreSQL read 900,000 index entries to find one household's members."""
    tables = [
        model._meta.db_table
        for model in (Household, Change, Resident, ResidentHistory, ResidentSearchKey)
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
        else:
            cursor.execute("ANALYZE")


def registry_import(
    *,
    municipality: Municipality,
    path: Path,
    actor: StaffUser | None,
    allow_other_municipality: bool = False,
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """住民記録の移行データ取込み (import-registry): a directory or .zip in the layout.

    The target must have no 住民記録 yet (RegistryNotEmpty otherwise); the manifest's
    団体コード must be the target's unless `allow_other_municipality` (copies for tests and
    training). Raises FileNotFoundError, LayoutInvalid, RegistryNotEmpty.
    """
    source = FileLayout(path)
    try:
        return registry_load(
            municipality=municipality,
            source=source,
            actor=actor,
            allow_other_municipality=allow_other_municipality,
            progress=progress,
        )
    finally:
        source.close()
