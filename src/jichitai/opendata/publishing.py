"""公開形式 (publishing formats): a dataset's records as CSV, JSON and GeoJSON.

- CSV: UTF-8 **with BOM** (so that Excel opens it without garbling the kanji), CRLF (RFC
  4180), the header in the new layout's Japanese item names, every column of the definition.
- JSON: `{"dataset", "title", "columns": [{name, name_en}], "records": [{name: value}]}`.
- GeoJSON (RFC 7946): a FeatureCollection of Points (経度, 緯度: GeoJSON's order) for the
  records that have both; the record's values are the properties. None for a dataset without
  緯度/経度 (地域・年齢別人口).

Pure code: the records come from a ValidationReport or a stored publication.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jichitai.opendata.datasets import Dataset
from jichitai.opendata.reading import UTF8_BOM

Records = Sequence[dict[str, str]]


def csv_bytes(dataset: Dataset, records: Records) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    names = [c.name for c in dataset.columns]
    writer.writerow(names)
    writer.writerows([record.get(name, "") for name in names] for record in records)
    return UTF8_BOM + out.getvalue().encode("utf-8")


def json_bytes(dataset: Dataset, records: Records) -> bytes:
    names = [c.name for c in dataset.columns]
    document = {
        "dataset": dataset.key,
        "title": dataset.title,
        "columns": [{"name": c.name, "name_en": c.name_en} for c in dataset.columns],
        "records": [{name: record.get(name, "") for name in names} for record in records],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def has_coordinates(dataset: Dataset) -> bool:
    names = {c.name for c in dataset.columns}
    return {"緯度", "経度"} <= names


def geojson_bytes(dataset: Dataset, records: Records) -> bytes | None:
    if not has_coordinates(dataset):
        return None
    features: list[dict[str, Any]] = []
    for record in records:
        try:
            latitude, longitude = float(record["緯度"]), float(record["経度"])
        except (KeyError, ValueError):
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
                "properties": {c.name: record.get(c.name, "") for c in dataset.columns},
            }
        )
    document = {"type": "FeatureCollection", "features": features}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True)
class MapPoint:
    x: float
    y: float
    label: str


def map_points(
    records: Records, *, width: int = 640, height: int = 400, margin: int = 16
) -> list[MapPoint]:
    """地図プレビュー (map preview) without a tile server: the records' points projected
    (equirectangular, longitudes shortened by cos(latitude)) into a width by height box, north
    up. Records without both coordinates are left out."""
    located: list[tuple[float, float, str]] = []
    for record in records:
        try:
            located.append((float(record["緯度"]), float(record["経度"]), record.get("名称", "")))
        except (KeyError, ValueError):
            continue
    if not located:
        return []
    latitudes = [p[0] for p in located]
    longitudes = [p[1] for p in located]
    shrink = math.cos(math.radians(sum(latitudes) / len(latitudes)))
    span_x = (max(longitudes) - min(longitudes)) * shrink
    span_y = max(latitudes) - min(latitudes)
    # A direction without extent (one point, a north-south line) does not limit the scale.
    scales = [
        (size - 2 * margin) / span for size, span in ((width, span_x), (height, span_y)) if span
    ]
    scale = min(scales, default=0.0)
    # Centre the drawing in the box (a single point, or a north-south line, included).
    offset_x = (width - span_x * scale) / 2
    offset_y = (height - span_y * scale) / 2
    return [
        MapPoint(
            x=round(offset_x + (lon - min(longitudes)) * shrink * scale, 1),
            y=round(offset_y + (max(latitudes) - lat) * scale, 1),
            label=label,
        )
        for lat, lon, label in located
    ]
