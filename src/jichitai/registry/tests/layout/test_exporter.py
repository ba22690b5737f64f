"""registry_export (registry/layout/exporter.py): the files an export writes."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest

from jichitai.identity.models import StaffUser
from jichitai.registry.layout import (
    HISTORY,
    MANIFEST,
    RESIDENTS,
    LayoutInvalid,
    registry_export,
    registry_import,
)
from jichitai.registry.layout.columns import SUPPORT_MEASURES
from jichitai.registry.models import Resident
from jichitai.registry.services import SupportRelative, support_measure_start
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality


def test_files_are_utf8_csv_with_japanese_headers_and_a_manifest(
    midori: Municipality, tmp_path: Path
) -> None:
    yamada_family(midori)
    registry_export(municipality=midori, destination=tmp_path / "a.zip", actor=None)
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        manifest = json.loads(archive.read(MANIFEST))
        residents = archive.read(RESIDENTS)
        history = archive.read(HISTORY).decode("utf-8")
    assert manifest["lg_code"] == "102121" and manifest["version"] == 2
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


def test_support_measures_are_exported_and_their_import_is_refused(
    midori: Municipality, minakami: Municipality, supervisor: StaffUser, tmp_path: Path
) -> None:
    """宛名連携 with 支援対象者管理データ (doc/j1190.txt §7.2.3): 支援措置.csv names each protected
    person and the period; an import cannot take them yet, so it refuses the layout whole
    rather than registering them unprotected."""
    family = yamada_family(midori)
    support_measure_start(
        municipality=midori,
        applicant_id=family["花子"].pk,
        relatives=[SupportRelative(resident_id=family["翔太"].pk, relation="子")],
        starts_on=dt.date(2026, 4, 1),
        provisional=True,
        reason="申出",
        actor=supervisor,
    )
    registry_export(municipality=midori, destination=tmp_path / "a", actor=None)
    text = (tmp_path / "a" / SUPPORT_MEASURES).read_text("utf-8")
    header, *lines = list(csv.reader(io.StringIO(text)))
    rows = [dict(zip(header, line, strict=True)) for line in lines]
    assert [(r["宛名番号"], r["区分"], r["申出者との関係"]) for r in rows] == [
        (family["花子"].atena_number, "申出者", ""),
        (family["翔太"].atena_number, "併せて支援を求める者", "子"),
    ]
    assert rows[0]["支援措置の開始年月日"] == "2026-04-01"
    assert rows[0]["支援措置の終了年月日"] == "2027-03-31"
    assert rows[0]["仮支援措置"] == "1"
    assert "加害者" not in header
    with pytest.raises(LayoutInvalid) as refused:
        registry_import(
            municipality=minakami, path=tmp_path / "a", actor=None, allow_other_municipality=True
        )
    assert "支援措置（2件）の取込みには対応していません" in str(refused.value.errors)
    assert not Resident.objects.for_municipality(minakami).exists()
