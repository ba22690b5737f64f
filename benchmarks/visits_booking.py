"""Benchmark of 来庁予約 at the spring peak (issue #16): 2,000 residents try to book the same
morning within one minute while the display boards of 10 counters poll.

    # the whole run: scratch database, server, worker, one minute of residents, checks
    .venv/bin/python benchmarks/visits_booking.py
    # the timed part alone on the machine (test runs hold /work/bench.lock shared)
    .venv/bin/python benchmarks/visits_booking.py --lock /work/bench.lock
    # another server layout, or the rate limits and sessions in Redis
    .venv/bin/python benchmarks/visits_booking.py --workers 3 --threads 1
    .venv/bin/python benchmarks/visits_booking.py --cache-url redis://127.0.0.1:6379/9

In the shape of production, on loopback:
1. A scratch PostgreSQL database (`--database`, dropped and created again): migrate, the
   national code list, みなかみ町 104493 with its default services and 10 counters, and the
   peak's service: 10-minute slots of 50 places from 8:30 to 12:00 (1,050 places), so about
   half of the 2,000 get one.
2. The product under gunicorn (gthread, `--workers` x `--threads`, production settings,
   persistent database connections, Server-Timing on) and beside it the task worker
   (`--task-workers` x `jichitai db_worker`), which delivers every SMS through `JICHITAI_SMS_GATEWAY`: here
   `PhoneGateway` below, the carrier that hands each message to the residents' phones in this
   process (a UDP datagram on loopback). So a resident reads their code when the worker has
   sent it, not from the database.
3. This process plays the browsers, one thread and one connection per resident, arriving at
   times drawn uniformly over `--seconds`: GET the booking page of the morning (CSRF cookie
   and token, the slots shown free), POST book/ with a free slot, a name and a mobile number,
   follow the redirect (GET confirm/), wait for the SMS, POST confirm/ with its code. Each
   resident sends X-Forwarded-For with an address of their own and the server trusts one
   proxy (JICHITAI_TRUSTED_PROXIES=1): the production rate limits apply per resident, as
   when 2,000 phones book through the municipality's reverse proxy.
4. Meanwhile 10 boards poll board/state/ as the page does (1.5 s after each answer), and 10
   counters call a ticket every few seconds through the queue service in this process (the
   staff pages need a 2FA sign-in); a call's delay runs from its commit to the first poll
   that shows it.
Reports p50/p95 of each request kind (client side, plus the server's own time, CPU and
queries from Server-Timing), the SMS's delay, call to board, accepted bookings against the
places, distinct 予約番号, slots over capacity, the CPU time of gunicorn, the worker and the
database's backends, peak RSS, load average before and after.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import fcntl
import http.client
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from onestop_load import (  # the server, environment and /proc helpers of the other load benchmark
    _cpu_model,
    _loadavg,
    bench_environment,
    percentile,
    recreate_database,
    rss_kib,
    server_pids,
    server_timing,
    start_server,
)

ROOT = Path(__file__).resolve().parents[1]
LG_CODE = "104493"
SERVICE = "peak"
BOARDS = 10
POLL_SECONDS = 1.5  # static/jichitai/js/visits-board.js
PHONE_PORT_ENV = "VISITS_BENCH_PHONE_PORT"
CODE_WAIT_SECONDS = 60


class PhoneGateway:
    """The SMS carrier of this benchmark (JICHITAI_SMS_GATEWAY in the worker): delivers each
    message to the phones of the load process, a UDP datagram on loopback."""

    def __init__(self) -> None:
        self.address = ("127.0.0.1", int(os.environ[PHONE_PORT_ENV]))
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)

    def send(self, *, to: str, body: str) -> None:
        self.socket.sendto(json.dumps({"to": to, "body": body}).encode(), self.address)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="jt_visits_bench")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--residents", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument(
        "--lock", default="", help="a file to flock exclusively for the timed part only"
    )
    parser.add_argument("--task-workers", type=int, default=2, help="db_worker processes")
    parser.add_argument("--server-cpus", default="all", help="as in onestop_load.py")
    parser.add_argument(
        "--cache-url", default="", help="JICHITAI_CACHE_URL of the server; empty: database cache"
    )
    parser.add_argument(
        "--sessions",
        default="",
        help="JICHITAI_SESSION_ENGINE of the server (db, cache, cached_db); empty: the default",
    )
    return parser.parse_args()


# ---------------------------------------------------------------------------- dataset


def prepare(args: argparse.Namespace) -> tuple[dt.date, int]:
    """The municipality, its counters and the peak's service; the morning and its places."""
    from django.core.management import call_command

    from jichitai.tenants.services import municipality_onboard
    from jichitai.visits.models import Counter as VisitCounter
    from jichitai.visits.models import Service
    from jichitai.visits.services import visits_setup_defaults
    from jichitai.visits.slots import local_today, open_days, slot_starts

    call_command("migrate", verbosity=0)
    call_command("load-municipalities", verbosity=0)
    municipality_onboard(lg_code=LG_CODE, actor=None, mayor_title="町長")
    visits_setup_defaults(municipality_code=LG_CODE)
    certificates = Service.objects.filter(municipality_id=LG_CODE, key="certificates")
    for number in range(1, BOARDS + 1):
        counter, _ = VisitCounter.objects.get_or_create(
            municipality_id=LG_CODE, number=number, defaults={"name": f"{number}番窓口"}
        )
        counter.services.add(*certificates, through_defaults={"municipality_id": LG_CODE})
    service = Service.objects.create(
        municipality_id=LG_CODE,
        key=SERVICE,
        name="住民異動（繁忙期）",
        prefix="P",
        slot_minutes=10,
        capacity=50,
        opens_at=dt.time(8, 30),
        closes_at=dt.time(12),
    )
    # The next open day after today: the whole morning is still ahead.
    morning = open_days(service, first=local_today(), count=2)[1]
    return morning, len(slot_starts(service, morning)) * service.capacity


