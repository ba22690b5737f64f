"""データセット定義 (dataset definitions): one YAML file per 自治体標準オープンデータセット in
`datasets/`, plus `_common.yaml` for the items every dataset shares.

A definition lists the dataset's columns in the new (自治体標準) layout, each with its Japanese
and English name, 必須/推奨/任意, type, controlled vocabulary, example and, when it differs, the
column of the older 推奨データセット layout it takes its value from; then the older layout's
header (`legacy_header`), so that a file in either layout is read into the new one. `basis`
says how certain the columns are (docs/opendata.md): `official` (the Digital Agency's 定義書),
`published_file` (the header a municipality publishes in the new layout) or `suisyou` (only
the older 推奨 layout is certain). Every file names its sources.

The definitions are loaded and checked once, at start-up (OpendataConfig.ready): a file with
an unknown key, type or requirement, a vocabulary on a type that cannot have one, or a column
of the older layout that nothing takes stops the process with the file's path and the problem.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ImproperlyConfigured

from jichitai.opendata.errors import DatasetNotFound

DATASETS_DIR = Path(__file__).resolve().parent / "datasets"
COMMON_FILE = "_common.yaml"

REQUIRED = "必須"
RECOMMENDED = "推奨"
OPTIONAL = "任意"
REQUIREMENTS = (REQUIRED, RECOMMENDED, OPTIONAL)

# What a cell holds; validation/values.py checks and normalises each (docs/opendata.md「型」).
COLUMN_TYPES = frozenset(
    {
        "string",  # free text
        "kana",  # a reading in full-width katakana
        "id",  # unique within the file
        "lg_code",  # 全国地方公共団体コード, 6 digits with its 検査数字
        "corporate_number",  # 法人番号, 13 digits with its 検査用数字
        "integer",
        "count",  # a number of people: an integer, or X where it is suppressed (秘匿)
        "number",
        "latitude",
        "longitude",
        "time",  # hh:mm
        "date",  # YYYY-MM-DD
        "uri",
        "flag",  # "1" or blank (the 災害種別 of 指定緊急避難場所)
    }
)
BASES = ("official", "published_file", "suisyou")

_COLUMN_KEYS = frozenset(
    {
        "name",
        "name_en",
        "requirement",
        "type",
        "vocabulary",
        "vocabulary_strict",
        "example",
        "description",
        "legacy",
        "aliases",
    }
)
_DATASET_KEYS = frozenset(
    {"key", "title", "title_en", "basis", "sources", "columns", "legacy_header", "id_column"}
)
_VOCABULARY_TYPES = frozenset({"string", "kana"})


class DatasetDefinitionError(ImproperlyConfigured):
    """A dataset file is wrong; the message names the file and the problem."""


def header_key(name: str) -> str:
    """How header names are compared: NFKC (full-width brackets and letters fold to ASCII, so
    料金（基本） is 料金(基本)) and no surrounding spaces."""
    return unicodedata.normalize("NFKC", name).strip()


@dataclass(frozen=True)
class Column:
    """One item (データ項目) of a dataset in the new layout."""

    name: str
    name_en: str
    requirement: str
    type: str
    vocabulary: tuple[str, ...] = ()
    # False where the list is known only from the older layout and municipalities use more
    # values: a value outside it is a warning, not an error.
    vocabulary_strict: bool = True
    example: str = ""
    description: str = ""
    # Columns of the older layout whose values, joined, are this item's value.
    legacy: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()

    @property
    def required(self) -> bool:
        return self.requirement == REQUIRED


@dataclass(frozen=True)
class Dataset:
    """自治体標準オープンデータセット: one dataset's definition."""

    key: str
    title: str
    title_en: str
    basis: str
    sources: tuple[str, ...]
    columns: tuple[Column, ...]
    legacy_header: tuple[str, ...]
    id_column: str | None = "ID"
    # header_key(name or alias) → column; header_key(older-layout name) → columns it feeds.
    by_header: Mapping[str, Column] = field(default_factory=dict, compare=False, repr=False)
    by_legacy_header: Mapping[str, tuple[Column, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def legacy_sources(self, column: Column) -> tuple[str, ...]:
        """The older layout's columns this item is read from, joined in order."""
        return _legacy_sources(column, self.legacy_header)


def _legacy_sources(column: Column, legacy_header: tuple[str, ...]) -> tuple[str, ...]:
    """The older layout's columns an item is read from: its `legacy` when the older header has
    them all, else a column of the same name; none when the older layout lacks the item."""
    legacy = {header_key(h) for h in legacy_header}
    if column.legacy and all(header_key(n) in legacy for n in column.legacy):
        return column.legacy
    names = (column.name, *column.aliases)
    return next(((n,) for n in names if header_key(n) in legacy), ())


@cache
def catalog() -> dict[str, Dataset]:
    """Every dataset definition by key, checked (DatasetDefinitionError names the file)."""
    common_path = DATASETS_DIR / COMMON_FILE
    common = _load_yaml(common_path)
    if not isinstance(common, dict):
        raise DatasetDefinitionError(f"{common_path}: expected a mapping of item name → item")
    datasets: dict[str, Dataset] = {}
    for path in sorted(DATASETS_DIR.glob("*.yaml")):
        if path.name == COMMON_FILE:
            continue
        dataset = _dataset(path, _load_yaml(path), common)
        if path.stem != dataset.key:
            raise DatasetDefinitionError(f"{path}: key {dataset.key!r} differs from the file name")
        datasets[dataset.key] = dataset
    return datasets


def dataset_get(key: str) -> Dataset:
    """データセット定義 by key. Raises: DatasetNotFound."""
    dataset = catalog().get(key)
    if dataset is None:
        raise DatasetNotFound(key)
    return dataset


def _load_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DatasetDefinitionError(f"{path}: {exc}") from exc


def _strings(value: Any, *, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise DatasetDefinitionError(f"{where}: expected a text or a list of texts")


def _column(spec: Any, common: dict[str, Any], *, where: str) -> Column:
    if isinstance(spec, str):
        spec = {"name": spec}
    if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
        raise DatasetDefinitionError(f"{where}: a column is an item name or a mapping with `name`")
    name = spec["name"]
    base = common.get(name, {})
    merged = {**base, **spec}
    where = f"{where}: column {name!r}"
    if unknown := set(merged) - _COLUMN_KEYS:
        raise DatasetDefinitionError(f"{where}: unknown keys {sorted(unknown)}")
    for key in ("name_en", "requirement", "type"):
        if not isinstance(merged.get(key), str) or not merged[key]:
            raise DatasetDefinitionError(
                f"{where}: `{key}` missing (not a common item: define it here)"
            )
    if merged["requirement"] not in REQUIREMENTS:
        raise DatasetDefinitionError(f"{where}: requirement must be one of {REQUIREMENTS}")
    if merged["type"] not in COLUMN_TYPES:
        raise DatasetDefinitionError(f"{where}: unknown type {merged['type']!r}")
    vocabulary = _strings(merged.get("vocabulary"), where=f"{where} vocabulary")
    if vocabulary and merged["type"] not in _VOCABULARY_TYPES:
        raise DatasetDefinitionError(f"{where}: a vocabulary needs type string or kana")
    strict = merged.get("vocabulary_strict", True)
    if not isinstance(strict, bool):
        raise DatasetDefinitionError(f"{where}: vocabulary_strict must be true or false")
    return Column(
        name=name,
        name_en=merged["name_en"],
        requirement=merged["requirement"],
        type=merged["type"],
        vocabulary=vocabulary,
        vocabulary_strict=strict,
        example=str(merged.get("example", "")),
        description=str(merged.get("description", "")),
        legacy=_strings(merged.get("legacy"), where=f"{where} legacy"),
        aliases=_strings(merged.get("aliases"), where=f"{where} aliases"),
    )


def _dataset(path: Path, doc: Any, common: dict[str, Any]) -> Dataset:
    where = str(path)
    if not isinstance(doc, dict):
        raise DatasetDefinitionError(f"{where}: expected a mapping")
    if unknown := set(doc) - _DATASET_KEYS:
        raise DatasetDefinitionError(f"{where}: unknown keys {sorted(unknown)}")
    for key in ("key", "title", "title_en", "basis"):
        if not isinstance(doc.get(key), str) or not doc[key]:
            raise DatasetDefinitionError(f"{where}: `{key}` missing")
    if doc["basis"] not in BASES:
        raise DatasetDefinitionError(f"{where}: basis must be one of {BASES}")
    sources = _strings(doc.get("sources"), where=f"{where} sources")
    if not sources:
        raise DatasetDefinitionError(f"{where}: every dataset cites its sources")
    if not isinstance(doc.get("columns"), list) or not doc["columns"]:
        raise DatasetDefinitionError(f"{where}: `columns` must be a non-empty list")
    columns = tuple(_column(spec, common, where=where) for spec in doc["columns"])
    legacy_header = _strings(doc.get("legacy_header"), where=f"{where} legacy_header")
    id_column = doc.get("id_column", "ID")

    by_header: dict[str, Column] = {}
    for column in columns:
        for name in (column.name, *column.aliases):
            if header_key(name) in by_header:
                raise DatasetDefinitionError(f"{where}: {name!r} names two columns")
            by_header[header_key(name)] = column
    if id_column is not None and header_key(str(id_column)) not in by_header:
        raise DatasetDefinitionError(f"{where}: id_column {id_column!r} is not a column")

    by_legacy: dict[str, list[Column]] = {}
    for column in columns:
        for name in _legacy_sources(column, legacy_header):
            by_legacy.setdefault(header_key(name), []).append(column)
    # An older-layout file must lose nothing silently: each of its columns feeds an item.
    if orphans := [h for h in legacy_header if header_key(h) not in by_legacy]:
        raise DatasetDefinitionError(f"{where}: older-layout columns {orphans} feed no column")
    return Dataset(
        key=doc["key"],
        title=doc["title"],
        title_en=doc["title_en"],
        basis=doc["basis"],
        sources=sources,
        columns=columns,
        legacy_header=legacy_header,
        id_column=id_column,
        by_header=by_header,
        by_legacy_header={k: tuple(v) for k, v in by_legacy.items()},
    )
