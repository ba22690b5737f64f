"""Registers to export and exported files to spoil, for the tests of registry/layout (and the
demo's, which wipe a register to generate it again)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Callable
from pathlib import Path

from jichitai.demo.residents import demo_residents_generate
from jichitai.identity.models import StaffUser
from jichitai.registry.layout import MANIFEST, LayoutInvalid
from jichitai.registry.models import (
    Change,
    ChangeType,
    Household,
    NetworkMessage,
    NumberSequence,
    Resident,
    ResidentHistory,
    ResidentStatus,
)
from jichitai.registry.services import (
    Address,
    change_cancel,
    resident_alias_change,
    resident_correct,
    resident_naturalise,
    residents_move_within,
    residents_remove,
)
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality

TODAY = dt.date(2026, 4, 7)


def registry_wipe(municipality: Municipality) -> None:
    """Deletes a municipality's register (tests only: the register is never deleted)."""
    NetworkMessage.objects.for_municipality(municipality).delete()
    ResidentHistory.objects.for_municipality(municipality).delete()
    Resident.objects.for_municipality(municipality).delete()
    Change.objects.for_municipality(municipality).filter(cancels__isnull=False).delete()
    Change.objects.for_municipality(municipality).delete()
    Household.objects.for_municipality(municipality).delete()
    NumberSequence.objects.for_municipality(municipality).delete()


def register_with_every_kind_of_change(municipality: Municipality, clerk: StaffUser) -> None:
    """Demo residents, plus what the demo does not make: a cancellation in two parts, a planned
    転出 (a future 異動日), a correction of a 除票, a foreigner's 通称, a 帰化 and a 世帯分離 by
    転居."""
    demo_residents_generate(municipality=municipality, count=90, seed=11)
    family = yamada_family(municipality, actor=clerk)
    moved = residents_move_within(
        municipality=municipality,
        resident_ids=[r.pk for r in family.values()],
        address=Address(address="群馬県みどり市笠懸町阿左美100番地", postal_code="3792311"),
        effective_on=dt.date(2025, 5, 1),
        notified_on=dt.date(2025, 5, 2),
        actor=clerk,
    )
    # Cancelled in two steps, for some of its people and then the others (§4.6.0.1).
    change_cancel(
        municipality=municipality,
        change_id=moved.pk,
        reason="誤入力",
        actor=clerk,
        resident_ids=[family["翔太"].pk],
        offered_on=TODAY,
    )
    change_cancel(
        municipality=municipality,
        change_id=moved.pk,
        reason="誤入力",
        actor=clerk,
        resident_ids=[family["花子"].pk, family["美咲"].pk],
    )
    residents_remove(
        municipality=municipality,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[family["翔太"].pk],
        effective_on=TODAY + dt.timedelta(days=20),
        notified_on=TODAY,
        actor=clerk,
        moving_to_address="東京都千代田区千代田1番1号",
    )
    resident_correct(
        municipality=municipality,
        resident_id=family["翔太"].pk,
        change_type=ChangeType.CLERICAL_CORRECTION,
        updates={"moving_to_address": "東京都千代田区千代田1番2号"},
        reason="転出先の誤記",
        actor=clerk,
    )
    foreigner = Resident.objects.for_municipality(municipality).filter(
        resident_type="foreign", status=ResidentStatus.ACTIVE, alias=""
    )[0]
    resident_alias_change(
        municipality=municipality,
        resident_id=foreigner.pk,
        alias="山川　花",
        alias_kana="ヤマカワ　ハナ",
        effective_on=TODAY,
        notified_on=TODAY,
        actor=clerk,
    )
    # 帰化 (§4.5.3): one record, a 消除 row and a 記載 row.
    naturalised = (
        Resident.objects.for_municipality(municipality)
        .filter(resident_type="foreign", status=ResidentStatus.ACTIVE)
        .exclude(pk=foreigner.pk)
        .order_by("pk")[0]
    )
    resident_naturalise(
        municipality=municipality,
        resident_id=naturalised.pk,
        name="山川　一",
        name_kana="ヤマカワ　ハジメ",
        domicile="群馬県みどり市大間々町大間々1番地",
        domicile_head="山川　一",
        effective_on=TODAY,
        notified_on=None,
        actor=clerk,
    )


def rewrite(directory: Path, name: str, edit: Callable[[list[list[str]]], None]) -> None:
    """Edits one CSV of an export and keeps manifest.json's checksum and count true, as a
    vendor writing such files would."""
    path = directory / name
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    edit(rows)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    path.write_bytes(data)
    manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        if entry["name"] == name:
            entry["sha256"] = hashlib.sha256(data).hexdigest()
            entry["rows"] = len(rows) - 1
    (directory / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def column(rows: list[list[str]], header: str) -> int:
    return rows[0].index(header)


def messages(error: LayoutInvalid) -> list[str]:
    return [problem.message for problem in error.errors]
