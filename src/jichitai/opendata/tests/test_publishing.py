"""Republishing: each real file comes out as CSV (UTF-8 with BOM), JSON and GeoJSON in the new
layout, and the republished CSV reads back with the same records and no finding at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jichitai.opendata.datasets import dataset_get
from jichitai.opendata.publishing import csv_bytes, geojson_bytes, json_bytes, map_points
from jichitai.opendata.selectors import file_validate
from jichitai.opendata.tests.helpers import AED, EVACUATION, PRESCHOOL, TOILET, TOURISM


@pytest.mark.parametrize("path", [AED, EVACUATION, PRESCHOOL, TOILET, TOURISM])
def test_a_real_file_republishes_clean_in_the_new_layout(path: Path) -> None:
    original = file_validate(path.read_bytes(), filename=path.name.split("__", 1)[1])
    data = csv_bytes(original.dataset, original.records)
    assert data.startswith(b"\xef\xbb\xbf")

    again = file_validate(data, dataset_key=original.dataset.key)

    assert (again.layout, again.encoding) == ("standard", "utf-8-sig")
    assert again.records == original.records
    # What normalising cannot change stays noted: a 必須 item the publisher left blank, a
    # 種別 outside the older layout's list.
    assert {str(f.code) for f in again.findings} <= {
        "value.required_empty",
        "value.vocabulary_unlisted",
    }


def test_json_names_every_column_in_both_languages() -> None:
    report = file_validate(TOILET.read_bytes(), filename="131130_public_toilet.csv")
    document = json.loads(json_bytes(report.dataset, report.records))
    assert document["dataset"] == "public_toilet"
    assert document["columns"][0] == {
        "name": "全国地方公共団体コード",
        "name_en": "localGovernmentCode",
    }
    assert len(document["records"]) == 82
    assert document["records"][0]["地方公共団体名"] == "東京都渋谷区"


def test_geojson_points_are_longitude_then_latitude() -> None:
    report = file_validate(AED.read_bytes(), filename="122033_108_aed.csv")
    document = json.loads(geojson_bytes(report.dataset, report.records) or b"")
    assert document["type"] == "FeatureCollection"
    assert len(document["features"]) == 191
    first = document["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [139.9279823, 35.72257083]}
    assert first["properties"]["名称"] == "いちかわ観光・物産インフォメーション（旧八幡市民談話室）"


def test_a_dataset_without_coordinates_has_no_geojson() -> None:
    assert geojson_bytes(dataset_get("population"), []) is None


def test_map_preview_keeps_north_up_and_the_points_inside_the_box() -> None:
    records = [
        {"名称": "北", "緯度": "35.8", "経度": "139.9"},
        {"名称": "南", "緯度": "35.6", "経度": "139.9"},
        {"名称": "座標なし", "緯度": "", "経度": ""},
    ]
    north, south = map_points(records, width=640, height=400, margin=16)
    assert (north.label, south.label) == ("北", "南")
    assert north.y < south.y
    assert north.x == south.x == 320.0
    assert north.y >= 0 and south.y <= 400
    only = map_points([records[0]])
    assert (only[0].x, only[0].y) == (320.0, 200.0)
