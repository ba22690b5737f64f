"""Load benchmark: the March-April moving peak (issue #5, "Performance").

100 residents at once submit signed 転出届 (optionally with the 転入予約 of the 引越しワンストップ)
through the residents' API to the production server (gunicorn, prod settings, PostgreSQL),
from this second process on loopback. Target: ≥ 50 submissions/s for 5 minutes, p95 ≤ 300 ms,
zero errors.

    # the whole run: scratch database, server, 5 minutes of load, checks (≈ 7 minutes)
    .venv/bin/python benchmarks/onestop_load.py
    # shorter, or with the 転入予約 pair, or another server layout
    .venv/bin/python benchmarks/onestop_load.py --seconds 60 --onestop --workers 3 --threads 4

What it does:
1. Prepares a scratch PostgreSQL database (`--database`, dropped and created again): migrate,
   the national code list, みどり市 102121 and みなかみ町 104493 onboarded (demo_seed),
   `--population` demo residents in each, and a virtual card for `--residents` heads of
   household of みどり市 under a test CA made in a temporary directory.
2. Starts `gunicorn jichitai.config.wsgi` with DJANGO_SETTINGS_MODULE=…settings.prod. The
   production settings trust only JPKI_TRUST_ANCHORS (no default) and never issue virtual
   cards; the server is given the bench CA's certificate as its trust anchor and its CRL is
   loaded in the database, exactly as an operator configures J-LIS's CAs. Nothing else is
   relaxed: every certificate is chain-checked, revocation-checked and every signature
   verified. JICHITAI_SSL_REDIRECT=false because loopback has no TLS terminator in front.
3. Binds every card through the API (challenge, 利用者証明用 answer, 署名用 signature over the
   binding statement) and keeps each resident's token.
4. Signs the submissions here, before timing (the card signs on the resident's device, not on
   the server): `--variants` different 転出予定日 per resident.
5. Runs `--clients` threads, each a resident with a keep-alive connection, POSTing signed
   submissions with a fresh Idempotency-Key for `--seconds`.
6. Reports throughput (overall, per 10-second window), the client's latency percentiles beside
   the server's own (Server-Timing: time in Django, CPU of its thread, time in the database),
   errors by status, peak RSS of server and client, the machine and the dataset. The server
   runs on --server-cpus and this process on --client-cpus (CPU 1 and CPU 0 by default), so
   one does not take the other's time; --hogs adds other work. Then it checks in the database
   that every 201 made its case(s), each with its CaseEvent and audit record, and that the
   audit chains verify.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import http.client
import json
import os
import platform
import random
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

MIDORI, MINAKAMI = "102121", "104493"
PIN, PASSWORD = "1234", "JICHITAI1"  # the virtual cards' defaults
WINDOW_SECONDS = 10


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="jichitai_bench_load")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--residents", type=int, default=100, help="cards, one per household")
    parser.add_argument("--population", type=int, default=2000, help="demo residents per town")
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument(
        "--rate",
        type=float,
        default=50,
        help="submissions/s the residents together aim at; 0: each submits again at once",
    )
    parser.add_argument("--variants", type=int, default=5, help="signed payloads per resident")
    parser.add_argument("--onestop", action="store_true", help="with the 転入予約 pair")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--server-cpus",
        default="1",
        help="CPUs the server (master and workers) runs on, e.g. 1 or 0,1; 'all': not pinned",
    )
    parser.add_argument(
        "--client-cpus",
        default="0",
        help="CPUs this load process runs on while it measures; 'all': not pinned",
    )
    parser.add_argument(
        "--hogs",
        type=int,
        default=0,
        help="other work on the machine: this many busy-looping processes, not pinned",
    )
    parser.add_argument("--hog-nice", type=int, default=0, help="their niceness (0 to 19)")
    parser.add_argument(
        "--warmup",
        type=int,
        default=0,
        help="seconds of load at the same rate before measuring (not counted)",
    )
    return parser.parse_args()


def cpu_set(text: str) -> set[int] | None:
    """ "0,1" or "1" as a set of CPUs; "all" as None (not pinned)."""
    if text == "all":
        return None
    return {int(part) for part in text.split(",")}


# ---------------------------------------------------------------------------- environment


def bench_environment(args: argparse.Namespace, workdir: Path) -> dict[str, str]:
    """What both this process and the server need to agree on: the database, the keys that
    encrypt 個人番号, chain the audit log and sign payment notifications, and the bench CA as
    the only trust anchor."""
    ca_dir = workdir / "ca"
    return {
        "DATABASE_URL": f"{args.pg}/{args.database}",
        "JICHITAI_SECRET_KEY": secrets.token_urlsafe(50),
        "JICHITAI_ENCRYPTION_KEYS": "k1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
        "JICHITAI_LOOKUP_KEY": secrets.token_urlsafe(32),
        "JICHITAI_AUDIT_KEY": secrets.token_urlsafe(32),
        # The production settings refuse to start without it (payments.online).
        "JICHITAI_PAYMENT_WEBHOOK_SECRET": secrets.token_urlsafe(32),
        "JPKI_TEST_CA_DIR": str(ca_dir),
        "JPKI_VIRTUAL_CARD_DIR": str(workdir / "cards"),
        "JPKI_TRUST_ANCHORS": str(ca_dir / "ca.pem"),
        "JPKI_CRL_FILES": str(ca_dir / "crl.pem"),
        "JICHITAI_LOG_LEVEL": "WARNING",
    }


def recreate_database(args: argparse.Namespace) -> None:
    import psycopg

    with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{args.database}"')
        connection.execute(f'CREATE DATABASE "{args.database}"')


# ---------------------------------------------------------------------------- dataset


@dataclass
class Mover:
    """One household head with a card, and what the load process sends for them."""

    card_id: str
    resident_id: int
    token: str = ""
    bodies: list[bytes] = field(default_factory=list)


def prepare_dataset(args: argparse.Namespace) -> tuple[list[Mover], dict[str, int]]:
    from django.core.management import call_command

    from jichitai.demo.services import demo_residents_seed, demo_seed
    from jichitai.identity.jpki.revocation import crl_load
    from jichitai.identity.jpki.virtual_card import VirtualCertificateAuthority
    from jichitai.registry.models import Resident, ResidentStatus

    call_command("migrate", verbosity=0)
    demo_seed(seed=1)
    demo_residents_seed(seed=1, count=args.population)
    authority = VirtualCertificateAuthority.create()
    crl_load(data=authority.crl_path.read_bytes())
    heads = list(
        Resident.objects.for_municipality(MIDORI)
        .filter(status=ResidentStatus.ACTIVE, relationship="世帯主", resident_type="japanese")
        .exclude(my_number_cipher="")
        .order_by("pk")
    )
    movers = [_card_for(head) for head in _unique_basic_four(heads)[: args.residents]]
    if len(movers) < args.residents:
        raise SystemExit(f"only {len(movers)} heads of household to give cards to")
    dataset = {
        "residents_102121": Resident.objects.for_municipality(MIDORI).count(),
        "residents_104493": Resident.objects.for_municipality(MINAKAMI).count(),
        "cards": len(movers),
    }
    return movers, dataset


def _unique_basic_four(heads: list[Any]) -> list[Any]:
    # A card binds only when its 基本4情報 match exactly one living resident.
    seen = Counter((h.name, h.birth_date) for h in heads)
    return [h for h in heads if seen[(h.name, h.birth_date)] == 1]


def _card_for(resident: Any) -> Mover:
    from jichitai.identity.jpki.virtual_card import virtual_card_issue
    from jichitai.registry.crypto import my_number_decrypt

    card = virtual_card_issue(
        name=resident.name,
        birth_date=resident.birth_date,
        sex=resident.sex if resident.sex in ("1", "2") else "3",
        address=f"{resident.address}{resident.address_extra}",
        my_number=my_number_decrypt(
            resident.my_number_cipher,
            lg_code=resident.municipality_id,
            atena_number=resident.atena_number,
        ),
    )
    return Mover(card_id=card.card_id, resident_id=resident.pk)


# ---------------------------------------------------------------------------- server


def start_server(args: argparse.Namespace, env: dict[str, str]) -> subprocess.Popen[bytes]:
    server_env = {
        **os.environ,
        **env,
        "DJANGO_SETTINGS_MODULE": "jichitai.config.settings.prod",
        # This checkout's code, as this process runs it, whichever checkout the virtualenv's
        # editable install points at (a git worktree shares another's .venv).
        "PYTHONPATH": str(ROOT / "src"),
        "JICHITAI_SSL_REDIRECT": "false",
        "JICHITAI_ALLOWED_HOSTS": "127.0.0.1",
        # Persistent connections: a new PostgreSQL backend per request would cost more than
        # the request itself.
        "JICHITAI_DB_CONN_MAX_AGE": "600",
        # Every resident binds a card from this one loopback address: two challenges each.
        "JICHITAI_RATE_CHALLENGES": "1000/m",
        # Each answer says how long Django took, its thread's CPU time and the database's.
        "JICHITAI_SERVER_TIMING": "true",
    }
    cpus = cpu_set(args.server_cpus)
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "jichitai.config.wsgi",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--worker-class",
        "gthread",
        "--keep-alive",
        "30",
        "--backlog",
        "512",
    ]
    # The workers inherit the master's CPUs.
    server = subprocess.Popen(  # noqa: S603
        command,
        env=server_env,
        cwd=ROOT,
        preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _, _ = request(args.port, "GET", "/api/v1/municipalities?limit=1")
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    server.terminate()
    raise SystemExit("the server did not start")


def request(
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    connection: http.client.HTTPConnection | None = None,
) -> tuple[int, bytes, str]:
    """Status, body and the Server-Timing header of one request."""
    conn = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request(
        method, path, body=body, headers={"Content-Type": "application/json", **(headers or {})}
    )
    answer = conn.getresponse()
    return answer.status, answer.read(), answer.getheader("Server-Timing", "")


def _post_json(port: int, path: str, document: dict[str, Any]) -> dict[str, Any]:
    status, body, _ = request(port, "POST", path, json.dumps(document).encode())
    if status != 201:
        raise SystemExit(f"POST {path} answered {status}: {body[:300]!r}")
    return dict(json.loads(body))


def bind_cards(post: Callable[[str, dict[str, Any]], dict[str, Any]], movers: list[Mover]) -> None:
    """Every card through the real first sign-in of the API (not timed); `post` sends a JSON
    document and returns the 201 answer's."""
    from cryptography.hazmat.primitives.serialization import Encoding

    from jichitai.identity.jpki.virtual_card import VirtualCard
    from jichitai.portal.services import binding_statement

    base = f"/api/v1/{MIDORI}/portal"
    for mover in movers:
        card = VirtualCard.load(mover.card_id)
        nonce = post(f"{base}/challenges", {"purpose": "sign_in"})["nonce"]
        bind_nonce = post(f"{base}/challenges", {"purpose": "card_binding"})["nonce"]
        statement = binding_statement(municipality_code=MIDORI, nonce=bind_nonce)
        answer = {
            "nonce": nonce,
            "signature": _b64(card.sign_challenge(bytes.fromhex(nonce), PIN)),
            "certificate": _b64(card.authentication_certificate.public_bytes(Encoding.DER)),
            "bind_nonce": bind_nonce,
            "bind_signature": _b64(card.sign_data(statement, PASSWORD)),
        }
        mover.token = post(f"{base}/card-bindings", answer)["token"]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# ---------------------------------------------------------------------------- signing


