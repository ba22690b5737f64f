# Full-width and look-alike characters are the input under test here.
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jichitai.common.kana import (
    is_katakana_reading,
    normalize_for_search,
    normalize_width,
    to_katakana,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ﾔﾏﾀﾞ ﾊﾅｺ", "ヤマダ ハナコ"),
        ("ﾊﾟｰﾄﾅｰ", "パートナー"),
        ("ＡＢＣ－１２３", "ABC-123"),
        ("山田　花子", "山田 花子"),
        ("やまだ", "やまだ"),
        ("髙橋", "髙橋"),
    ],
)
def test_normalize_width_folds_ascii_to_half_and_kana_to_full(text: str, expected: str) -> None:
    assert normalize_width(text) == expected


def test_to_katakana_converts_hiragana_only() -> None:
    assert to_katakana("やまだ はなこ（山田）") == "ヤマダ ハナコ（山田）"


@pytest.mark.parametrize("text", ["ヤマダ　ハナコ", "やまだはなこ", "ﾔﾏﾀﾞﾊﾅｺ", "やまだ ハナコ"])
def test_normalize_for_search_matches_a_reading_however_typed(text: str) -> None:
    assert normalize_for_search(text) == "ヤマダハナコ"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("キョウコ", "キヨウコ"),
        ("きょうこ", "キヨウコ"),
        ("ハットリ", "ハツトリ"),
        ("ヴァイオレット", "ヴアイオレツト"),
        ("ヵ", "カ"),
        ("ヶ", "ケ"),
        ("ヮ", "ワ"),
        ("ゎ", "ワ"),
    ],
)
def test_normalize_for_search_ignores_small_kana(typed: str, stored: str) -> None:
    assert normalize_for_search(typed) == normalize_for_search(stored)


@pytest.mark.parametrize("typed", ["ローラ", "ﾛｰﾗ", "ろーら", "ロ-ラ", "ロ－ラ", "ロ―ラ", "ロ−ラ"])
def test_normalize_for_search_unifies_long_vowel_marks(typed: str) -> None:
    assert normalize_for_search(typed) == "ローラ"


def test_normalize_for_search_drops_middle_dots_in_foreign_names() -> None:
    assert normalize_for_search("ジョン・スミス") == normalize_for_search("じょん すみす")


def test_normalize_for_search_keeps_voiced_marks_distinct() -> None:
    assert normalize_for_search("ハナダ") != normalize_for_search("ハナタ")


@given(st.text())
def test_normalize_for_search_is_idempotent(text: str) -> None:
    once = normalize_for_search(text)

    assert normalize_for_search(once) == once


@given(st.text(alphabet="あぃいうぇえかがきゃゅょっをんーｱｧｶﾞﾊﾟｰァアカガッャー・ 　"))
def test_normalize_for_search_is_idempotent_on_kana(text: str) -> None:
    once = normalize_for_search(text)

    assert normalize_for_search(once) == once


@pytest.mark.parametrize(
    "text",
    [
        "ヤマダ ハナコ",
        "ヤマダ　ハナコ",
        "ヤマダハナコ",
        "ジョン・スミス",
        "ローラ",
        "ヴィクトル",
        "キョウコ",
    ],
)
def test_is_katakana_reading_accepts_name_readings(text: str) -> None:
    assert is_katakana_reading(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "　",
        "・",
        "ー",
        "やまだ",
        "ﾔﾏﾀﾞ",
        "山田",
        "YAMADA",
        "ヤマダ1",
        "ヤマダ-ハナコ",
        "ヤマダ、ハナコ",
    ],
)
def test_is_katakana_reading_rejects_anything_else(text: str) -> None:
    assert not is_katakana_reading(text)
