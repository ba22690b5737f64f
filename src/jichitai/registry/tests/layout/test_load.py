"""registry_import (registry/layout/load.py) of an export: the register reproduced in another
municipality or the same one, fresh statistics, counts-only audit, and where it refuses."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from jichitai.audit.models import AuditRecord
from jichitai.identity.models import StaffUser
from jichitai.registry.crypto import my_number_decrypt, my_number_lookup_hash
from jichitai.registry.layout import (
    MANIFEST,
    LayoutInvalid,
    RegistryNotEmpty,
    registry_export,
    registry_import,
)
from jichitai.registry.models import (
    ChangeType,
    Household,
    NumberSequence,
    Resident,
    ResidentHistory,
)
from jichitai.registry.services import residents_register
from jichitai.registry.tests.factories import MIDORI_ADDRESS, person, yamada_family
from jichitai.registry.tests.layout.helpers import TODAY, registry_wipe
from jichitai.registry.tests.layout.helpers import messages as _messages
from jichitai.registry.tests.layout.helpers import (
    register_with_every_kind_of_change as _register_with_every_kind_of_change,
)
from jichitai.tenants.models import Municipality


def _records(municipality: Municipality) -> dict[str, Any]:
    """Everything the register holds, keyed by the numbers that survive a migration: the
    current records, their full history with each row's 異動, and the households."""
    lg_code = municipality.lg_code
    residents = {}
    for resident in Resident.objects.for_municipality(municipality).select_related("household"):
        values = {
            f.attname: getattr(resident, f.attname)
            for f in Resident._meta.concrete_fields
            if f.attname not in ("id", "municipality_id", "household_id", "my_number_cipher")
        }
        values["household_number"] = resident.household.household_number
        values["my_number"] = (
            my_number_decrypt(
                resident.my_number_cipher, lg_code=lg_code, atena_number=resident.atena_number
            )
            if resident.my_number_cipher
            else ""
        )
        if values["my_number"]:
            assert resident.my_number_hash == my_number_lookup_hash(
                values["my_number"], lg_code=lg_code
            )
        del values["my_number_hash"]  # keyed per municipality, checked above
        residents[resident.atena_number] = values
    history = {}
    rows = ResidentHistory.objects.for_municipality(municipality).select_related(
        "resident", "change", "change__cancels"
    )
    for row in rows:
        snapshot = dict(row.snapshot)
        household = Household.objects.get(pk=snapshot.pop("household_id"))
        assert household.household_number == snapshot["household_number"]
        cipher = snapshot.pop("my_number_cipher")
        digest = snapshot.pop("my_number_hash")
        snapshot["my_number"] = (
            my_number_decrypt(cipher, lg_code=lg_code, atena_number=row.resident.atena_number)
            if cipher
            else ""
        )
        if cipher:
            assert digest == my_number_lookup_hash(snapshot["my_number"], lg_code=lg_code)
        change = row.change
        history[(row.resident.atena_number, row.history_number)] = {
            "snapshot": snapshot,
            "effective_on": row.effective_on,
            "change": (
                change.change_type,
                change.effective_on,
                change.notified_on,
                change.processed_at,
                change.note,
                change.cancels.processed_at if change.cancels else None,
                change.offered_on,
            ),
        }
    households = dict(
        Household.objects.for_municipality(municipality).values_list(
            "household_number", "is_active"
        )
    )
    return {"residents": residents, "history": history, "households": households}


def _csv_files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in directory.iterdir() if p.name != MANIFEST}


def test_export_then_import_into_another_municipality_reproduces_the_register(
    midori: Municipality, minakami: Municipality, clerk: StaffUser, tmp_path: Path
) -> None:
    _register_with_every_kind_of_change(midori, clerk)
    exported = registry_export(municipality=midori, destination=tmp_path / "a", actor=clerk)
    assert exported.counts.residents == Resident.objects.for_municipality(midori).count()

    result = registry_import(
        municipality=minakami, path=tmp_path / "a", actor=None, allow_other_municipality=True
    )

    assert result.import_change_id is None  # every history row kept its own 異動
    assert result.counts == exported.counts
    before, after = _records(midori), _records(minakami)
    assert after["households"] == before["households"]
    assert after["residents"].keys() == before["residents"].keys()
    for atena, values in before["residents"].items():
        assert after["residents"][atena] == values, atena
    assert after["history"].keys() == before["history"].keys()
    for key, row in before["history"].items():
        assert after["history"][key] == row, key
    # The numbering goes on above the imported numbers.
    for kind in NumberSequence.Kind:
        assert (
            NumberSequence.objects.get(municipality=minakami, kind=kind).last_value
            == NumberSequence.objects.get(municipality=midori, kind=kind).last_value
        )

    # §4.2: re-exporting the import gives the same files, byte for byte.
    registry_export(municipality=minakami, destination=tmp_path / "b", actor=None)
    assert _csv_files(tmp_path / "b") == _csv_files(tmp_path / "a")


