from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from jichitai.audit.models import AuditRecord
from jichitai.demo.residents import demo_residents_generate
from jichitai.identity.models import StaffUser
from jichitai.registry.crypto import my_number_decrypt, my_number_lookup_hash
from jichitai.registry.layout import (
    CHANGES,
    HISTORY,
    HOUSEHOLDS,
    ITEM_KEYS,
    MANIFEST,
    RESIDENTS,
    SNAPSHOT_KEYS,
    LayoutInvalid,
    RegistryNotEmpty,
    registry_export,
    registry_import,
)
from jichitai.registry.layout.importer import is_stored_kana
from jichitai.registry.models import (
    Change,
    ChangeType,
    Household,
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
    residents_move_within,
    residents_register,
    residents_remove,
)
from jichitai.registry.services.recording import person_fields_check, snapshot_of
from jichitai.registry.tests.factories import MIDORI_ADDRESS, person, yamada_family
from jichitai.tenants.models import Municipality

TODAY = dt.date(2026, 4, 7)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def registry_wipe(municipality: Municipality) -> None:
    """Deletes a municipality's register (tests only: the register is never deleted)."""
    ResidentHistory.objects.for_municipality(municipality).delete()
    Resident.objects.for_municipality(municipality).delete()
    Change.objects.for_municipality(municipality).filter(cancels__isnull=False).delete()
    Change.objects.for_municipality(municipality).delete()
    Household.objects.for_municipality(municipality).delete()
    NumberSequence.objects.for_municipality(municipality).delete()


def _register_with_every_kind_of_change(municipality: Municipality, clerk: StaffUser) -> None:
    """Demo residents, plus what the demo does not make: a cancellation, a planned 転出 (a
    future 異動日), a correction of a 除票, a foreigner's 通称 and a 世帯分離 by 転居."""
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
    change_cancel(municipality=municipality, change_id=moved.pk, reason="誤入力", actor=clerk)
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


def _records(municipality: Municipality) -> dict[str, Any]:
    """Everything the register holds, keyed by the numbers that survive a migration: the
    current records, their full history with each row's 異動, and the households."""
    lg_code = municipality.lg_code
    residents = {}
    for resident in Resident.objects.for_municipality(municipality).select_related("household"):
        values = {
            f.attname: getattr(resident, f.attname)
            for f in Resident._meta.concrete_fields
            if f.attname not in ("id", "municipality_id", "household_id", "my_number_cipher")
        }
        values["household_number"] = resident.household.household_number
        values["my_number"] = (
            my_number_decrypt(
                resident.my_number_cipher, lg_code=lg_code, atena_number=resident.atena_number
            )
            if resident.my_number_cipher
            else ""
        )
        if values["my_number"]:
            assert resident.my_number_hash == my_number_lookup_hash(
                values["my_number"], lg_code=lg_code
            )
        del values["my_number_hash"]  # keyed per municipality, checked above
        residents[resident.atena_number] = values
    history = {}
    rows = ResidentHistory.objects.for_municipality(municipality).select_related(
        "resident", "change", "change__cancels"
    )
    for row in rows:
        snapshot = dict(row.snapshot)
        household = Household.objects.get(pk=snapshot.pop("household_id"))
        assert household.household_number == snapshot["household_number"]
        cipher = snapshot.pop("my_number_cipher")
        digest = snapshot.pop("my_number_hash")
        snapshot["my_number"] = (
            my_number_decrypt(cipher, lg_code=lg_code, atena_number=row.resident.atena_number)
            if cipher
            else ""
        )
        if cipher:
            assert digest == my_number_lookup_hash(snapshot["my_number"], lg_code=lg_code)
        change = row.change
        history[(row.resident.atena_number, row.history_number)] = {
            "snapshot": snapshot,
            "effective_on": row.effective_on,
            "change": (
                change.change_type,
                change.effective_on,
                change.notified_on,
                change.processed_at,
                change.note,
                change.cancels.processed_at if change.cancels else None,
            ),
        }
    households = dict(
        Household.objects.for_municipality(municipality).values_list(
            "household_number", "is_active"
        )
    )
    return {"residents": residents, "history": history, "households": households}


