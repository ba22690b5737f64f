"""Every submission of a municipality queues for its 受付番号 row and then its audit chain head,
both held until commit: the locks come as late as possible, with little after them, and a
引越しワンストップ pair takes the two municipalities' locks in code order (no deadlock)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from jichitai.procedures.selectors import case_signing_bytes
from jichitai.procedures.services import case_submit, case_submit_moving
from jichitai.procedures.signing import SignedApplication
from jichitai.procedures.tests.factories import (
    actor_of,
    fake_signature,
    move_in_data,
    move_out_data,
    pregnancy_data,
)
from jichitai.registry.models import Resident
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality

SEQUENCE = '"procedures_referencesequence"'


def _sql(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries]


def _first(sql: list[str], *words: str) -> int:
    return next(i for i, s in enumerate(sql) if all(w in s for w in words))


def test_the_reference_number_is_taken_after_the_closing_days_and_by_the_update_itself(
    midori: Municipality, family: dict[str, Resident]
) -> None:
    hanako = family["花子"]

    def submit(key: str) -> None:
        case_submit(
            municipality=midori,
            procedure_id="pregnancy_notification",
            data=pregnancy_data(hanako),
            actor=actor_of(hanako),
            idempotency_key=key,
        )

    submit("first-of-the-year")  # makes the sequence row
    with CaptureQueriesContext(connection) as queries:
        submit("lock-order")
    sql = _sql(queries)
    locked = _first(sql, SEQUENCE)
    assert sql[locked].startswith("UPDATE")
    assert not any("tenants_closingday" in s for s in sql[locked:])
    # From the lock on: the increment and the number read back, the case, its event, the
    # audit append (head, record, head) and the idempotency record's result.
    assert len([s for s in sql[locked:] if "SAVEPOINT" not in s]) <= 8


def _moving(origin: Municipality, destination: Municipality, members: list[Resident]) -> Any:
    out, into = move_out_data(members), move_in_data(members)
    signed = case_signing_bytes(
        applications=[
            SignedApplication(origin.lg_code, "move_out", out),
            SignedApplication(destination.lg_code, "move_in_reservation", into),
        ]
    )
    return case_submit_moving(
        municipality=origin,
        move_out_data=out,
        destination_lg_code=destination.lg_code,
        move_in_data=into,
        actor=actor_of(members[0]),
        signature=fake_signature(signed),
    )


def test_a_pair_locks_both_municipalities_in_code_order_whichever_way_it_moves(
    midori: Municipality, minakami: Municipality, fake_jpki: list[bytes]
) -> None:
    for origin, destination in ((midori, minakami), (minakami, midori)):
        members = [yamada_family(origin)["花子"]]
        with CaptureQueriesContext(connection) as queries:
            case = _moving(origin, destination, members).case
        sql = _sql(queries)
        numbered = [s for s in sql if s.startswith("UPDATE") and SEQUENCE in s]
        order = [code for s in numbered for code in ("102121", "104493") if f"'{code}'" in s]
        assert list(dict.fromkeys(order)) == ["102121", "104493"]
        heads = [i for i, s in enumerate(sql) if "audit_auditchainhead" in s and "SELECT" in s]
        inserts = [i for i, s in enumerate(sql) if s.startswith('INSERT INTO "procedures_case"')]
        # Audit last (the chain heads are the busiest locks); the related 受付番号 are
        # written with the cases, not by later UPDATEs.
        assert min(heads[-2:]) > max(inserts)
        assert not any(s.startswith('UPDATE "procedures_case"') for s in sql)
        assert case.related_reference_number
