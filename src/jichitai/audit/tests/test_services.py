from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from jichitai.audit.models import AuditChainHead, AuditRecord
from jichitai.audit.services import audit_chain_verify, audit_record
from jichitai.common.append_only import AppendOnlyError

pytestmark = pytest.mark.django_db


def _write(n: int, chain: str = "102121") -> list[AuditRecord]:
    return [
        audit_record(
            actor=None,
            action=f"test.action{i}",
            municipality_code=chain,
            object_type="registry.Resident",
            object_id=i,
            purpose="住民基本台帳事務",
        )
        for i in range(1, n + 1)
    ]


def _raw(sql: str, params: list[str | int]) -> None:
    """Change rows the way a database administrator could: past the ORM and the trigger."""
    trigger_off, trigger_on = {
        "postgresql": (
            "ALTER TABLE audit_auditrecord DISABLE TRIGGER audit_record_no_update",
            "ALTER TABLE audit_auditrecord ENABLE TRIGGER audit_record_no_update",
        ),
        "sqlite": ("DROP TRIGGER IF EXISTS audit_record_no_update", None),
    }[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(trigger_off)
        cursor.execute(sql, params)
        if trigger_on:
            cursor.execute(trigger_on)


def _kinds() -> set[str]:
    return {p.kind for p in audit_chain_verify().problems}


def test_records_are_chained_per_municipality() -> None:
    first, second = _write(2)
    other = audit_record(actor=None, action="x", municipality_code="104493")
    assert (first.seq, second.seq, other.seq) == (1, 2, 1)
    assert second.prev_hash == first.hash
    assert audit_chain_verify().ok


def test_an_edited_record_is_detected() -> None:
    records = _write(3)
    _raw("UPDATE audit_auditrecord SET action = %s WHERE id = %s", ["test.hidden", records[1].pk])
    result = audit_chain_verify()
    assert not result.ok
    assert [(p.seq, p.kind) for p in result.problems] == [(2, "edited")]


def test_a_deleted_record_is_detected() -> None:
    records = _write(3)
    _raw("DELETE FROM audit_auditrecord WHERE id = %s", [records[1].pk])
    assert "missing" in _kinds()


def test_reordered_records_are_detected() -> None:
    records = _write(3)
    # Swap the contents of #2 and #3 while keeping their sequence numbers.
    _raw("UPDATE audit_auditrecord SET seq = 99 WHERE id = %s", [records[1].pk])
    _raw("UPDATE audit_auditrecord SET seq = 2 WHERE id = %s", [records[2].pk])
    _raw("UPDATE audit_auditrecord SET seq = 3 WHERE id = %s", [records[1].pk])
    assert {"reordered", "edited"} <= _kinds()


def test_a_deleted_tail_is_detected() -> None:
    records = _write(3)
    _raw("DELETE FROM audit_auditrecord WHERE id = %s", [records[2].pk])
    assert _kinds() == {"truncated"}


def test_a_forged_chain_head_is_detected() -> None:
    records = _write(3)
    _raw("DELETE FROM audit_auditrecord WHERE id = %s", [records[2].pk])
    AuditChainHead.objects.filter(chain="102121").update(last_seq=2, last_hash=records[1].hash)
    assert _kinds() == {"head_forged"}


def test_the_orm_refuses_to_change_or_delete_records() -> None:
    (record,) = _write(1)
    record.action = "changed"
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.filter(pk=record.pk).update(action="changed")
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.all().delete()


def test_the_database_refuses_to_change_records() -> None:
    (record,) = _write(1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditrecord SET action = 'x' WHERE id = %s", [record.pk])
    assert AuditRecord.objects.get(pk=record.pk).action == "test.action1"


def test_detail_refuses_free_text_that_could_hold_personal_data() -> None:
    with pytest.raises(TypeError):
        audit_record(
            actor=None, action="x", municipality_code="102121", detail={"name": "山田花子"}
        )
    assert AuditRecord.objects.count() == 0


def test_detail_keeps_changed_field_names_and_counts() -> None:
    record = audit_record(
        actor=None,
        action="x",
        municipality_code="102121",
        detail={"fields": ["name_kana", "address"], "count": 2},
    )
    assert record.detail == {"fields": ["address", "name_kana"], "count": 2}


def test_a_rolled_back_change_leaves_no_audit_record() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=None, action="x", municipality_code="102121")
        raise RuntimeError("the change failed")
    assert AuditRecord.objects.count() == 0
    assert audit_chain_verify().ok


def test_verify_audit_command_fails_on_tampering(capsys: pytest.CaptureFixture[str]) -> None:
    records = _write(2)
    call_command("verify-audit")
    assert "改ざんは検出されませんでした" in capsys.readouterr().out
    _raw("UPDATE audit_auditrecord SET purpose = %s WHERE id = %s", ["", records[0].pk])
    with pytest.raises(CommandError, match="1件の問題"):
        call_command("verify-audit")
    assert "edited" in capsys.readouterr().err
