"""Benchmark of the register at scale: search, a 転居, a 住民票 PDF and queries per page.

    # 1. load N residents into a scratch PostgreSQL database (see registry_import.py)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jichitai_bench \\
        .venv/bin/python benchmarks/registry_import.py --residents 1000000 --wipe
    # 2. measure against them
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jichitai_bench \\
        .venv/bin/python benchmarks/registry.py --lg-code 104493

Measures, in this process against the database (no HTTP):
- search by reading prefix (2-3 katakana of a real reading), through selectors.resident_search,
  fetching the first page of results: p50 / p95 / p99 over --searches queries;
- a 転居 of a whole household through services.residents_move_within (history rows, audit,
  all in one transaction): p50 / p95 / p99 over --moves changes (they stay in the database:
  use a scratch database);
- a signed 住民票の写し (世帯全員) through certificates.services.certificate_issue:
  p50 / p95 over --pdfs documents;
- the number of SQL queries of the resident page, the household page and a search (staff UI,
  through Django's test client), for a small and a large household: it must not grow (N+1).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jichitai.config.settings.dev")

import django

django.setup()

from django.db import connection, reset_queries
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jichitai.identity.models import Role, StaffUser
from jichitai.identity.services import staff_create
from jichitai.registry.certificates.documents import CertificateOptions
from jichitai.registry.certificates.services import CertificateRequest, certificate_issue
from jichitai.registry.models import Household, Resident, ResidentStatus
from jichitai.registry.selectors import ResidentQuery, resident_search
from jichitai.registry.services import Address, residents_move_within
from jichitai.tenants.models import Municipality, MunicipalitySettings


def percentiles(samples_ms: list[float]) -> str:
    ordered = sorted(samples_ms)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return (
        f"p50 {statistics.median(ordered):.1f} ms, p95 {at(0.95):.1f} ms, "
        f"p99 {at(0.99):.1f} ms, max {ordered[-1]:.1f} ms (n={len(ordered)})"
    )


def timed(runs: int, action: Callable[[int], object]) -> list[float]:
    samples = []
    for i in range(runs):
        started = time.perf_counter()
        action(i)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def staff(municipality: Municipality) -> StaffUser:
    user = StaffUser.objects.filter(username=f"bench-{municipality.lg_code}").first()
    return user or staff_create(
        municipality=municipality,
        username=f"bench-{municipality.lg_code}",
        password="x",
        display_name="benchmark",
        roles=[Role.COUNTER, Role.REGISTRY_REVIEW],
        actor=None,
        check_password=False,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lg-code", default="104493")
    parser.add_argument("--searches", type=int, default=500)
    parser.add_argument("--moves", type=int, default=300)
    parser.add_argument("--pdfs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    municipality = Municipality.objects.get(lg_code=args.lg_code)
    living = Resident.objects.for_municipality(municipality).filter(status=ResidentStatus.ACTIVE)
    total = Resident.objects.for_municipality(municipality).count()
    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']}, "
        f"{total:,} residents ({living.count():,} living) in {args.lg_code}"
    )
    user = staff(municipality)
    MunicipalitySettings.objects.filter(municipality=municipality, mayor_name="").update(
        mayor_name="試験　太郎"
    )

    # A spread-out sample without sorting a million rows: every 37th living record.
    sample_ids = list(living.values_list("pk", flat=True)[: 37 * 2000 : 37])
    readings = list(
        Resident.objects.filter(pk__in=sample_ids).values_list("kana_search", flat=True)
    )
    prefixes = [r[: rng.choice((2, 3))] for r in readings if len(r) >= 3]

    def search(i: int) -> None:
        list(
            resident_search(
                municipality=municipality,
                query=ResidentQuery(name=prefixes[i % len(prefixes)]),
                limit=50,
            )
        )

    search(0)
    print("search by reading prefix: " + percentiles(timed(args.searches, search)))

    households = list(
        Household.objects.for_municipality(municipality)
        .filter(is_active=True, members__pk__in=sample_ids)
        .distinct()
        .values_list("pk", flat=True)[: args.moves]
    )
    today = timezone.localdate()

    def move(i: int) -> None:
        ids = list(
            living.filter(household_id=households[i % len(households)]).values_list("pk", flat=True)
        )
        residents_move_within(
            municipality=municipality,
            resident_ids=ids,
            address=Address(address=f"群馬県利根郡みなかみ町月夜野{1000 + i}番地"),
            effective_on=today,
            notified_on=today,
            actor=user,
        )

    print("転居 (whole household): " + percentiles(timed(min(args.moves, len(households)), move)))

    def pdf(i: int) -> None:
        ids = list(
            living.filter(household_id=households[i % len(households)]).values_list("pk", flat=True)
        )
        certificate_issue(
            municipality=municipality,
            kind="juminhyo",
            resident_ids=ids,
            options=CertificateOptions(),
            actor=user,
            purpose="住民票の写しの交付",
            request=CertificateRequest(requester="self", identity_check="my_number_card"),
        )

    pdf(0)
    print("住民票の写し PDF (signed): " + percentiles(timed(args.pdfs, pdf)))

    client = Client()
    client.force_login(user)
    sizes = (
        Household.objects.for_municipality(municipality)
        .filter(is_active=True)
        .annotate(n=Count("members"))
        .filter(pk__in=households)
    )
    small = sizes.order_by("n").first()
    large = sizes.order_by("-n").first()
    for label, household in (("small", small), ("large", large)):
        member = living.filter(household=household).first()
        for page, url in (
            ("resident page", f"/{args.lg_code}/registry/residents/{member.pk}/"),
            ("household page", f"/{args.lg_code}/registry/households/{household.pk}/"),
        ):
            # The query log keeps the last 9,000: after the loops above it is full, and a
            # capture counting its growth would read 0.
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                status = client.get(url).status_code
            print(
                f"queries, {page} ({label} household of {household.n}): "
                f"{len(queries)} (HTTP {status})"
            )
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        client.post(f"/{args.lg_code}/registry/", {"name": prefixes[0]})
    print(f"queries, search page: {len(queries)}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak:.0f} MiB; measured {dt.datetime.now():%Y-%m-%d %H:%M}")


if __name__ == "__main__":
    main()
