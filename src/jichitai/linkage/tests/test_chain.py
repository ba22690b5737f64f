from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connections, transaction

from jichitai.common.append_only import AppendOnlyError
from jichitai.departments.models import Business
from jichitai.linkage.chain import HASHED_FIELDS
from jichitai.linkage.errors import LinkageError
from jichitai.linkage.models import ExchangeChainHead, ExchangeRecord
from jichitai.linkage.services import exchange_chain_verify, exchange_request, person_code_obtain
from jichitai.linkage.tests.conftest import MIDORI, ProvidedBy, resident_code

pytestmark = pytest.mark.django_db


def _write(n: int) -> list[ExchangeRecord]:
    code = person_code_obtain(
        municipality_code=MIDORI, business=Business.NHI, resident_code=resident_code("3000000001")
    )
    for _ in range(n):
        exchange_request(
            requester_municipality=MIDORI,
            requester_business=Business.NHI,
            requester_code=code,
            item="resident_tax.income",
            task="国民健康保険税の賦課に関する事務",
            purpose="令和8年度の保険税の賦課",
            params={"fiscal_year": 2026},
        )
    return list(ExchangeRecord.objects.order_by("seq"))


def _raw(sql: str, params: list[str | int]) -> None:
    """Change rows the way a database administrator could: past the ORM and the trigger."""
    connection = connections["linkage"]
    trigger_off, trigger_on = {
        "postgresql": (
            "ALTER TABLE linkage_exchangerecord DISABLE TRIGGER linkage_exchange_no_update",
            "ALTER TABLE linkage_exchangerecord ENABLE TRIGGER linkage_exchange_no_update",
        ),
        "sqlite": ("DROP TRIGGER IF EXISTS linkage_exchange_no_update", None),
    }[connection.vendor]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The person FK is checked at commit: ALTER TABLE wants no checks pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(trigger_off)
        cursor.execute(sql, params)
        if trigger_on:
            cursor.execute(trigger_on)


def _problems() -> list[tuple[str, int, str]]:
    return [(p.chain, p.seq, p.kind) for p in exchange_chain_verify().problems]


def test_every_column_but_the_links_is_hashed() -> None:
    columns = {field.attname for field in ExchangeRecord._meta.concrete_fields}
    assert columns - set(HASHED_FIELDS) == {"id", "prev_hash", "hash"}


def test_records_chain_per_requesting_municipality(departments: ProvidedBy) -> None:
    first, second = _write(2)
    assert (first.seq, second.seq, second.prev_hash) == (1, 2, first.hash)
    assert exchange_chain_verify().ok


def test_an_edited_record_is_detected(departments: ProvidedBy) -> None:
    records = _write(3)
    _raw(
        "UPDATE linkage_exchangerecord SET purpose = %s WHERE id = %s",
        ["別の目的", records[1].pk],
    )
    assert _problems() == [(MIDORI, 2, "edited")]


def test_a_deleted_record_is_detected(departments: ProvidedBy) -> None:
    records = _write(3)
    _raw("DELETE FROM linkage_exchangerecord WHERE id = %s", [records[1].pk])
    assert (MIDORI, 2, "missing") in _problems()


def test_a_truncated_tail_is_detected(departments: ProvidedBy) -> None:
    records = _write(3)
    _raw("DELETE FROM linkage_exchangerecord WHERE id = %s", [records[2].pk])
    assert _problems() == [(MIDORI, 3, "truncated")]


def test_a_moved_head_is_detected(departments: ProvidedBy) -> None:
    records = _write(3)
    _raw("DELETE FROM linkage_exchangerecord WHERE id = %s", [records[2].pk])
    ExchangeChainHead.objects.filter(chain=MIDORI).update(last_seq=2, last_hash=records[1].hash)
    assert _problems() == [(MIDORI, 2, "head_forged")]


def test_the_orm_and_the_database_refuse_changes(departments: ProvidedBy) -> None:
    record = _write(1)[0]
    with pytest.raises(AppendOnlyError):
        ExchangeRecord.objects.filter(pk=record.pk).update(purpose="x")
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(DatabaseError), transaction.atomic(using="linkage"):
        connections["linkage"].cursor().execute(
            "UPDATE linkage_exchangerecord SET purpose = 'x' WHERE id = %s", [record.pk]
        )


def test_the_command_names_the_chain_and_seq_and_exits_1(
    departments: ProvidedBy, capsys: pytest.CaptureFixture[str]
) -> None:
    records = _write(2)
    call_command("verify-exchanges")
    _raw("UPDATE linkage_exchangerecord SET item = %s WHERE id = %s", ["x", records[0].pk])
    with pytest.raises(CommandError):
        call_command("verify-exchanges")
    assert f"[{MIDORI}] 連番 1 edited" in capsys.readouterr().err


def test_refused_exchanges_are_chained_too(departments: ProvidedBy) -> None:
    with pytest.raises(LinkageError):
        exchange_request(
            requester_municipality=MIDORI,
            requester_business=Business.CARE,
            requester_code="unknown",
            item="resident_tax.income",
            task="介護保険の保険料の賦課に関する事務",
            purpose="保険料段階の決定",
            params={},
        )
    assert exchange_chain_verify().records == 1
    assert exchange_chain_verify().ok


@pytest.mark.django_db(transaction=True)
def test_verification_in_several_processes_finds_the_same_edit(
    departments: ProvidedBy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`verify-exchanges --workers 2` splits the hashing over processes; committed records
    only, which a forked process of SQLite's in-memory test database cannot read."""
    if connections["linkage"].vendor != "postgresql":
        pytest.skip("the processes read committed rows of a real database server")
    monkeypatch.setattr("jichitai.linkage.services.verification._PARALLEL_MIN_RECORDS", 0)
    records = _write(5)
    _raw(
        "UPDATE linkage_exchangerecord SET purpose = %s WHERE id = %s",
        ["別の目的", records[3].pk],
    )

    result = exchange_chain_verify(workers=2)

    assert [(p.chain, p.seq, p.kind) for p in result.problems] == [(MIDORI, 4, "edited")]
    assert exchange_chain_verify(workers=1).problems == result.problems