def presign(movers: list[Mover], *, variants: int, onestop: bool) -> None:
    """The signed bodies each resident will send: their household moves to みなかみ町."""
    from jichitai.identity.jpki.virtual_card import VirtualCard
    from jichitai.procedures.selectors import case_signing_bytes
    from jichitai.procedures.signing import SignedApplication
    from jichitai.registry.models import Resident, ResidentStatus

    today = dt.date.today()
    for mover in movers:
        card = VirtualCard.load(mover.card_id)
        head = Resident.objects.get(pk=mover.resident_id)
        household = list(
            Resident.objects.filter(
                household_id=head.household_id, status=ResidentStatus.ACTIVE
            ).order_by("pk")
        )
        for offset in range(variants):
            move_out = _move_out(head, household, today + dt.timedelta(days=3 + offset))
            applications = [SignedApplication(MIDORI, "move_out", move_out)]
            body: dict[str, Any] = {"procedure_id": "move_out", "data": move_out}
            if onestop:
                move_in = _move_in(head, move_out)
                applications.append(SignedApplication(MINAKAMI, "move_in_reservation", move_in))
                body |= {"destination_lg_code": MINAKAMI, "move_in_data": move_in}
            signed = case_signing_bytes(applications=applications)
            body["signature"] = _b64(card.sign_data(signed, PASSWORD))
            mover.bodies.append(json.dumps(body, ensure_ascii=False).encode())


