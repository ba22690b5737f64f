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
    assert normalize_for_search(text) == normalize_for_search("ヤマダハナコ")


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


@pytest.mark.parametrize(
    "typed", ["ローラ", "ﾛｰﾗ", "ろーら", "ロ-ラ", "ロ－ラ", "ロ―ラ", "ロ−ラ", "ロ‐ラ"]
)
def test_normalize_for_search_ignores_the_long_vowel_however_typed(typed: str) -> None:
    """doc/j330.txt §2.1.2: 「長音の有無を無視」, however the mark or a dash was typed."""
    assert normalize_for_search(typed) == normalize_for_search("ロラ")


def test_normalize_for_search_drops_middle_dots_in_foreign_names() -> None:
    assert normalize_for_search("ジョン・スミス") == normalize_for_search("じょん すみす")


# The pairs doc/j330.txt §2.1.2 gives as examples of 清音・濁音・半濁音 to ignore.
@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("ヂ", "ジ"),
        ("ズ", "ヅ"),
        ("ワ", "ハ"),
        ("ヴァ", "バ"),
        ("ヴィ", "ビ"),
        ("ヴ", "ブ"),
        ("オ", "ヲ"),
        ("ヒ", "ピ"),
        ("ハナダ", "ハナタ"),
        ("ゴトウ", "コトウ"),
        ("ﾊﾟｸ", "バク"),
    ],
)
def test_normalize_for_search_ignores_voiced_and_semi_voiced_marks(one: str, other: str) -> None:
    assert normalize_for_search(one) == normalize_for_search(other)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("サトウ", "サトオ"), ("キョウコ", "キヨオコ"), ("ヨウコ", "ヨオコ"), ("ショウ", "シヨオ")],
)
def test_normalize_for_search_reads_u_after_the_o_row_as_o(typed: str, stored: str) -> None:
    """「２文字目以降が「ウ」…直前の文字が「オ段」の場合、「ウ」を「オ」に変換」."""
    assert normalize_for_search(typed) == normalize_for_search(stored)


def test_normalize_for_search_keeps_other_kana_apart() -> None:
    # A leading ウ, a ウ after another row and different consonants still tell names apart.
    assert normalize_for_search("ウメ") != normalize_for_search("オメ")
    assert normalize_for_search("ユウコ") != normalize_for_search("ユオコ")
    assert normalize_for_search("サトウ") != normalize_for_search("サイトウ")
    assert normalize_for_search("ヤマダ") != normalize_for_search("ヤマナ")


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
