"""Failover benchmark (issue 21): signed 転出届 keep arriving while the primary dies.

Needs the HA cluster of `make ha-up` (etcd, Patroni primary + synchronous standby, HAProxy).
The residents' devices submit through HAProxy's app port (8100) to two gunicorn servers that
write through HAProxy's write port (5440). Then:

1. after `--kill-at` seconds, `kill -9` of the primary's postmaster; Patroni promotes the
   synchronous standby, HAProxy follows its /primary check;
2. after `--switchover-at` seconds, a planned `patronictl switchover` back.

Every client retries a submission that did not get its 201 — a 503 problem after its
Retry-After, a refused connection after 1 s — with the same Idempotency-Key, until it lands.
Reported: seconds from the kill to the first 201 of a request sent after it, the longest gap
without a 201, every non-201 answer by status (a 500 or a 503 without Retry-After is a
failure of the product), and then in the new primary: one case per key that got a 201 (none
lost, none twice), each with its submit event and audit record, and the audit chains verified.

    make ha-up
    .venv/bin/python benchmarks/ha_failover.py --rate 50 --seconds 150
    make ha-down WIPE=1

The data is prepared (migrate, demo residents, cards, signatures) before the timed part,
which runs under `flock -x /work/bench.lock` taken by this script (`--lock`).
"""

from __future__ import annotations

import argparse
import fcntl
import http.client
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import itertools

import onestop_load as bench

HA = ROOT / "var" / "ha"
APP_PORT, APP_PORTS = 8100, (8101, 8102)
REST = {"pg1": 8441, "pg2": 8442}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="jichitai_bench_ha")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5440")
    parser.add_argument("--rate", type=float, default=50)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--residents", type=int, default=100)
    parser.add_argument("--population", type=int, default=2000)
    parser.add_argument("--seconds", type=int, default=150)
    parser.add_argument("--kill-at", type=float, default=30)
    parser.add_argument("--switchover-at", type=float, default=100)
    parser.add_argument("--workers", type=int, default=2, help="per app server")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--lock", default="/work/bench.lock", help="'' for none")
    args = parser.parse_args()
    # What onestop_load's helpers read.
    args.variants, args.onestop, args.server_cpus = 5, False, "all"
    return args


# ---------------------------------------------------------------------------- the cluster


def leader() -> str:
    for name, port in REST.items():
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/primary")
            if conn.getresponse().status == 200:
                return name
        except OSError:
            continue
    raise SystemExit("no Patroni leader: is the cluster up (make ha-up)?")


def kill_postmaster(name: str) -> int:
    pid = int((HA / name / "data" / "postmaster.pid").read_text().split()[0])
    os.kill(pid, 9)
    return pid


def switchover(current: str) -> str:
    candidate = "pg2" if current == "pg1" else "pg1"
    subprocess.run(  # noqa: S603
        [
            "/usr/bin/patronictl",
            "-c",
            str(HA / "pg1.yml"),
            "switchover",
            "--leader",
            current,
            "--candidate",
            candidate,
            "--force",
        ],
        check=True,
        capture_output=True,
    )
    return candidate


def wait_sync_standby(seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for port in REST.values():
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/sync")
                if conn.getresponse().status == 200:
                    return True
            except OSError:
                pass
        time.sleep(1)
    return False


def recreate_database(args: argparse.Namespace) -> None:
    import psycopg

    with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as connection:
        # FORCE: the app servers of an earlier run may still hold connections.
        connection.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{args.database}"')


# ---------------------------------------------------------------------------- clients


@dataclass
class Attempt:
    sent: float
    answered: float
    status: int  # 0: no answer (connection refused or reset)
    retry_after: str | None
    replayed: bool


@dataclass
class Submission:
    key: str
    attempts: list[Attempt] = field(default_factory=list)
    case_id: int | None = None


def submit(
    connection: http.client.HTTPConnection, token: str, body: bytes, key: str
) -> tuple[int, bytes, Any]:
    connection.request(
        "POST",
        f"/api/v1/{bench.MIDORI}/portal/cases",
        body=body,
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {token}",
            "Idempotency-Key": key,
        },
    )
    answer = connection.getresponse()
    return answer.status, answer.read(), answer


