"""Benchmark of 来庁予約 at the spring peak: 2,000 residents try to book the same morning
within one minute while the display boards of 10 counters poll.

    createdb -h 127.0.0.1 -U postgres jichitai_bench      # a scratch database
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/jichitai_bench
    .venv/bin/jichitai migrate && .venv/bin/jichitai load-municipalities
    .venv/bin/python benchmarks/visits_booking.py --residents 2000 --seconds 60 --wipe

Through the whole Django stack (middleware, sessions, the rate limits in the database cache,
the view, the service, the task queue's rows), with one test client per thread, against the
database DATABASE_URL names:
- each resident asks a code for a random slot of the next open morning (POST book/) and sends
  it back (POST confirm/), at a time drawn uniformly over --seconds, from --workers threads;
  the code is read from the queued message, as the resident reads their mail;
- 10 boards poll board/state/ every 1.5 s (the page's interval) while 10 counters call the
  next ticket every few seconds; a call's delay is from the call's commit to the first poll
  that shows it.
Checks: no slot over capacity, every accepted booking a distinct reservation, and reports
p50/p95 of both booking requests, the board's poll time and call-to-board delay, peak memory.
--wipe deletes this municipality's visits rows first (scratch databases only).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import resource
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jichitai.config.settings.dev")
# The peak comes from many addresses; this process is one, so its limits are lifted.
for name in ("VISIT_CODES_SENT", "VISIT_WRITES", "VISIT_BOARD", "VISIT_CODE_FAILURES"):
    os.environ[f"JICHITAI_RATE_{name}"] = "1000/s"

import django

django.setup()

from django.db import connections
from django.db.models import F
from django.test import Client

from jichitai.identity.models import Role
from jichitai.identity.services import staff_create
from jichitai.messaging.models import Message
from jichitai.tenants.services import municipality_onboard
from jichitai.visits.models import Counter, Reservation, Service, Slot, Ticket
from jichitai.visits.selectors import slot_offers
from jichitai.visits.services import ticket_call_next, ticket_issue, visits_setup_defaults
from jichitai.visits.slots import local_today, open_days

LG_CODE = "104493"
BOARDS = 10
POLL_SECONDS = 1.5


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def _setup(wipe: bool) -> Service:
    municipality_onboard(lg_code=LG_CODE, actor=None, mayor_title="町長")
    if wipe:
        Ticket.objects.filter(municipality_id=LG_CODE).delete()
        Reservation.objects.filter(municipality_id=LG_CODE).delete()
        Slot.objects.filter(municipality_id=LG_CODE).delete()
        Message.objects.filter(municipality_id=LG_CODE).delete()
    visits_setup_defaults(municipality_code=LG_CODE)
    for number in range(1, BOARDS + 1):
        counter, _ = Counter.objects.get_or_create(
            municipality_id=LG_CODE, number=number, defaults={"name": f"{number}番窓口"}
        )
        counter.services.add(*Service.objects.filter(municipality_id=LG_CODE, key="certificates"))
    # The peak's service: 10-minute slots of 50 places over the morning (1,050 places), so
    # about half of the 2,000 get one and the rest are told the morning is full.
    service, _ = Service.objects.update_or_create(
        municipality_id=LG_CODE,
        key="peak",
        defaults={
            "name": "住民異動（繁忙期）",
            "prefix": "P",
            "slot_minutes": 10,
            "capacity": 50,
            "opens_at": dt.time(8, 30),
            "closes_at": dt.time(12),
        },
    )
    return service


def _resident(n: int, start: float, at: float, starts: list[str], out: dict[str, list]) -> None:
    time.sleep(max(0.0, start + at - time.monotonic()))
    client = Client()
    email = f"bench{n}@example.jp"
    t0 = time.perf_counter()
    asked = client.post(
        f"/{LG_CODE}/visits/book/peak/",
        {"starts_at": random.choice(starts), "name": f"住民{n}", "email": email},
    )
    out["ask"].append(time.perf_counter() - t0)
    if asked.status_code != 302:
        out["refused_ask"].append(asked.status_code)
        connections.close_all()
        return
    body = Message.objects.filter(to=email, topic="visit_code").values_list("body", flat=True)[0]
    code = re.search(r"確認コードは (\d{6})", body)[1]  # type: ignore[index]
    t0 = time.perf_counter()
    booked = client.post(f"/{LG_CODE}/visits/confirm/", {"code": code})
    out["book"].append(time.perf_counter() - t0)
    out["booked" if "予約しました" in booked.content.decode() else "full"].append(n)
    connections.close_all()


def _board(stop: threading.Event, calls: dict[str, float], out: dict[str, list]) -> None:
    client = Client()
    seen: set[str] = set()
    while not stop.is_set():
        t0 = time.perf_counter()
        state = client.get(f"/{LG_CODE}/visits/board/state/").json()
        now = time.perf_counter()
        out["poll"].append(now - t0)
        for call in state["calls"]:
            if call["label"] in calls and call["label"] not in seen:
                seen.add(call["label"])
                out["delay"].append(now - calls[call["label"]])
        stop.wait(POLL_SECONDS)
    connections.close_all()


def _counters(stop: threading.Event, calls: dict[str, float]) -> None:
    clerk = staff_create(
        municipality=municipality_onboard(lg_code=LG_CODE, actor=None, mayor_title="町長"),
        username=f"bench-{time.time_ns()}",
        password="not used",
        display_name="窓口",
        roles=[Role.COUNTER],
        actor=None,
        check_password=False,
    )
    counters = list(Counter.objects.filter(municipality_id=LG_CODE).values_list("pk", flat=True))
    while not stop.is_set():
        for counter_id in counters:
            ticket_issue(municipality_code=LG_CODE, service_key="certificates")
            ticket = ticket_call_next(municipality_code=LG_CODE, counter_id=counter_id, actor=clerk)
            calls[ticket.label] = time.perf_counter()
            if stop.wait(0.3):
                break
    connections.close_all()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--residents", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=32)
    parser.add_argument("--wipe", action="store_true")
    args = parser.parse_args()
    service = _setup(args.wipe)
    morning = open_days(service, first=local_today(), count=2)[1]
    starts = [o.starts_at.isoformat() for o in slot_offers(service=service, day=morning)]
    Slot.objects.filter(service=service).update(booked=0)
    out: dict[str, list] = {
        k: [] for k in ("ask", "book", "booked", "full", "refused_ask", "poll", "delay")
    }
    calls: dict[str, float] = {}
    stop = threading.Event()
    side = [threading.Thread(target=_board, args=(stop, calls, out)) for _ in range(BOARDS)]
    side.append(threading.Thread(target=_counters, args=(stop, calls)))
    for thread in side:
        thread.start()
    start = time.monotonic()
    arrivals = sorted(random.uniform(0, args.seconds) for _ in range(args.residents))
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        for n, at in enumerate(arrivals):
            pool.submit(_resident, n, start, at, starts, out)
    elapsed = time.monotonic() - start
    stop.set()
    for thread in side:
        thread.join()

    over = Slot.objects.filter(service=service, booked__gt=F("capacity")).count()
    reservations = Reservation.objects.filter(service=service, slot__starts_at__date=morning)
    capacity = sum(Slot.objects.filter(service=service).values_list("capacity", flat=True))
    print(
        f"database: {connections['default'].vendor}, {args.residents} residents in {elapsed:.1f} s, {args.workers} threads"
    )
    print(
        f"places on the morning: {capacity} in {len(starts)} slots; booked {len(out['booked'])}, refused as full {len(out['full'])}, code refused {len(out['refused_ask'])}"
    )
    print(
        f"reservations {reservations.count()}, distinct codes {reservations.values('code').distinct().count()}, slots over capacity {over}"
    )
    for key, label in (
        ("ask", "code request"),
        ("book", "booking (confirm)"),
        ("poll", "board poll"),
    ):
        values = [v * 1000 for v in out[key]]
        print(
            f"{label}: n={len(values)} p50 {statistics.median(values):.0f} ms, p95 {_pct(values, 0.95):.0f} ms, max {max(values):.0f} ms"
        )
    delays = out["delay"]
    print(
        f"call to board: n={len(delays)} p50 {statistics.median(delays):.2f} s, p95 {_pct(delays, 0.95):.2f} s, max {max(delays):.2f} s"
    )
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
