"""An HTML form from a procedure's JSON Schema (2020-12), and the JSON data back from a POST.

Every input is named by the JSON pointer (RFC 6901) of its value, so the per-field errors of
procedures.validation land next to their input without a mapping table. What the schema
allows decides the widget: an `enum` (or a `oneOf` of `const` values with `title`s, the JSON
Schema way to label choices) of up to five values is a radio group (more: a select), `boolean`
a checkbox, `integer` a numeric text input. Dates (`format: date`) are typed as people write
them, 和暦 or 西暦 (「令和8年4月7日」「R8.4.7」「2026-04-07」), shown in 和暦 and sent as ISO.

Arrays of objects come two ways. When the portal pre-filled the rows from the register (the
household's members), each row is a checkbox "include this person" with the prefilled items
shown, not editable, and inputs only for the items the register does not hold; the rows taken
back are the server's own prefilled rows, so a tampered POST cannot change a name or an id.
Otherwise the resident fills up to `maxItems` rows (a few blank rows); blank rows are dropped.

A field that names one of those people (`x-choices-from: /movers` on an integer field such as
`new_head_resident_id`) is a choice among the prefilled rows, labelled by 氏名 and 続柄, never a
box for an internal id; the 世帯主 is not offered (the question is who heads the household that
stays), and 「選ばない」 leaves it empty.

A required object left entirely blank is taken back as `{}`, not dropped, so the schema
reports each of its required fields by name, next to that field's input.

The labels and help are the schema's `title`s and `description`s: given the procedure's
localized form (`Procedure.localized.form`), the form is in the reader's language; the few
texts of its own are translated (locale/).
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext, gettext_lazy

from jichitai.common.exceptions import FieldError, InvalidInput
from jichitai.common.kana import normalize_code_input
from jichitai.common.postal import normalize_postal_code
from jichitai.common.wareki import parse_date_input
from jichitai.procedures.selectors import (
    SummaryRow,
    choices_of,
    date_text,
    is_internal,
    shown_value,
)

RADIO_LIMIT = 5
DATE_EXAMPLE = gettext_lazy("例：令和8年4月7日、R8.4.7、2026-04-07")
BLANK_ROWS = 3
SELECTED = "__selected"
CHOICES_FROM = "x-choices-from"
# `x-input: postal_code` on a text field: a 郵便番号, accepted with or without its hyphen.
INPUT_KIND = "x-input"
POSTAL_CODE = "postal_code"
NO_CHOICE = gettext_lazy("選ばない")
HEAD_RELATIONSHIP = "世帯主"


@dataclass
class FormField:
    """One input (or group of inputs) of the rendered form."""

    pointer: str
    label: str
    help: str
    widget: str  # text | textarea | date | number | radio | select | checkbox | group | rows | choice_rows
    required: bool = False
    value: Any = None
    choices: list[tuple[str, str]] = field(default_factory=list)  # (value, label)
    errors: list[str] = field(default_factory=list)
    children: list[FormField] = field(default_factory=list)
    rows: list[FormRow] = field(default_factory=list)
    max_length: int | None = None
    pattern: str | None = None

    @property
    def html_id(self) -> str:
        return "f" + self.pointer.replace("/", "-").replace("~", "_")

    @property
    def has_errors(self) -> bool:
        return (
            bool(self.errors)
            or any(c.has_errors for c in self.children)
            or any(r.has_errors for r in self.rows)
        )


@dataclass
class FormRow:
    """One row of an array: prefilled items to show and inputs for the rest."""

    pointer: str
    index: int
    selected: bool
    shown: list[tuple[str, str]]
    inputs: list[FormField]
    errors: list[str] = field(default_factory=list)

    @property
    def selection_name(self) -> str:
        return f"{self.pointer}/{SELECTED}"

    @property
    def html_id(self) -> str:
        return "f" + self.pointer.replace("/", "-") + "-selected"

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or any(i.errors for i in self.inputs)


def _widget(schema: Mapping[str, Any]) -> str:
    kind = schema.get("type")
    choices = choices_of(schema)
    if choices:
        return "radio" if len(choices) <= RADIO_LIMIT else "select"
    if kind == "boolean":
        return "checkbox"
    if kind == "integer" or kind == "number":
        return "number"
    if kind == "object":
        return "group"
    if kind == "array":
        return "rows"
    if schema.get("format") == "date":
        return "date"
    if (schema.get("maxLength") or 0) > 200:
        return "textarea"
    return "text"


def _errors_at(errors: Sequence[FieldError], pointer: str) -> list[str]:
    return [e.message for e in errors if e.field == pointer]


def form_fields(
    schema: Mapping[str, Any],
    data: Mapping[str, Any],
    *,
    errors: Sequence[FieldError] = (),
    prefilled_rows: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
) -> list[FormField]:
    """The inputs for the top-level properties of `schema`, filled with `data`."""
    return _object_fields(schema, data, "", errors, prefilled_rows or {})


def _object_fields(
    schema: Mapping[str, Any],
    data: Mapping[str, Any],
    at: str,
    errors: Sequence[FieldError],
    prefilled_rows: Mapping[str, Sequence[Mapping[str, Any]]],
) -> list[FormField]:
    required = set(schema.get("required", []))
    return [
        _field(
            sub, (data or {}).get(name), f"{at}/{name}", name in required, errors, prefilled_rows
        )
        for name, sub in schema.get("properties", {}).items()
    ]


def _field(
    schema: Mapping[str, Any],
    value: Any,
    pointer: str,
    required: bool,
    errors: Sequence[FieldError],
    prefilled_rows: Mapping[str, Sequence[Mapping[str, Any]]],
) -> FormField:
    widget = _widget(schema)
    choices = choices_of(schema)
    if schema.get(CHOICES_FROM) in prefilled_rows:
        widget = "radio"
        choices = [("", str(NO_CHOICE)), *_person_choices(prefilled_rows[schema[CHOICES_FROM]])]
        value = "" if value is None else str(value)
    help_text = str(schema.get("description", ""))
    if widget == "date":
        value = date_text(value)
        help_text = " ".join(filter(None, [help_text, str(DATE_EXAMPLE)]))
    result = FormField(
        pointer=pointer,
        label=str(schema.get("title", pointer.rsplit("/", 1)[-1])),
        help=help_text,
        widget=widget,
        required=required,
        value=value,
        choices=choices,
        errors=_errors_at(errors, pointer),
        max_length=schema.get("maxLength"),
        pattern=schema.get("pattern"),
    )
    if widget == "group":
        result.children = _object_fields(schema, value or {}, pointer, errors, prefilled_rows)
    elif widget == "rows":
        _rows(result, schema, value or [], errors, prefilled_rows)
    return result


def _person_choices(rows: Sequence[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """(resident_id, 「氏名（続柄）」) of each prefilled person but the 世帯主."""
    return [
        (str(row["resident_id"]), f"{row.get('name', '')}（{row.get('relationship', '')}）")
        for row in rows
        if row.get("relationship") != HEAD_RELATIONSHIP
    ]


def _rows(
    result: FormField,
    schema: Mapping[str, Any],
    value: Sequence[Any],
    errors: Sequence[FieldError],
    prefilled_rows: Mapping[str, Sequence[Mapping[str, Any]]],
) -> None:
    items = schema.get("items", {})
    pointer = result.pointer
    if pointer in prefilled_rows:
        result.widget = "choice_rows"
        chosen = {row.get("resident_id") for row in value if isinstance(row, Mapping)}
        for index, row in enumerate(prefilled_rows[pointer]):
            current = next(
                (
                    v
                    for v in value
                    if isinstance(v, Mapping) and v.get("resident_id") == row.get("resident_id")
                ),
                row,
            )
            result.rows.append(
                _choice_row(
                    items,
                    row,
                    current,
                    f"{pointer}/{index}",
                    index,
                    selected=not value or row.get("resident_id") in chosen,
                    errors=errors,
                )
            )
        return
    count = min(schema.get("maxItems", BLANK_ROWS), max(len(value) + 1, BLANK_ROWS))
    for index in range(count):
        row_value = value[index] if index < len(value) else None
        row_pointer = f"{pointer}/{index}"
        if items.get("type") == "object":
            inputs = _object_fields(items, row_value or {}, row_pointer, errors, {})
            for item in inputs:
                item.required = False  # a blank row is allowed; the schema checks filled rows
        else:
            inputs = [_field(items, row_value, row_pointer, False, errors, {})]
            inputs[0].label = gettext("%(label)s（%(number)s）") % {
                "label": inputs[0].label,
                "number": index + 1,
            }
        result.rows.append(
            FormRow(
                pointer=row_pointer,
                index=index,
                selected=True,
                shown=[],
                inputs=inputs,
                errors=_errors_at(errors, row_pointer),
            )
        )


def _choice_row(
    items: Mapping[str, Any],
    prefilled: Mapping[str, Any],
    current: Mapping[str, Any],
    pointer: str,
    index: int,
    *,
    selected: bool,
    errors: Sequence[FieldError],
) -> FormRow:
    properties = items.get("properties", {})
    shown = [
        (
            str(properties[name].get("title", name)),
            str(shown_value(properties[name], prefilled[name])),
        )
        for name in properties
        if name in prefilled and not is_internal(name)
    ]
    editable = {
        "type": "object",
        "properties": {n: s for n, s in properties.items() if n not in prefilled},
        "required": [n for n in items.get("required", []) if n not in prefilled],
    }
    return FormRow(
        pointer=pointer,
        index=index,
        selected=selected,
        shown=shown,
        inputs=_object_fields(editable, current, pointer, errors, {}),
        # The prefilled items have no input, so their errors show at the row.
        errors=_errors_at(errors, pointer)
        + [m for name in prefilled for m in _errors_at(errors, f"{pointer}/{name}")],
    )


def form_data_from_post(
    schema: Mapping[str, Any],
    post: QueryDict,
    *,
    prefilled_rows: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
) -> dict[str, Any]:
    """The JSON data of a posted form, typed by the schema. Empty inputs are left out, so the
    schema's `required` reports them; values that do not parse are kept as text, so its
    `type` reports them next to the field."""
    return _object_from_post(schema, post, "", prefilled_rows or {})


def _object_from_post(
    schema: Mapping[str, Any],
    post: QueryDict,
    at: str,
    prefilled_rows: Mapping[str, Sequence[Mapping[str, Any]]],
) -> dict[str, Any]:
    data: dict[str, Any] = {}
    required = set(schema.get("required", []))
    for name, sub in schema.get("properties", {}).items():
        value = _value_from_post(sub, post, f"{at}/{name}", prefilled_rows)
        if value is None and name in required and sub.get("type") == "object":
            value = {}  # the schema then names each missing field of the group
        if value is not None:
            data[name] = value
    return data


def _value_from_post(
    schema: Mapping[str, Any],
    post: QueryDict,
    pointer: str,
    prefilled_rows: Mapping[str, Sequence[Mapping[str, Any]]],
) -> Any:
    kind = schema.get("type")
    if kind == "object":
        return _object_from_post(schema, post, pointer, prefilled_rows) or None
    if kind == "array":
        return _array_from_post(schema, post, pointer, prefilled_rows)
    if kind == "boolean":
        return post.get(pointer) == "on"
    text = post.get(pointer, "").strip()
    if text == "":
        return None
    if str(schema.get("pattern", "\u3000")).isascii():
        # A pattern of ASCII characters (a phone number, a code) accepts half-width text
        # only; what the IME typed (full-width digits, 「－」 or 「ー」 for a hyphen) means
        # the same (WCAG 3.3.3), so it is normalised before the schema checks it.
        text = normalize_code_input(text)
        if schema.get(INPUT_KIND) == POSTAL_CODE:
            with contextlib.suppress(InvalidInput):
                text = normalize_postal_code(text)  # 「100-0001」 → 「1000001」
    if kind == "integer":
        # ASCII digits only and no longer than an int64: 「²」 or a 5,000-digit entry stays
        # text, which the schema's own check then refuses as not an integer.
        digits = text.removeprefix("-")
        return int(text) if digits.isascii() and digits.isdigit() and len(digits) <= 18 else text
    if schema.get("format") == "date":
        try:
            return parse_date_input(text).isoformat()
        except InvalidInput:
            return text  # the schema's `format` check puts its message next to the field
    return text


def _blank(value: Any) -> bool:
    """An untouched row: nothing typed (unticked checkboxes do not count)."""
    if isinstance(value, Mapping):
        return all(_blank(v) for v in value.values())
    return value in (None, False, "")


def _array_from_post(
    schema: Mapping[str, Any],
    post: QueryDict,
    pointer: str,
    prefilled_rows: Mapping[str, Sequence[Mapping[str, Any]]],
) -> list[Any] | None:
    items = schema.get("items", {})
    if pointer in prefilled_rows:
        rows = []
        for index, prefilled in enumerate(prefilled_rows[pointer]):
            row_pointer = f"{pointer}/{index}"
            if post.get(f"{row_pointer}/{SELECTED}") != "on":
                continue
            extra = _object_from_post(
                {
                    "properties": {
                        n: s for n, s in items.get("properties", {}).items() if n not in prefilled
                    }
                },
                post,
                row_pointer,
                {},
            )
            rows.append({**prefilled, **extra})
        return rows
    values = []
    for index in range(schema.get("maxItems", 20)):
        row_pointer = f"{pointer}/{index}"
        value = _value_from_post(items, post, row_pointer, {})
        if not _blank(value):
            values.append(value)
    return values or None


@dataclass(frozen=True)
class ErrorLink:
    """One error of the summary above the form, linking to where it is shown."""

    message: str
    anchor: str


def error_anchors(fields: Sequence[FormField], errors: Sequence[FieldError]) -> list[ErrorLink]:
    """Every error counted, each linked to the element that shows it: its own input, or the
    nearest enclosing group or row (an error on a row's hidden id shows at the row)."""
    ids = _element_ids(fields)
    links = []
    for error in errors:
        pointer = error.field
        while pointer and pointer not in ids:
            pointer = pointer.rsplit("/", 1)[0]
        links.append(ErrorLink(error.message, ids.get(pointer, ids.get("", ""))))
    return links


def _element_ids(fields: Sequence[FormField]) -> dict[str, str]:
    ids: dict[str, str] = {}
    for f in fields:
        ids.setdefault("", f.html_id)  # the first field, for an error on the whole form
        ids[f.pointer] = f.html_id
        ids.update(_element_ids(f.children))
        for row in f.rows:
            if f.widget == "choice_rows":
                ids[row.pointer] = row.html_id
            ids.update(_element_ids(row.inputs))
    return ids


def chosen_people(
    schema: Mapping[str, Any],
    data: Mapping[str, Any],
    prefilled_rows: Mapping[str, Sequence[Mapping[str, Any]]],
) -> list[SummaryRow]:
    """Summary rows for the top-level `x-choices-from` answers, which the summary leaves out
    as internal ids: the person chosen, by 氏名 and 続柄 (「山田　翔太（子）」)."""
    rows = []
    for name, sub in schema.get("properties", {}).items():
        source = sub.get(CHOICES_FROM)
        if source not in prefilled_rows or data.get(name) is None:
            continue
        labels = dict(_person_choices(prefilled_rows[source]))
        if str(data[name]) in labels:
            rows.append(
                SummaryRow(label=str(sub.get("title", name)), value=labels[str(data[name])])
            )
    return rows
