"""How a cell is written and read: one codec per item kind (text, number, date, choice,
yes/no), the code tables of the choices, a fast row decoder, and the CSV row builders used by
the export, the demo generator and the benchmarks."""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import models
from django.utils import timezone, translation

from jichitai.common.checkdigits import modulus11_check_digit
from jichitai.registry.layout.columns import ITEM_KEYS
from jichitai.registry.models import (
    BIRTH_DATE_FORMS,
    LEGACY_CHANGE_LABELS,
    CardStatus,
    ChangeType,
    ForeignCategory,
    PensionCategory,
    Resident,
    ResidentStatus,
    ResidentType,
    Sex,
)
from jichitai.registry.services.recording import NUMBER_BODY_DIGITS

_NUMBER = re.compile(r"[0-9]{1,16}", re.ASCII)
INTEGER_MAX = 2**31 - 1  # PostgreSQL integer
BIGINT_MAX = 2**63 - 1
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


class CellError(Exception):
    """One cell could not be read; the message names the problem, never the value."""


@cache
def code_tables() -> dict[str, tuple[dict[str, str], dict[str, str]]]:
    """(value → label, label → value) per coded item, labels untranslated (the file format
    must not depend on the UI language). 性別 uses the ISO/IEC 5218 code itself."""
    with translation.override(None):
        enums: dict[str, type[models.TextChoices]] = {
            "resident_type": ResidentType,
            "status": ResidentStatus,
            "foreign_category": ForeignCategory,
            "removal_reason": ChangeType,
            "change_type": ChangeType,
            "pension_category": PensionCategory,
            "my_number_card_status": CardStatus,
            "juki_card_status": CardStatus,
        }
        tables = {}
        for key, enum in enums.items():
            to_label = {str(v): str(label) for v, label in enum.choices}
            from_label = {label: v for v, label in to_label.items()}
            # Our own codes are accepted too, so a vendor may map to either.
            from_label.update({v: v for v in to_label})
            if enum is ChangeType:
                from_label.update({old: str(new) for old, new in LEGACY_CHANGE_LABELS.items()})
            tables[key] = (to_label, from_label)
        sexes = {str(v): str(v) for v in Sex.values}
        tables["sex"] = (sexes, sexes)
        # 不詳日の形式 (doc/j80.txt §1.1.8): the standard's pattern as the label.
        forms = {str(v): str(label) for v, label in BIRTH_DATE_FORMS}
        tables["birth_date_form"] = (
            forms,
            {**{lb: v for v, lb in forms.items()}, **{v: v for v in forms}},
        )
    return tables


