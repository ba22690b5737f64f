"""Template filters of the registry's pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from jichitai.registry.birth_dates import birth_date_shown
from jichitai.registry.models import Resident

register = template.Library()


@register.filter
def birth_date(record: Resident | Mapping[str, Any]) -> str:
    """生年月日 exactly as known: a 不詳日 as written, else 和暦 (西暦 for a 外国人住民)."""
    return birth_date_shown(record)
