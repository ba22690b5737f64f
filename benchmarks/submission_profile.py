"""Where the milliseconds of one signed 転出届 go (issue #10, item 14).

The same request as `onestop_load.py` — POST /api/v1/{lg_code}/portal/cases with a resident
token, a signed 転出届 (optionally the 転入予約 pair) and a fresh Idempotency-Key — sent
in-process through Django's test client (every middleware, django-ninja, the services, a real
commit on PostgreSQL), one at a time, so nothing else competes:

1. `--requests` submissions timed without a profiler: wall time, and the time spent waiting
   on the database (a connection execute wrapper);
2. the queries of one submission (CaptureQueriesContext), by statement kind and table;
3. the same number again under cProfile, clocked by the thread's CPU time: the CPU of each
   part of the request (cumulative, so the parts nest as the list says), the CPU by library,
   and the functions with the most CPU of their own.

    .venv/bin/python benchmarks/submission_profile.py
    .venv/bin/python benchmarks/submission_profile.py --onestop --requests 300
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import onestop_load as bench

PARTS = [
    # (label, path suffix of the module, function), in the order a submission runs them.
    ("whole request (Django handler, every middleware)", "django/test/client.py", "__call__"),
    ("  resident token (bearer auth, rate-limit check)", "portal/auth.py", "authenticate"),
    ("  request body parsing (django-ninja, pydantic)", "ninja/signature/details.py", "resolve"),
    ("  applicant lookup", "procedures/services/submission.py", "_applicant"),
    ("  form check (JSON Schema + back-office checks)", "submission.py", "application_check"),
    ("    JSON Schema of the form", "procedures/validation.py", "data_errors"),
    ("  signature check", "procedures/services/submission.py", "signature_check"),
    ("    RFC 8785 canonicalisation", "identity/jpki/signatures.py", "canonical_application_bytes"),
    (
        "    CMS verification (parse, signer, RSA)",
        "jpki/signatures.py",
        "verify_detached_signature",
    ),
    ("      CMS parsing (asn1crypto)", "identity/jpki/signatures.py", "_signed_data"),
    ("      certificates out of the CMS", "identity/jpki/signatures.py", "_certificates"),
    ("      signer's RSA signature", "identity/jpki/signatures.py", "_check_signer_signature"),
    ("      certificate checks", "identity/jpki/certificates.py", "verify_certificate"),
    ("        trust anchors (read)", "identity/jpki/anchors.py", "trust_anchors"),
    ("        chain building (x509.verification)", "jpki/certificates.py", "_verified_issuer"),
    ("        revocation (CRL)", "identity/jpki/revocation.py", "check"),
    (
        "        基本4情報 out of the certificate",
        "jpki/basic_four.py",
        "basic_four_from_certificate",
    ),
    ("    signer is the applicant", "procedures/signing.py", "signer_applicant_check"),
    ("  idempotency + writing transaction", "idempotency/services.py", "idempotent_call"),
    ("    処理期限 (open days)", "procedures/services/submission.py", "_due_on"),
    ("    受付番号 (locks the sequence row)", "services/recording.py", "reference_number_issue"),
    ("    case, event", "procedures/services/submission.py", "_case_insert"),
    ("    audit record (chain head locked)", "audit/services.py", "audit_record"),
    ("    COMMIT", "django/db/backends/base/base.py", "commit"),
    ("  response (django-ninja, pydantic)", "ninja/operation.py", "_result_to_response"),
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="jichitai_bench_profile")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--population", type=int, default=2000, help="demo residents per town")
    parser.add_argument("--residents", type=int, default=10, help="cards")
    parser.add_argument("--variants", type=int, default=5)
    parser.add_argument("--requests", type=int, default=200, help="timed, then profiled")
    parser.add_argument("--onestop", action="store_true", help="with the 転入予約 pair")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--save", help="write the cProfile statistics to this file")
    return parser.parse_args()


class Submitter:
    """Sends the movers' signed submissions round-robin, each with a fresh Idempotency-Key."""

    def __init__(self, movers: list[bench.Mover]) -> None:
        from django.test import Client

        self.client = Client()
        self.movers = movers
        self.sent = 0

    def __call__(self) -> None:
        mover = self.movers[self.sent % len(self.movers)]
        body = mover.bodies[(self.sent // len(self.movers)) % len(mover.bodies)]
        self.sent += 1
        response = self.client.post(
            f"/api/v1/{bench.MIDORI}/portal/cases",
            body,
            content_type="application/json",
            headers={"Authorization": f"Bearer {mover.token}", "Idempotency-Key": uuid.uuid4().hex},
        )
        if response.status_code != 201:
            raise SystemExit(f"answered {response.status_code}: {response.content[:400]!r}")


def post_json(path: str, document: dict[str, Any]) -> dict[str, Any]:
    from django.test import Client

    response = Client().post(path, json.dumps(document), content_type="application/json")
    if response.status_code != 201:
        raise SystemExit(f"POST {path} answered {response.status_code}")
    return dict(response.json())


def timed(submit: Submitter, count: int) -> tuple[list[float], list[float], list[float]]:
    """Wall time, CPU time of this thread and database time (ms) of each of `count`
    submissions. The CPU time hardly depends on what else runs on the machine."""
    from django.db import connection

    walls, cpus, dbs = [], [], []
    db = [0.0]

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        begin = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            db[0] += time.perf_counter() - begin

    with connection.execute_wrapper(wrapper):
        for _ in range(count):
            db[0] = 0.0
            begin, cpu = time.perf_counter(), time.thread_time()
            submit()
            walls.append((time.perf_counter() - begin) * 1000)
            cpus.append((time.thread_time() - cpu) * 1000)
            dbs.append(db[0] * 1000)
    return walls, cpus, dbs


_STATEMENT = re.compile(
    r"^\s*(SELECT|INSERT INTO|UPDATE|DELETE FROM|SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK|COMMIT)"
    r'(?:.*?\bFROM)?\s*"?(\w*)"?',
    re.IGNORECASE | re.DOTALL,
)


def query_kinds(submit: Submitter) -> Counter[str]:
    """The statements of one submission as "SELECT table" (never their values)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        submit()
    kinds: Counter[str] = Counter()
    for query in captured.captured_queries:
        match = _STATEMENT.match(query["sql"])
        kinds[f"{match[1].upper()} {match[2]}".strip() if match else "other"] += 1
    return kinds


def profiled(submit: Submitter, count: int) -> pstats.Stats:
    # The thread's CPU time as the clock: what each part costs in CPU, whatever else runs on
    # the machine; waiting for PostgreSQL counts only in `timed`.
    profile = cProfile.Profile(time.thread_time)
    profile.enable()
    for _ in range(count):
        submit()
    profile.disable()
    return pstats.Stats(profile)


def part_times(stats: pstats.Stats, count: int) -> list[tuple[str, float, float]]:
    """(label, ms per request cumulative, calls per request) of each part in PARTS."""
    table = stats.stats  # type: ignore[attr-defined]
    rows = []
    for label, suffix, name in PARTS:
        cumulative = calls = 0.0
        for (filename, _line, function), (_cc, ncalls, _tt, ct, _callers) in table.items():
            if function == name and filename.endswith(suffix):
                cumulative += ct
                calls += ncalls
        rows.append((label, cumulative * 1000 / count, calls / count))
    return rows


def library_times(stats: pstats.Stats, count: int) -> list[tuple[str, float]]:
    """Own time of every function, summed by the library it belongs to."""
    totals: Counter[str] = Counter()
    for (filename, _line, _function), (_cc, _n, own, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        package = re.search(r"site-packages/([^/]+)/", filename)
        if "/src/jichitai/" in filename:
            library = "jichitai"
        elif package is None:
            library = "standard library, builtins"
        elif package[1] == "django":
            library = "django.db (ORM)" if "/django/db/" in filename else "django (other)"
        else:
            library = package[1]
        totals[library] += own
    return [(library, own * 1000 / count) for library, own in totals.most_common(10)]


def main() -> int:
    args = parse_args()
    args.clients = args.residents  # what prepare_dataset reads besides these
    workdir = Path(tempfile.mkdtemp(prefix="jichitai-profile-"))
    os.environ.update(bench.bench_environment(args, workdir))
    # The server's request path as in production: no DEBUG query log.
    os.environ["JICHITAI_DEBUG"] = "false"
    os.environ["DJANGO_SETTINGS_MODULE"] = "jichitai.config.settings.dev"
    bench.recreate_database(args)

    import django

    django.setup()

    print(f"preparing {args.database} …", flush=True)
    movers, dataset = bench.prepare_dataset(args)
    bench.bind_cards(post_json, movers)
    bench.presign(movers, variants=args.variants, onestop=args.onestop)
    submit = Submitter(movers)
    for _ in range(20):  # the first requests load the catalog, the schemas, the URL map
        submit()

    walls, cpus, dbs = timed(submit, args.requests)
    kinds = query_kinds(submit)
    stats = profiled(submit, args.requests)
    if args.save:
        stats.dump_stats(args.save)

    what = "転出届 + 転入予約" if args.onestop else "転出届"
    print(f"\n== One signed {what}, in-process, one at a time ({args.requests} requests)")
    print(f"machine: {os.cpu_count()} CPUs, {bench._cpu_model()}; load average {bench._loadavg()}")
    print(f"dataset: {dataset}")
    walls.sort()
    print(
        f"wall: median {statistics.median(walls):.1f} ms, p95 {bench.percentile(walls, 0.95):.1f} ms;"
        f" CPU of this thread median {statistics.median(cpus):.1f} ms;"
        f" in the database (round trips, commit) median {statistics.median(dbs):.1f} ms"
    )
    print(f"queries: {sum(kinds.values())} —", ", ".join(f"{k} {n}" for k, n in kinds.items()))
    print("\nCPU under cProfile (its overhead inflates call-heavy parts), ms per request:")
    for label, ms, calls in part_times(stats, args.requests):
        print(f"{ms:8.2f}  {label}" + (f"  ({calls:g} calls)" if calls not in (0, 1) else ""))
    print("\nCPU by library (own time), ms per request:")
    for library, ms in library_times(stats, args.requests):
        print(f"{ms:8.2f}  {library}")
    out = io.StringIO()
    stats.stream = out  # type: ignore[attr-defined]
    stats.sort_stats("tottime").print_stats(args.top)
    print("\nfunctions with the most time of their own:")
    print(out.getvalue().split("\n\n", 1)[-1].replace(str(Path(sys.prefix)), "…"))
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