@dataclass(frozen=True)
class _Codec:
    """How one column's text becomes a value and back."""

    kind: str  # text, number, int, date, datetime, bool, choice
    required: bool
    max_length: int | None = None
    # An int's bound: a 履歴番号 goes into a PostgreSQL integer; numbers that only refer to
    # rows of the layout (異動番号) may be any 64-bit integer.
    max_value: int = INTEGER_MAX

    def decode(self, text: str, key: str) -> Any:
        if text == "":
            if self.required:
                raise CellError("必須の項目が空です。")
            return None if self.kind in ("date", "datetime", "int") else _EMPTY[self.kind]
        if self.kind == "text" or self.kind == "number":
            if self.max_length is not None and len(text) > self.max_length:
                raise CellError(f"{self.max_length}文字以内で記入してください。")
            if self.kind == "number" and not _NUMBER.fullmatch(text):
                raise CellError("半角数字16桁以内で記入してください。")
            return text
        if self.kind == "int":
            if not text.isascii() or not text.isdigit():
                raise CellError("半角数字で記入してください。")
            # The length first: int() refuses texts of over 4,300 digits with a ValueError.
            if len(text) > len(str(self.max_value)) or int(text) > self.max_value:
                raise CellError(f"{self.max_value}以下の数で記入してください。")
            return int(text)
        if self.kind == "bool":
            if text not in ("0", "1"):
                raise CellError("1（有）または 0（無）で記入してください。")
            return text == "1"
        if self.kind == "date":
            try:
                if not _ISO_DATE.fullmatch(text):
                    raise ValueError
                return dt.date.fromisoformat(text)
            except ValueError:
                raise CellError("日付は西暦の YYYY-MM-DD で記入してください。") from None
        if self.kind == "datetime":
            try:
                value = dt.datetime.fromisoformat(text)
            except ValueError:
                value = None
            if value is None or value.tzinfo is None:
                raise CellError(
                    "日時は時差付きの ISO 8601（例 2026-04-07T09:30:00+09:00）で記入してください。"
                )
            return value
        to_value = code_tables()[key][1]
        if text not in to_value:
            raise CellError(f"「{text}」はこの項目のコードにありません。")
        return to_value[text]

    def fast(self, key: str) -> Callable[[str], Any]:
        """A decoder for well-formed cells of a kind other than text (RowDecoder takes text
        as it is): the same result as `decode`, raising any exception on a bad cell, which
        `decode` then explains."""
        required, kind = self.required, self.kind
        empty = None if kind in ("date", "datetime", "int") else _EMPTY[kind]

        def blank() -> Any:
            if required:
                raise ValueError
            return empty

        if kind == "number":
            return lambda text: text if _NUMBER.fullmatch(text) else _bad()
        if kind == "int":
            bound = self.max_value
            return lambda text: (
                value
                if text.isdigit()
                and text.isascii()
                and len(text) < 20
                and (value := int(text)) <= bound
                else blank()
                if text == ""
                else _bad()
            )
        if kind == "bool":
            return _BOOLS.__getitem__
        if kind == "date":
            # Dates repeat a great deal across a register: parsed once each, then looked up.
            return (_REQUIRED_DATES if required else _OPTIONAL_DATES).__getitem__
        if kind == "datetime":

            def moment(text: str) -> Any:
                if not text:
                    return blank()
                value = dt.datetime.fromisoformat(text)
                if value.tzinfo is None:
                    raise ValueError
                return value

            return moment
        table = dict(code_tables()[key][1])
        if not required:
            table[""] = ""
        return table.__getitem__

    def encode(self, value: Any, key: str) -> str:
        if value is None or value == "":
            return ""
        if self.kind == "bool":
            return "1" if value else "0"
        if self.kind == "date":
            return value if isinstance(value, str) else value.isoformat()
        if self.kind == "datetime":
            return timezone.localtime(value).isoformat()
        if self.kind == "choice":
            return code_tables()[key][0][str(value)]
        return str(value)


_EMPTY = {"text": "", "number": "", "bool": False, "choice": ""}
_BOOLS = {"0": False, "1": True}


class _Dates(dict[str, dt.date | None]):
    """ISO dates parsed once: text → date (KeyError-free misses parse, bad text raises)."""

    def __missing__(self, text: str) -> dt.date:
        if len(text) != 10 or not text.isascii() or text[4] != "-" or text[7] != "-":
            raise ValueError(text)
        value = self[text] = dt.date.fromisoformat(text)
        return value


_REQUIRED_DATES = _Dates()
_OPTIONAL_DATES = _Dates({"": None})


def _bad() -> Any:
    raise ValueError


