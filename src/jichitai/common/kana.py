"""仮名と文字幅の正規化 (kana and character-width normalisation) for names and their readings.

Width conversion is jaconv's; the rules on top (small kana, long-vowel marks, spaces) are ours,
for matching 氏名の振り仮名 the way a counter clerk would.
"""

from __future__ import annotations

import re
import unicodedata

import jaconv
from jaconv.conv_table import H2Z_K, Z2H_AD

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


# jaconv's own tables: z2h(kana=False, ascii=True, digit=True) is this one translate, and
# h2z(kana=True) changes nothing in a text without half-width kana (every pair it joins
# begins with one), so most text skips it (a bulk import normalises millions of names).
_FULL_TO_HALF_ASCII = Z2H_AD
_HALF_WIDTH_KANA = frozenset(map(chr, H2Z_K))


def normalize_width(text: str) -> str:
    """文字幅の統一 (width normalisation): full-width ASCII → half-width, half-width kana → full.

    Kanji, hiragana and full-width katakana are left as they are.
    """
    half_ascii = text.translate(_FULL_TO_HALF_ASCII)
    if _HALF_WIDTH_KANA.isdisjoint(half_ascii):
        return half_ascii
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


# 清音・濁音・半濁音の違いを無視 (doc/j330.txt §2.1.2): every voiced or semi-voiced katakana
# folds to its unvoiced kana (ガ→カ, パ→ハ), the combining and spacing sound marks are
# dropped, and the pairs the standard names as alike fold together: ヲ→オ, ワ→ハ (は read as
# わ), ヰ→イ, ヱ→エ. Read first as the kana people write for the same sound: ヂ as ジ, ヅ as
# ズ (so ヂ and ジ meet at シ; a チ typed for ヂ is the one pair left apart, as folding チ
# with シ would merge far more names) and ヴ with a (small) vowel as the バ row (ヴァ→バ …).
_SAME_SOUND = (
    ("ヂ", "ジ"),
    ("ヅ", "ズ"),
    ("ヴア", "バ"),
    ("ヴイ", "ビ"),
    ("ヴエ", "ベ"),
    ("ヴオ", "ボ"),
    ("ヴ", "ブ"),
)
_UNVOICED = str.maketrans(
    {
        **{
            chr(code): unicodedata.normalize("NFD", chr(code))[0]
            for code in range(ord("ァ"), ord("ヺ") + 1)
            if len(unicodedata.normalize("NFD", chr(code))) == 2
        },
        **dict.fromkeys("\u3099\u309a\u309b\u309c"),
        "ヲ": "オ",
        "ワ": "ハ",
        "ヰ": "イ",
        "ヱ": "エ",
    }
)
# オ段 (the o-row), after the folds above; a ウ that follows one is read as オ (§2.1.2:
# 「２文字目以降が「ウ」の場合で、その直前の文字が「オ段」の場合、「ウ」を「オ」に変換」).
_O_ROW = frozenset("オコソトノホモヨロ")


def _u_after_o_row(text: str) -> str:
    chars = list(text)
    for position in range(1, len(chars)):
        if chars[position] == "ウ" and chars[position - 1] in _O_ROW:
            chars[position] = "オ"
    return "".join(chars)


def normalize_for_search(text: str) -> str:
    """検索用の読み仮名 (search key for a name reading): the あいまい検索 of doc/j330.txt §2.1.2.

    Insensitive to width, hiragana/katakana, spaces and middle dots, small kana (ッ/ツ,
    ャ/ヤ …), 清音/濁音/半濁音 (ジ/ヂ/シ, ハ/バ/パ/ワ, オ/ヲ, ヴァ/バ …), the 長音 (ー and every
    dash typed for it are dropped: 「長音の有無を無視」) and ウ after an オ段 kana (read as オ):
    "ヤマダ　ハナコ", "やまだはなこ" and "ﾔﾏﾀﾞﾊﾅｺ" give one key, and so do "サトー" and "さと",
    "コウタ" and "コオタ".
    """
    # Small kana first, so that ヴァ as older records spell it (ヴア) meets ヴァ and バ.
    katakana = to_katakana(normalize_width(text)).translate(_SMALL_TO_LARGE)
    for written, read in _SAME_SOUND:
        katakana = katakana.replace(written, read)
    folded = katakana.translate(_UNVOICED)
    without_marks = folded.translate(_LONG_VOWEL_VARIANTS).replace("ー", "").replace("・", "")
    return _u_after_o_row("".join(without_marks.split()))


def is_katakana_reading(text: str) -> bool:
    """氏名の振り仮名として妥当か (is this a valid name reading?).

    Full-width katakana with ー, spaces and ・ only, and at least one kana. Callers normalise
    width first: half-width katakana is not accepted as stored data.
    """
    return _KATAKANA_READING.fullmatch(text) is not None
