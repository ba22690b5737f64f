"""収納データの取込と消込 (import a payment file and reconcile it).

All or nothing, in one transaction: the file is hashed, then read once, line by line, into a
temporary table (imports.staging); if any line is malformed the transaction rolls back, nothing
is written and every problem is reported with its line number. Otherwise one INSERT … SELECT
reconciles every line and the import row records the counts and totals. Memory stays bounded
whatever the file's size. The same file twice changes nothing (its SHA-256 is unique per
municipality); a record already imported from another file (the same channel and 収納記録番号) is
skipped and counted, so an aggregator's 速報 and 確報 never pay an invoice twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.common.actors import Actor
from jichitai.payments.errors import FileLayoutUnknown, FileMalformed
from jichitai.payments.imports.layouts import LineProblem, Parsed, PaymentLine, file_parse
from jichitai.payments.imports.staging import stage_apply, stage_create, stage_drop, stage_write
from jichitai.payments.models import Outcome, Payment, PaymentImport
from jichitai.tenants.models import Municipality

CHANNEL_OF_LAYOUT = {"bank_csv": "bank", "cvs_fixed": "cvs", "eltax": "eltax"}


@dataclass
class ImportResult:
    payment_import: PaymentImport
    already_imported: bool


def _sha256(file: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: file.read(1 << 20), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


@dataclass
class _Tally:
    """Counts the good lines and keeps the first problems while the lines stream past."""

    records: int = 0
    total: int = 0
    problem_count: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)

    def good_lines(self, lines: Iterator[Parsed]) -> Iterator[PaymentLine]:
        for parsed in lines:
            if isinstance(parsed, LineProblem):
                self.problem_count += 1
                if len(self.problems) < 50:
                    self.problems.append((parsed.line, parsed.message))
            else:
                self.records += 1
                self.total += parsed.amount
                yield parsed


def _totals(record: PaymentImport) -> None:
    unknown = Q(outcome=Outcome.UNKNOWN)
    sums = Payment.objects.filter(payment_import=record).aggregate(
        n=Count("pk"),
        total=Sum("amount"),
        matched=Count("pk", filter=Q(applied__gt=0)),
        applied=Sum("applied"),
        refunds=Count("pk", filter=Q(refund__gt=0)),
        refund=Sum("refund"),
        exceptions=Count("pk", filter=unknown),
        exception_amount=Sum("amount", filter=unknown),
    )
    record.skipped_count = record.record_count - sums["n"]
    record.skipped_amount = record.total_amount - (sums["total"] or 0)
    record.matched_count = sums["matched"]
    record.applied_amount = sums["applied"] or 0
    record.refund_count = sums["refunds"]
    record.refund_amount = sums["refund"] or 0
    record.exception_count = sums["exceptions"]
    record.exception_amount = sums["exception_amount"] or 0


def payment_file_import(
    *, municipality: Municipality, file: IO[bytes], file_name: str, actor: Actor | None
) -> ImportResult:
    """Import and reconcile one file; raises FileMalformed / FileLayoutUnknown and writes nothing
    when the file is not entirely well formed."""
    sha256 = _sha256(file)
    previous = PaymentImport.objects.filter(municipality=municipality, file_sha256=sha256).first()
    if previous is not None:
        return ImportResult(previous, already_imported=True)
    layout, lines = file_parse(file)
    if layout is None:
        raise FileLayoutUnknown()
    tally = _Tally()
    # The temporary table is created and dropped inside the transaction: a rollback (a
    # malformed line) takes it away with everything else.
    with transaction.atomic():
        stage_create()
        stage_write(tally.good_lines(lines))
        if tally.problem_count:
            raise FileMalformed(tally.problems, total=tally.problem_count)
        record = PaymentImport.objects.create(
            municipality=municipality,
            file_sha256=sha256,
            file_name=file_name[:200],
            layout=layout,
            imported_at=timezone.now(),
            imported_by=actor.get_username() if actor is not None else "system",
            record_count=tally.records,
            total_amount=tally.total,
        )
        stage_apply(
            municipality_code=municipality.lg_code,
            import_id=record.pk,
            channel=CHANNEL_OF_LAYOUT[layout],
        )
        # The counts are read back from what was written, in the same transaction: outside it
        # the import row is only ever seen complete.
        _totals(record)
        record.save()
        stage_drop()
        _audit(actor, municipality, record)
    return ImportResult(record, already_imported=False)


def _audit(actor: Actor | None, municipality: Municipality, record: PaymentImport) -> None:
    audit_record(
        actor=actor,
        action="payments.import",
        municipality_code=municipality.lg_code,
        object_type="payment_import",
        object_id=record.pk,
        detail={
            "records": record.record_count,
            "total": record.total_amount,
            "skipped": record.skipped_count,
            "matched": record.matched_count,
            "applied": record.applied_amount,
            "refunds": record.refund_count,
            "refund_amount": record.refund_amount,
            "exceptions": record.exception_count,
            "exception_amount": record.exception_amount,
        },
    )