class RowDecoder:
    """Decodes a well-formed row at C speed where it can: cells picked and length-checked
    in bulk, text taken as is, codes and dates looked up; raises on any bad cell."""

    def __init__(self, columns: list[tuple[int, str, _Codec]]) -> None:
        positions = [position for position, _, _ in columns]
        self.keys = [key for _, key, _ in columns]
        self.pick = lambda cells: [cells[i] for i in positions]
        if len(positions) > 1:
            self.pick = operator.itemgetter(*positions)
        big = 1 << 30
        self.limits = [
            codec.max_length or big if codec.kind == "text" else big for _, _, codec in columns
        ]
        self.required = [
            index
            for index, (_, _, codec) in enumerate(columns)
            if codec.kind == "text" and codec.required
        ]
        self.converters = [
            (key, codec.fast(key)) for _, key, codec in columns if codec.kind != "text"
        ]

    def __call__(self, cells: list[str]) -> dict[str, Any]:
        raw = self.pick(cells)
        if any(map(operator.gt, map(len, raw), self.limits)):
            raise ValueError
        for index in self.required:
            if not raw[index]:
                raise ValueError
        values = dict(zip(self.keys, raw, strict=True))
        for key, convert in self.converters:
            values[key] = convert(values[key])
        return values


def _model_codec(model_field: models.Field[Any, Any]) -> _Codec:
    required = not (model_field.blank or model_field.null)
    if isinstance(model_field, models.DateField):
        return _Codec("date", required=not model_field.null)
    if isinstance(model_field, models.BooleanField):
        return _Codec("bool", required=True)
    if isinstance(model_field, models.PositiveIntegerField | models.PositiveSmallIntegerField):
        return _Codec("int", required=True)
    if model_field.choices:
        return _Codec("choice", required=required)
    return _Codec("text", required=required, max_length=model_field.max_length)


@cache
def column_codecs() -> dict[str, _Codec]:
    codecs = {
        f.name: _model_codec(f)
        for f in Resident._meta.concrete_fields
        if f.name in ITEM_KEYS and f.name != "atena_number"
    }
    codecs.update(
        atena_number=_Codec("number", required=True, max_length=16),
        household_number=_Codec("number", required=True, max_length=16),
        household_head_name=_Codec("text", required=False, max_length=100),
        # Blank is 1: the 住民票 begins with the person's first 記載 (no 再転入).
        entry_history_number=_Codec("int", required=False),
        my_number=_Codec("text", required=False, max_length=12),
        is_active=_Codec("bool", required=True),
        change_number=_Codec("int", required=True, max_value=BIGINT_MAX),
        change_type=_Codec("choice", required=True),
        effective_on=_Codec("date", required=True),
        change_notified_on=_Codec("date", required=False),
        processed_at=_Codec("datetime", required=True),
        note=_Codec("text", required=False, max_length=200),
        cancels_number=_Codec("int", required=False, max_value=BIGINT_MAX),
        change_offered_on=_Codec("date", required=False),
        kind=_Codec("text", required=True),
        code=_Codec("text", required=True),
        label=_Codec("text", required=True),
    )
    return codecs


# In 住民履歴.csv the 異動 columns may be blank: a row without 異動番号 is grouped by its
# 異動事由/異動日/届出日/処理日時, and a row without even a 異動事由 belongs to the import.
OPTIONAL_IN_HISTORY = {
    "change_number": _Codec("int", required=False, max_value=BIGINT_MAX),
    "change_type": _Codec("choice", required=False),
    "processed_at": _Codec("datetime", required=False),
}


def layout_row(columns: Sequence[tuple[str, str]], values: Mapping[str, Any]) -> list[str]:
    """One CSV row of the layout from typed values (dates as date or ISO text)."""
    codecs = column_codecs()
    return [codecs[key].encode(values.get(key), key) for _, key in columns]


def layout_header(columns: Sequence[tuple[str, str]]) -> list[str]:
    return [header for header, _ in columns]


def sequence_number(value: int) -> str:
    """宛名番号 / 世帯番号 for sequence value `value`, as recording.sequence_next issues them."""
    body = f"{value:0{NUMBER_BODY_DIGITS}d}"
    return f"{body}{modulus11_check_digit(body)}"


def sequence_body(number: str) -> int:
    # The last digit is the check digit (§1.1.13); numbers of another system keep theirs.
    return int(number[:-1]) if len(number) > 1 else 0
