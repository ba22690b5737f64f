"""The restore drill's checker (scripts/backup/drill_data.py, `make backup-drill`): what it
writes goes through the register's services with audit records, and a database holding rows
written after the target, or missing one written before, is reported as a mismatch."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from jichitai.audit.models import AuditRecord
from jichitai.registry.models import Resident

SCRIPT = Path(__file__).resolve().parents[4] / "scripts" / "backup" / "drill_data.py"


@pytest.fixture
def drill() -> ModuleType:
    spec = importlib.util.spec_from_file_location("drill_data", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["drill_data"] = module
    spec.loader.exec_module(module)
    return module


def test_a_batch_is_recorded_through_the_services_with_its_audit_records(
    db: None, drill: ModuleType
) -> None:
    drill.setup()
    batch = drill.write("before", 2, 1)

    assert len(batch.residents) == len(batch.changes) == 2
    assert Resident.objects.filter(pk__in=batch.residents).count() == 2
    assert (
        AuditRecord.objects.filter(pk__in=batch.audit_records, action="registry.move_in").count()
        == 2
    )


def test_the_check_passes_only_when_before_is_there_and_after_is_not(
    db: None, drill: ModuleType
) -> None:
    drill.setup()
    before = drill.write("before", 2, 1)
    after = drill.write("after", 2, 3)

    restored_too_far = drill.verify([before], [after])
    assert not restored_too_far.ok
    assert "residents: 2 of 2 written after are present" in restored_too_far.problems

    ghost = drill.Batch(name="lost", residents=[10**9], changes=[], audit_records=[])
    lost = drill.verify([before, ghost], [])
    assert "residents: 1 of 3 written before are missing" in lost.problems

    assert drill.verify([before, after], []).ok
    assert drill.verify([before, after], []).audit_records >= 4


def test_names_are_in_katakana_for_the_register(drill: ModuleType) -> None:
    assert drill.kana_number(120) == "ドリル　イチニゼロ"