NEW_ADDRESS = "群馬県利根郡みなかみ町後閑318番地"


def _move_out(head: Any, household: list[Any], planned: dt.date) -> dict[str, Any]:
    return {
        "applicant": {
            "name": head.name,
            "name_kana": head.name_kana,
            "birth_date": head.birth_date.isoformat(),
            "address": f"{head.address}{head.address_extra}",
        },
        # As the portal prefills them from the register (household_members).
        "movers": [
            {
                "resident_id": m.pk,
                "name": m.name,
                "name_kana": m.name_kana,
                "birth_date": m.birth_date.isoformat(),
                "relationship": m.relationship,
            }
            for m in household
        ],
        "planned_move_on": planned.isoformat(),
        "moving_to": {"address": NEW_ADDRESS},
    }


def _move_in(head: Any, move_out: dict[str, Any]) -> dict[str, Any]:
    """As the portal derives it from the 転出届 (portal.views.procedures._move_in_data)."""
    applicant = move_out["applicant"]
    return {
        "applicant": {
            "name": applicant["name"],
            "name_kana": applicant["name_kana"],
            "birth_date": applicant["birth_date"],
            "sex": head.sex,
            "current_address": applicant["address"],
        },
        "movers": move_out["movers"],
        "planned_move_in_on": move_out["planned_move_on"],
        "new_address": {"address": NEW_ADDRESS},
    }


