"""The dataset definitions: all twelve of the issue load, cite their sources and say how
certain they are; a wrong definition file stops start-up with its path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from jichitai.opendata import datasets
from jichitai.opendata.datasets import DatasetDefinitionError, catalog
from jichitai.opendata.errors import DatasetNotFound
from jichitai.opendata.selectors import dataset_get, dataset_list

ISSUE_DATASETS = {
    "public_facility": "公共施設一覧",
    "evacuation_space": "指定緊急避難場所一覧",
    "aed": "AED設置箇所一覧",
    "public_toilet": "公衆トイレ一覧",
    "preschool": "子育て施設一覧",
    "hospital": "医療機関一覧",
    "tourism": "観光施設一覧",
    "event": "イベント一覧",
    "cultural_property": "文化財一覧",
    "population": "地域・年齢別人口",
    "care_service": "介護サービス事業所一覧",
    "food_business": "食品等営業許可・届出一覧",
}


def test_every_dataset_of_the_issue_is_defined() -> None:
    assert {d.key: d.title for d in dataset_list()} == ISSUE_DATASETS


def test_every_definition_cites_its_sources_and_says_how_certain_it_is() -> None:
    for dataset in dataset_list():
        assert dataset.sources, dataset.key
        assert dataset.basis in ("official", "published_file", "suisyou")
        text = (datasets.DATASETS_DIR / f"{dataset.key}.yaml").read_text(encoding="utf-8")
        if dataset.basis == "suisyou":
            assert "Only the older 推奨データセット layout is certain" in text
    assert dataset_get("public_toilet").basis == "official"


def test_every_column_has_both_names_a_requirement_and_a_type() -> None:
    for dataset in dataset_list():
        for column in dataset.columns:
            assert column.name and column.name_en, (dataset.key, column.name)
            assert column.requirement in ("必須", "推奨", "任意")
            assert column.type in datasets.COLUMN_TYPES


def test_the_official_toilet_definition_follows_the_digital_agency_extract() -> None:
    toilet = dataset_get("public_toilet")
    assert [c.name for c in toilet.columns if c.required] == ["名称", "所在地_連結表記", "設置位置"]
    assert toilet.column("利用開始時間").type == "time"
    assert toilet.column("車椅子使用者用トイレ有無").vocabulary == ("有", "無")
    # The upstream extract shifts these English names; the definition names them by meaning.
    assert toilet.column("女性トイレ数（和式）").name_en == "japaneseStyleFemaleToilet"
    assert toilet.column("バリアフリートイレ数").legacy == ("多機能トイレ数",)


def test_older_layout_columns_all_feed_a_new_column() -> None:
    for dataset in dataset_list():
        for name in dataset.legacy_header:
            assert datasets.header_key(name) in dataset.by_legacy_header, (dataset.key, name)


def test_an_unknown_dataset_is_refused() -> None:
    with pytest.raises(DatasetNotFound) as raised:
        dataset_get("nope")
    assert raised.value.code == "opendata.dataset_not_found"


@pytest.fixture
def definitions_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    (tmp_path / "_common.yaml").write_text(
        (datasets.DATASETS_DIR / "_common.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    monkeypatch.setattr(datasets, "DATASETS_DIR", tmp_path)
    catalog.cache_clear()
    yield tmp_path
    catalog.cache_clear()


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("columns: [名称]\nsources: [x]\n", "`key` missing"),
        (
            "key: bad\ntitle: t\ntitle_en: t\nbasis: official\ncolumns: [名称]\n",
            "cites its sources",
        ),
        (
            "key: bad\ntitle: t\ntitle_en: t\nbasis: official\nsources: [x]\n"
            "columns: [{name: 名称, type: colour}]\n",
            "unknown type",
        ),
        (
            "key: bad\ntitle: t\ntitle_en: t\nbasis: official\nsources: [x]\n"
            "columns: [{name: 謎の項目}]\n",
            "`name_en` missing",
        ),
        (
            "key: bad\ntitle: t\ntitle_en: t\nbasis: official\nsources: [x]\nid_column: null\n"
            "columns: [名称]\nlegacy_header: [名称, 旧だけの列]\n",
            "feed no column",
        ),
    ],
)
def test_a_wrong_definition_file_names_the_file_and_the_problem(
    definitions_dir: Path, body: str, problem: str
) -> None:
    (definitions_dir / "bad.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(DatasetDefinitionError, match=problem) as raised:
        catalog()
    assert "bad.yaml" in str(raised.value)
