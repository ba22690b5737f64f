"""異動事由 (doc/j210.txt §1.2.2): every 区分 of the standard has a code of ours, every code
maps to one 区分, and every code is exported and imported in the layout."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from jichitai.identity.models import StaffUser
from jichitai.registry.layout import registry_export, registry_import
from jichitai.registry.models import (
    STANDARD_REASONS,
    Change,
    ChangeCategory,
    ChangeType,
    StandardReason,
)
from jichitai.registry.services import change_cancel
from jichitai.registry.tests.factories import yamada_family
from jichitai.registry.tests.layout.helpers import column, registry_wipe, rewrite
from jichitai.tenants.models import Municipality

# doc/j210.txt, word for word.
STANDARD = {
    ChangeCategory.ENTRY: [
        "国内転入",
        "国外転入等",
        "出生",
        "職権記載（帰化等）",
        "職権記載（国籍喪失）",
        "職権記載",
        "改製",
        "再製",
        "異動の取消し（増）",
    ],
    ChangeCategory.REMOVAL: [
        "国内転出",
        "国外転出",
        "死亡",
        "職権消除（帰化等）",
        "職権消除（国籍喪失）",
        "職権消除",
        "改製",
        "再製",
        "異動の取消し（減）",
    ],
    ChangeCategory.AMENDMENT: [
        "転居",
        "軽微な修正",
        "職権修正",
        "誤記修正",
        "個人番号の変更請求",
        "個人番号の職権修正",
        "個人番号の職権記載",
        "住民票コードの変更請求",
        "住民票コードの職権記載",
        "世帯分離",
        "世帯合併",
        "世帯変更",
        "世帯主変更",
        "旧氏の記載",
        "旧氏の変更",
        "旧氏の削除",
        "通称の記載",
        "通称の削除",
        "異動の取消し（修正）",
    ],
}


def test_the_standard_reasons_are_the_37_of_the_standard() -> None:
    for category, labels in STANDARD.items():
        assert [str(r.label) for r in StandardReason if r.category == category] == labels
    assert len(StandardReason) == 37
    # 【実装しない機能】: no 「転居取消」 区分, and no code of ours for it.
    assert not [r for r in StandardReason if "転居取消" in r.label]
    assert not [t for t in ChangeType if "転居取消" in t.label]


def test_every_code_maps_to_one_reason_and_every_reason_has_a_code() -> None:
    assert set(STANDARD_REASONS) == set(ChangeType)
    assert set(STANDARD_REASONS.values()) == set(StandardReason)
    for change_type in ChangeType:
        assert change_type.category == change_type.standard_reason.category
        assert change_type in change_type.standard_reason.change_types
    assert StandardReason.ENTRY_NATURALISATION.change_types == [
        ChangeType.NATURALISATION_ENTRY,
        ChangeType.NATIONALITY_ACQUISITION_ENTRY,
    ]
    assert ChangeType.CANCELLATION.standard_reason.full_label == "修正の事由：異動の取消し（修正）"
    assert StandardReason.REMOVAL_RECREATION.full_label == "消除の事由：改製"


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_every_code_is_exported_and_imported(
    midori: Municipality, minakami: Municipality, clerk: StaffUser, tmp_path: Path
) -> None:
    yamada_family(midori, actor=clerk)
    registry_export(municipality=midori, destination=tmp_path, actor=clerk)
    codes = _rows(tmp_path / "コード対応.csv")
    mapped = {row[1]: row[2] for row in codes if row[0] == "異動事由の区分（標準仕様書1.2.2）"}
    assert mapped == {str(t): t.standard_reason.full_label for t in ChangeType}
    labels = {row[1]: row[2] for row in codes if row[0] == "異動事由・消除事由"}
    assert set(labels) == set(ChangeType)

    def add_every_code(rows: list[list[str]]) -> None:
        kind, at = column(rows, "異動事由"), column(rows, "処理日時")
        template = rows[1]
        # One 異動 per code (by its label), and one by a label used before §1.2.2 was met.
        for number, label in enumerate([*labels.values(), "通称の記載・削除"], start=100):
            row = list(template)
            row[0], row[kind], row[column(rows, "留意事項")] = str(number), label, label
            row[at] = template[at]
            rows.append(row)

    rewrite(tmp_path, "異動.csv", add_every_code)
    registry_import(municipality=minakami, path=tmp_path, actor=None, allow_other_municipality=True)
    imported = dict(
        Change.objects.for_municipality(minakami)
        .exclude(note="")
        .values_list("note", "change_type")
    )
    assert {imported[label] for label in labels.values()} == set(ChangeType)
    assert imported["通称の記載・削除"] == ChangeType.ALIAS_CHANGE


def test_a_changes_file_without_the_request_date_column_still_imports(
    midori: Municipality, minakami: Municipality, clerk: StaffUser, tmp_path: Path
) -> None:
    family = yamada_family(midori, actor=clerk)
    entry = family["翔太"].history.get(history_number=1).change
    change_cancel(
        municipality=midori,
        change_id=entry.pk,
        reason="二重登録",
        actor=clerk,
        resident_ids=[family["翔太"].pk],
        offered_on=dt.date(2026, 4, 6),
    )
    registry_export(municipality=midori, destination=tmp_path / "a", actor=clerk)
    registry_import(
        municipality=minakami, path=tmp_path / "a", actor=None, allow_other_municipality=True
    )
    cancellation = Change.objects.for_municipality(minakami).get(cancels__isnull=False)
    assert cancellation.offered_on == dt.date(2026, 4, 6)

    def drop_request_date(rows: list[list[str]]) -> None:
        at = column(rows, "申出日")
        for row in rows:
            del row[at]

    registry_export(municipality=midori, destination=tmp_path / "b", actor=clerk)
    rewrite(tmp_path / "b", "異動.csv", drop_request_date)
    registry_wipe(minakami)
    registry_import(
        municipality=minakami, path=tmp_path / "b", actor=None, allow_other_municipality=True
    )
    cancellation = Change.objects.for_municipality(minakami).get(cancels__isnull=False)
    assert cancellation.offered_on is None
