"""仮名と文字幅の正規化 (kana and character-width normalisation) for names and their readings.

Width conversion is jaconv's; the rules on top (small kana, long-vowel marks, spaces) are ours,
for matching 氏名の振り仮名 the way a counter clerk would.
"""

from __future__ import annotations

import re

import jaconv

# Small kana fold to their full-size kana so that キョウコ (as typed) finds キヨウコ (as written in
# older 住民票 records and by systems limited to full-size kana), and ッ finds ツ.
_SMALL_TO_LARGE = str.maketrans("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ")

# Dash-like characters people type instead of the 長音符 ー (U+30FC): hyphen-minus, hyphen,
# non-breaking hyphen, figure/en/em dashes, horizontal bar, minus sign (escaped: they look alike).
_LONG_VOWEL_VARIANTS = str.maketrans(
    dict.fromkeys("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "ー")
)

# 氏名の振り仮名 (戸籍法第13条, as amended by 令和5年法律第48号) is recorded in katakana; people
# separate family and given names with a space and parts of foreign names with a middle dot (・).
_KATAKANA_READING = re.compile(r"[ァ-ヺー・ \u3000]*[ァ-ヺ][ァ-ヺー・ \u3000]*")


def normalize_width(text: str) -> str:
    """文字幅の統一 (width normalisation): full-width ASCII → half-width, half-width kana → full.

    Kanji, hiragana and full-width katakana are left as they are.
    """
    half_ascii = jaconv.z2h(text, kana=False, ascii=True, digit=True)
    return jaconv.h2z(half_ascii, kana=True, ascii=False, digit=False)


# Hyphen, non-breaking hyphen, figure/en/em dashes, horizontal bar, minus sign, full-width
# hyphen-minus and the 長音符 ー, which IMEs often produce for "-"; escaped as they look alike.
_DASHES = re.compile("[\u2010-\u2015\u2212\uff0d\u30fcｰ]")


def normalize_code_input(text: str) -> str:
    """番号・記号の入力の正規化 (numbers as people type them with an IME): full-width digits
    and letters to half-width and every dash-like character to "-", so full-width
    090ー1234－5678 is 090-1234-5678 (JIS X 8341-3 / WCAG 3.3.3). Only for text that is
    ASCII by rule: a katakana name's 長音符 would become a hyphen."""
    return _DASHES.sub("-", normalize_width(text))


def to_katakana(text: str) -> str:
    """ひらがな→カタカナ (hiragana to katakana); everything else is unchanged."""
    return jaconv.hira2kata(text)


def normalize_for_search(text: str) -> str:
    """検索用の読み仮名 (search key for a name reading).

    Insensitive to width, hiragana/katakana, small kana, spaces, middle dots and the way the
    long-vowel mark was typed: "ヤマダ　ハナコ", "やまだはなこ" and "ﾔﾏﾀﾞﾊﾅｺ" give the same key.
    """
    katakana = to_katakana(normalize_width(text))
    folded = katakana.translate(_SMALL_TO_LARGE).translate(_LONG_VOWEL_VARIANTS)
    return "".join(folded.replace("・", "").split())


def is_katakana_reading(text: str) -> bool:
    """氏名の振り仮名として妥当か (is this a valid name reading?).

    Full-width katakana with ー, spaces and ・ only, and at least one kana. Callers normalise
    width first: half-width katakana is not accepted as stored data.
    """
    return _KATAKANA_READING.fullmatch(text) is not None