def _csv_files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in directory.iterdir() if p.name != MANIFEST}


def _rewrite(directory: Path, name: str, edit: Callable[[list[list[str]]], None]) -> None:
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


def _column(rows: list[list[str]], header: str) -> int:
    return rows[0].index(header)


def _messages(error: LayoutInvalid) -> list[str]:
    return [problem.message for problem in error.errors]


def _counts() -> tuple[int, int, int, int]:
    return (
        Household.objects.count(),
        Resident.objects.count(),
        ResidentHistory.objects.count(),
        Change.objects.count(),
    )


# --------------------------------------------------------------------------- the columns


def test_columns_cover_every_item_of_a_snapshot() -> None:
    stored_elsewhere = {"household_id", "my_number_cipher", "my_number_hash"}
    assert set(SNAPSHOT_KEYS) - stored_elsewhere == set(ITEM_KEYS) - {"my_number"}


def test_snapshot_keys_are_what_the_services_write(midori: Municipality) -> None:
    hanako = yamada_family(midori)["花子"]
    assert tuple(snapshot_of(hanako)) == SNAPSHOT_KEYS
    assert set(hanako.history.get().snapshot) == set(SNAPSHOT_KEYS)  # jsonb keeps no order


@pytest.mark.parametrize(
    "reading",
    ["ヤマダ　ハナコ", "グエン　ヴァン　アン", "マリア・ルイーザ", "ヤマダ", "ヴー　ティ　ラン"],
)
def test_readings_taken_as_stored_are_what_the_services_store(reading: str) -> None:
    """The import skips the services' kana normalising for readings already in stored form;
    that is only right while the services leave such readings unchanged."""
    assert is_stored_kana(reading, "name_kana")
    assert person_fields_check({"name_kana": reading})["name_kana"] == reading


@pytest.mark.parametrize(
    "reading",
    ["やまだ　はなこ", "ﾔﾏﾀﾞ ﾊﾅｺ", "ヤマダ ハナコ", "ヤマダ　　ハナコ", "ー", "Yamada", ""],
)
def test_other_readings_go_through_the_services(reading: str) -> None:
    assert not is_stored_kana(reading, "name_kana")


# --------------------------------------------------------------------------- round trip


def test_export_then_import_into_another_municipality_reproduces_the_register(
    midori: Municipality, minakami: Municipality, clerk: StaffUser, tmp_path: Path
) -> None:
    _register_with_every_kind_of_change(midori, clerk)
    exported = registry_export(municipality=midori, destination=tmp_path / "a", actor=clerk)
    assert exported.counts.residents == Resident.objects.for_municipality(midori).count()

    result = registry_import(
        municipality=minakami, path=tmp_path / "a", actor=None, allow_other_municipality=True
    )

    assert result.import_change_id is None  # every history row kept its own 異動
    assert result.counts == exported.counts
    before, after = _records(midori), _records(minakami)
    assert after["households"] == before["households"]
    assert after["residents"].keys() == before["residents"].keys()
    for atena, values in before["residents"].items():
        assert after["residents"][atena] == values, atena
    assert after["history"].keys() == before["history"].keys()
    for key, row in before["history"].items():
        assert after["history"][key] == row, key
    # The numbering goes on above the imported numbers.
    for kind in NumberSequence.Kind:
        assert (
            NumberSequence.objects.get(municipality=minakami, kind=kind).last_value
            == NumberSequence.objects.get(municipality=midori, kind=kind).last_value
        )

    # §4.2: re-exporting the import gives the same files, byte for byte.
    registry_export(municipality=minakami, destination=tmp_path / "b", actor=None)
    assert _csv_files(tmp_path / "b") == _csv_files(tmp_path / "a")


