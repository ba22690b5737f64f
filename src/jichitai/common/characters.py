"""文字コード照会 (住民記録システム標準仕様書 doc/j370.txt §2.2.3): each character of a text with
its code points, its Unicode name and its JIS X 0213 面区点.

The standard's registers use 文字情報基盤 (MJ) characters; no MJ mapping table ships with this
project or a package it may use, so the MJ文字図形名 is not shown: the Unicode code points (with
an 異体字セレクタ when one follows, which is how MJ glyphs outside plain Unicode are written) and
the JIS X 0213 position (Python's euc_jis_2004 codec) are. Pure code: no models, no I/O.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Ideographic Variation Selectors (IVS, U+E0100 to U+E01EF) and the standard variation selectors.
_VARIATION_SELECTORS = (range(0xE0100, 0xE01F0), range(0xFE00, 0xFE10))
_EUC_SS3 = 0x8F  # EUC-JIS-2004: the byte before a JIS X 0213 plane-2 character
_EUC_OFFSET = 0xA0


@dataclass(frozen=True)
class CharacterCode:
    """One character as seen on screen: the base character and any variation selector."""

    glyph: str
    code_points: tuple[str, ...]  # "U+9AD9", "U+E0100"
    name: str  # the Unicode name of the base character, "" when it has none
    jis: str  # JIS X 0213 「1面47区82点」, "" when the character is not in it

    @property
    def is_variant(self) -> bool:
        return len(self.code_points) > 1


def _is_selector(char: str) -> bool:
    return any(ord(char) in block for block in _VARIATION_SELECTORS)


def jis_x0213_position(char: str) -> str:
    """面区点 of one character in JIS X 0213 (「1面16区1点」), "" when it is not in it or is
    ASCII or half-width katakana (which have no 区点)."""
    try:
        encoded = char.encode("euc_jis_2004")
    except UnicodeEncodeError:
        return ""
    if len(encoded) == 2 and encoded[0] > _EUC_OFFSET:
        return f"1面{encoded[0] - _EUC_OFFSET}区{encoded[1] - _EUC_OFFSET}点"
    if len(encoded) == 3 and encoded[0] == _EUC_SS3:
        return f"2面{encoded[1] - _EUC_OFFSET}区{encoded[2] - _EUC_OFFSET}点"
    return ""


def character_codes(text: str) -> list[CharacterCode]:
    """Each visible character of `text` with its codes; spaces are skipped, a variation
    selector joins the character before it."""
    groups: list[list[str]] = []
    for char in text:
        if _is_selector(char) and groups:
            groups[-1].append(char)
        elif not char.isspace():
            groups.append([char])
    return [
        CharacterCode(
            glyph="".join(group),
            code_points=tuple(f"U+{ord(c):04X}" for c in group),
            name=unicodedata.name(group[0], ""),
            jis=jis_x0213_position(group[0]),
        )
        for group in groups
    ]
