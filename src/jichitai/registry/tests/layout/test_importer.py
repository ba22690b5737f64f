"""The checks of every row of an import (registry/layout/importer/): readings taken as stored,
errors per line and cell, checksums, and history without 異動 numbers or files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jichitai.audit.models import AuditRecord
from jichitai.demo.residents import demo_residents_generate
from jichitai.identity.models import StaffUser
from jichitai.registry.layout import (
    CHANGES,
    HISTORY,
    HOUSEHOLDS,
    MANIFEST,
    RESIDENTS,
    LayoutInvalid,
    registry_export,
    registry_import,
)
from jichitai.registry.layout.columns import LATER_COLUMNS
from jichitai.registry.layout.importer import is_stored_kana
from jichitai.registry.models import (
    Change,
    ChangeType,
    Household,
    Resident,
    ResidentHistory,
    ResidentSearchKey,
)
from jichitai.registry.services.recording import person_fields_check, snapshot_of
from jichitai.registry.tests.factories import yamada_family
from jichitai.registry.tests.layout.helpers import TODAY
from jichitai.registry.tests.layout.helpers import column as _column
from jichitai.registry.tests.layout.helpers import messages as _messages
from jichitai.registry.tests.layout.helpers import (
    register_with_every_kind_of_change as _register_with_every_kind_of_change,
)
from jichitai.registry.tests.layout.helpers import rewrite as _rewrite
from jichitai.tenants.models import Municipality


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
    ["やまだ　はなこ", "ﾔﾏﾀﾞ ﾊﾅｺ", "ヤマダ ハナコ", "ヤマダ　　ハナコ", "ー", "Yamada"],
)
def test_other_readings_go_through_the_services(reading: str) -> None:
    assert not is_stored_kana(reading, "name_kana")


def test_a_blank_reading_is_taken_as_it_is() -> None:
    """氏名の振り仮名 may be blank (doc/j60.txt §1.1.6), as the services keep it."""
    assert is_stored_kana("", "name_kana")
    assert person_fields_check({"name_kana": ""})["name_kana"] == ""


# --------------------------------------------------------------------------- validation


def _counts() -> tuple[int, int, int, int]:
    return (
        Household.objects.count(),
        Resident.objects.count(),
        ResidentHistory.objects.count(),
        Change.objects.count(),
    )


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


def test_a_household_with_two_heads_is_refused(
    midori: Municipality, minakami: Municipality, tmp_path: Path
) -> None:
    """A household may stand without a head (§1.1.10, test_household_without_head), never
    with two."""
    yamada_family(midori)
    registry_export(municipality=midori, destination=tmp_path / "a", actor=None)

    def two_heads(rows: list[list[str]]) -> None:
        rows[2][_column(rows, "世帯主との続柄")] = "世帯主"

    _rewrite(tmp_path / "a", RESIDENTS, two_heads)
    _rewrite(tmp_path / "a", HISTORY, two_heads)

    with pytest.raises(LayoutInvalid) as caught:
        registry_import(
            municipality=minakami, path=tmp_path / "a", actor=None, allow_other_municipality=True
        )
    assert _messages(caught.value) == [
        "世帯.csv 2行目: 世帯番号 0000000019: 世帯主が複数います（世帯主は1世帯に1人です）。"
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


def test_the_checks_between_rows_and_files_name_each_line(
    midori: Municipality, minakami: Municipality, tmp_path: Path
) -> None:
    """What the import keeps of every household, 異動 and person between files (numbers,
    lines, counts): duplicates, a person's history out of order or with a gap, a last
    history row unlike the record, a 現存 household left empty, a 取消し of itself."""
    yamada_family(midori)
    registry_export(municipality=midori, destination=tmp_path / "a", actor=None)

    def copy_first_row(rows: list[list[str]]) -> None:
        rows.append(list(rows[1]))

    def cancel_itself(rows: list[list[str]]) -> None:
        rows.append(list(rows[1]))
        rows[-1][_column(rows, "異動番号")] = "900"
        rows[-1][_column(rows, "異動事由")] = "異動の取消し（増）"
        rows[-1][_column(rows, "取消対象異動番号")] = "900"

    def history_spoiled(rows: list[list[str]]) -> None:
        atena, number = _column(rows, "宛名番号"), _column(rows, "履歴番号")
        first = rows[1][atena]
        own = [i for i, row in enumerate(rows) if i and row[atena] == first]
        rows[own[-1]][_column(rows, "方書")] = "別の方書"  # the last row unlike the record
        rows.append(list(rows[own[0]]))  # the person's rows again, after another's
        other = next(i for i, row in enumerate(rows) if i and row[atena] != first)
        rows[other][number] = "7"  # a gap

    def household_emptied(rows: list[list[str]]) -> None:
        household = _column(rows, "世帯番号")
        rows.append(list(rows[1]))  # a duplicate
        rows.append(list(rows[1]))
        rows[-1][household] = "0000099998"
        rows[-1][_column(rows, "現存")] = "1"

    _rewrite(tmp_path / "a", HOUSEHOLDS, household_emptied)
    _rewrite(tmp_path / "a", CHANGES, copy_first_row)
    _rewrite(tmp_path / "a", CHANGES, cancel_itself)
    _rewrite(tmp_path / "a", RESIDENTS, copy_first_row)
    _rewrite(tmp_path / "a", HISTORY, history_spoiled)
    with pytest.raises(LayoutInvalid) as caught:
        registry_import(
            municipality=minakami, path=tmp_path / "a", actor=None, allow_other_municipality=True
        )
    assert _messages(caught.value) == [
        "世帯.csv 3行目: 世帯番号 0000000019 が2行目と重複しています。",
        "異動.csv 3行目: 異動番号 1 が重複しています。",
        "異動.csv 4行目: 異動が自分自身を取り消しています。",
        "住民.csv 5行目: 宛名番号 0000000019 が2行目と重複しています。",
        "世帯.csv 4行目: 世帯番号 0000099998: 現存の世帯に住民状態「住民」の世帯員がいません。",
        "住民履歴.csv 2行目: 最新の履歴が住民.csv 2行目の現在の記載と一致しません。",
        "住民履歴.csv 3行目: 履歴番号: 宛名番号 0000000027 の履歴番号は1から欠番なく昇順です（1のはず）。",
        "住民履歴.csv 5行目: 宛名番号 0000000019 の履歴が連続していません（宛名番号・履歴番号の順に並べてください）。",
        "住民履歴.csv 5行目: 履歴番号: 宛名番号 0000000019 の履歴番号は1から欠番なく昇順です（2のはず）。",
        "住民履歴.csv 5行目: 最新の履歴が住民.csv 2行目の現在の記載と一致しません。",
        "住民.csv 3行目: 宛名番号 0000000027: 履歴番号 1 が住民履歴.csv の履歴の数（7）と違います。",
    ]
    assert not Resident.objects.for_municipality(minakami).exists()


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


def test_numbers_too_large_for_their_column_are_refused_per_cell(
    midori: Municipality, minakami: Municipality, tmp_path: Path
) -> None:
    """A 履歴番号 beyond PostgreSQL's integer and a 異動番号 beyond 64 bits (or beyond what
    int() reads) are cell errors, not a crash of the import."""
    yamada_family(midori)
    registry_export(municipality=midori, destination=tmp_path / "a", actor=None)

    def huge_history_number(rows: list[list[str]]) -> None:
        rows[1][_column(rows, "履歴番号")] = "2147483648"

    def huge_change_numbers(rows: list[list[str]]) -> None:
        rows.append(list(rows[1]))
        rows[1][_column(rows, "異動番号")] = "9223372036854775808"
        rows[2][_column(rows, "異動番号")] = "9" * 5000

    _rewrite(tmp_path / "a", RESIDENTS, huge_history_number)
    _rewrite(tmp_path / "a", CHANGES, huge_change_numbers)
    with pytest.raises(LayoutInvalid) as caught:
        registry_import(
            municipality=minakami, path=tmp_path / "a", actor=None, allow_other_municipality=True
        )
    messages = _messages(caught.value)
    assert "異動.csv 2行目: 異動番号: 9223372036854775807以下の数で記入してください。" in messages
    assert "異動.csv 3行目: 異動番号: 9223372036854775807以下の数で記入してください。" in messages
    assert "住民.csv 2行目: 履歴番号: 2147483647以下の数で記入してください。" in messages
    assert not Resident.objects.for_municipality(minakami).exists()


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


# --------------------------------------------------------------------------- history


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


def test_a_file_written_before_the_item_13_columns_still_imports(
    midori: Municipality, minakami: Municipality, tmp_path: Path
) -> None:
    """Version 1 files of before issue #13 item 13 lack the 郵便番号, 国保・年金 and card
    columns: they import, those items left blank."""
    yamada_family(midori)
    registry_export(municipality=midori, destination=tmp_path / "a", actor=None)

    def drop_later_columns(rows: list[list[str]]) -> None:
        keep = [i for i, title in enumerate(rows[0]) if title not in LATER_COLUMNS]
        rows[:] = [[row[i] for i in keep] for row in rows]

    _rewrite(tmp_path / "a", RESIDENTS, drop_later_columns)
    _rewrite(tmp_path / "a", HISTORY, drop_later_columns)
    registry_import(
        municipality=minakami, path=tmp_path / "a", actor=None, allow_other_municipality=True
    )
    hanako = Resident.objects.for_municipality(minakami).get(name="山田　花子")
    assert hanako.previous_postal_code == "" and hanako.nhi_retiree is False
    assert hanako.my_number_card_status == ""


def _past_keys(municipality: Municipality) -> set[tuple[str, str, str]]:
    return set(
        ResidentSearchKey.objects.for_municipality(municipality).values_list(
            "resident__atena_number", "kind", "key"
        )
    )


def test_an_imported_register_is_searched_by_past_names_and_addresses_as_the_original(
    midori: Municipality, minakami: Municipality, clerk: StaffUser, tmp_path: Path
) -> None:
    """§2.1.3 (過去の氏名・住所): the import writes the search keys of every history row, each
    once per person, so the copy finds what the original finds (written by history_write)."""
    _register_with_every_kind_of_change(midori, clerk)
    registry_export(municipality=midori, destination=tmp_path / "a", actor=None)

    registry_import(
        municipality=minakami, path=tmp_path / "a", actor=None, allow_other_municipality=True
    )

    original = _past_keys(midori)
    assert len(original) > 5 * Resident.objects.for_municipality(midori).count()
    assert _past_keys(minakami) == original


def test_a_register_without_history_is_searched_by_its_current_names_and_addresses(
    midori: Municipality, minakami: Municipality, tmp_path: Path
) -> None:
    yamada_family(midori)
    registry_export(municipality=midori, destination=tmp_path / "a", actor=None)
    for name in (HISTORY, CHANGES):
        (tmp_path / "a" / name).unlink()
    manifest = json.loads((tmp_path / "a" / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"] = [f for f in manifest["files"] if f["name"] not in (HISTORY, CHANGES)]
    (tmp_path / "a" / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")

    registry_import(
        municipality=minakami, path=tmp_path / "a", actor=None, allow_other_municipality=True
    )

    assert _past_keys(minakami) == _past_keys(midori)
