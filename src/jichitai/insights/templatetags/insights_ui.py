"""How a table cell of the dashboard is written: no value is a dash, numbers grouped."""

from __future__ import annotations

from django import template

from jichitai.insights.svg import duration_label

register = template.Library()


@register.filter
def cell(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return str(value)


@register.filter
def share(value: object) -> str:
    """A share (0 to 1) as a percentage, or a dash when there is nothing to divide (or no
    row at all: the template then passes an empty string)."""
    if not isinstance(value, int | float):
        return "—"
    return f"{100 * value:.1f}%"


@register.filter
def duration(seconds: float) -> str:
    return duration_label(seconds)
