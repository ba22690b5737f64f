"""`jichitai --help`: the product's own commands come first, each with what it does."""

from __future__ import annotations

from jichitai.manage import JichitaiUtility


def test_help_lists_the_products_commands_before_djangos() -> None:
    text = JichitaiUtility(["jichitai", "--help"]).main_help_text()
    assert text.index("seed-demo") < text.index("[Django]") < text.index("migrate")
    assert "verify-audit             監査ログのハッシュチェーンを検証し" in text
    assert "[住民記録 (resident registry)]" in text
