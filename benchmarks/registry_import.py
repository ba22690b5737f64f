"""Benchmark of `jichitai import-registry`: N residents in the migration layout, imported.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jichitai_bench \\
        .venv/bin/python benchmarks/registry_import.py --residents 50000 --wipe

1. Writes a layout of N residents straight to CSV (no database): households of 1 to 5,
   every member moving in together, then some households moving within the town (one
   history row per member each time), some members dying and some households moving away
   (除票); about 2 history rows per resident, valid check digits everywhere.
2. Imports it with registry.layout.registry_import into the municipality --lg-code (it
   must be empty: --wipe deletes its register first; use a scratch database!).
3. Prints the time of each stage, rows per second, the peak RSS of this process
   (resource.getrusage) and a linear extrapolation to 1,000,000 residents.

The database is migrated and the municipality onboarded if needed. Pass --keep DIR to keep
the generated files (they hold made-up 個人番号, but still: they look like 特定個人情報).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jichitai.config.settings.dev")

import django

django.setup()

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from jichitai.common.checkdigits import (
    modulus11_check_digit,
    my_number_check_digit,
)
from jichitai.registry.layout import (
    CHANGE_COLUMNS,
    CHANGES,
    FILE_KINDS,
    HISTORY,
    HISTORY_COLUMNS,
    HOUSEHOLD_COLUMNS,
    HOUSEHOLDS,
    LAYOUT_FORMAT,
    LAYOUT_VERSION,
    MANIFEST,
    RESIDENT_COLUMNS,
    RESIDENTS,
    LayoutInvalid,
    layout_header,
    layout_row,
    registry_import,
    registry_is_empty,
    sequence_number,
)
from jichitai.registry.models import ChangeType, ResidentStatus
from jichitai.tenants.models import Municipality
from jichitai.tenants.services import municipality_onboard

SURNAMES = [
    ("佐藤", "サトウ"),
    ("鈴木", "スズキ"),
    ("高橋", "タカハシ"),
    ("田中", "タナカ"),
    ("伊藤", "イトウ"),
    ("渡辺", "ワタナベ"),
    ("山本", "ヤマモト"),
    ("中村", "ナカムラ"),
]
MEN = [("太郎", "タロウ"), ("翔太", "ショウタ"), ("健一", "ケンイチ"), ("大輔", "ダイスケ")]
WOMEN = [("花子", "ハナコ"), ("美咲", "ミサキ"), ("陽子", "ヨウコ"), ("恵", "メグミ")]
TOWNS = [
    ("3792311", "群馬県みどり市笠懸町阿左美"),
    ("3760101", "群馬県みどり市大間々町大間々"),
    ("3792312", "群馬県みどり市笠懸町久宮"),
    ("3760113", "群馬県みどり市大間々町高津戸"),
]


# Every 有無 item is written (blank is refused, as in any import).
FLAGS_OFF = dict.fromkeys(
    (
        "national_health_insurance",
        "late_elderly_insurance",
        "national_pension",
        "child_allowance",
        "on_electoral_roll",
        "care_insurance",
    ),
    False,
)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Writer:
    def __init__(self, directory: Path, name: str, columns: Any) -> None:
        self.name = name
        self.path = directory / name
        self.file = self.path.open("w", encoding="utf-8", newline="")
        self.csv = csv.writer(self.file, lineterminator="\r\n")
        self.columns = columns
        self.csv.writerow(layout_header(columns))
        self.rows = 0

    def write(self, values: dict[str, Any]) -> None:
        self.csv.writerow(layout_row(self.columns, values))
        self.rows += 1

    def close(self) -> dict[str, Any]:
        self.file.close()
        digest = hashlib.sha256()
        with self.path.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
        return {
            "name": self.name,
            "kind": FILE_KINDS[self.name],
            "rows": self.rows,
            "sha256": digest.hexdigest(),
        }


def generate(directory: Path, *, residents: int, lg_code: str, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    today = timezone.localdate()
    now = timezone.now()
    writers = {
        HOUSEHOLDS: Writer(directory, HOUSEHOLDS, HOUSEHOLD_COLUMNS),
        CHANGES: Writer(directory, CHANGES, CHANGE_COLUMNS),
        RESIDENTS: Writer(directory, RESIDENTS, RESIDENT_COLUMNS),
        HISTORY: Writer(directory, HISTORY, HISTORY_COLUMNS),
    }
    person = household = change_number = 0

    def change(kind: ChangeType, day: dt.date) -> dict[str, Any]:
        nonlocal change_number
        change_number += 1
        values = {
            "change_number": change_number,
            "change_type": kind,
            "effective_on": day,
            "change_notified_on": day,
            "processed_at": min(timezone.make_aware(dt.datetime.combine(day, dt.time(10))), now),
            "note": "",
        }
        writers[CHANGES].write(values)
        return values

    def address() -> tuple[str, str]:
        code, town = rng.choice(TOWNS)
        return code, f"{town}{rng.randint(1, 3000)}番地"

    while person < residents:
        household += 1
        size = min(rng.choice((1, 1, 2, 2, 3, 3, 4, 5)), residents - person)
        number = sequence_number(household)
        surname = rng.choice(SURNAMES)
        moved_in = today - dt.timedelta(days=rng.randint(365 * 3, 365 * 40))
        people = []
        for index in range(size):
            person += 1
            sex = "1" if index == 0 or rng.random() < 0.5 else "2"
            given = rng.choice(MEN if sex == "1" else WOMEN)
            birth = moved_in - dt.timedelta(
                days=rng.randint(365 * (20 if index < 2 else 0), 365 * 50)
            )
            body = f"{person * 7919 % 10**11:011d}"
            code_body = f"{(person * 104729 + 12345) % 10**10:010d}"
            people.append(
                {
                    **FLAGS_OFF,
                    "atena_number": sequence_number(person),
                    "household_number": number,
                    "resident_code": f"{code_body}{modulus11_check_digit(code_body)}",
                    "my_number": f"{body}{my_number_check_digit(body)}",
                    "resident_type": "japanese",
                    "status": ResidentStatus.ACTIVE,
                    "relationship": "世帯主" if index == 0 else ("妻" if index == 1 else "子"),
                    "household_order": index + 1,
                    "name": f"{surname[0]}\u3000{given[0]}",
                    "name_kana": f"{surname[1]}\u3000{given[1]}",
                    "name_kana_confirmed": True,
                    "former_surname_kana_confirmed": False,
                    "alias_kana_confirmed": False,
                    "nhi_retiree": False,
                    "birth_date": birth,
                    "sex": sex,
                    "domicile": "群馬県みどり市大間々町大間々1番地",
                    "domicile_head": f"{surname[0]}\u3000{given[0]}",
                    "became_resident_on": moved_in,
                    "on_electoral_roll": index < 2,
                    "care_insurance": birth < today - dt.timedelta(days=65 * 365),
                    "history": [],
                }
            )
        # The household's timeline: 転入, then 0 to 3 転居, maybe a death, maybe 転出.
        postal, street = address()
        for member in people:
            member.update(
                postal_code=postal,
                address=street,
                address_fixed_on=moved_in,
                notified_on=moved_in,
                previous_address="東京都千代田区千代田1番1号",
            )
        events = [(change(ChangeType.MOVE_IN, moved_in), people)]
        day = moved_in
        for _ in range(rng.choice((0, 0, 1, 1, 1, 2, 3))):
            day = day + dt.timedelta(days=rng.randint(30, 900))
            if day >= today:
                break
            postal, street = address()
            for member in people:
                member.update(
                    postal_code=postal, address=street, address_fixed_on=day, notified_on=day
                )
            events.append((change(ChangeType.MOVE_WITHIN, day), people))
        for happened, members in events[:1]:
            for member in members:
                member["history"].append((happened, dict(member)))
        for happened, members in events[1:]:
            for member in members:
                member["history"].append((happened, dict(member)))
        day = day + dt.timedelta(days=rng.randint(1, 400))
        active = True
        if day < today and size > 1 and rng.random() < 0.06:
            leaving = people[-1]
            leaving.update(
                status=ResidentStatus.CLOSED, removal_reason=ChangeType.DEATH, removed_on=day
            )
            leaving["history"].append((change(ChangeType.DEATH, day), dict(leaving)))
        elif day < today and rng.random() < 0.08:
            moved = change(ChangeType.MOVE_OUT, day)
            active = False
            for member in people:
                member.update(
                    status=ResidentStatus.CLOSED,
                    removal_reason=ChangeType.MOVE_OUT,
                    removed_on=day,
                    moving_to_address="東京都新宿区西新宿2丁目8番1号",
                )
                member["history"].append((moved, dict(member)))
        writers[HOUSEHOLDS].write({"household_number": number, "is_active": active})
        for member in people:
            for history_number, (happened, values) in enumerate(member["history"], start=1):
                values["history_number"] = history_number
                writers[HISTORY].write({**values, **happened})
            member["history_number"] = len(member["history"])
            writers[RESIDENTS].write(member)
    files = [writer.close() for writer in writers.values()]
    manifest = {
        "format": LAYOUT_FORMAT,
        "version": LAYOUT_VERSION,
        "lg_code": lg_code,
        "exported_at": timezone.localtime().isoformat(),
        "files": files,
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
    return {f["name"]: f["rows"] for f in files}


def wipe(lg_code: str) -> None:
    """Deletes the municipality's register with plain SQL (Django's delete() would load
    every row to collect cascades)."""
    with transaction.atomic(), connection.cursor() as cursor:
        for table in (
            "registry_residentsearchkey",
            "registry_residenthistory",
            "registry_resident",
            "registry_change",
            "registry_household",
            "registry_numbersequence",
        ):
            if table == "registry_change":
                cursor.execute(
                    f"UPDATE {table} SET cancels_id = NULL WHERE municipality_id = %s",
                    [lg_code],
                )
            cursor.execute(f"DELETE FROM {table} WHERE municipality_id = %s", [lg_code])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--residents", type=int, default=50_000)
    parser.add_argument("--lg-code", default="104493")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--wipe", action="store_true", help="delete the municipality's register first"
    )
    parser.add_argument("--keep", help="write the layout to this directory and keep it")
    parser.add_argument(
        "--layout", help="import this already generated layout (a --keep directory) instead"
    )
    parser.add_argument(
        "--generate-only", action="store_true", help="write the layout (--keep) and stop"
    )
    args = parser.parse_args()
    if args.generate_only:
        if not args.keep:
            sys.exit("--generate-only needs --keep DIR")
        directory = Path(args.keep)
        directory.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        rows = generate(directory, residents=args.residents, lg_code=args.lg_code, seed=args.seed)
        size = sum(p.stat().st_size for p in directory.iterdir()) / 2**20
        print(f"generated {rows} ({size:.0f} MiB) in {time.monotonic() - started:.1f}s")
        return

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    if not Municipality.objects.filter(lg_code=args.lg_code).exists():
        call_command("load-municipalities", verbosity=0)
    municipality = Municipality.objects.get(lg_code=args.lg_code)
    if not municipality.is_served:
        municipality = municipality_onboard(lg_code=args.lg_code, actor=None, mayor_title="町長")
    if not registry_is_empty(municipality=municipality):
        if not args.wipe:
            sys.exit(f"{args.lg_code} already has a register; pass --wipe (scratch databases only)")
        started = time.monotonic()
        wipe(args.lg_code)
        print(f"wiped the previous register in {time.monotonic() - started:.1f}s")

    with tempfile.TemporaryDirectory(prefix="registry-bench-") as scratch:
        directory = Path(args.layout or args.keep or scratch)
        if args.layout is None:
            directory.mkdir(parents=True, exist_ok=True)
            started = time.monotonic()
            rows = generate(
                directory, residents=args.residents, lg_code=args.lg_code, seed=args.seed
            )
            generated = time.monotonic() - started
            size = sum(p.stat().st_size for p in directory.iterdir()) / 2**20
            print(f"generated {rows} ({size:.0f} MiB) in {generated:.1f}s")
        rss_before = rss_mb()

        started = time.monotonic()
        try:
            result = registry_import(
                municipality=municipality,
                path=directory,
                actor=None,
                progress=lambda message: print(f"  {message}"),
            )
        except LayoutInvalid as error:
            for problem in error.errors[:20]:
                print(problem.message)
            sys.exit(error.detail)
        total = time.monotonic() - started
    counts = result.counts
    all_rows = counts.households + counts.changes + counts.residents + counts.history
    per_million = 1_000_000 / counts.residents
    print(
        f"imported {counts.residents} residents, {counts.history} history rows, "
        f"{counts.changes} changes, {counts.households} households"
    )
    print(f"  total {total:.1f}s (checked and inserted in one pass, one transaction)")
    print(
        f"  {counts.residents / total:,.0f} residents/s, {all_rows / total:,.0f} rows/s "
        f"(all four tables)"
    )
    print(f"  peak RSS: {rss_mb():.0f} MiB (before the import: {rss_before:.0f} MiB)")
    print(
        f"  extrapolated to 1,000,000 residents: {total * per_million / 60:.1f} min, "
        f"peak RSS ~{rss_before + (rss_mb() - rss_before) * per_million:.0f} MiB (linear)"
    )


if __name__ == "__main__":
    main()