# ---------------------------------------------------------------------------- load


FIRST_PROBLEMS: dict[int, str] = {}


@dataclass
class Sample:
    finished: float  # time.perf_counter() at the answer
    latency_ms: float
    status: int
    # From the Server-Timing header: Django's wall time, its thread's CPU time, the time
    # waiting on the database, and the number of queries.
    server: dict[str, float] = field(default_factory=dict)


def server_timing(header: str) -> dict[str, float]:
    """`app;dur=12.3, cpu;dur=8.0, db;dur=3.1;desc="9 queries"` as {"app": 12.3, …,
    "queries": 9}."""
    timing: dict[str, float] = {}
    for metric in filter(None, (part.strip() for part in header.split(","))):
        name, *params = (param.strip() for param in metric.split(";"))
        for param in params:
            key, _, value = param.partition("=")
            if key == "dur":
                timing[name] = float(value)
            elif key == "desc" and name == "db":
                timing["queries"] = float(value.strip('"').split()[0])
    return timing


def run_client(
    port: int, mover: Mover, schedule: tuple[float, float, float], samples: list[Sample]
) -> None:
    """One resident: submits at `first`, then every `interval` seconds until `stop_at`
    (back to back when `interval` is 0). Latency counts from the planned moment, so a slow
    answer that delays the next submission is not hidden (no coordinated omission)."""
    first, interval, stop_at = schedule
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {mover.token}"}
    rng = random.Random(mover.resident_id)
    path = f"/api/v1/{MIDORI}/portal/cases"
    planned = first
    # A server that falls behind is not given extra time: the run ends at `stop_at`.
    while planned < stop_at and time.perf_counter() < stop_at:
        time.sleep(max(0.0, planned - time.perf_counter()))
        begin = planned if interval else time.perf_counter()
        timing = ""
        try:
            status, answer, timing = request(
                port,
                "POST",
                path,
                rng.choice(mover.bodies),
                {**headers, "Idempotency-Key": uuid.uuid4().hex},
                connection,
            )
            if status != 201:
                # The problem document says which rule refused (codes, pointers; no values).
                FIRST_PROBLEMS.setdefault(status, answer[:600].decode(errors="replace"))
        except (OSError, http.client.HTTPException):
            status = 0
            connection.close()
        end = time.perf_counter()
        samples.append(Sample(end, (end - begin) * 1000, status, server_timing(timing)))
        planned = planned + interval if interval else end


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def server_pids(server: subprocess.Popen[bytes]) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    try:
        return [server.pid, *map(int, children.read_text().split())]
    except OSError:
        return [server.pid]


