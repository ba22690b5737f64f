"""文字コード照会 (§2.2.3): code points, Unicode names, JIS X 0213 面区点 and 異体字セレクタ."""

from __future__ import annotations

from jichitai.common.characters import character_codes, jis_x0213_position


def test_each_character_gets_its_code_point_name_and_jis_position() -> None:
    codes = character_codes("山田　﨑")
    assert [c.glyph for c in codes] == ["山", "田", "﨑"]  # the space between 氏 and 名 skipped
    assert codes[0].code_points == ("U+5C71",)
    assert codes[0].name == "CJK UNIFIED IDEOGRAPH-5C71"
    assert codes[0].jis == "1面27区19点"
    assert codes[2].code_points == ("U+FA11",) and codes[2].jis == "1面47区82点"


def test_a_variation_selector_stays_with_its_character() -> None:
    (tsuji,) = character_codes("辻\U000e0100")
    assert tsuji.glyph == "辻\U000e0100" and tsuji.is_variant
    assert tsuji.code_points == ("U+8FBB", "U+E0100")


def test_characters_outside_jis_x0213_have_no_position() -> None:
    assert jis_x0213_position("髙") == ""  # an IBM extension, not in JIS X 0213
    assert jis_x0213_position("A") == ""
    (yoshi,) = character_codes("𠮷")
    assert yoshi.code_points == ("U+20BB7",) and yoshi.jis == ""