# ---------------------------------------------------------------------------- phones


class Phones:
    """The residents' phones: the codes the carrier delivered, by number."""

    def __init__(self) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.codes: dict[str, str] = {}
        self.arrived = threading.Condition()
        threading.Thread(target=self._receive, daemon=True).start()

    def _receive(self) -> None:
        while True:
            message = json.loads(self.socket.recv(65536))
            found = re.search(r"確認コードは (\d{6})", message["body"])
            if found:
                with self.arrived:
                    self.codes[message["to"]] = found[1]
                    self.arrived.notify_all()

    def wait_code(self, number: str, timeout: float) -> str | None:
        with self.arrived:
            self.arrived.wait_for(lambda: number in self.codes, timeout)
            return self.codes.get(number)


# ---------------------------------------------------------------------------- browsers


@dataclass
class Results:
    # kind -> [(client ms, Server-Timing)]
    requests: dict[str, list[tuple[float, dict[str, float]]]] = field(
        default_factory=lambda: {k: [] for k in ("page", "ask", "confirm_page", "book", "poll")}
    )
    code_delay: list[float] = field(default_factory=list)
    call_delay: list[float] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, began: float, timing: str) -> None:
        with self.lock:
            self.requests[kind].append(
                ((time.perf_counter() - began) * 1000, server_timing(timing))
            )


class Browser:
    """One resident's browser: a keep-alive connection, its cookies, its address."""

    def __init__(self, port: int, address: str) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.address = address
        self.cookies: dict[str, str] = {}

    def send(
        self,
        results: Results,
        kind: str,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
    ) -> tuple[int, str, str]:
        """Status, body and Location of one request, timed as `kind`."""
        headers = {"X-Forwarded-For": self.address}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        began = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            answer = self.connection.getresponse()
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            # The server closed the idle keep-alive connection (while the resident read
            # their SMS): a browser opens a new one and sends again, and so does this.
            self.connection.close()
            began = time.perf_counter()
            self.connection.request(method, path, body=body, headers=headers)
            answer = self.connection.getresponse()
        text = answer.read().decode()
        results.add(kind, began, answer.getheader("Server-Timing", ""))
        for header in answer.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return answer.status, text, answer.getheader("Location", "")


