"""What the portal shows of the procedure catalog's texts."""

from __future__ import annotations

import datetime as dt
import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from jichitai.procedures.selectors import date_text

register = template.Library()

# {漢字|かんじ}: a word of a やさしい日本語 text and its reading (procedure.schema.json).
_READING = re.compile(r"\{([^{}|]+)\|([^{}|]+)\}")


def _kana_outside(word: str, reading: str) -> tuple[str, str, str, str]:
    """(kana before, kanji part, its reading, kana after): the 送り仮名 a word and its reading
    share stay outside the ruby, so 「{送ります|おくります}」 reads 送(おく)ります."""
    start = 0
    while start < min(len(word), len(reading)) - 1 and word[start] == reading[start]:
        start += 1
    end = 0
    while (
        end < min(len(word), len(reading)) - start - 1
        and word[len(word) - 1 - end] == reading[len(reading) - 1 - end]
    ):
        end += 1
    return (
        word[:start],
        word[start : len(word) - end],
        reading[start : len(reading) - end],
        word[len(word) - end :],
    )


@register.filter
def with_ruby(text: str) -> SafeString:
    """「{引っ越す|ひっこす}とき」 as 「<ruby>引っ越<rp>（</rp><rt>ひっこ</rt><rp>）</rp></ruby>すとき」
    (the readings 在留支援のためのやさしい日本語ガイドライン asks for); the rest escaped."""
    parts: list[str] = []
    end = 0
    for match in _READING.finditer(text):
        before, kanji, reading, after = _kana_outside(match.group(1), match.group(2))
        parts.append(conditional_escape(text[end : match.start()] + before))
        parts.append(
            format_html("<ruby>{}<rp>（</rp><rt>{}</rt><rp>）</rp></ruby>", kanji, reading)
        )
        parts.append(conditional_escape(after))
        end = match.end()
    parts.append(conditional_escape(text[end:]))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped or format_html


@register.filter
def reader_date(value: dt.date | None) -> str:
    """A date as the reader reads it: 和暦 in Japanese, ISO (2026-12-20) in English."""
    return "" if value is None else str(date_text(value.isoformat()))