def _planner_rows(table: str) -> float:
    """What the query planner believes the table holds (its statistics)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            return float(cursor.fetchone()[0])
        # One row per index; a partial index (resident_planned_removal_idx) counts only its
        # own rows, so the table's size is the largest.
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        rows = cursor.fetchall()
        return max(float(row[0].split()[0]) for row in rows) if rows else -1.0


def test_an_import_leaves_fresh_planner_statistics(
    midori: Municipality, minakami: Municipality, clerk: StaffUser, tmp_path: Path
) -> None:
    # Stale statistics after a bulk load made the first 転居s on 1 M residents take 0.7 s.
    _register_with_every_kind_of_change(midori, clerk)
    registry_export(municipality=midori, destination=tmp_path / "a", actor=clerk)
    registry_import(
        municipality=minakami, path=tmp_path / "a", actor=None, allow_other_municipality=True
    )
    assert _planner_rows("registry_resident") == Resident.objects.count()


def test_export_then_import_into_the_same_municipality_keeps_ciphertext_context(
    midori: Municipality, clerk: StaffUser, tmp_path: Path
) -> None:
    _register_with_every_kind_of_change(midori, clerk)
    before = _records(midori)
    hashes = dict(
        Resident.objects.for_municipality(midori).values_list("atena_number", "my_number_hash")
    )
    registry_export(municipality=midori, destination=tmp_path / "export.zip", actor=clerk)
    registry_wipe(midori)

    registry_import(municipality=midori, path=tmp_path / "export.zip", actor=clerk)

    assert _records(midori) == before
    assert (
        dict(
            Resident.objects.for_municipality(midori).values_list("atena_number", "my_number_hash")
        )
        == hashes
    )
    # Services work on the imported register: the next numbers follow the imported ones.
    change = residents_register(
        municipality=midori,
        change_type=ChangeType.MOVE_IN,
        people=[person("新井　一郎", "アライ　イチロウ", dt.date(1990, 1, 1), "1", "世帯主")],
        address=MIDORI_ADDRESS,
        effective_on=TODAY,
        notified_on=TODAY,
        actor=clerk,
    )
    newcomer = change.history_rows.get().resident
    assert newcomer.atena_number > max(before["residents"])


def test_export_and_import_are_audited_with_counts_only(
    midori: Municipality, minakami: Municipality, clerk: StaffUser, tmp_path: Path
) -> None:
    yamada_family(midori, actor=clerk)
    registry_export(municipality=midori, destination=tmp_path / "a", actor=clerk)
    registry_import(
        municipality=minakami, path=tmp_path / "a", actor=clerk, allow_other_municipality=True
    )
    export = AuditRecord.objects.get(action="registry.export")
    imported = AuditRecord.objects.get(action="registry.import")
    assert export.municipality_code == "102121" and imported.municipality_code == "104493"
    counts = {"households": 1, "changes": 1, "residents": 3, "history": 3}
    assert export.detail == {**counts, "support_measures": 0}
    assert imported.detail == counts
    for record in (export, imported):
        assert "山田" not in json.dumps(record.detail, ensure_ascii=False)


def test_import_refuses_a_municipality_with_records_or_another_code(
    midori: Municipality, minakami: Municipality, tmp_path: Path
) -> None:
    yamada_family(midori)
    registry_export(municipality=midori, destination=tmp_path / "a", actor=None)
    with pytest.raises(RegistryNotEmpty):
        registry_import(municipality=midori, path=tmp_path / "a", actor=None)
    with pytest.raises(LayoutInvalid) as caught:
        registry_import(municipality=minakami, path=tmp_path / "a", actor=None)
    assert _messages(caught.value) == [
        "manifest.json: 団体コード 102121 のデータです。取込み先 104493 と違います。"
    ]
