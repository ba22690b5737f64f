"""Template helpers for accessible form fields (used by includes/field.html).

`{% load jichitai_ui %}` then:

- `{% field_widget field %}` renders the widget of a bound field with `aria-describedby`
  pointing at its help text and error list, and `aria-invalid="true"` when it has errors.
  Extra attributes go as keywords; underscores become hyphens:
  `{% field_widget field autocomplete="postal-code" inputmode="numeric" class="jt-input--short" %}`.
- `field|help_id`, `field|error_id`, `field|describedby` give the ids that the include and the
  widget share, so a hand-written template can wire them the same way.
- `{% form_error_lines form as lines %}` gives the lines of includes/error_summary.html, each
  field error linked to its control (`field|control_id`).

The ids follow Django's own convention (`<auto_id>_helptext`, `<auto_id>_error`, as in
`BoundField.aria_describedby`), so Django's default rendering and ours never disagree.

Dates: `{{ value|wareki }}` writes 「令和8年4月7日」 (the 和暦 that residents and clerks read),
`{{ value|seireki }}` writes 「2026年4月7日」 (外国人住民's 生年月日 and 在留期間の満了の日 are
written in the western calendar). Both accept a date or ISO text and give "" for nothing.
`wareki` is the staff pages' one style for dates and times: given a moment (a datetime) it
adds the time of day in Tokyo, 24-hour — 「令和8年12月6日 14:05」, or with seconds where the
order within a minute matters (the event trail): `{{ event.timestamp|wareki:"seconds" }}`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import template
from django.utils import timezone
from django.utils.html import format_html

from jichitai.common.exceptions import InvalidInput
from jichitai.common.wareki import to_wareki

if TYPE_CHECKING:
    from django.forms import BaseForm, BoundField
    from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def help_id(field: BoundField) -> str:
    """The id of the field's help text element ("" when the field has no help text)."""
    if not field.help_text or not field.auto_id:
        return ""
    return f"{field.auto_id}_helptext"


@register.filter
def error_id(field: BoundField) -> str:
    """The id of the field's error list ("" when the field has no errors)."""
    if not field.errors or not field.auto_id:
        return ""
    return f"{field.auto_id}_error"


@register.filter
def describedby(field: BoundField) -> str:
    """The space-separated ids that describe the field: its own widget's, help text, errors."""
    ids = [
        str(field.field.widget.attrs.get("aria-describedby", "")),
        help_id(field),
        error_id(field),
    ]
    return " ".join(dict.fromkeys(i for part in ids for i in part.split() if i))


@register.simple_tag
def field_widget(field: BoundField, **attrs: Any) -> SafeString:
    """Render the field's widget with its description and error state wired for assistive tech."""
    widget_attrs: dict[str, Any] = {key.replace("_", "-"): value for key, value in attrs.items()}
    extra_class = widget_attrs.pop("class", "")
    if extra_class:
        own_class = field.field.widget.attrs.get("class", "")
        widget_attrs["class"] = f"{own_class} {extra_class}".strip()
    # A group of radios or check boxes is described on its <fieldset>, not on every option.
    if not field.use_fieldset and (ids := describedby(field)):
        widget_attrs["aria-describedby"] = ids
    if field.errors and not field.is_hidden:
        widget_attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=widget_attrs)


@register.filter
def is_checkbox(field: BoundField) -> bool:
    """True for a single check box (its label goes after the box, not above it)."""
    return getattr(field.field.widget, "input_type", None) == "checkbox" and not field.use_fieldset


@register.filter
def control_id(field: BoundField) -> str:
    """The id of the first control of the field, for links from the error summary.

    A radio or check box group has no element with the field's own id (Django labels it by a
    <legend>), so the link goes to its first option, as the group's widgets number them.
    """
    if field.id_for_label:
        return str(field.id_for_label)
    return f"{field.auto_id}_0" if field.auto_id else ""


@dataclass(frozen=True)
class SummaryLine:
    """One line of an error summary (includes/error_summary.html): the message, and the id of
    the control it is about, which the line links to ("" for an error about no control)."""

    message: str
    anchor: str = ""


@register.simple_tag
def form_error_lines(form: BaseForm) -> list[SummaryLine]:
    """The form's own errors, then each field's as 「label：message」 linked to its control."""
    lines = [SummaryLine(str(error)) for error in form.non_field_errors()]
    for field in form:
        for error in field.errors:
            if field.is_hidden:
                lines.append(SummaryLine(str(error)))
            else:
                lines.append(SummaryLine(f"{field.label}：{error}", control_id(field)))
    return lines


def _as_date(value: dt.date | str | None) -> dt.date | None:
    if not value:
        return None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, dt.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return value


@register.filter
def seireki(value: dt.date | str | None) -> str:
    """西暦の日付: 「2026年4月7日」."""
    day = _as_date(value)
    return "" if day is None else f"{day.year}年{day.month}月{day.day}日"


@register.filter
def wareki(value: dt.date | str | None, precision: str = "") -> str:
    """和暦の日付: 「令和8年4月7日」; dates before the solar calendar (明治6年) in 西暦. A
    datetime also gets its time in Tokyo: 「令和8年12月6日 14:05」 (precision "seconds":
    「14:05:09」)."""
    day = _as_date(value)
    if day is None:
        return ""
    try:
        text = to_wareki(day).format()
    except InvalidInput:
        text = seireki(day)
    if not isinstance(value, dt.datetime):
        return text
    moment = timezone.localtime(value) if timezone.is_aware(value) else value
    clock = "%H:%M:%S" if precision == "seconds" else "%H:%M"
    return f"{text} {moment.strftime(clock)}"


# Readings of the hard terms residents meet (JIS X 8341-3 / WCAG 3.1.6 発音, やさしい日本語):
# a term gets its ruby where it first appears on a page.
READINGS = {
    "利用者証明用電子証明書": "りようしゃしょうめいようでんししょうめいしょ",
    "署名用電子証明書": "しょめいようでんししょうめいしょ",
    "転出証明書情報": "てんしゅつしょうめいしょじょうほう",
    "暗証番号": "あんしょうばんごう",
}


@register.simple_tag
def ruby(term: str) -> SafeString:
    """The term with its reading: <ruby>署名用電子証明書<rp>（</rp><rt>しょめいよう…</rt>…."""
    return format_html("<ruby>{}<rp>（</rp><rt>{}</rt><rp>）</rp></ruby>", term, READINGS[term])