_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_FREE = re.compile(r'<input type="radio" name="starts_at" value="([^"]+)">')


def resident(n: int, port: int, morning: dt.date, phones: Phones, results: Results) -> None:
    browser = Browser(port, f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}")
    number = f"090{n:08d}"
    book = f"/{LG_CODE}/visits/book/{SERVICE}/?day={morning.isoformat()}"
    try:
        status, page, _ = browser.send(results, "page", "GET", book)
        free = _FREE.findall(page)
        if status != 200 or not free:
            results.outcomes["page_full" if status == 200 else f"page_{status}"] += 1
            return
        token = _TOKEN.search(page)[1]  # type: ignore[index]
        form = {"csrfmiddlewaretoken": token, "starts_at": random.choice(free)}
        status, _, location = browser.send(
            results, "ask", "POST", book, form | {"name": f"住民　{n}", "phone": number}
        )
        if status != 302:
            results.outcomes["ask_full" if status == 422 else f"ask_{status}"] += 1
            return
        asked = time.perf_counter()
        browser.send(results, "confirm_page", "GET", location)
        code = phones.wait_code(number, CODE_WAIT_SECONDS)
        if code is None:
            results.outcomes["no_code"] += 1
            return
        results.code_delay.append(time.perf_counter() - asked)
        status, page, _ = browser.send(
            results, "book", "POST", location, {"csrfmiddlewaretoken": token, "code": code}
        )
        booked = status == 200 and 'data-testid="reservation-code"' in page
        results.outcomes["booked" if booked else f"book_{status}"] += 1
    except (OSError, http.client.HTTPException):
        results.outcomes["connection_error"] += 1
    finally:
        browser.connection.close()


def board(k: int, port: int, stop: threading.Event, calls: dict[str, float], out: Results) -> None:
    browser = Browser(port, f"10.250.0.{k}")
    seen: set[str] = set()
    while not stop.is_set():
        _status, text, _ = browser.send(out, "poll", "GET", f"/{LG_CODE}/visits/board/state/")
        now = time.perf_counter()
        for call in json.loads(text)["calls"]:
            if call["label"] in calls and call["label"] not in seen:
                seen.add(call["label"])
                out.call_delay.append(now - calls[call["label"]])
        stop.wait(POLL_SECONDS)


def counters(stop: threading.Event, calls: dict[str, float]) -> None:
    """10 counters call the next walk-in every few seconds, through the queue service."""
    from django.db import connections

    from jichitai.identity.models import Role
    from jichitai.identity.services import staff_create
    from jichitai.tenants.models import Municipality
    from jichitai.visits.models import Counter as VisitCounter
    from jichitai.visits.services import ticket_call_next, ticket_issue

    clerk = staff_create(
        municipality=Municipality.objects.get(pk=LG_CODE),
        username="bench-clerk",
        password="not used",
        display_name="窓口",
        roles=[Role.COUNTER],
        actor=None,
        check_password=False,
    )
    ids = list(VisitCounter.objects.filter(municipality_id=LG_CODE).values_list("pk", flat=True))
    while not stop.is_set():
        for counter_id in ids:
            ticket_issue(municipality_code=LG_CODE, service_key="certificates")
            ticket = ticket_call_next(municipality_code=LG_CODE, counter_id=counter_id, actor=clerk)
            calls[ticket.label] = time.perf_counter()
            if stop.wait(0.3):
                break
    connections.close_all()


# ---------------------------------------------------------------------------- processes


