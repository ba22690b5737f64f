"""The set-based half of 消込: the file's lines go into a temporary table (COPY on PostgreSQL,
batched inserts elsewhere) and one INSERT … SELECT applies them all.

Why SQL and not a Python loop: a million payments through the ORM took minutes (building and
sending a million model rows); in the database the same rules take seconds and memory stays
bounded by the batch. The rules are those of `docs/payments.md「消込」`, per line in file
order: the invoice named by its 納付番号 (none → 例外), closed (取消・訂正済み → 還付候補 whole),
nothing left to pay (→ 二重納付, 還付候補), less than the balance (→ 一部納付), exactly it
(→ 消込済み), more (→ 過納: the balance is applied, the rest is a 還付候補). Lines of one invoice
in one file are applied in order: the running total is a window sum over the file's lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import connection

from jichitai.payments.imports.layouts import PaymentLine
from jichitai.payments.models import (
    ExceptionResolution,
    Invoice,
    InvoiceAdjustment,
    Outcome,
    Payment,
    RefundDecision,
)

STAGE = "payments_stage"
_BATCH = 5_000

_T = {
    "stage": STAGE,
    "invoice": Invoice._meta.db_table,
    "adjustment": InvoiceAdjustment._meta.db_table,
    "payment": Payment._meta.db_table,
    "resolution": ExceptionResolution._meta.db_table,
    "offset": RefundDecision._meta.db_table,
}


def stage_create() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {STAGE} (line integer, record_id varchar(40), "
            "paid_on date, payment_number varchar(20), amount integer)"
        )


def stage_drop() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")


def stage_write(lines: Iterable[PaymentLine]) -> None:
    """Write the lines to the stage, streaming (COPY on PostgreSQL)."""
    columns = "line, record_id, paid_on, payment_number, amount"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {STAGE} ({columns}) FROM STDIN") as copy:
                for p in lines:
                    copy.write_row((p.line, p.record_id, p.paid_on, p.payment_number, p.amount))
            return
        batch: list[tuple[int, str, dt.date, str, int]] = []
        insert = f"INSERT INTO {STAGE} VALUES (%s, %s, %s, %s, %s)"  # noqa: S608 (our table name)
        for p in lines:
            batch.append((p.line, p.record_id, p.paid_on, p.payment_number, p.amount))
            if len(batch) == _BATCH:
                cursor.executemany(insert, batch)
                batch.clear()
        if batch:
            cursor.executemany(insert, batch)


_APPLY = """
WITH firsts AS (
  SELECT * FROM (
    SELECT s.*, ROW_NUMBER() OVER (PARTITION BY s.record_id ORDER BY s.line) AS nth
    FROM {stage} s
  ) numbered
  WHERE nth = 1 AND NOT EXISTS (
    SELECT 1 FROM {payment} p
    WHERE p.municipality_id = %(m)s AND p.channel = %(channel)s AND p.record_id = numbered.record_id)
),
invoices AS (
  SELECT i.id, i.amount, i.payment_number FROM {invoice} i
  WHERE i.municipality_id = %(m)s AND i.payment_number IN (SELECT payment_number FROM firsts)
),
adjusted AS (
  SELECT a.invoice_id, SUM(a.amount) AS total,
    MAX(CASE WHEN a.reason = %(cancellation)s THEN 1 ELSE 0 END) AS cancelled
  FROM {adjustment} a JOIN invoices v ON v.id = a.invoice_id GROUP BY a.invoice_id
),
paid AS (
  SELECT p.invoice_id, SUM(p.applied) AS total
  FROM {payment} p JOIN invoices v ON v.id = p.invoice_id GROUP BY p.invoice_id
),
resolved AS (
  SELECT r.invoice_id, SUM(r.applied) AS total
  FROM {resolution} r JOIN invoices v ON v.id = r.invoice_id GROUP BY r.invoice_id
),
offsets AS (
  SELECT o.invoice_id, SUM(o.applied) AS total
  FROM {offset} o JOIN invoices v ON v.id = o.invoice_id GROUP BY o.invoice_id
),
superseded AS (
  SELECT DISTINCT n.supersedes_id AS invoice_id
  FROM {invoice} n JOIN invoices v ON v.id = n.supersedes_id
),
matched AS (
  SELECT f.line, f.record_id, f.paid_on, f.payment_number, f.amount, v.id AS invoice_id,
    CASE WHEN COALESCE(a.cancelled, 0) = 1 OR s.invoice_id IS NOT NULL THEN 1 ELSE 0 END
      AS closed,
    COALESCE(v.amount, 0) - COALESCE(a.total, 0) - COALESCE(p.total, 0) - COALESCE(r.total, 0)
      - COALESCE(o.total, 0) AS balance
  FROM firsts f
  LEFT JOIN invoices v ON v.payment_number = f.payment_number
  LEFT JOIN adjusted a ON a.invoice_id = v.id
  LEFT JOIN paid p ON p.invoice_id = v.id
  LEFT JOIN resolved r ON r.invoice_id = v.id
  LEFT JOIN offsets o ON o.invoice_id = v.id
  LEFT JOIN superseded s ON s.invoice_id = v.id
),
running AS (
  SELECT m.*, m.balance - (SUM(m.amount) OVER (
      PARTITION BY m.invoice_id ORDER BY m.line ROWS UNBOUNDED PRECEDING) - m.amount) AS available
  FROM matched m
),
decided AS (
  SELECT r.*,
    CASE WHEN r.invoice_id IS NULL OR r.closed = 1 OR r.available <= 0 THEN 0
      WHEN r.amount <= r.available THEN r.amount ELSE r.available END AS applied_part
  FROM running r
)
INSERT INTO {payment} (municipality_id, payment_import_id, channel, record_id, paid_on, amount,
  payment_number, invoice_id, outcome, applied, refund)
SELECT %(m)s, %(import)s, %(channel)s, d.record_id, d.paid_on, d.amount, d.payment_number,
  d.invoice_id,
  CASE WHEN d.invoice_id IS NULL THEN %(unknown)s
    WHEN d.closed = 1 THEN %(cancelled)s
    WHEN d.available <= 0 THEN %(duplicate)s
    WHEN d.amount < d.available THEN %(partial)s
    WHEN d.amount = d.available THEN %(exact)s
    ELSE %(overpaid)s END,
  d.applied_part,
  CASE WHEN d.invoice_id IS NULL THEN 0 ELSE d.amount - d.applied_part END
FROM decided d
"""


def stage_apply(*, municipality_code: str, import_id: int, channel: str) -> None:
    """Insert one Payment per staged line not seen before, reconciled (see module doc)."""
    params: dict[str, str | int] = {
        "m": municipality_code,
        "import": import_id,
        "channel": channel,
        "unknown": Outcome.UNKNOWN.value,
        "cancelled": Outcome.CANCELLED.value,
        "duplicate": Outcome.DUPLICATE.value,
        "partial": Outcome.PARTIAL.value,
        "exact": Outcome.EXACT.value,
        "overpaid": Outcome.OVERPAID.value,
        "cancellation": InvoiceAdjustment.Reason.CANCELLATION.value,
    }
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The window sums sort the whole file: in memory, not in temporary files on disk
            # (for this transaction only).
            cursor.execute("SET LOCAL work_mem = '128MB'")
            cursor.execute(f"CREATE INDEX ON {STAGE} (record_id)")
            cursor.execute(f"ANALYZE {STAGE}")
        cursor.execute(_APPLY.format(**_T), params)
