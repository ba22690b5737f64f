"""申請内容の一覧表示 (a case's data as labelled rows), for the portal and the inboxes alike.

Labels come from the procedure's JSON Schema `title`s, in the form's order; nested objects and
arrays become indented groups. Values are shown as people read them — dates in 和暦 (ISO dates
for English readers), coded choices by their label — and references to records
(`resident_id`) are left to the links of the screens, not printed as numbers. Given the
procedure's localized form (`Procedure.localized.form`), the labels are in its language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from jichitai.common.exceptions import InvalidInput
from jichitai.common.wareki import to_wareki
from jichitai.procedures.definitions import ENGLISH, ENUM_TITLES, reader_language


@dataclass(frozen=True)
class SummaryTable:
    """A list of like items as a table: one column an item, one row an entry."""

    columns: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class SummaryRow:
    """One answered item: its label, its value (text), or its sub-rows for a group."""

    label: str
    value: str = ""
    children: list[SummaryRow] = field(default_factory=list)
    # The children are the entries of a list, labelled 1, 2, … rather than named.
    is_list: bool = False

    @property
    def table(self) -> SummaryTable | None:
        """The entries of a list whose items are simple groups (the people of a 転出届) as a
        table, read a person a line; None for anything else. Four lines a person as nested
        groups made a household of three fill a screen and a half."""
        entries = self.children
        simple = all(e.children and not any(i.children for i in e.children) for e in entries)
        if not (self.is_list and entries and simple):
            return None
        columns = list(dict.fromkeys(item.label for entry in entries for item in entry.children))
        rows = []
        for entry in entries:
            values = {item.label: item.value for item in entry.children}
            rows.append([values.get(column, "") for column in columns])
        return SummaryTable(columns=columns, rows=rows)


def choices_of(schema: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(value, label) of an `enum` (labelled by ENUM_TITLES in a localized form, else by
    itself), or of a `oneOf` whose branches are `const` + `title` (the JSON Schema way to
    label coded values such as 性別)."""
    if "enum" in schema:
        labels = schema.get(ENUM_TITLES, schema["enum"])
        return [(str(v), str(label)) for v, label in zip(schema["enum"], labels, strict=True)]
    branches = schema.get("oneOf", [])
    if branches and all("const" in b for b in branches):
        return [(str(b["const"]), str(b.get("title", b["const"]))) for b in branches]
    return []


def date_text(value: Any) -> Any:
    """An ISO date as people read it (和暦: 令和8年4月7日; kept ISO for English readers, who
    know no 元号); anything else as it is."""
    if isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value)
            return day.isoformat() if reader_language() == ENGLISH else to_wareki(day).format()
        except (ValueError, InvalidInput):
            return value
    return value


def is_internal(name: str) -> bool:
    """A record reference (`resident_id`, `new_head_resident_id`): for links, not for reading."""
    return name.endswith("resident_id")


def shown_value(schema: Mapping[str, Any], value: Any) -> Any:
    if schema.get("format") == "date":
        return date_text(value)
    labels = dict(choices_of(schema))
    return labels.get(str(value), value) if labels else value


def _text(value: Any) -> str:
    if value is True:
        return gettext("はい")
    if value is False:
        return gettext("いいえ")
    return str(value)


def data_summary(schema: Mapping[str, Any], data: Mapping[str, Any]) -> list[SummaryRow]:
    """The answered items of `data` in the order of `schema`'s properties; unanswered items
    are left out. Keys the schema does not know are listed last under their own names."""
    properties = schema.get("properties", {})
    rows = [
        _row(properties[name], data[name], name)
        for name in properties
        if name in data and data[name] not in (None, "", []) and not is_internal(name)
    ]
    rows += [
        _row({}, value, name)
        for name, value in data.items()
        if name not in properties and not is_internal(name)
    ]
    return rows


def _row(schema: Mapping[str, Any], value: Any, name: str) -> SummaryRow:
    label = str(schema.get("title", name))
    if isinstance(value, Mapping):
        return SummaryRow(label=label, children=data_summary(schema, value))
    if isinstance(value, list):
        items = schema.get("items", {})
        return SummaryRow(
            label=label,
            is_list=True,
            children=[
                _row(items, item, f"{index + 1}")
                if not isinstance(item, Mapping)
                else SummaryRow(label=f"{index + 1}", children=data_summary(items, item))
                for index, item in enumerate(value)
            ],
        )
    return SummaryRow(label=label, value=_text(shown_value(schema, value)))
