"""Benchmark of the linkage broker at scale: one exchange, and verifying the exchange records.

    createdb -h 127.0.0.1 -U postgres jichitai_bench      # a scratch database
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/jichitai_bench
    .venv/bin/jichitai migrate && .venv/bin/jichitai migrate --database linkage
    .venv/bin/jichitai load-municipalities
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jichitai_bench \\
        .venv/bin/python benchmarks/linkage.py --persons 1000000 --records 1000000 --wipe

Loads, with COPY into the broker's database (the "linkage" alias; --wipe empties its tables
first: scratch databases only):
- --persons persons, each mapped to a 符号 in 4 businesses (tax, child_allowance, nhi, care)
  of one municipality, the 符号 drawn as the broker draws them (secrets, 128 bits), and the
  個人住民税 assessment of each under its tax 符号 (the department's table, default database);
- --records exchange records in one chain, hashed as the broker hashes them.
Then measures, in this process (no HTTP):
- an exchange (exchange_request: check the table, resolve the requester's 符号 and the
  provider's, ask the provider — 個人住民税 reads the person's assessment — append the
  hash-chained record, commit): p50 / p99 over --exchanges requests about random persons;
- exchange_chain_verify over every record (the chain loaded above plus the exchanges), in one
  process and in one per core (`verify-exchanges --workers N`);
- peak memory (max RSS) of the process.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import secrets
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jichitai.config.settings.dev")

import django

django.setup()

from django.db import connections
from django.utils import timezone

from jichitai.common.checkdigits import resident_code_check_digit
from jichitai.common.hashchain import GENESIS_HASH, occurred_at_text
from jichitai.departments.models import Business
from jichitai.linkage.chain import HASHED_FIELDS, head_mac, record_hash
from jichitai.linkage.models import ExchangeChainHead, PersonCode
from jichitai.linkage.services import exchange_chain_verify, exchange_request

BUSINESSES = (Business.TAX, Business.CHILD_ALLOWANCE, Business.NHI, Business.CARE)
LG_CODE = "104493"
FISCAL_YEAR = 2026
BATCH = 100_000
TAX_COLUMNS = (
    "municipality_id",
    "code",
    "fiscal_year",
    "income_year",
    "total_income",
    "income_levy",
    "per_capita_levy",
    "tax_total",
    "revision",
    "recorded_at",
)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(samples_ms: list[float]) -> str:
    ordered = sorted(samples_ms)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    return (
        f"p50 {statistics.median(ordered):.1f} ms, p99 {p99:.1f} ms, "
        f"max {ordered[-1]:.1f} ms (n={len(ordered)})"
    )


def _copy(
    table: str, columns: tuple[str, ...], rows: io.StringIO, *, using: str = "linkage"
) -> None:
    rows.seek(0)
    with (
        connections[using].cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        while chunk := rows.read(1 << 20):
            copy.write(chunk)


def wipe() -> None:
    with connections["linkage"].cursor() as cursor:
        cursor.execute(
            "TRUNCATE linkage_exchangerecord, linkage_exchangechainhead, linkage_personcode, "
            "linkage_person RESTART IDENTITY"
        )
    with connections["default"].cursor() as cursor:
        cursor.execute("TRUNCATE departments_residenttaxassessment CASCADE")


def load_persons(persons: int) -> None:
    now = timezone.now().isoformat()
    for start in range(0, persons, BATCH):
        people, codes, taxes = io.StringIO(), io.StringIO(), io.StringIO()
        for pk in range(start + 1, min(persons, start + BATCH) + 1):
            body = f"{pk:010d}"
            people.write(f"{pk}\t{body}{resident_code_check_digit(body)}\n")
            for business in BUSINESSES:
                code = secrets.token_urlsafe(16)
                codes.write(f"{pk}\t{LG_CODE}\t{business}\t{code}\t{now}\n")
                if business == Business.TAX:
                    income = random.randrange(0, 8_000_000, 1000)
                    taxes.write(
                        f"{LG_CODE}\t{code}\t{FISCAL_YEAR}\t{FISCAL_YEAR - 1}\t{income}\t"
                        f"{income // 10}\t4000\t{income // 10 + 4000}\t0\t{now}\n"
                    )
        _copy("linkage_person", ("id", "resident_code"), people)
        _copy(
            "linkage_personcode",
            ("person_id", "municipality_code", "business", "code", "issued_at"),
            codes,
        )
        _copy("departments_residenttaxassessment", TAX_COLUMNS, taxes, using="default")
    with connections["default"].cursor() as cursor:
        cursor.execute("ANALYZE departments_residenttaxassessment")
    with connections["linkage"].cursor() as cursor:
        for table in ("linkage_person", "linkage_personcode"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
            cursor.execute(f"ANALYZE {table}")


def load_records(records: int, persons: int) -> None:
    """One chain of `records` exchanges of 国保 asking 住民税, hashed as the broker does."""
    prev_hash, columns = GENESIS_HASH, (*HASHED_FIELDS, "prev_hash", "hash")
    started = timezone.now()
    for start in range(0, records, BATCH):
        rows = io.StringIO()
        for seq in range(start + 1, min(records, start + BATCH) + 1):
            values = {
                "public_id": str(uuid.uuid4()),
                "chain": LG_CODE,
                "seq": seq,
                "occurred_at": occurred_at_text(started),
                "requester_municipality": LG_CODE,
                "requester_business": "nhi",
                "task": "国民健康保険税の賦課に関する事務",
                "provider_municipality": LG_CODE,
                "provider_business": "tax",
                "item": "resident_tax.income",
                "purpose": "保険税の賦課",
                "legal_basis": "番号法第19条第8号",
                "rule": "nhi.income",
                "result": "provided",
                "refusal_code": "",
                "person_id": random.randint(1, persons),
            }
            digest = record_hash(prev_hash=prev_hash, values=values)
            rows.write("\t".join(str(values[c]) for c in HASHED_FIELDS))
            rows.write(f"\t{prev_hash}\t{digest}\n")
            prev_hash = digest
        _copy("linkage_exchangerecord", columns, rows)
    ExchangeChainHead.objects.update_or_create(
        chain=LG_CODE,
        defaults={
            "last_seq": records,
            "last_hash": prev_hash,
            "mac": head_mac(chain=LG_CODE, last_seq=records, last_hash=prev_hash),
        },
    )
    with connections["linkage"].cursor() as cursor:
        cursor.execute("ANALYZE linkage_exchangerecord")


def measure_exchanges(count: int, persons: int) -> list[float]:
    samples = []
    for _ in range(count):
        code = (
            PersonCode.objects.filter(person_id=random.randint(1, persons), business="nhi")
            .values_list("code", flat=True)
            .get()
        )
        started = time.perf_counter()
        answer = exchange_request(
            requester_municipality=LG_CODE,
            requester_business=Business.NHI,
            requester_code=code,
            item="resident_tax.income",
            task="国民健康保険税の賦課に関する事務",
            purpose="保険税の賦課",
            params={"fiscal_year": FISCAL_YEAR},
        )
        samples.append((time.perf_counter() - started) * 1000)
        assert answer.data is not None, "the tax department answers every person"
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--exchanges", type=int, default=2000)
    parser.add_argument("--wipe", action="store_true", help="empty the broker's tables first")
    args = parser.parse_args()
    if connections["linkage"].vendor != "postgresql":
        sys.exit("run against PostgreSQL (DATABASE_URL=postgres://…)")
    if args.wipe:
        wipe()
    elif PersonCode.objects.exists():
        sys.exit("the broker's tables are not empty; pass --wipe (scratch databases only)")
    random.seed(1)
    started = time.monotonic()
    load_persons(args.persons)
    print(
        f"loaded {args.persons} persons x {len(BUSINESSES)} 符号 in {time.monotonic() - started:.1f}s"
    )
    started = time.monotonic()
    load_records(args.records, args.persons)
    print(f"loaded {args.records} chained records in {time.monotonic() - started:.1f}s")
    measure_exchanges(50, args.persons)  # warm-up: connections, caches
    print(f"exchange: {percentiles(measure_exchanges(args.exchanges, args.persons))}")
    for workers in (1, os.cpu_count() or 1):
        started = time.monotonic()
        result = exchange_chain_verify(workers=workers)
        print(
            f"verify ({workers} process{'es' if workers > 1 else ''}): {result.records} records "
            f"in {time.monotonic() - started:.1f}s, ok={result.ok}, "
            f"problems={len(result.problems)}"
        )
    print(f"peak memory (max RSS): {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
