"""やさしい日本語's ruby: `{漢字|かんじ}` in the life-event texts becomes <ruby> markup."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_RUBY = re.compile(r"\{([^{}|]+)\|([^{}|]+)\}")


@register.filter
def ruby(text: str) -> SafeString:
    """Escape the text, then turn each {base|reading} into <ruby>base<rt>reading</rt></ruby>."""
    escaped = str(escape(text))
    return mark_safe(_RUBY.sub(r"<ruby>\1<rt>\2</rt></ruby>", escaped))  # noqa: S308 - escaped above
