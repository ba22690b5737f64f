"""What the portal shows of the procedure catalog's texts."""

from __future__ import annotations

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# {漢字|かんじ}: a word of a やさしい日本語 text and its reading (procedure.schema.json).
_READING = re.compile(r"\{([^{}|]+)\|([^{}|]+)\}")


@register.filter
def with_ruby(text: str) -> SafeString:
    """「{引っ越す|ひっこす}とき」 as 「<ruby>引っ越す<rp>（</rp><rt>ひっこす</rt><rp>）</rp></ruby>とき」
    (the readings that 在留支援のためのやさしい日本語ガイドライン asks for); the rest escaped."""
    parts: list[str] = []
    end = 0
    for match in _READING.finditer(text):
        parts.append(conditional_escape(text[end : match.start()]))
        parts.append(
            format_html(
                "<ruby>{}<rp>（</rp><rt>{}</rt><rp>）</rp></ruby>", match.group(1), match.group(2)
            )
        )
        end = match.end()
    parts.append(conditional_escape(text[end:]))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped or format_html