def run_client(
    mover: bench.Mover, schedule: tuple[float, float, float], out: list[Submission]
) -> None:
    first, interval, stop_at = schedule
    connection = http.client.HTTPConnection("127.0.0.1", APP_PORT, timeout=30)
    planned, turn = first, 0
    while planned < stop_at:
        time.sleep(max(0.0, planned - time.perf_counter()))
        submission = Submission(uuid.uuid4().hex)
        body = mover.bodies[turn % len(mover.bodies)]
        turn += 1
        # Retry until it lands (or the run is long over): the same key every time.
        while submission.case_id is None and time.perf_counter() < stop_at + 60:
            sent = time.perf_counter()
            wait = 1.0
            try:
                status, answer, raw = submit(connection, mover.token, body, submission.key)
                retry_after = raw.getheader("Retry-After")
                replayed = raw.getheader("Idempotent-Replayed") == "true"
                if status == 201:
                    submission.case_id = int(json.loads(answer)["id"])
                elif retry_after:
                    wait = float(retry_after)
                else:
                    bench.FIRST_PROBLEMS.setdefault(status, answer[:400].decode(errors="replace"))
            except (OSError, http.client.HTTPException):
                status, retry_after, replayed = 0, None, False
                connection.close()
            submission.attempts.append(
                Attempt(sent, time.perf_counter(), status, retry_after, replayed)
            )
            if submission.case_id is None:
                time.sleep(wait)
        out.append(submission)
        planned += interval


# ---------------------------------------------------------------------------- report


def recovery(attempts: list[Attempt], at: float) -> tuple[float, float]:
    """Seconds from `at` to the first 201 of a request sent after it, and the longest gap
    between two 201 answers around it."""
    created = sorted(a.answered for a in attempts if a.status == 201)
    first = min((a.answered for a in attempts if a.status == 201 and a.sent >= at), default=0)
    around = [t for t in created if at - 5 <= t <= at + 60]
    gaps = [b - a for a, b in itertools.pairwise(around)]
    return first - at, max(gaps, default=0.0)


def window_failures(attempts: list[Attempt], start: float, end: float) -> Counter[str]:
    failures: Counter[str] = Counter()
    for a in attempts:
        if start <= a.sent < end and a.status != 201:
            label = str(a.status or "no answer")
            if a.status == 503 and not a.retry_after:
                label += " without Retry-After"
            failures[label] += 1
    return failures