def load(
    args: argparse.Namespace, movers: list[Mover], server: subprocess.Popen[bytes], seconds: int
) -> Any:
    samples: list[Sample] = []
    started = time.perf_counter()
    stop_at = started + seconds
    # Each resident submits every clients/rate seconds, the residents evenly staggered.
    interval = args.clients / args.rate if args.rate else 0.0
    clients = [
        threading.Thread(
            target=run_client,
            args=(
                args.port,
                movers[i % len(movers)],
                (started + i * interval / args.clients, interval, stop_at),
                samples,
            ),
            daemon=True,
        )
        for i in range(args.clients)
    ]
    for client in clients:
        client.start()
    peak_total = peak_worker = 0
    while any(c.is_alive() for c in clients):
        sizes = [rss_kib(pid) for pid in server_pids(server)]
        peak_total, peak_worker = max(peak_total, sum(sizes)), max(peak_worker, *sizes)
        time.sleep(1)
    for sample in samples:
        sample.finished -= started
    return samples, peak_total, peak_worker


# ---------------------------------------------------------------------------- report


def percentile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(
    args: argparse.Namespace, samples: list[Sample], dataset: dict[str, int], rss: tuple[int, int]
) -> int:
    created = [s for s in samples if s.status == 201]
    errors = Counter(s.status for s in samples if s.status != 201)
    # Until the last answer: requests sent just before the end are waited for.
    duration = max(s.finished for s in samples)
    windows = Counter(int(s.finished // WINDOW_SECONDS) for s in created)
    full_windows = [
        windows.get(w, 0) / WINDOW_SECONDS for w in range(int(duration) // WINDOW_SECONDS)
    ]
    latencies = sorted(s.latency_ms for s in samples)
    server = {
        name: sorted(s.server[name] for s in created if name in s.server)
        for name in ("app", "cpu", "db", "queries")
    }
    print("\n== Online 転出届 load", "(転出届 + 転入予約)" if args.onestop else "(転出届)")
    print(f"machine: {os.cpu_count()} CPUs, {_cpu_model()}, Python {platform.python_version()}")
    print(f"load average after: {_loadavg()}")
    print(f"dataset: {dataset}")
    print(
        f"server: gunicorn gthread, {args.workers} workers x {args.threads} threads; "
        f"{args.clients} clients for {args.seconds} s, "
        + (f"paced at {args.rate:g}/s" if args.rate else "back to back (capacity)")
    )
    print(f"submissions: {len(samples)} sent, {len(created)} created (201)")
    print(f"throughput: {len(created) / duration:.1f} submissions/s overall ({duration:.0f} s)")
    print(
        f"per {WINDOW_SECONDS}-s window: min {min(full_windows):.1f}, "
        f"median {statistics.median(full_windows):.1f}, max {max(full_windows):.1f}"
    )
    print("windows:", " ".join(f"{w:.0f}" for w in full_windows))
    print(
        f"pinned: server on CPUs {args.server_cpus}, load process on {args.client_cpus}; "
        f"other work: {args.hogs} busy loop(s) at nice {args.hog_nice}"
        + (f"; measured after {args.warmup} s of warm-up" if args.warmup else "")
    )
    print("latency (ms)          p50     p95     p99     max")
    rows = [("client (from planned)", latencies)]
    rows += [
        (label, server[name])
        for label, name in (
            ("server: in Django", "app"),
            ("server: CPU of thread", "cpu"),
            ("server: in database", "db"),
        )
        if server[name]
    ]
    for label, values in rows:
        print(
            f"{label:<21} {percentile(values, 0.5):7.1f} {percentile(values, 0.95):7.1f} "
            f"{percentile(values, 0.99):7.1f} {values[-1]:7.1f}"
        )
    if server["queries"]:
        print(f"queries per submission: median {statistics.median(server['queries']):.0f}")
    print(f"errors by status: {dict(errors) or 'none'}")
    for status, problem in FIRST_PROBLEMS.items():
        print(f"first {status}: {problem}")
    print(
        f"peak RSS: server {rss[0] / 1024:.0f} MiB in all (largest process {rss[1] / 1024:.0f} MiB), "
        f"client {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )
    return len(created)


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def hogs_start(args: argparse.Namespace) -> list[subprocess.Popen[bytes]]:
    """Other work on the machine while the server is measured: busy loops, not pinned."""
    return [
        subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", f"import os\nos.nice({args.hog_nice})\nwhile True: pass"]
        )
        for _ in range(args.hogs)
    ]


def _loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def verify(*, created: int, onestop: bool, since: dt.datetime) -> bool:
    """Every 201 made its case(s); every case has its submit event and audit record."""
    from django.db.models import Exists, OuterRef

    from jichitai.audit.models import AuditRecord
    from jichitai.audit.services import audit_chain_verify
    from jichitai.procedures.models import Case, CaseEvent

    ok = True
    for lg_code in (MIDORI, MINAKAMI) if onestop else (MIDORI,):
        cases = Case.objects.filter(municipality_id=lg_code, submitted_at__gte=since)
        count = cases.count()
        no_event = cases.exclude(
            Exists(CaseEvent.objects.filter(case=OuterRef("pk"), activity="submit"))
        ).count()
        audited = set(
            AuditRecord.objects.filter(chain=lg_code, action="case.submit").values_list(
                "object_id", flat=True
            )
        )
        no_audit = sum(1 for pk in cases.values_list("pk", flat=True) if str(pk) not in audited)
        print(
            f"check {lg_code}: {count} cases for {created} created answers, "
            f"{no_event} without CaseEvent, {no_audit} without audit record"
        )
        ok &= count == created and no_event == 0 and no_audit == 0
    verification = audit_chain_verify()
    print(
        f"audit chains: {verification.chains} chains, {verification.records} records, "
        f"{len(verification.problems)} problems"
    )
    return ok and verification.ok


# ---------------------------------------------------------------------------- main


def main() -> int:
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="jichitai-load-"))
    env = bench_environment(args, workdir)
    os.environ.update(env)
    # This process prepares the data and plays the residents' devices (which may hold
    # virtual cards); the server runs with the production settings.
    os.environ["DJANGO_SETTINGS_MODULE"] = "jichitai.config.settings.dev"
    recreate_database(args)

    import django

    django.setup()
    from django.utils import timezone

    print(f"preparing {args.database} …", flush=True)
    movers, dataset = prepare_dataset(args)
    print(f"load average before: {_loadavg()}", flush=True)
    server = start_server(args, env)
    hogs: list[subprocess.Popen[bytes]] = []
    try:
        bind_cards(lambda path, document: _post_json(args.port, path, document), movers)
        presign(movers, variants=args.variants, onestop=args.onestop)
        since = timezone.now()
        client_cpus = cpu_set(args.client_cpus)
        if client_cpus:
            os.sched_setaffinity(0, client_cpus)
        hogs = hogs_start(args)
        warm: list[Sample] = []
        if args.warmup:
            print(f"warming up for {args.warmup} s …", flush=True)
            warm = load(args, movers, server, args.warmup)[0]
        print(f"running {args.clients} clients for {args.seconds} s …", flush=True)
        samples, peak_total, peak_worker = load(args, movers, server, args.seconds)
    finally:
        for hog in hogs:
            hog.terminate()
        server.terminate()
        server.wait(timeout=30)
    created = report(args, samples, dataset, (peak_total, peak_worker))
    # The warm-up's cases are checked too.
    warm_created = sum(1 for s in warm if s.status == 201)
    ok = verify(created=created + warm_created, onestop=args.onestop, since=since)
    shutil.rmtree(workdir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
