"""収納データの取込と消込 (import a payment file and reconcile it).

All or nothing: a first pass reads the whole file (hashing it, checking every line); if any line
is malformed nothing is written and every problem is reported with its line number. A second
pass applies the lines in one transaction, in batches of `BATCH` lines, so memory stays bounded
whatever the file's size. The same file twice changes nothing (its SHA-256 is unique per
municipality); a record already imported from another file (the same channel and 収納記録番号) is
skipped and counted, so an aggregator's 速報 and 確報 never pay an invoice twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from typing import IO

from django.db import transaction
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.common.actors import Actor
from jichitai.payments.codes import ElNumber
from jichitai.payments.errors import FileLayoutUnknown, FileMalformed
from jichitai.payments.imports.layouts import LineProblem, PaymentLine, file_parse
from jichitai.payments.models import Invoice, Outcome, Payment, PaymentImport
from jichitai.payments.selectors import InvoiceState, invoice_states
from jichitai.tenants.models import Municipality

BATCH = 5_000
CHANNEL_OF_LAYOUT = {"bank_csv": "bank", "cvs_fixed": "cvs", "eltax": "eltax"}


@dataclass
class ImportResult:
    payment_import: PaymentImport
    already_imported: bool


def _checked(file: IO[bytes]) -> tuple[str, str, int, int]:
    """(layout, sha256, records, total) of a file whose every line is well formed."""
    digest = hashlib.sha256()
    for chunk in iter(lambda: file.read(1 << 20), b""):
        digest.update(chunk)
    file.seek(0)
    layout, lines = file_parse(file)
    if layout is None:
        raise FileLayoutUnknown()
    problems: list[tuple[int, str]] = []
    problem_count = records = total = 0
    for parsed in lines:
        if isinstance(parsed, LineProblem):
            problem_count += 1
            if len(problems) < 50:
                problems.append((parsed.line, parsed.message))
        else:
            records, total = records + 1, total + parsed.amount
    if problem_count:
        raise FileMalformed(problems, total=problem_count)
    file.seek(0)
    return layout, digest.hexdigest(), records, total


def _outcome(state: InvoiceState | None, amount: int) -> tuple[Outcome, int, int]:
    """(outcome, applied, refund) of one payment against the invoice's current state."""
    if state is None:
        return Outcome.UNKNOWN, 0, 0
    if state.closed:
        return Outcome.CANCELLED, 0, amount
    if state.balance == 0:
        return Outcome.DUPLICATE, 0, amount
    applied = min(state.balance, amount)
    state.balance -= applied
    if applied < amount:
        return Outcome.OVERPAID, applied, amount - applied
    return (Outcome.EXACT if state.balance == 0 else Outcome.PARTIAL), applied, 0


def _apply_batch(
    municipality: Municipality, record: PaymentImport, channel: str, batch: list[PaymentLine]
) -> None:
    known = set(
        Payment.objects.filter(
            municipality=municipality, channel=channel, record_id__in=[p.record_id for p in batch]
        ).values_list("record_id", flat=True)
    )
    numbers = {p.payment_number for p in batch if ElNumber.payment_number_valid(p.payment_number)}
    invoice_ids = dict(
        Invoice.objects.filter(municipality=municipality, payment_number__in=numbers).values_list(
            "payment_number", "pk"
        )
    )
    states = invoice_states(invoice_ids.values())
    rows = []
    for line in batch:
        if line.record_id in known:
            record.skipped_count += 1
            record.skipped_amount += line.amount
            continue
        known.add(line.record_id)  # a record repeated inside the file counts once
        invoice_id = invoice_ids.get(line.payment_number)
        outcome, applied, refund = _outcome(
            states.get(invoice_id) if invoice_id else None, line.amount
        )
        rows.append(
            Payment(
                municipality=municipality,
                payment_import=record,
                channel=channel,
                record_id=line.record_id,
                paid_on=line.paid_on,
                amount=line.amount,
                payment_number=line.payment_number,
                invoice_id=invoice_id,
                outcome=outcome,
                applied=applied,
                refund=refund,
            )
        )
        if outcome == Outcome.UNKNOWN:
            record.exception_count += 1
            record.exception_amount += line.amount
        else:
            record.matched_count += applied > 0
            record.applied_amount += applied
            record.refund_count += refund > 0
            record.refund_amount += refund
    Payment.objects.bulk_create(rows, batch_size=BATCH)


def _batches(lines: Iterator[object]) -> Iterator[list[PaymentLine]]:
    while batch := [p for p in islice(lines, BATCH) if isinstance(p, PaymentLine)]:
        yield batch


def payment_file_import(
    *, municipality: Municipality, file: IO[bytes], file_name: str, actor: Actor | None
) -> ImportResult:
    """Import and reconcile one file; raises FileMalformed / FileLayoutUnknown and writes nothing
    when the file is not entirely well formed."""
    layout, sha256, records, total = _checked(file)
    previous = PaymentImport.objects.filter(municipality=municipality, file_sha256=sha256).first()
    if previous is not None:
        return ImportResult(previous, already_imported=True)
    with transaction.atomic():
        # The import row is filled in as the batches are applied and saved once at the end,
        # inside the same transaction: outside it, it is only ever seen complete.
        record = PaymentImport.objects.create(
            municipality=municipality,
            file_sha256=sha256,
            file_name=file_name[:200],
            layout=layout,
            imported_at=timezone.now(),
            imported_by=actor.get_username() if actor is not None else "system",
            record_count=records,
            total_amount=total,
        )
        channel = CHANNEL_OF_LAYOUT[layout]
        for batch in _batches(file_parse(file)[1]):
            _apply_batch(municipality, record, channel, batch)
        record.save()
        audit_record(
            actor=actor,
            action="payments.import",
            municipality_code=municipality.lg_code,
            object_type="payment_import",
            object_id=record.pk,
            detail={
                "records": records,
                "total": total,
                "skipped": record.skipped_count,
                "matched": record.matched_count,
                "applied": record.applied_amount,
                "refunds": record.refund_count,
                "refund_amount": record.refund_amount,
                "exceptions": record.exception_count,
                "exception_amount": record.exception_amount,
            },
        )
    return ImportResult(record, already_imported=False)