def _planner_rows(table: str) -> float:
    """What the query planner believes the table holds (its statistics)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            return float(cursor.fetchone()[0])
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s LIMIT 1", [table])
        row = cursor.fetchone()
        return float(row[0].split()[0]) if row else -1.0


def test_an_import_leaves_fresh_planner_statistics(
    midori: Municipality, minakami: Municipality, clerk: StaffUser, tmp_path: Path
) -> None:
    # Stale statistics after a bulk load made the first 転居s on 1 M residents take 0.7 s.
    _register_with_every_kind_of_change(midori, clerk)
    registry_export(municipality=midori, destination=tmp_path / "a", actor=clerk)
    registry_import(
        municipality=minakami, path=tmp_path / "a", actor=None, allow_other_municipality=True
    )
    assert _planner_rows("registry_resident") == Resident.objects.count()


def test_export_then_import_into_the_same_municipality_keeps_ciphertext_context(
    midori: Municipality, clerk: StaffUser, tmp_path: Path
) -> None:
    _register_with_every_kind_of_change(midori, clerk)
    before = _records(midori)
    hashes = dict(
        Resident.objects.for_municipality(midori).values_list("atena_number", "my_number_hash")
    )
    registry_export(municipality=midori, destination=tmp_path / "export.zip", actor=clerk)
    registry_wipe(midori)

    registry_import(municipality=midori, path=tmp_path / "export.zip", actor=clerk)

    assert _records(midori) == before
    assert (
        dict(
            Resident.objects.for_municipality(midori).values_list("atena_number", "my_number_hash")
        )
        == hashes
    )
    # Services work on the imported register: the next numbers follow the imported ones.
    change = residents_register(
        municipality=midori,
        change_type=ChangeType.MOVE_IN,
        people=[person("新井　一郎", "アライ　イチロウ", dt.date(1990, 1, 1), "1", "世帯主")],
        address=MIDORI_ADDRESS,
        effective_on=TODAY,
        notified_on=TODAY,
        actor=clerk,
    )
    newcomer = change.history_rows.get().resident
    assert newcomer.atena_number > max(before["residents"])


def test_export_and_import_are_audited_with_counts_only(
    midori: Municipality, minakami: Municipality, clerk: StaffUser, tmp_path: Path
) -> None:
    yamada_family(midori, actor=clerk)
    registry_export(municipality=midori, destination=tmp_path / "a", actor=clerk)
    registry_import(
        municipality=minakami, path=tmp_path / "a", actor=clerk, allow_other_municipality=True
    )
    export = AuditRecord.objects.get(action="registry.export")
    imported = AuditRecord.objects.get(action="registry.import")
    assert export.municipality_code == "102121" and imported.municipality_code == "104493"
    for record in (export, imported):
        assert record.detail == {"households": 1, "changes": 1, "residents": 3, "history": 3}
        assert "山田" not in json.dumps(record.detail, ensure_ascii=False)


def test_files_are_utf8_csv_with_japanese_headers_and_a_manifest(
    midori: Municipality, tmp_path: Path
) -> None:
    yamada_family(midori)
    registry_export(municipality=midori, destination=tmp_path / "a.zip", actor=None)
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        manifest = json.loads(archive.read(MANIFEST))
        residents = archive.read(RESIDENTS)
        history = archive.read(HISTORY).decode("utf-8")
    assert manifest["lg_code"] == "102121" and manifest["version"] == 1
    listed = {entry["name"]: entry for entry in manifest["files"]}
    assert listed[RESIDENTS]["rows"] == 3
    assert listed[RESIDENTS]["sha256"] == hashlib.sha256(residents).hexdigest()
    assert not residents.startswith(b"\xef\xbb\xbf")
    header, first = list(csv.reader(io.StringIO(residents.decode("utf-8"))))[:2]
    row = dict(zip(header, first, strict=True))
    assert row["氏名"] == "山田　花子" and row["氏名の振り仮名"] == "ヤマダ　ハナコ"
    assert row["個人番号"] == "123456789018"  # plaintext: the files are 特定個人情報
    assert row["生年月日"] == "1990-06-15" and row["性別"] == "2"
    assert row["住民種別"] == "日本人住民" and row["住民状態"] == "住民"
    assert row["世帯主との続柄"] == "世帯主"
    assert "異動事由" in history and "国内転入" in history


# --------------------------------------------------------------------------- validation


def test_a_file_with_three_bad_rows_is_refused_naming_the_lines(
    midori: Municipality, minakami: Municipality, tmp_path: Path
) -> None:
    demo_residents_generate(municipality=midori, count=40, seed=2)
    registry_export(municipality=midori, destination=tmp_path / "a", actor=None)

    def spoil(rows: list[list[str]]) -> None:
        relationship = _column(rows, "世帯主との続柄")
        rows[3][_column(rows, "個人番号")] = "123456789012"  # wrong check digit
        rows[7][_column(rows, "氏名の振り仮名")] = "Yamada Hanako"  # not katakana
        member = next(i for i, row in enumerate(rows) if i > 7 and row[relationship] == "子")
        rows[member][relationship] = "孫"  # not allowed by §1.1.11
        lines.extend([4, 8, member + 1])

    lines: list[int] = []

    _rewrite(tmp_path / "a", RESIDENTS, spoil)
    before = _counts()

    with pytest.raises(LayoutInvalid) as caught:
        registry_import(
            municipality=minakami, path=tmp_path / "a", actor=None, allow_other_municipality=True
        )

    messages = _messages(caught.value)
    assert caught.value.extra["error_count"] == 3
    assert [m.split(":")[0] for m in messages] == [f"住民.csv {line}行目" for line in lines]
    assert "個人番号" in messages[0] and "振り仮名" in messages[1] and "続柄" in messages[2]
    assert _counts() == before
    assert not AuditRecord.objects.filter(action="registry.import").exists()


def test_a_living_household_without_head_is_refused(
    midori: Municipality, minakami: Municipality, tmp_path: Path
) -> None:
    yamada_family(midori)
    registry_export(municipality=midori, destination=tmp_path / "a", actor=None)

    def no_head(rows: list[list[str]]) -> None:
        rows[1][_column(rows, "世帯主との続柄")] = "母"

    _rewrite(tmp_path / "a", RESIDENTS, no_head)
    _rewrite(tmp_path / "a", HISTORY, no_head)

    with pytest.raises(LayoutInvalid) as caught:
        registry_import(
            municipality=minakami, path=tmp_path / "a", actor=None, allow_other_municipality=True
        )
    assert _messages(caught.value) == [
        "世帯.csv 2行目: 世帯番号 0000000019: 世帯主がいません（現存する世帯には世帯主が1人必要です）。"
    ]
    assert not Resident.objects.for_municipality(minakami).exists()


def test_a_duplicate_resident_code_is_refused(
    midori: Municipality, minakami: Municipality, tmp_path: Path
) -> None:
    yamada_family(midori)
    registry_export(municipality=midori, destination=tmp_path / "a", actor=None)

    def duplicate(rows: list[list[str]]) -> None:
        code = _column(rows, "住民票コード")
        rows[3][code] = rows[2][code]

    _rewrite(tmp_path / "a", RESIDENTS, duplicate)
    _rewrite(tmp_path / "a", HISTORY, duplicate)

    with pytest.raises(LayoutInvalid) as caught:
        registry_import(
            municipality=minakami, path=tmp_path / "a", actor=None, allow_other_municipality=True
        )
    assert _messages(caught.value) == [
        "住民.csv 4行目: 住民票コード: 他の住民（住民状態「住民」）と重複しています。"
    ]


def test_references_between_files_are_checked(
    midori: Municipality, minakami: Municipality, tmp_path: Path
) -> None:
    yamada_family(midori)
    registry_export(municipality=midori, destination=tmp_path / "a", actor=None)

    def unknown_household(rows: list[list[str]]) -> None:
        rows[2][_column(rows, "世帯番号")] = "0000099999"

    def unknown_change(rows: list[list[str]]) -> None:
        rows[3][_column(rows, "異動番号")] = "42"

    _rewrite(tmp_path / "a", RESIDENTS, unknown_household)
    _rewrite(tmp_path / "a", HISTORY, unknown_change)
    with pytest.raises(LayoutInvalid) as caught:
        registry_import(
            municipality=minakami, path=tmp_path / "a", actor=None, allow_other_municipality=True
        )
    messages = _messages(caught.value)
    assert "住民.csv 3行目: 世帯番号 0000099999 が世帯.csv にありません。" in messages
    assert "住民履歴.csv 4行目: 異動番号 42 が異動.csv にありません。" in messages


def test_bad_dates_and_unknown_codes_are_reported_per_cell(
    midori: Municipality, minakami: Municipality, tmp_path: Path
) -> None:
    yamada_family(midori)
    registry_export(municipality=midori, destination=tmp_path / "a", actor=None)

    def spoil(rows: list[list[str]]) -> None:
        rows[1][_column(rows, "異動日")] = "令和6年4月1日"
        rows[1][_column(rows, "異動事由")] = "引越し"

    _rewrite(tmp_path / "a", CHANGES, spoil)
    with pytest.raises(LayoutInvalid) as caught:
        registry_import(
            municipality=minakami, path=tmp_path / "a", actor=None, allow_other_municipality=True
        )
    assert _messages(caught.value)[:2] == [
        "異動.csv 2行目: 異動事由: 「引越し」はこの項目のコードにありません。",
        "異動.csv 2行目: 異動日: 日付は西暦の YYYY-MM-DD で記入してください。",
    ]


def test_the_report_is_capped_but_every_error_is_counted(
    midori: Municipality, minakami: Municipality, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("jichitai.registry.layout.errors.ERROR_REPORT_LIMIT", 5)
    demo_residents_generate(municipality=midori, count=30, seed=3)
    registry_export(municipality=midori, destination=tmp_path / "a", actor=None)

    def spoil(rows: list[list[str]]) -> None:
        for row in rows[1:]:
            row[_column(rows, "性別")] = "M"

    _rewrite(tmp_path / "a", RESIDENTS, spoil)
    with pytest.raises(LayoutInvalid) as caught:
        registry_import(
            municipality=minakami, path=tmp_path / "a", actor=None, allow_other_municipality=True
        )
    assert len(caught.value.errors) == 5
    assert caught.value.extra["error_count"] >= 30
    assert "最初の5件を表示" in caught.value.detail


def test_a_tampered_file_is_refused_by_its_checksum(
    midori: Municipality, minakami: Municipality, tmp_path: Path
) -> None:
    yamada_family(midori)
    registry_export(municipality=midori, destination=tmp_path / "a", actor=None)
    path = tmp_path / "a" / HOUSEHOLDS
    path.write_bytes(path.read_bytes() + b"0000000027,0\r\n")
    with pytest.raises(LayoutInvalid) as caught:
        registry_import(
            municipality=minakami, path=tmp_path / "a", actor=None, allow_other_municipality=True
        )
    messages = _messages(caught.value)
    assert "世帯.csv: SHA-256 が manifest.json と一致しません（破損または改変）。" in messages


def test_import_refuses_a_municipality_with_records_or_another_code(
    midori: Municipality, minakami: Municipality, tmp_path: Path
) -> None:
    yamada_family(midori)
    registry_export(municipality=midori, destination=tmp_path / "a", actor=None)
    with pytest.raises(RegistryNotEmpty):
        registry_import(municipality=midori, path=tmp_path / "a", actor=None)
    with pytest.raises(LayoutInvalid) as caught:
        registry_import(municipality=minakami, path=tmp_path / "a", actor=None)
    assert _messages(caught.value) == [
        "manifest.json: 団体コード 102121 のデータです。取込み先 104493 と違います。"
    ]


def test_a_register_without_history_gets_one_import_change(
    midori: Municipality, minakami: Municipality, tmp_path: Path
) -> None:
    """Another vendor's current records only: row 1 of each history is the record as
    migrated, under one 異動 of type データ移行."""
    yamada_family(midori)
    registry_export(municipality=midori, destination=tmp_path / "a", actor=None)
    for name in (HISTORY, CHANGES):
        (tmp_path / "a" / name).unlink()
    manifest = json.loads((tmp_path / "a" / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"] = [f for f in manifest["files"] if f["name"] not in (HISTORY, CHANGES)]
    (tmp_path / "a" / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")

    result = registry_import(
        municipality=minakami, path=tmp_path / "a", actor=None, allow_other_municipality=True
    )

    assert result.import_change_id is not None
    change = Change.objects.get(pk=result.import_change_id)
    assert change.change_type == ChangeType.IMPORT and change.effective_on == TODAY
    rows = ResidentHistory.objects.for_municipality(minakami)
    assert rows.count() == 3 and {r.change_id for r in rows} == {change.pk}
    hanako = Resident.objects.get(municipality=minakami, name="山田　花子")
    assert hanako.history_number == 1
    assert hanako.history.get().snapshot == snapshot_of(hanako)
    assert hanako.history.get().effective_on == hanako.became_resident_on


def test_history_rows_without_change_numbers_are_grouped_by_their_change_columns(
    midori: Municipality, minakami: Municipality, clerk: StaffUser, tmp_path: Path
) -> None:
    """Another vendor's history without a 異動 file: rows with the same 異動事由, 異動日,
    届出日 and 処理日時 become one change again."""
    _register_with_every_kind_of_change(midori, clerk)
    registry_export(municipality=midori, destination=tmp_path / "a", actor=None)

    def unnumbered(rows: list[list[str]]) -> None:
        for row in rows[1:]:
            row[_column(rows, "異動番号")] = ""

    _rewrite(tmp_path / "a", HISTORY, unnumbered)
    (tmp_path / "a" / CHANGES).unlink()
    registry_import(
        municipality=minakami, path=tmp_path / "a", actor=None, allow_other_municipality=True
    )

    def changes(municipality: Municipality) -> set[tuple[object, ...]]:
        return set(
            ResidentHistory.objects.for_municipality(municipality).values_list(
                "resident__atena_number",
                "history_number",
                "change__change_type",
                "change__effective_on",
                "change__processed_at",
            )
        )

    assert changes(minakami) == changes(midori)
    assert (
        Change.objects.for_municipality(minakami).count()
        == Change.objects.for_municipality(midori)
        .filter(history_rows__isnull=False)
        .distinct()
        .count()
    )


def test_with_a_history_file_every_resident_needs_history(
    midori: Municipality, minakami: Municipality, tmp_path: Path
) -> None:
    yamada_family(midori)
    registry_export(municipality=midori, destination=tmp_path / "a", actor=None)

    def drop_first_person(rows: list[list[str]]) -> None:
        del rows[1]

    _rewrite(tmp_path / "a", HISTORY, drop_first_person)
    with pytest.raises(LayoutInvalid) as caught:
        registry_import(
            municipality=minakami, path=tmp_path / "a", actor=None, allow_other_municipality=True
        )
    assert _messages(caught.value) == [
        "住民.csv 2行目: 宛名番号 0000000019: 住民履歴.csv に履歴がありません（住民履歴.csv を付けるときは全員の履歴が要ります）。"
    ]


# --------------------------------------------------------------------------- commands


def test_commands_export_and_import(
    midori: Municipality, minakami: Municipality, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    yamada_family(midori)
    call_command("export-registry", "--municipality", "102121", "--output", str(tmp_path / "a"))
    assert "住民 3" in capsys.readouterr().out
    call_command(
        "import-registry",
        str(tmp_path / "a"),
        "--municipality",
        "104493",
        "--allow-other-municipality",
    )
    assert "住民 3" in capsys.readouterr().out
    assert Resident.objects.for_municipality(minakami).count() == 3


def test_import_command_prints_the_lines_and_fails(
    midori: Municipality, minakami: Municipality, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    yamada_family(midori)
    registry_export(municipality=midori, destination=tmp_path / "a", actor=None)

    def spoil(rows: list[list[str]]) -> None:
        rows[2][_column(rows, "生年月日")] = "2018-02-30"

    _rewrite(tmp_path / "a", RESIDENTS, spoil)
    with pytest.raises(CommandError, match="1件の誤り"):
        call_command(
            "import-registry",
            str(tmp_path / "a"),
            "--municipality",
            "104493",
            "--allow-other-municipality",
        )
    assert "住民.csv 3行目: 生年月日:" in capsys.readouterr().err
    assert not Resident.objects.for_municipality(minakami).exists()