def start_workers(
    env: dict[str, str], phone_port: int, count: int
) -> list[subprocess.Popen[bytes]]:
    worker_env = {
        **os.environ,
        **env,
        "DJANGO_SETTINGS_MODULE": "jichitai.config.settings.prod",
        "PYTHONPATH": f"{ROOT / 'src'}:{ROOT / 'benchmarks'}",
        "JICHITAI_SMS_GATEWAY": "visits_booking.PhoneGateway",
        # The worker closes "old" connections after every task: without a persistent one it
        # would open a PostgreSQL backend per message.
        "JICHITAI_DB_CONN_MAX_AGE": "600",
        PHONE_PORT_ENV: str(phone_port),
    }
    command = [sys.executable, "-m", "jichitai.manage", "db_worker", "--queue-name", "*"]
    return [
        subprocess.Popen([*command, "--no-reload"], env=worker_env, cwd=ROOT)  # noqa: S603
        for _ in range(count)
    ]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def database_backends(database: str) -> list[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        )
        return [row[0] for row in cursor.fetchall()]


@dataclass
class Usage:
    cpu_before: dict[int, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    peak_rss_kib: dict[str, int] = field(default_factory=lambda: Counter())


def groups(
    server: subprocess.Popen[bytes], workers: list[subprocess.Popen[bytes]], database: str
) -> dict[str, list[int]]:
    return {
        "gunicorn": server_pids(server),
        "db_worker": [w.pid for w in workers],
        "postgres": database_backends(database),
    }


# ---------------------------------------------------------------------------- run


@contextlib.contextmanager
def exclusive(lock: str) -> Iterator[None]:
    """Only the timed part holds the machine's benchmark lock (test runs hold it shared)."""
    with contextlib.ExitStack() as stack:
        if lock:
            handle = stack.enter_context(open(lock))
            fcntl.flock(handle, fcntl.LOCK_EX)
        print(f"load average before: {_loadavg()}", flush=True)
        yield


def run(
    args: argparse.Namespace, morning: dt.date, phones: Phones, usage: Usage, procs: tuple
) -> Results:
    server, workers = procs
    results = Results()
    calls: dict[str, float] = {}
    stop = threading.Event()
    side = [
        threading.Thread(target=board, args=(k, args.port, stop, calls, results), daemon=True)
        for k in range(BOARDS)
    ]
    side.append(threading.Thread(target=counters, args=(stop, calls), daemon=True))
    for pid in [p for pids in groups(server, workers, args.database).values() for p in pids]:
        usage.cpu_before[pid] = cpu_seconds(pid)
    for thread in side:
        thread.start()
    client_cpu = time.process_time()
    start = time.perf_counter()
    arrivals = sorted(random.uniform(0, args.seconds) for _ in range(args.residents))
    residents = []
    late = []
    for n, at in enumerate(arrivals):
        while time.perf_counter() < start + at:
            time.sleep(max(0.0, min(0.05, start + at - time.perf_counter())))
            _sample_rss(server, workers, usage)
        late.append(time.perf_counter() - start - at)
        thread = threading.Thread(
            target=resident, args=(n, args.port, morning, phones, results), daemon=True
        )
        thread.start()
        residents.append(thread)
    while any(t.is_alive() for t in residents):
        _sample_rss(server, workers, usage)
        time.sleep(0.2)
    results.outcomes["seconds_to_last_answer"] = round(time.perf_counter() - start)
    results.outcomes["max_start_lateness_ms"] = round(max(late) * 1000)
    # Two more polls so the last calls reach the boards.
    time.sleep(2 * POLL_SECONDS + 0.5)
    stop.set()
    for thread in side:
        thread.join(timeout=30)
    for name, pids in groups(server, workers, args.database).items():
        usage.cpu[name] = sum(cpu_seconds(p) - usage.cpu_before.get(p, 0.0) for p in pids)
    usage.cpu["clients (this process)"] = time.process_time() - client_cpu
    return results


_last_rss_sample = [0.0]


def _sample_rss(
    server: subprocess.Popen[bytes], workers: list[subprocess.Popen[bytes]], usage: Usage
) -> None:
    if time.perf_counter() - _last_rss_sample[0] < 1:
        return
    _last_rss_sample[0] = time.perf_counter()
    for name, pids in (("gunicorn", server_pids(server)), ("db_worker", [w.pid for w in workers])):
        usage.peak_rss_kib[name] = max(usage.peak_rss_kib[name], sum(rss_kib(p) for p in pids))


# ---------------------------------------------------------------------------- report


def report(
    args: argparse.Namespace, results: Results, usage: Usage, places: int, morning: dt.date
) -> bool:
    from django.db.models import Count, F

    from jichitai.visits.models import Reservation, Slot

    print(f"\n== 来庁予約 at the spring peak: {args.residents} residents in {args.seconds:g} s")
    print(f"machine: {os.cpu_count()} CPUs, {_cpu_model()}; load average after: {_loadavg()}")
    print(
        f"server: gunicorn gthread {args.workers} x {args.threads}, cache "
        f"{args.cache_url or 'database'}, sessions {args.sessions or 'default'}; "
        f"{args.task_workers} db_worker(s) beside it; CPUs {args.server_cpus}"
    )
    print(f"outcomes: {dict(results.outcomes)}")
    print(
        "request (ms)        n     p50     p95     max | server p50: in Django   CPU   DB  queries"
    )
    for kind, label in (
        ("page", "GET book page"),
        ("ask", "POST book/ (code)"),
        ("confirm_page", "GET confirm/"),
        ("book", "POST confirm/ (book)"),
        ("poll", "GET board/state/"),
    ):
        samples = results.requests[kind]
        if not samples:
            continue
        client = sorted(s[0] for s in samples)

        def median(name: str, samples=samples) -> float:
            values = [s[1][name] for s in samples if name in s[1]]
            return statistics.median(values) if values else float("nan")

        print(
            f"{label:<20}{len(client):5} {percentile(client, 0.5):7.0f} "
            f"{percentile(client, 0.95):7.0f} {client[-1]:7.0f} | {median('app'):20.1f} "
            f"{median('cpu'):5.1f} {median('db'):4.1f} {median('queries'):8.0f}"
        )
    for label, values in (
        ("SMS code: redirect to arrival", results.code_delay),
        ("call to board", results.call_delay),
    ):
        if values:
            ordered = sorted(values)
            print(
                f"{label}: n={len(ordered)} p50 {percentile(ordered, 0.5):.2f} s, "
                f"p95 {percentile(ordered, 0.95):.2f} s, max {ordered[-1]:.2f} s"
            )
    reservations = Reservation.objects.filter(slot__service__key=SERVICE)
    accepted = reservations.count()
    distinct = reservations.values("code").distinct().count()
    over = Slot.objects.filter(service__key=SERVICE, booked__gt=F("capacity")).count()
    mismatched = (
        Slot.objects.filter(service__key=SERVICE)
        .annotate(n=Count("reservations"))
        .exclude(n=F("booked"))
        .count()
    )
    print(
        f"places {places} on {morning}; accepted {accepted}, distinct 予約番号 {distinct}, "
        f"slots over capacity {over}, slots whose count differs from their reservations {mismatched}"
    )
    print(
        "server CPU during the run (s): "
        + ", ".join(f"{name} {seconds:.1f}" for name, seconds in usage.cpu.items())
    )
    print(
        "peak RSS (MiB): "
        + ", ".join(f"{name} {kib / 1024:.0f}" for name, kib in usage.peak_rss_kib.items())
    )
    return accepted == results.outcomes["booked"] == distinct and over == 0 == mismatched


def main() -> int:
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="jichitai-visits-"))
    env = bench_environment(args, workdir)
    env["JICHITAI_TRUSTED_PROXIES"] = "1"
    if args.cache_url:
        env["JICHITAI_CACHE_URL"] = args.cache_url
    if args.sessions:
        env["JICHITAI_SESSION_ENGINE"] = args.sessions
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "jichitai.config.settings.dev"
    recreate_database(args)

    import django

    django.setup()
    print(f"preparing {args.database} …", flush=True)
    morning, places = prepare(args)
    phones = Phones()
    server = start_server(args, env)
    workers = start_workers(env, phones.port, args.task_workers)
    usage = Usage()
    try:
        with exclusive(args.lock):
            results = run(args, morning, phones, usage, (server, workers))
    finally:
        for process in (*workers, server):
            process.terminate()
            process.wait(timeout=30)
    ok = report(args, results, usage, places, morning)
    shutil.rmtree(workdir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
