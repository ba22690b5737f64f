"""registry_export (registry/layout/exporter.py): the files an export writes."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path

from jichitai.registry.layout import HISTORY, MANIFEST, RESIDENTS, registry_export
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
