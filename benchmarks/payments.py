"""Benchmark of 公金収納 at scale: importing and reconciling a payment file (issue #19).

    createdb -h 127.0.0.1 -U postgres jichitai_bench      # a scratch database
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/jichitai_bench
    .venv/bin/jichitai migrate && .venv/bin/jichitai load-municipalities
    .venv/bin/python benchmarks/payments.py --invoices 1000000 --wipe

or in two steps, so that only the measured part runs under the machine's exclusive lock:

    .venv/bin/python benchmarks/payments.py --invoices 1000000 --wipe --phase prepare
    flock -x /work/bench.lock .venv/bin/python benchmarks/payments.py --phase measure

(`prepare` loads the invoices and writes the file to --file; `measure` first empties what an
earlier measurement wrote: payments, imports, resolutions and refunds, never the invoices.)

Loads --invoices 軽自動車税 invoices of one municipality with COPY (eL番号 drawn as the app draws
them; --wipe empties the payments tables first: scratch databases only), writes a bank CSV with
one payment per invoice of which --exceptions percent name no invoice (exceptions queue) and
every 50th pays part of its invoice, then measures in this process:
- payments_import of the file (check pass + apply pass in one transaction, streamed);
- the same file again (must change nothing);
- ledger_check (the invariant over every invoice, payment and import);
- peak memory (max RSS) of the process.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jichitai.config.settings.dev")

import django

django.setup()

from django.apps import apps
from django.db import connection
from django.utils import timezone

from jichitai.payments.codes import ElNumber
from jichitai.payments.imports.layouts import BANK_HEADER
from jichitai.payments.ledger import ledger_check
from jichitai.payments.services import payments_import
from jichitai.tenants.models import Municipality

LG_CODE = "102121"
AMOUNT = 10_800
COLUMNS = (
    "municipality_id",
    "kind",
    "subject",
    "period",
    "payer_resident_code",
    "payer_code",
    "payer_name",
    "amount",
    "due_on",
    "issued_at",
    "collector_number",
    "payment_number",
    "confirmation_number",
    "category",
    "reissue",
)


def _el(serial: int) -> ElNumber:
    return ElNumber.issue(collector=LG_CODE[:5], category="301", serial_body=f"301{serial:012d}")


def wipe() -> None:
    tables = [model._meta.db_table for model in apps.get_app_config("payments").get_models()]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")


def payments_wipe() -> None:
    """Empty what an import writes (scratch databases only), keeping the invoices."""
    keep = {"payments_invoice", "payments_invoicenumberseries", "payments_lightvehicle"}
    tables = [
        model._meta.db_table
        for model in apps.get_app_config("payments").get_models()
        if model._meta.db_table not in keep
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)}")
        cursor.execute("VACUUM ANALYZE payments_invoice")


def load_invoices(count: int) -> None:
    """COPY `count` invoices, streamed (納付番号 i is a function of i: the file is written
    from the same serials, so nothing is kept in memory)."""
    now = timezone.now().isoformat()
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY payments_invoice ({', '.join(COLUMNS)}) FROM STDIN") as copy,
    ):
        for i in range(count):
            el = _el(i)
            copy.write(
                f"{LG_CODE}\tvehicle_tax\tB-{i}\t2027年度\t\t\t納付者{i}\t{AMOUNT}\t2027-05-31"
                f"\t{now}\t{el.collector}\t{el.payment_number}\t{el.confirmation}\t301\t0\n"
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE payments_invoice")


def write_file(path: Path, count: int, exceptions_percent: float) -> None:
    every = int(100 / exceptions_percent) if exceptions_percent else 0
    with path.open("w", encoding="utf-8") as out:
        out.write(BANK_HEADER + "\n")
        for i in range(count):
            number = _el(i).payment_number
            if every and i % every == 0:
                number = _el(900_000_000_000 + i).payment_number  # names no invoice
            amount = AMOUNT // 2 if i % 50 == 1 else AMOUNT
            out.write(f"B{i:09d},2027-05-20,{LG_CODE[:5]},{number},000000,301,{amount}\n")


def prepare(args: argparse.Namespace, path: Path) -> None:
    if args.wipe:
        wipe()
    started = time.perf_counter()
    load_invoices(args.invoices)
    print(f"loaded {args.invoices:,} invoices in {time.perf_counter() - started:.1f} s")
    write_file(path, args.invoices, args.exceptions)


def measure(path: Path) -> None:
    municipality = Municipality.objects.get(lg_code=LG_CODE)
    size = path.stat().st_size
    for label in ("import + reconciliation", "same file again"):
        started = time.perf_counter()
        with path.open("rb") as file:
            result = payments_import(
                municipality=municipality, file=file, file_name=path.name, actor=None
            )
        elapsed = time.perf_counter() - started
        record = result.payment_import
        print(
            f"{label}: {elapsed:.1f} s ({size / 1e6:.0f} MB; matched {record.matched_count:,},"
            f" exceptions {record.exception_count:,}, already={result.already_imported})"
        )
    started = time.perf_counter()
    report = ledger_check(municipality_code=LG_CODE)
    print(f"check-ledger: {time.perf_counter() - started:.1f} s, ok={report.ok} {report.problems}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--exceptions", type=float, default=1.0, help="percent")
    parser.add_argument("--wipe", action="store_true")
    parser.add_argument("--phase", choices=("all", "prepare", "measure"), default="all")
    parser.add_argument("--file", type=Path, help="the payment file (kept between phases)")
    args = parser.parse_args()
    if args.phase == "all" and args.file is None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bank.csv"
            prepare(args, path)
            measure(path)
        return
    path = args.file or Path(tempfile.gettempdir()) / "jichitai_payments_bank.csv"
    if args.phase in ("all", "prepare"):
        prepare(args, path)
    if args.phase in ("all", "measure"):
        payments_wipe()
        measure(path)


if __name__ == "__main__":
    main()
