"""URL converter for the `/<lg:lg_code>/…` prefix every municipality-owned page carries."""

from __future__ import annotations


class LgCodeConverter:
    """全国地方公共団体コード in a URL: six digits; the check digit is verified by the middleware."""

    regex = r"[0-9]{6}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
