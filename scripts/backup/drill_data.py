"""The point-in-time recovery drill's data (scripts/backup/drill.sh, docs/operations.md).

Writes work through the product's services and checks a restored database against it:

    drill_data.py setup                 # 地方公共団体 served (みどり市), run once after migrate
    drill_data.py write BATCH --count N # N 転入届 (one-person households), each with its
                                        # change, history and audit record; prints the ids
    drill_data.py verify --present before.json --absent after.json
                                        # every id of `before` is in this database, none of
                                        # `after`, and the audit chains verify; exit 1 if not

Run with DJANGO_SETTINGS_MODULE and DATABASE_URL (and LINKAGE_DATABASE_URL) pointing at the
drill's cluster. The ids are printed as JSON: what a batch wrote, so a restore can be
checked row by row without reading any personal value.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

LG_CODE = "102121"  # みどり市
PREFECTURE = "100005"  # 群馬県
ADDRESS = "群馬県みどり市笠懸町阿左美{n}番地"
KANA_DIGITS = ["ゼロ", "イチ", "ニ", "サン", "ヨン", "ゴ", "ロク", "ナナ", "ハチ", "キュウ"]


@dataclass
class Batch:
    """What one `write` committed: enough to find each row again, nothing personal."""

    name: str
    residents: list[int] = field(default_factory=list)
    changes: list[int] = field(default_factory=list)
    audit_records: list[int] = field(default_factory=list)


@dataclass
class Verification:
    problems: list[str]
    present: dict[str, int]
    absent_checked: dict[str, int]
    audit_chains: int
    audit_records: int

    @property
    def ok(self) -> bool:
        return not self.problems


def kana_number(n: int) -> str:
    """ドリル 12 → ドリル　イチニ: katakana only, as 氏名（フリガナ） must be."""
    digits = "".join(KANA_DIGITS[int(c)] for c in str(n))
    return f"ドリル　{digits}"


def setup() -> None:
    from jichitai.tenants.models import Municipality
    from jichitai.tenants.services import municipality_onboard

    Municipality.objects.get_or_create(
        lg_code=PREFECTURE,
        defaults={
            "kind": "prefecture",
            "prefecture": "群馬県",
            "name": "",
            "name_kana": "ぐんまけん",
        },
    )
    Municipality.objects.get_or_create(
        lg_code=LG_CODE,
        defaults={
            "kind": "municipality",
            "prefecture": "群馬県",
            "name": "みどり市",
            "name_kana": "みどりし",
            "parent_id": PREFECTURE,
        },
    )
    municipality_onboard(lg_code=LG_CODE, actor=None, mayor_title="みどり市長")


def write(name: str, count: int, start: int) -> Batch:
    """`count` 転入届 through `residents_register`, one transaction each (as the counter
    records them), so a restore target can fall between any two."""
    from django.db import transaction

    from jichitai.audit.models import AuditRecord
    from jichitai.registry.inputs import PersonData
    from jichitai.registry.models import ChangeType, Resident
    from jichitai.registry.services import Address, residents_register
    from jichitai.tenants.models import Municipality

    municipality = Municipality.objects.get(lg_code=LG_CODE)
    batch = Batch(name=name)
    for n in range(start, start + count):
        last_audit = AuditRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        with transaction.atomic():
            change = residents_register(
                municipality=municipality,
                change_type=ChangeType.MOVE_IN,
                people=[
                    PersonData(
                        name=f"訓練　{n}",
                        name_kana=kana_number(n),
                        birth_date=dt.date(1980, 1, 1) + dt.timedelta(days=n),
                        sex="1" if n % 2 else "2",
                        relationship="世帯主",
                    )
                ],
                address=Address(address=ADDRESS.format(n=n), postal_code="3790298"),
                effective_on=dt.date(2026, 4, 1),
                notified_on=dt.date(2026, 4, 1),
                actor=None,
                previous_address="東京都千代田区千代田1番1号",
            )
        batch.changes.append(change.pk)
        batch.residents += list(
            Resident.objects.for_municipality(municipality)
            .filter(history__change=change)
            .values_list("pk", flat=True)
        )
        batch.audit_records += list(
            AuditRecord.objects.filter(pk__gt=last_audit, chain=LG_CODE).values_list(
                "pk", flat=True
            )
        )
    return batch


def _tables() -> dict[str, Any]:
    from jichitai.audit.models import AuditRecord
    from jichitai.registry.models import Change, Resident

    return {"residents": Resident, "changes": Change, "audit_records": AuditRecord}


def verify(present: list[Batch], absent: list[Batch]) -> Verification:
    """Every row of `present` is here, no row of `absent` is, and the audit chains verify."""
    from jichitai.audit.services import audit_chain_verify

    problems: list[str] = []
    found: dict[str, int] = {}
    checked: dict[str, int] = {}
    for kind, model in _tables().items():
        wanted = {pk for batch in present for pk in getattr(batch, kind)}
        here = set(model.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        found[kind] = len(here)
        if here != wanted:
            problems.append(
                f"{kind}: {len(wanted - here)} of {len(wanted)} written before are missing"
            )
        unwanted = {pk for batch in absent for pk in getattr(batch, kind)}
        there = set(model.objects.filter(pk__in=unwanted).values_list("pk", flat=True))
        checked[kind] = len(unwanted)
        if there:
            problems.append(f"{kind}: {len(there)} of {len(unwanted)} written after are present")
    result = audit_chain_verify(chain=None)
    problems += [f"audit [{p.chain}] {p.kind}: {p.message}" for p in result.problems]
    if not any(batch.audit_records for batch in present):
        problems.append("the batches written before wrote no audit record")
    return Verification(problems, found, checked, result.chains, result.records)


def _load(path: str) -> Batch:
    return Batch(**json.loads(Path(path).read_text()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("setup")
    writing = commands.add_parser("write")
    writing.add_argument("batch")
    writing.add_argument("--count", type=int, default=50)
    writing.add_argument("--start", type=int, default=1)
    checking = commands.add_parser("verify")
    checking.add_argument("--present", action="append", default=[])
    checking.add_argument("--absent", action="append", default=[])
    args = parser.parse_args(argv)

    import django

    django.setup()
    if args.command == "setup":
        setup()
        return 0
    if args.command == "write":
        print(json.dumps(asdict(write(args.batch, args.count, args.start))))
        return 0
    result = verify([_load(p) for p in args.present], [_load(p) for p in args.absent])
    for kind, count in result.present.items():
        print(
            f"  {kind}: {count} written before the target found, "
            f"{result.absent_checked[kind]} written after checked absent"
        )
    print(f"  audit: {result.audit_chains} chains, {result.audit_records} records verified")
    for problem in result.problems:
        print(f"  PROBLEM: {problem}")
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