def main() -> int:
    args = parse_args()
    import tempfile

    workdir = Path(tempfile.mkdtemp(prefix="jichitai-ha-"))
    env = bench.bench_environment(args, workdir)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "jichitai.config.settings.dev"
    recreate_database(args)
    import django

    django.setup()
    from django.db import connections
    from django.utils import timezone

    print(f"preparing {args.database} through HAProxy …", flush=True)
    movers, dataset = bench.prepare_dataset(args)
    subprocess.run([str(ROOT / "scripts/ha/ha.sh"), "apps-stop"], check=True)  # noqa: S603
    servers = []
    for port in APP_PORTS:
        args.port = port
        servers.append(bench.start_server(args, env))
    lock = open(args.lock, "a") if args.lock else None  # noqa: SIM115
    try:
        args.port = APP_PORT
        bench.bind_cards(lambda path, document: bench._post_json(APP_PORT, path, document), movers)
        bench.presign(movers, variants=args.variants, onestop=False)
        connections.close_all()
        since = timezone.now()
        if lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
        print(f"load average before: {bench._loadavg()}", flush=True)
        first_leader = leader()
        submissions: list[Submission] = []
        started = time.perf_counter()
        stop_at = started + args.seconds
        interval = args.clients / args.rate
        clients = [
            threading.Thread(
                target=run_client,
                args=(
                    movers[i % len(movers)],
                    (started + i * interval / args.clients, interval, stop_at),
                    submissions,
                ),
                daemon=True,
            )
            for i in range(args.clients)
        ]
        for client in clients:
            client.start()
        time.sleep(max(0.0, started + args.kill_at - time.perf_counter()))
        killed_at = time.perf_counter()
        pid = kill_postmaster(first_leader)
        print(
            f"t={killed_at - started:.1f}s kill -9 {pid} (postmaster of {first_leader})", flush=True
        )
        time.sleep(max(0.0, started + args.switchover_at - time.perf_counter()))
        synced = wait_sync_standby(60)
        new_leader = leader()
        switched_at = time.perf_counter()
        back_to = switchover(new_leader)
        print(
            f"t={switched_at - started:.1f}s switchover {new_leader} → {back_to} "
            f"(synchronous standby back before it: {synced})",
            flush=True,
        )
        for client in clients:
            client.join()
        load_after = bench._loadavg()
    finally:
        if lock:
            fcntl.flock(lock, fcntl.LOCK_UN)
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    attempts = [a for s in submissions for a in s.attempts]
    landed = [s for s in submissions if s.case_id is not None]
    statuses = Counter(a.status for a in attempts)
    kill_recovery, kill_gap = recovery(attempts, killed_at)
    switch_recovery, switch_gap = recovery(attempts, switched_at)
    print("\n== HA failover under signed 転出届")
    print(f"machine: {os.cpu_count()} CPUs, {bench._cpu_model()}; whole cluster on them")
    print(f"load average after: {load_after}")
    print(
        f"dataset: {dataset}; {args.clients} clients paced at {args.rate:g}/s for "
        f"{args.seconds} s; 2 app servers x {args.workers} workers x {args.threads} threads"
    )
    print(
        f"submissions: {len(submissions)}, landed {len(landed)}; attempts {len(attempts)}: "
        f"{dict(statuses)}"
    )
    duration = max(a.answered for a in attempts) - started
    print(f"throughput: {len(landed) / duration:.1f}/s overall")
    print(
        f"kill -9 at {killed_at - started:.1f}s: first write {kill_recovery:.2f} s after, "
        f"longest gap without a 201 {kill_gap:.2f} s; failed attempts: "
        f"{dict(window_failures(attempts, killed_at - 1, killed_at + 60))}"
    )
    print(
        f"switchover at {switched_at - started:.1f}s: first write {switch_recovery:.2f} s after, "
        f"longest gap {switch_gap:.2f} s; failed attempts: "
        f"{dict(window_failures(attempts, switched_at - 1, switched_at + 60))}"
    )
    retried = [s for s in landed if len(s.attempts) > 1]
    replays = sum(1 for s in landed if s.attempts[-1].replayed)
    print(
        f"retried submissions: {len(retried)} (answered as a replay of a committed first "
        f"try: {replays})"
    )
    for status, problem in bench.FIRST_PROBLEMS.items():
        print(f"first {status}: {problem}")
    case_ids = [s.case_id for s in landed]
    print(f"distinct cases in the answers: {len(set(case_ids))} for {len(landed)} keys")
    print(f"new primary: {leader()}")
    ok = bench.verify(created=len(landed), onestop=False, since=since)
    ok &= len(set(case_ids)) == len(landed) and not statuses.get(500)
    from jichitai.procedures.models import Case
    from jichitai.tenants.citus import cross_municipality_references

    found = set(Case.objects.filter(pk__in=case_ids).values_list("pk", flat=True))
    print(f"committed cases lost: {len(set(case_ids) - found)}")
    print(f"rows pointing at another municipality's row: {cross_municipality_references()}")
    ok &= found == set(case_ids)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
