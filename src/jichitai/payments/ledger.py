"""台帳の不変条件 (the ledger invariant), checked by `jichitai check-ledger`:

1. every invoice: billed - adjustments - paid = balance ≥ 0 (adjustments and payments are
   never negative, so the balance is also at most the billed amount);
2. every payment: applied + refund = amount once it is matched or resolved (an unresolved
   exception holds its whole amount, applied and refund 0);
3. every import: its payments add up to the counts and totals recorded with it;
4. every refund decision: 充当 + 還付 = the payment's refund candidate (Payment.refund plus
   its exception resolution's refund), and a 充当 only on an invoice (rule 1 counts it as paid);
5. every refund payout: its lines add up to its count and total, each line pays exactly its
   decision's refund (each decision is paid once: a unique key).

Each rule is one SQL query that returns only the rows breaking it, so the check runs in the
database over millions of rows without loading them.
"""

from __future__ import annotations

from django.db import connection

from jichitai.payments.models import (
    ExceptionResolution,
    Invoice,
    InvoiceAdjustment,
    Outcome,
    Payment,
    PaymentImport,
    RefundDecision,
    RefundPayout,
    RefundPayoutLine,
)
from jichitai.payments.selectors import LedgerReport

_LIMIT = 20  # problems listed per rule; the count says how many in all

_T = {
    "invoice": Invoice._meta.db_table,
    "adjustment": InvoiceAdjustment._meta.db_table,
    "payment": Payment._meta.db_table,
    "resolution": ExceptionResolution._meta.db_table,
    "import": PaymentImport._meta.db_table,
    "decision": RefundDecision._meta.db_table,
    "payout": RefundPayout._meta.db_table,
    "line": RefundPayoutLine._meta.db_table,
}

_INVOICES = """
SELECT i.id
FROM {invoice} i
LEFT JOIN (SELECT invoice_id, SUM(amount) total FROM {adjustment} GROUP BY invoice_id) a
  ON a.invoice_id = i.id
LEFT JOIN (SELECT invoice_id, SUM(applied) total FROM {payment}
           WHERE invoice_id IS NOT NULL GROUP BY invoice_id) p ON p.invoice_id = i.id
LEFT JOIN (SELECT invoice_id, SUM(applied) total FROM {resolution}
           WHERE invoice_id IS NOT NULL GROUP BY invoice_id) r ON r.invoice_id = i.id
LEFT JOIN (SELECT invoice_id, SUM(applied) total FROM {decision}
           WHERE invoice_id IS NOT NULL GROUP BY invoice_id) o ON o.invoice_id = i.id
WHERE i.municipality_id = %s
  AND i.amount - COALESCE(a.total, 0) - COALESCE(p.total, 0) - COALESCE(r.total, 0)
      - COALESCE(o.total, 0) < 0
"""

_DECISIONS = """
SELECT d.id FROM {decision} d JOIN {payment} p ON p.id = d.payment_id
LEFT JOIN {resolution} r ON r.payment_id = p.id
WHERE d.municipality_id = %s AND (
  d.applied + d.refund <> d.amount
  OR d.amount <> p.refund + COALESCE(r.refund, 0)
  OR (d.applied > 0 AND d.invoice_id IS NULL))
"""

_PAYOUTS = """
SELECT o.id FROM {payout} o LEFT JOIN (
  SELECT l.payout_id, COUNT(*) n, SUM(l.amount) total,
         SUM(CASE WHEN l.amount <> d.refund THEN 1 ELSE 0 END) wrong
  FROM {line} l JOIN {decision} d ON d.id = l.decision_id GROUP BY l.payout_id
) s ON s.payout_id = o.id
WHERE o.municipality_id = %s AND (
  o.record_count <> COALESCE(s.n, 0) OR o.total_amount <> COALESCE(s.total, 0)
  OR COALESCE(s.wrong, 0) > 0)
"""

_PAYMENTS = """
SELECT p.id FROM {payment} p LEFT JOIN {resolution} r ON r.payment_id = p.id
WHERE p.municipality_id = %s AND (
  (p.outcome <> %s AND p.applied + p.refund <> p.amount)
  OR (p.outcome = %s AND p.applied + p.refund <> 0)
  OR (r.id IS NOT NULL AND r.applied + r.refund <> p.amount))
"""

_IMPORTS = """
SELECT m.id FROM {import} m LEFT JOIN (
  SELECT payment_import_id, COUNT(*) n, SUM(amount) total, SUM(applied) applied,
         SUM(refund) refund,
         SUM(CASE WHEN outcome = %s THEN 1 ELSE 0 END) exceptions,
         SUM(CASE WHEN outcome = %s THEN amount ELSE 0 END) exception_amount
  FROM {payment} WHERE payment_import_id IS NOT NULL GROUP BY payment_import_id
) s ON s.payment_import_id = m.id
WHERE m.municipality_id = %s AND (
  m.record_count - m.skipped_count <> COALESCE(s.n, 0)
  OR m.applied_amount <> COALESCE(s.applied, 0)
  OR m.refund_amount <> COALESCE(s.refund, 0)
  OR m.exception_count <> COALESCE(s.exceptions, 0)
  OR m.exception_amount <> COALESCE(s.exception_amount, 0)
  OR m.total_amount - m.skipped_amount <> COALESCE(s.total, 0)
  OR m.applied_amount + m.refund_amount + m.exception_amount <> COALESCE(s.total, 0))
"""


def _rows(sql: str, params: list[str]) -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql.format(**_T), params)
        return list(cursor.fetchall())


def ledger_check(*, municipality_code: str) -> LedgerReport:
    """The five rules above for one municipality; `report.problems` names what breaks them."""
    report = LedgerReport(
        invoices=Invoice.objects.filter(municipality_id=municipality_code).count(),
        imports=PaymentImport.objects.filter(municipality_id=municipality_code).count(),
    )
    bad = _rows(_INVOICES, [municipality_code])
    if bad:
        ids = ", ".join(str(row[0]) for row in bad[:_LIMIT])
        report.problems.append(f"残高が負または調定額を超える納付書 {len(bad)}件: id {ids}")
    bad = _rows(_PAYMENTS, [municipality_code, Outcome.UNKNOWN, Outcome.UNKNOWN])
    if bad:
        ids = ", ".join(str(row[0]) for row in bad[:_LIMIT])
        report.problems.append(
            f"充当額と還付候補額が納付額と合わない収納記録 {len(bad)}件: id {ids}"
        )
    bad = _rows(_IMPORTS, [Outcome.UNKNOWN, Outcome.UNKNOWN, municipality_code])
    if bad:
        ids = ", ".join(str(row[0]) for row in bad[:_LIMIT])
        report.problems.append(f"件数・合計が収納記録と合わない取込 {len(bad)}件: id {ids}")
    bad = _rows(_DECISIONS, [municipality_code])
    if bad:
        ids = ", ".join(str(row[0]) for row in bad[:_LIMIT])
        report.problems.append(
            f"充当額と還付額が還付候補額と合わない還付・充当の決定 {len(bad)}件: id {ids}"
        )
    bad = _rows(_PAYOUTS, [municipality_code])
    if bad:
        ids = ", ".join(str(row[0]) for row in bad[:_LIMIT])
        report.problems.append(f"件数・合計が明細と合わない還付の支出 {len(bad)}件: id {ids}")
    return report
