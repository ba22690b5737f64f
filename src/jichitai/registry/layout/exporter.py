"""住民記録の移行データ出力 (export): the whole register with full history, written as the
layout's CSV files and manifest.json to a directory or a .zip, from one read snapshot."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from django.db import connection, models, transaction
from django.db.models import Exists, F, OuterRef, Window
from django.db.models.functions import DenseRank
from django.utils import timezone, translation

from jichitai.audit.services import audit_record
from jichitai.identity.models import StaffUser
from jichitai.registry.crypto import my_number_decrypt
from jichitai.registry.layout.codecs import code_tables, layout_header, layout_row
from jichitai.registry.layout.columns import (
    CHANGE_COLUMNS,
    CHANGES,
    CODE_COLUMNS,
    CODES,
    FILE_KINDS,
    HISTORY,
    HISTORY_COLUMNS,
    HOUSEHOLD_COLUMNS,
    HOUSEHOLDS,
    LAYOUT_FORMAT,
    LAYOUT_VERSION,
    MANIFEST,
    RESIDENT_COLUMNS,
    RESIDENT_FIELDS,
    RESIDENTS,
    STANDARD,
    SUPPORT_COLUMNS,
    SUPPORT_MEASURES,
)
from jichitai.registry.layout.results import ExportResult, LayoutCounts
from jichitai.registry.models import (
    HEAD,
    Change,
    ChangeType,
    Household,
    Resident,
    ResidentHistory,
    ResidentStatus,
    Sex,
    SupportMeasurePerson,
)
from jichitai.registry.services.recording import REGISTRY_PURPOSE
from jichitai.tenants.models import Municipality


class _FileSink:
    """Writes the files of one export to a directory or a zip, hashing and counting rows."""

    def __init__(self, destination: Path) -> None:
        self.destination = destination
        self.entries: list[dict[str, Any]] = []
        self._zip: zipfile.ZipFile | None = None
        if destination.suffix.lower() == ".zip":
            # 特定個人情報: readable by the owner only.
            descriptor = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            self._zip = zipfile.ZipFile(
                os.fdopen(descriptor, "wb"), "w", compression=zipfile.ZIP_DEFLATED
            )
        else:
            destination.mkdir(mode=0o700, parents=True, exist_ok=True)
            if any(destination.iterdir()):
                raise FileExistsError(f"{destination} は空ではありません")

    def _open(self, name: str) -> IO[bytes]:
        if self._zip is not None:
            return self._zip.open(name, "w", force_zip64=True)
        descriptor = os.open(self.destination / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        return os.fdopen(descriptor, "wb")

    def write_csv(
        self, name: str, columns: Sequence[tuple[str, str]], rows: Iterable[list[str]]
    ) -> int:
        digest = hashlib.sha256()
        count = 0
        with self._open(name) as stream:
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\r\n")
            writer.writerow(layout_header(columns))
            for row in rows:
                writer.writerow(row)
                count += 1
                if count % 1000 == 0:
                    self._drain(buffer, stream, digest)
            self._drain(buffer, stream, digest)
        self.entries.append(
            {"name": name, "kind": FILE_KINDS[name], "rows": count, "sha256": digest.hexdigest()}
        )
        return count

    @staticmethod
    def _drain(buffer: io.StringIO, stream: IO[bytes], digest: Any) -> None:
        data = buffer.getvalue().encode("utf-8")
        stream.write(data)
        digest.update(data)
        buffer.seek(0)
        buffer.truncate()

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        data = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        with self._open(MANIFEST) as stream:
            stream.write(data)
        if self._zip is not None:
            self._zip.close()


def _export_rows_households(municipality: Municipality) -> Iterator[list[str]]:
    qs = Household.objects.for_municipality(municipality).order_by("household_number")
    for number, is_active in qs.values_list("household_number", "is_active").iterator(2000):
        yield layout_row(HOUSEHOLD_COLUMNS, {"household_number": number, "is_active": is_active})


def _changes_with_history(municipality: Municipality) -> models.QuerySet[Change]:
    # 異動番号 is the rank of a change by (処理日時, pk) among the changes with history rows,
    # so re-exporting an import gives the same numbers (the import keeps that order).
    return (
        Change.objects.for_municipality(municipality)
        .filter(Exists(ResidentHistory.objects.filter(change=OuterRef("pk"))))
        .order_by("processed_at", "pk")
    )


def _export_rows_changes(municipality: Municipality) -> Iterator[list[str]]:
    changes = _changes_with_history(municipality)
    cancelled = set(changes.filter(cancelled_by__isnull=False).values_list("pk", flat=True))
    numbers: dict[int, int] = {}
    if cancelled:
        for number, pk in enumerate(changes.values_list("pk", flat=True).iterator(5000), 1):
            if pk in cancelled:
                numbers[pk] = number
    fields = (
        "pk",
        "change_type",
        "effective_on",
        "notified_on",
        "processed_at",
        "note",
        "offered_on",
    )
    for number, values in enumerate(
        changes.values_list(*fields, "cancels_id").iterator(2000), start=1
    ):
        row = dict(zip(fields, values[:-1], strict=True))
        yield layout_row(
            CHANGE_COLUMNS,
            {
                "change_number": number,
                "change_type": row["change_type"],
                "effective_on": row["effective_on"],
                "change_notified_on": row["notified_on"],
                "processed_at": row["processed_at"],
                "note": row["note"],
                "cancels_number": numbers.get(values[-1]) if values[-1] else None,
                "change_offered_on": row["offered_on"],
            },
        )


def _plain_my_number(cipher: str | None, *, lg_code: str, atena_number: str) -> str:
    if not cipher:
        return ""
    return my_number_decrypt(cipher, lg_code=lg_code, atena_number=atena_number)


def _export_rows_residents(municipality: Municipality) -> Iterator[list[str]]:
    qs = (
        Resident.objects.for_municipality(municipality)
        .select_related("household")
        .order_by("atena_number")
    )
    # 世帯主の氏名 (doc/j200.txt §1.2.1) of each household today.
    heads = dict(
        Resident.objects.for_municipality(municipality)
        .filter(relationship=HEAD, status=ResidentStatus.ACTIVE)
        .values_list("household_id", "name")
    )
    for resident in qs.iterator(2000):
        values = {key: getattr(resident, key) for key in RESIDENT_FIELDS}
        values["household_number"] = resident.household.household_number
        values["household_head_name"] = heads.get(resident.household_id, "")
        values["my_number"] = _plain_my_number(
            resident.my_number_cipher,
            lg_code=municipality.lg_code,
            atena_number=resident.atena_number,
        )
        yield layout_row(RESIDENT_COLUMNS, values)


def _export_rows_history(municipality: Municipality) -> Iterator[list[str]]:
    qs = (
        ResidentHistory.objects.for_municipality(municipality)
        .annotate(
            change_number=Window(
                DenseRank(), order_by=[F("change__processed_at").asc(), F("change_id").asc()]
            )
        )
        .order_by("resident__atena_number", "history_number")
        .values_list(
            "snapshot",
            "history_number",
            "effective_on",
            "change_number",
            "change__change_type",
            "change__notified_on",
            "change__processed_at",
        )
    )
    for snapshot, number, effective_on, change_number, kind, notified, processed in qs.iterator(
        2000
    ):
        values = dict(snapshot)
        values.update(
            history_number=number,
            change_number=change_number,
            change_type=kind,
            effective_on=effective_on,
            change_notified_on=notified,
            processed_at=processed,
            my_number=_plain_my_number(
                snapshot.get("my_number_cipher"),
                lg_code=municipality.lg_code,
                atena_number=snapshot["atena_number"],
            ),
        )
        yield layout_row(HISTORY_COLUMNS, values)


def _export_rows_support(municipality: Municipality) -> Iterator[list[str]]:
    """支援措置.csv: every protected person of every measure with its period (ended ones too:
    their 終了年月日 says support is over). The 加害者 and the reasons stay in the register."""
    with translation.override(None):
        roles = {str(v): str(label) for v, label in SupportMeasurePerson.Role.choices}
    qs = (
        SupportMeasurePerson.objects.for_municipality(municipality)
        .select_related("measure", "resident")
        .order_by("measure_id", "pk")
    )
    for entry in qs.iterator(2000):
        measure = entry.measure
        yield [
            str(measure.pk),
            entry.resident.atena_number,
            roles[entry.role],
            entry.relation,
            measure.starts_on.isoformat(),
            measure.ends_on.isoformat(),
            "1" if measure.provisional else "0",
            str(measure.extensions),
        ]


def _code_rows() -> Iterator[list[str]]:
    kinds = {
        "異動事由・消除事由": "change_type",
        "住民種別": "resident_type",
        "住民状態": "status",
        "法第30条の45に規定する区分": "foreign_category",
        "国民年金の種別": "pension_category",
        "カードの発行状況": "my_number_card_status",
    }
    for kind, key in kinds.items():
        for code, label in code_tables()[key][0].items():
            yield [kind, code, label]
    # 異動事由 → its 区分 of the standard (doc/j210.txt §1.2.2), for statistics and for the
    # receiving system's own mapping.
    with translation.override(None):
        for change_type in ChangeType:
            yield [
                "異動事由の区分（標準仕様書1.2.2）",
                str(change_type),
                change_type.standard_reason.full_label,
            ]
        for sex, sex_label in Sex.choices:
            yield ["性別（ISO/IEC 5218）", str(sex), str(sex_label)]


def registry_export(
    *, municipality: Municipality, destination: Path, actor: StaffUser | None
) -> ExportResult:
    """住民記録の移行データ出力 (export the whole register, with full history) to a directory
    or a .zip in the layout of docs/registry-layout.md.

    The files hold 個人番号 in plaintext: they are 特定個人情報 and must travel encrypted.
    `支援措置.csv` names the 支援対象者 and their periods (doc/j1190.txt §7.2.3), so a system
    fed from the export withholds their addresses as this one does.
    Every query streams (server-side cursors on PostgreSQL), so memory stays flat. On
    PostgreSQL the export reads one snapshot (REPEATABLE READ): files written while staff keep
    working still agree with each other.
    Raises FileExistsError when the destination exists and is not an empty directory.
    """
    sink = _FileSink(destination)
    # Only a transaction of our own can be REPEATABLE READ (it must be its first statement);
    # called inside another one, the export reads what that one sees.
    own_snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if own_snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        counts = LayoutCounts(
            households=sink.write_csv(
                HOUSEHOLDS, HOUSEHOLD_COLUMNS, _export_rows_households(municipality)
            ),
            changes=sink.write_csv(CHANGES, CHANGE_COLUMNS, _export_rows_changes(municipality)),
            residents=sink.write_csv(
                RESIDENTS, RESIDENT_COLUMNS, _export_rows_residents(municipality)
            ),
            history=sink.write_csv(HISTORY, HISTORY_COLUMNS, _export_rows_history(municipality)),
        )
        support = sink.write_csv(
            SUPPORT_MEASURES, SUPPORT_COLUMNS, _export_rows_support(municipality)
        )
        sink.write_csv(CODES, CODE_COLUMNS, _code_rows())
    sink.write_manifest(
        {
            "format": LAYOUT_FORMAT,
            "version": LAYOUT_VERSION,
            "lg_code": municipality.lg_code,
            "municipality": municipality.full_name,
            "standard": STANDARD,
            "exported_at": timezone.localtime().isoformat(),
            "encoding": "UTF-8（BOMなし）、RFC 4180 CSV（改行 CRLF）、1行目は項目名",
            "notice": "個人番号を平文で含む特定個人情報です。暗号化して受け渡し、用済み後は消去してください。",
            "files": sink.entries,
        }
    )
    # Recorded after the read transaction: a REPEATABLE READ snapshot must not append to the
    # audit chain, whose head row other transactions update meanwhile.
    audit_record(
        actor=actor,
        action="registry.export",
        municipality_code=municipality.lg_code,
        object_type="registry.Layout",
        purpose=REGISTRY_PURPOSE,
        detail={
            "households": counts.households,
            "changes": counts.changes,
            "residents": counts.residents,
            "history": counts.history,
            "support_measures": support,
        },
    )
    return ExportResult(path=destination, counts=counts)
