"""移行用データレイアウト (migration layout, 標準仕様書 §10.6): export and import of a register.

The official 中間標準レイアウト仕様 is not public here (docs/registry-standard.md §4), so this is
the interim layout of §4.2, described in docs/registry-layout.md: a directory or .zip with one
UTF-8 CSV per record kind, headed by the standard's Japanese item names, and manifest.json.

Import streams every file once, in the order of their references (世帯 → 異動 → 住民 →
住民履歴), and checks every row with the same checks the services use (check digits, 続柄,
katakana, dates), plus one 世帯主 per living household, unique numbers and references between
files. All of it runs in one transaction: rows are inserted (COPY on PostgreSQL) while no row
has failed, so the database indexes them on the second core while Python checks the next
ones; once a row fails nothing more is inserted, checking goes on to report every error, and
the transaction is rolled back: a register is imported whole or not at all. Memory holds the
sets of numbers needed for uniqueness and references, never the rows.

The demo generator (registry/demo.py) loads its initial population through the same path
(`registry_load` with a `MemoryLayout`), so generated data is validated exactly like a file.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import operator
import os
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import IO, Any, cast

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection, models, transaction
from django.db.models import Exists, F, OuterRef, Window
from django.db.models.functions import DenseRank
from django.utils import timezone, translation
from psycopg.copy import QueuedLibpqWriter

from jichitai.audit.services import audit_record
from jichitai.common.checkdigits import modulus11_check_digit
from jichitai.common.exceptions import Conflict, DomainError, FieldError, InvalidInput
from jichitai.registry.crypto import my_number_decrypt, my_number_encrypt, my_number_lookup_hash
from jichitai.registry.models import (
    HEAD,
    SEARCH_KEYS,
    Change,
    ChangeType,
    ForeignCategory,
    Household,
    NumberSequence,
    Resident,
    ResidentHistory,
    ResidentStatus,
    ResidentType,
    Sex,
)
from jichitai.registry.services.recording import (
    MAX_PLANNED_MOVE_OUT_DAYS,
    NUMBER_BODY_DIGITS,
    REGISTRY_PURPOSE,
    SNAPSHOT_EXCLUDED,
    foreign_items_check,
    person_fields_check,
    search_keys_refresh,
)
from jichitai.tenants.models import Municipality

LAYOUT_FORMAT = "jichitai-registry-layout"
LAYOUT_VERSION = 1
STANDARD = "住民記録システム標準仕様書 第1.0版 §10.6（中間標準レイアウトの暫定版。docs/registry-layout.md）"

MANIFEST = "manifest.json"
HOUSEHOLDS = "世帯.csv"
CHANGES = "異動.csv"
RESIDENTS = "住民.csv"
HISTORY = "住民履歴.csv"
CODES = "コード対応.csv"

BATCH_SIZE = 5000
ERROR_REPORT_LIMIT = 1000
_NUMBER = re.compile(r"[0-9]{1,16}", re.ASCII)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
# A 転出届 may name a date up to MAX_PLANNED_MOVE_OUT_DAYS ahead; changes that follow it on the
# same day (世帯主変更 after the head's 転出, its 取消し) inherit that date.
_MAY_BE_PLANNED = {
    ChangeType.MOVE_OUT,
    ChangeType.EMIGRATION,
    ChangeType.HEAD_CHANGE,
    ChangeType.CANCELLATION,
}

# --------------------------------------------------------------------------- columns

# 住民.csv and the item part of 住民履歴.csv: every item of the record (Resident), in the
# standard's words. `household_number` stands for the household, `my_number` is plaintext.
ITEM_COLUMNS: tuple[tuple[str, str], ...] = (
    ("宛名番号", "atena_number"),
    ("履歴番号", "history_number"),
    ("世帯番号", "household_number"),
    ("住民票コード", "resident_code"),
    ("個人番号", "my_number"),
    ("住民種別", "resident_type"),
    ("住民状態", "status"),
    ("世帯主との続柄", "relationship"),
    ("世帯員の並び順", "household_order"),
    ("氏名", "name"),
    ("氏名の振り仮名", "name_kana"),
    ("氏名の振り仮名確認フラグ", "name_kana_confirmed"),
    ("氏名（アルファベット）", "name_alphabet"),
    ("旧氏", "former_surname"),
    ("旧氏の振り仮名", "former_surname_kana"),
    ("通称", "alias"),
    ("通称の振り仮名", "alias_kana"),
    ("生年月日", "birth_date"),
    ("性別", "sex"),
    ("本籍", "domicile"),
    ("筆頭者", "domicile_head"),
    ("住民となった年月日", "became_resident_on"),
    ("住所の郵便番号", "postal_code"),
    ("住所", "address"),
    ("方書", "address_extra"),
    ("住所を定めた年月日", "address_fixed_on"),
    ("届出の年月日", "notified_on"),
    ("転入前住所", "previous_address"),
    ("国籍・地域", "nationality"),
    ("法第30条の45に規定する区分", "foreign_category"),
    ("在留資格", "residence_status"),
    ("在留期間", "period_of_stay"),
    ("在留期間の満了の日", "stay_expires_on"),
    ("在留カード等の番号", "residence_card_number"),
    ("選挙人名簿への登録の有無", "on_electoral_roll"),
    ("国民健康保険の被保険者該当の有無", "national_health_insurance"),
    ("後期高齢者医療の被保険者該当の有無", "late_elderly_insurance"),
    ("介護保険の被保険者該当の有無", "care_insurance"),
    ("国民年金の被保険者該当の有無", "national_pension"),
    ("児童手当の受給の有無", "child_allowance"),
    ("消除事由", "removal_reason"),
    ("事由の生じた年月日", "removed_on"),
    ("転出先住所", "moving_to_address"),
)
ITEM_KEYS = tuple(key for _, key in ITEM_COLUMNS)

HOUSEHOLD_COLUMNS: tuple[tuple[str, str], ...] = (
    ("世帯番号", "household_number"),
    ("現存", "is_active"),
)
CHANGE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("異動番号", "change_number"),
    ("異動事由", "change_type"),
    ("異動日", "effective_on"),
    ("届出日", "change_notified_on"),
    ("処理日時", "processed_at"),
    ("留意事項", "note"),
    ("取消対象異動番号", "cancels_number"),
)
RESIDENT_COLUMNS = ITEM_COLUMNS
HISTORY_COLUMNS: tuple[tuple[str, str], ...] = (
    ITEM_COLUMNS[:2] + CHANGE_COLUMNS[:5] + ITEM_COLUMNS[2:]
)
CODE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("種別", "kind"),
    ("コード", "code"),
    ("表記", "label"),
)

FILE_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    HOUSEHOLDS: HOUSEHOLD_COLUMNS,
    CHANGES: CHANGE_COLUMNS,
    RESIDENTS: RESIDENT_COLUMNS,
    HISTORY: HISTORY_COLUMNS,
    CODES: CODE_COLUMNS,
}
FILE_KINDS = {
    HOUSEHOLDS: "世帯",
    CHANGES: "異動",
    RESIDENTS: "住民（現在の記載）",
    HISTORY: "住民履歴（全履歴）",
    CODES: "コード対応",
}


def snapshot_keys() -> tuple[str, ...]:
    """The keys of a history snapshot, in the order recording.snapshot_of writes them."""
    keys = [
        "household_id" if f.name == "household" else f.name
        for f in Resident._meta.concrete_fields
        if f.name not in SNAPSHOT_EXCLUDED
    ]
    return (*keys, "household_number")


SNAPSHOT_KEYS = snapshot_keys()
# Fields of Resident filled from the item columns (the rest: keys, ciphertext, search keys).
_RESIDENT_FIELDS = tuple(k for k in ITEM_KEYS if k not in ("household_number", "my_number"))

# --------------------------------------------------------------------------- codecs


class _CellError(Exception):
    """One cell could not be read; the message names the problem, never the value."""


@cache
def _code_tables() -> dict[str, tuple[dict[str, str], dict[str, str]]]:
    """(value → label, label → value) per coded item, labels untranslated (the file format
    must not depend on the UI language). 性別 uses the ISO/IEC 5218 code itself."""
    with translation.override(None):
        enums: dict[str, type[models.TextChoices]] = {
            "resident_type": ResidentType,
            "status": ResidentStatus,
            "foreign_category": ForeignCategory,
            "removal_reason": ChangeType,
            "change_type": ChangeType,
        }
        tables = {}
        for key, enum in enums.items():
            to_label = {str(v): str(label) for v, label in enum.choices}
            from_label = {label: v for v, label in to_label.items()}
            # Our own codes are accepted too, so a vendor may map to either.
            from_label.update({v: v for v in to_label})
            tables[key] = (to_label, from_label)
        sexes = {str(v): str(v) for v in Sex.values}
        tables["sex"] = (sexes, sexes)
    return tables


@dataclass(frozen=True)
class _Codec:
    """How one column's text becomes a value and back."""

    kind: str  # text, number, int, date, datetime, bool, choice
    required: bool
    max_length: int | None = None

    def decode(self, text: str, key: str) -> Any:
        if text == "":
            if self.required:
                raise _CellError("必須の項目が空です。")
            return None if self.kind in ("date", "datetime", "int") else _EMPTY[self.kind]
        if self.kind == "text" or self.kind == "number":
            if self.max_length is not None and len(text) > self.max_length:
                raise _CellError(f"{self.max_length}文字以内で記入してください。")
            if self.kind == "number" and not _NUMBER.fullmatch(text):
                raise _CellError("半角数字16桁以内で記入してください。")
            return text
        if self.kind == "int":
            if not text.isascii() or not text.isdigit():
                raise _CellError("半角数字で記入してください。")
            return int(text)
        if self.kind == "bool":
            if text not in ("0", "1"):
                raise _CellError("1（有）または 0（無）で記入してください。")
            return text == "1"
        if self.kind == "date":
            try:
                if not _ISO_DATE.fullmatch(text):
                    raise ValueError
                return dt.date.fromisoformat(text)
            except ValueError:
                raise _CellError("日付は西暦の YYYY-MM-DD で記入してください。") from None
        if self.kind == "datetime":
            try:
                value = dt.datetime.fromisoformat(text)
            except ValueError:
                value = None
            if value is None or value.tzinfo is None:
                raise _CellError(
                    "日時は時差付きの ISO 8601（例 2026-04-07T09:30:00+09:00）で記入してください。"
                )
            return value
        to_value = _code_tables()[key][1]
        if text not in to_value:
            raise _CellError(f"「{text}」はこの項目のコードにありません。")
        return to_value[text]

    def fast(self, key: str) -> Callable[[str], Any]:
        """A decoder for well-formed cells of a kind other than text (_RowDecoder takes text
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
            return lambda text: (
                int(text)
                if text.isdigit() and text.isascii()
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
        table = dict(_code_tables()[key][1])
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
            return _code_tables()[key][0][str(value)]
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


class _RowDecoder:
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
def _codecs() -> dict[str, _Codec]:
    codecs = {
        f.name: _model_codec(f)
        for f in Resident._meta.concrete_fields
        if f.name in ITEM_KEYS and f.name != "atena_number"
    }
    codecs.update(
        atena_number=_Codec("number", required=True, max_length=16),
        household_number=_Codec("number", required=True, max_length=16),
        my_number=_Codec("text", required=False, max_length=12),
        is_active=_Codec("bool", required=True),
        change_number=_Codec("int", required=True),
        change_type=_Codec("choice", required=True),
        effective_on=_Codec("date", required=True),
        change_notified_on=_Codec("date", required=False),
        processed_at=_Codec("datetime", required=True),
        note=_Codec("text", required=False, max_length=200),
        cancels_number=_Codec("int", required=False),
        kind=_Codec("text", required=True),
        code=_Codec("text", required=True),
        label=_Codec("text", required=True),
    )
    return codecs


# In 住民履歴.csv the 異動 columns may be blank: a row without 異動番号 is grouped by its
# 異動事由/異動日/届出日/処理日時, and a row without even a 異動事由 belongs to the import.
_OPTIONAL_IN_HISTORY = {
    "change_number": _Codec("int", required=False),
    "change_type": _Codec("choice", required=False),
    "processed_at": _Codec("datetime", required=False),
}


def layout_row(columns: Sequence[tuple[str, str]], values: Mapping[str, Any]) -> list[str]:
    """One CSV row of the layout from typed values (dates as date or ISO text)."""
    codecs = _codecs()
    return [codecs[key].encode(values.get(key), key) for _, key in columns]


def layout_header(columns: Sequence[tuple[str, str]]) -> list[str]:
    return [header for header, _ in columns]


def sequence_number(value: int) -> str:
    """宛名番号 / 世帯番号 for sequence value `value`, as recording.sequence_next issues them."""
    body = f"{value:0{NUMBER_BODY_DIGITS}d}"
    return f"{body}{modulus11_check_digit(body)}"


def _sequence_body(number: str) -> int:
    # The last digit is the check digit (§1.1.13); numbers of another system keep theirs.
    return int(number[:-1]) if len(number) > 1 else 0


# --------------------------------------------------------------------------- sources


class LayoutSource:
    """The files of one layout, each read as (line number, cells) rows, header first."""

    def manifest(self) -> dict[str, Any] | None:
        return None

    def has(self, name: str) -> bool:
        raise NotImplementedError

    def rows(self, name: str) -> Iterator[tuple[int, list[str]]]:
        raise NotImplementedError

    def problems(self) -> list[FieldError]:
        """Checks that can only be made after reading (checksums, row counts)."""
        return []


class MemoryLayout(LayoutSource):
    """A layout built in memory (the demo generator): file name → rows, header first."""

    def __init__(self, files: Mapping[str, list[list[str]]]) -> None:
        self._files = files

    def has(self, name: str) -> bool:
        return name in self._files

    def rows(self, name: str) -> Iterator[tuple[int, list[str]]]:
        yield from enumerate(self._files[name], start=1)


class _HashingReader(io.RawIOBase):
    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.sha256 = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        self.sha256.update(data)
        return len(data)


class FileLayout(LayoutSource):
    """A layout on disk: a directory, or a .zip with the files at its root or in one folder.

    Files are streamed, never read whole; their SHA-256 and row counts are checked against
    manifest.json as they are read.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        self._prefix = ""
        self._problems: list[FieldError] = []
        if path.is_file() and zipfile.is_zipfile(path):
            self._zip = zipfile.ZipFile(path)
            names = [n for n in self._zip.namelist() if n.rsplit("/", 1)[-1] == MANIFEST]
            if len(names) == 1:
                self._prefix = names[0][: -len(MANIFEST)]
        elif not path.is_dir():
            raise FileNotFoundError(str(path))
        self._manifest = self._read_manifest()
        self._listed = {f.get("name"): f for f in self._manifest.get("files", [])}

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def _open(self, name: str) -> IO[bytes]:
        if self._zip is not None:
            return self._zip.open(self._prefix + name)
        return (self.path / name).open("rb")

    def _read_manifest(self) -> dict[str, Any]:
        if not self.has(MANIFEST):
            raise LayoutInvalid.of([_problem(MANIFEST, None, "manifest.json がありません。")])
        with self._open(MANIFEST) as stream:
            try:
                manifest = json.load(stream)
            except (ValueError, UnicodeDecodeError):
                raise LayoutInvalid.of(
                    [_problem(MANIFEST, None, "JSON として読めません。")]
                ) from None
        if not isinstance(manifest, dict):
            raise LayoutInvalid.of(
                [_problem(MANIFEST, None, "JSON のオブジェクトではありません。")]
            )
        return manifest

    def manifest(self) -> dict[str, Any]:
        return self._manifest

    def has(self, name: str) -> bool:
        if self._zip is not None:
            try:
                self._zip.getinfo(self._prefix + name)
            except KeyError:
                return False
            return True
        return (self.path / name).is_file()

    def rows(self, name: str) -> Iterator[tuple[int, list[str]]]:
        with self._open(name) as raw:
            hashing = _HashingReader(raw)
            text = io.TextIOWrapper(
                io.BufferedReader(hashing, buffer_size=1 << 20), encoding="utf-8", newline=""
            )
            reader = csv.reader(text, strict=True)
            count = 0
            try:
                for cells in reader:
                    yield reader.line_num, cells
                    count += 1
            except UnicodeDecodeError:
                self._problems.append(_problem(name, None, "UTF-8 として読めない箇所があります。"))
                return
            except csv.Error as error:
                self._problems.append(
                    _problem(name, reader.line_num, f"CSV の形式が正しくありません（{error}）。")
                )
                return
        listed = self._listed.get(name)
        if listed is None:
            return
        if listed.get("sha256") and listed["sha256"] != hashing.sha256.hexdigest():
            self._problems.append(
                _problem(name, None, "SHA-256 が manifest.json と一致しません（破損または改変）。")
            )
        if "rows" in listed and listed["rows"] != max(count - 1, 0):
            self._problems.append(
                _problem(name, None, f"行数が manifest.json の {listed['rows']} 件と一致しません。")
            )

    def problems(self) -> list[FieldError]:
        return self._problems


# --------------------------------------------------------------------------- errors


def _problem(name: str, line: int | None, message: str) -> FieldError:
    where = f"{name} {line}行目" if line is not None else name
    return FieldError(where, "layout.invalid", f"{where}: {message}")


class LayoutInvalid(InvalidInput):
    """The files have errors; nothing was imported. `errors` holds the first
    ERROR_REPORT_LIMIT lines, `extra["error_count"]` counts all of them."""

    @classmethod
    def of(cls, problems: list[FieldError], total: int | None = None) -> LayoutInvalid:
        total = len(problems) if total is None else total
        shown = "" if total <= len(problems) else f"（最初の{len(problems)}件を表示）"
        return cls(
            code="layout.invalid",
            detail=f"{total}件の誤りがあるため、何も取り込んでいません{shown}。",
            errors=problems,
            extra={"error_count": total},
        )


class RegistryNotEmpty(Conflict):
    def __init__(self) -> None:
        super().__init__(
            code="layout.registry_not_empty",
            detail="この団体には既に住民記録があります。取込みは住民記録が空の団体にだけ行えます。",
        )


class _Report:
    def __init__(self) -> None:
        self.problems: list[FieldError] = []
        self.count = 0

    def add(self, name: str, line: int | None, message: str) -> None:
        self.count += 1
        if len(self.problems) < ERROR_REPORT_LIMIT:
            self.problems.append(_problem(name, line, message))

    def extend(self, problems: Iterable[FieldError]) -> None:
        for problem in problems:
            self.count += 1
            if len(self.problems) < ERROR_REPORT_LIMIT:
                self.problems.append(problem)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class LayoutCounts:
    households: int
    changes: int
    residents: int
    history: int


@dataclass(frozen=True)
class ExportResult:
    path: Path
    counts: LayoutCounts


@dataclass(frozen=True)
class ImportResult:
    counts: LayoutCounts
    import_change_id: int | None = None


# --------------------------------------------------------------------------- export


class _FileSink:
    """Writes the files of one export to a directory or a zip, hashing and counting rows."""

    def __init__(self, destination: Path) -> None:
        self.destination = destination
        self.entries: list[dict[str, Any]] = []
        self._zip: zipfile.ZipFile | None = None
        if destination.suffix.lower() == ".zip":
            # 特定個人情報: readable by the owner only.
            descriptor = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            self._zip = zipfile.ZipFile(
                os.fdopen(descriptor, "wb"), "w", compression=zipfile.ZIP_DEFLATED
            )
        else:
            destination.mkdir(mode=0o700, parents=True, exist_ok=True)
            if any(destination.iterdir()):
                raise FileExistsError(f"{destination} は空ではありません")

    def _open(self, name: str) -> IO[bytes]:
        if self._zip is not None:
            return self._zip.open(name, "w", force_zip64=True)
        descriptor = os.open(self.destination / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        return os.fdopen(descriptor, "wb")

    def write_csv(
        self, name: str, columns: Sequence[tuple[str, str]], rows: Iterable[list[str]]
    ) -> int:
        digest = hashlib.sha256()
        count = 0
        with self._open(name) as stream:
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\r\n")
            writer.writerow(layout_header(columns))
            for row in rows:
                writer.writerow(row)
                count += 1
                if count % 1000 == 0:
                    self._drain(buffer, stream, digest)
            self._drain(buffer, stream, digest)
        self.entries.append(
            {"name": name, "kind": FILE_KINDS[name], "rows": count, "sha256": digest.hexdigest()}
        )
        return count

    @staticmethod
    def _drain(buffer: io.StringIO, stream: IO[bytes], digest: Any) -> None:
        data = buffer.getvalue().encode("utf-8")
        stream.write(data)
        digest.update(data)
        buffer.seek(0)
        buffer.truncate()

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        data = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        with self._open(MANIFEST) as stream:
            stream.write(data)
        if self._zip is not None:
            self._zip.close()


def _export_rows_households(municipality: Municipality) -> Iterator[list[str]]:
    qs = Household.objects.for_municipality(municipality).order_by("household_number")
    for number, is_active in qs.values_list("household_number", "is_active").iterator(2000):
        yield layout_row(HOUSEHOLD_COLUMNS, {"household_number": number, "is_active": is_active})


def _changes_with_history(municipality: Municipality) -> models.QuerySet[Change]:
    # 異動番号 is the rank of a change by (処理日時, pk) among the changes with history rows,
    # so re-exporting an import gives the same numbers (the import keeps that order).
    return (
        Change.objects.for_municipality(municipality)
        .filter(Exists(ResidentHistory.objects.filter(change=OuterRef("pk"))))
        .order_by("processed_at", "pk")
    )


def _export_rows_changes(municipality: Municipality) -> Iterator[list[str]]:
    changes = _changes_with_history(municipality)
    cancelled = set(changes.filter(cancelled_by__isnull=False).values_list("pk", flat=True))
    numbers: dict[int, int] = {}
    if cancelled:
        for number, pk in enumerate(changes.values_list("pk", flat=True).iterator(5000), 1):
            if pk in cancelled:
                numbers[pk] = number
    fields = ("pk", "change_type", "effective_on", "notified_on", "processed_at", "note")
    for number, values in enumerate(
        changes.values_list(*fields, "cancels_id").iterator(2000), start=1
    ):
        row = dict(zip(fields, values[:-1], strict=True))
        yield layout_row(
            CHANGE_COLUMNS,
            {
                "change_number": number,
                "change_type": row["change_type"],
                "effective_on": row["effective_on"],
                "change_notified_on": row["notified_on"],
                "processed_at": row["processed_at"],
                "note": row["note"],
                "cancels_number": numbers.get(values[-1]) if values[-1] else None,
            },
        )


def _plain_my_number(cipher: str | None, *, lg_code: str, atena_number: str) -> str:
    if not cipher:
        return ""
    return my_number_decrypt(cipher, lg_code=lg_code, atena_number=atena_number)


def _export_rows_residents(municipality: Municipality) -> Iterator[list[str]]:
    qs = (
        Resident.objects.for_municipality(municipality)
        .select_related("household")
        .order_by("atena_number")
    )
    for resident in qs.iterator(2000):
        values = {key: getattr(resident, key) for key in _RESIDENT_FIELDS}
        values["household_number"] = resident.household.household_number
        values["my_number"] = _plain_my_number(
            resident.my_number_cipher,
            lg_code=municipality.lg_code,
            atena_number=resident.atena_number,
        )
        yield layout_row(RESIDENT_COLUMNS, values)


def _export_rows_history(municipality: Municipality) -> Iterator[list[str]]:
    qs = (
        ResidentHistory.objects.for_municipality(municipality)
        .annotate(
            change_number=Window(
                DenseRank(), order_by=[F("change__processed_at").asc(), F("change_id").asc()]
            )
        )
        .order_by("resident__atena_number", "history_number")
        .values_list(
            "snapshot",
            "history_number",
            "effective_on",
            "change_number",
            "change__change_type",
            "change__notified_on",
            "change__processed_at",
        )
    )
    for snapshot, number, effective_on, change_number, kind, notified, processed in qs.iterator(
        2000
    ):
        values = dict(snapshot)
        values.update(
            history_number=number,
            change_number=change_number,
            change_type=kind,
            effective_on=effective_on,
            change_notified_on=notified,
            processed_at=processed,
            my_number=_plain_my_number(
                snapshot.get("my_number_cipher"),
                lg_code=municipality.lg_code,
                atena_number=snapshot["atena_number"],
            ),
        )
        yield layout_row(HISTORY_COLUMNS, values)


def _code_rows() -> Iterator[list[str]]:
    kinds = {
        "異動事由・消除事由": "change_type",
        "住民種別": "resident_type",
        "住民状態": "status",
        "法第30条の45に規定する区分": "foreign_category",
    }
    for kind, key in kinds.items():
        for code, label in _code_tables()[key][0].items():
            yield [kind, code, label]
    with translation.override(None):
        for code, label in Sex.choices:
            yield ["性別（ISO/IEC 5218）", str(code), str(label)]


def registry_export(
    *, municipality: Municipality, destination: Path, actor: AbstractBaseUser | None
) -> ExportResult:
    """住民記録の移行データ出力 (export the whole register, with full history) to a directory
    or a .zip in the layout of docs/registry-layout.md.

    The files hold 個人番号 in plaintext: they are 特定個人情報 and must travel encrypted.
    Every query streams (server-side cursors on PostgreSQL), so memory stays flat. On
    PostgreSQL the export reads one snapshot (REPEATABLE READ): files written while staff keep
    working still agree with each other.
    Raises FileExistsError when the destination exists and is not an empty directory.
    """
    sink = _FileSink(destination)
    # Only a transaction of our own can be REPEATABLE READ (it must be its first statement);
    # called inside another one, the export reads what that one sees.
    own_snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if own_snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        counts = LayoutCounts(
            households=sink.write_csv(
                HOUSEHOLDS, HOUSEHOLD_COLUMNS, _export_rows_households(municipality)
            ),
            changes=sink.write_csv(CHANGES, CHANGE_COLUMNS, _export_rows_changes(municipality)),
            residents=sink.write_csv(
                RESIDENTS, RESIDENT_COLUMNS, _export_rows_residents(municipality)
            ),
            history=sink.write_csv(HISTORY, HISTORY_COLUMNS, _export_rows_history(municipality)),
        )
        sink.write_csv(CODES, CODE_COLUMNS, _code_rows())
    sink.write_manifest(
        {
            "format": LAYOUT_FORMAT,
            "version": LAYOUT_VERSION,
            "lg_code": municipality.lg_code,
            "municipality": municipality.full_name,
            "standard": STANDARD,
            "exported_at": timezone.localtime().isoformat(),
            "encoding": "UTF-8（BOMなし）、RFC 4180 CSV（改行 CRLF）、1行目は項目名",
            "notice": "個人番号を平文で含む特定個人情報です。暗号化して受け渡し、用済み後は消去してください。",
            "files": sink.entries,
        }
    )
    # Recorded after the read transaction: a REPEATABLE READ snapshot must not append to the
    # audit chain, whose head row other transactions update meanwhile.
    audit_record(
        actor=actor,
        action="registry.export",
        municipality_code=municipality.lg_code,
        object_type="registry.Layout",
        purpose=REGISTRY_PURPOSE,
        detail={
            "households": counts.households,
            "changes": counts.changes,
            "residents": counts.residents,
            "history": counts.history,
        },
    )
    return ExportResult(path=destination, counts=counts)


# --------------------------------------------------------------------------- import


@dataclass
class _HouseholdState:
    line: int
    is_active: bool
    heads: int = 0
    members: int = 0
    pk: int = 0
    # A member's row failed: who heads the household is unknown, so it is not judged.
    uncertain: bool = False


@dataclass
class _ResidentState:
    line: int
    history_number: int
    digest: int | None = None  # of the checked items, to compare with the last history row
    # The items the services' checks see passed unchanged: history rows with the same ones
    # need not be checked again (hash of _Importer._services_check's key).
    check_hash: int | None = None
    rows_seen: int = 0
    pk: int = 0


@dataclass
class _ChangeGroup:
    change_type: str
    effective_on: dt.date
    notified_on: dt.date | None
    processed_at: dt.datetime | None


class _Batcher:
    """Checked rows on their way to the database, BATCH_SIZE at a time. Once the import
    has an error nothing more is inserted (the transaction will be rolled back)."""

    def __init__(self, insert: Callable[[list[Any]], None], report: _Report) -> None:
        self._insert = insert
        self._report = report
        self._batch: list[Any] = []
        self.rows = 0

    def add(self, record: Any) -> None:
        self._batch.append(record)
        if len(self._batch) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        if self._batch and not self._report.count:
            self._insert(self._batch)
            self.rows += len(self._batch)
        self._batch = []


@dataclass
class _State:
    """What the import keeps in memory: numbers and references, never whole rows."""

    households: dict[str, _HouseholdState] = field(default_factory=dict)
    changes: dict[int, int] = field(default_factory=dict)  # 異動番号 → index of its type
    cancels: list[tuple[int, int, int]] = field(default_factory=list)  # line, number, target
    residents: dict[str, _ResidentState] = field(default_factory=dict)
    living_codes: set[str] = field(default_factory=set)
    living_numbers: set[str] = field(default_factory=set)
    groups: dict[tuple[Any, ...], int] = field(default_factory=dict)  # → negative reference
    change_pks: dict[int, int] = field(default_factory=dict)  # reference → new pk
    history_rows: int = 0


_CLOSED = ResidentStatus.CLOSED.value
_ACTIVE = ResidentStatus.ACTIVE.value
# The items the services' checks are given (everything but what changes with every 異動, and
# the address, whose presence alone is checked), and those the cache is keyed by.
_PER_CHANGE = {
    "history_number",
    "household_number",
    "household_order",
    "address",
    "address_extra",
    "postal_code",
    "address_fixed_on",
    "notified_on",
    "previous_address",
    "status",
    "removal_reason",
    "removed_on",
    "moving_to_address",
}
_CHECK_KEY = tuple(k for k in ITEM_KEYS if k not in _PER_CHANGE)
_CHECKED = (*_CHECK_KEY, "address")
_CHECK_ITEMS = operator.itemgetter(*_CHECK_KEY)
_KANA_ITEMS = {"name_kana", "former_surname_kana", "alias_kana"}
# The stored form of a reading (recording._kana_checked): full-width katakana, words joined
# by one full-width space.
_STORED_KANA = re.compile("[ァ-ヺー・]+(?:\u3000[ァ-ヺー・]+)*")
_ANY_KANA = re.compile("[ァ-ヺ]")


def _is_stored_kana(value: str, key: str) -> bool:
    if not value:
        return key != "name_kana"  # optional readings may be empty
    return _STORED_KANA.fullmatch(value) is not None and _ANY_KANA.search(value) is not None


_ITEM_VALUES = operator.itemgetter(*ITEM_KEYS)
_CHANGE_TYPES = tuple(ChangeType)
_CHANGE_INDEX = {t.value: i for i, t in enumerate(_CHANGE_TYPES)}
IMPORT_REFERENCE = 0


class _Importer:
    """One import, streamed file by file (世帯 → 異動 → 住民 → 住民履歴, the order of their
    references). Each row is checked as it is read and, while no row has failed, inserted
    in batches; the caller's transaction is rolled back when any check failed, so a file is
    imported whole or not at all, and every error is reported either way. Validating and
    inserting in one pass lets PostgreSQL index rows on the second core while Python checks
    the next ones (docs/registry-layout.md: measurements)."""

    def __init__(
        self,
        *,
        municipality: Municipality,
        source: LayoutSource,
        now: dt.datetime,
        note: str,
        progress: Callable[[str], None] | None,
    ) -> None:
        self.municipality = municipality
        self.lg_code = municipality.lg_code
        self.source = source
        self.now = now
        self.today = timezone.localdate(now)
        self.note = note
        self.progress = progress
        self.report = _Report()
        self.state = _State()
        self.has_history = source.has(HISTORY)
        self.import_change_id: int | None = None
        self.cancels: list[tuple[int, int]] = []
        self.synthesized = 0
        self.streams = _CopyStreams() if connection.vendor == "postgresql" else None
        self.households_out = _BulkInserter(Household, self.streams)
        self.changes_out = _BulkInserter(Change, self.streams)
        self.residents_out = _BulkInserter(Resident, self.streams)
        self.history_out = _BulkInserter(ResidentHistory, self.streams)
        self.sinks = {
            HOUSEHOLDS: _Batcher(self._insert_households, self.report),
            CHANGES: _Batcher(self._insert_changes, self.report),
            RESIDENTS: _Batcher(self._insert_residents, self.report),
            HISTORY: _Batcher(self._insert_history, self.report),
        }
        self._cipher_cache: tuple[str, str, str, str] = ("", "", "", "")
        self._check_cache: dict[tuple[Any, ...], dict[str, Any]] = {}
        self.check_hash = 0
        self.check_unchanged = False
        self._tz = timezone.get_current_timezone()
        self._codecs = _codecs()

    # ---------------------------------------------------------------- reading

    def _read(
        self, name: str, *, required: bool
    ) -> Iterator[tuple[int, dict[str, Any], list[str]]]:
        """Rows of one file decoded by column; cell errors go to the report (the row is
        then yielded with the errors listed, so the caller can skip its own checks)."""
        if not self.source.has(name):
            if required:
                self.report.add(name, None, "ファイルがありません。")
            return
        columns = FILE_COLUMNS[name]
        rows = self.source.rows(name)
        first = next(rows, None)
        if first is None:
            self.report.add(name, 1, "見出し行がありません。")
            return
        line, header = first
        if header and header[0].startswith("\ufeff"):
            self.report.add(name, line, "BOM 付きです。BOM なしの UTF-8 で保存してください。")
            return
        wanted = layout_header(columns)
        missing = [h for h in wanted if h not in header]
        unknown = [h for h in header if h not in wanted]
        duplicated = {h for h in header if header.count(h) > 1}
        if missing or unknown or duplicated:
            for title, items in (
                ("列がありません", missing),
                ("未知の列です", unknown),
                ("列が重複しています", sorted(duplicated)),
            ):
                if items:
                    self.report.add(name, line, f"{title}: {'、'.join(items)}")
            return
        positions = [(header.index(h), h, key) for h, key in columns]
        codecs = {
            key: (_OPTIONAL_IN_HISTORY.get(key) if name == HISTORY else None) or self._codecs[key]
            for _, key in columns
        }
        decode_row = _RowDecoder([(p, k, codecs[k]) for p, _, k in positions])
        width = len(header)
        for line, cells in rows:
            if len(cells) != width:
                self.report.add(
                    name, line, f"列の数が見出しと違います（{len(cells)}列、見出しは{width}列）。"
                )
                continue
            try:
                decoded = decode_row(cells)
            except Exception:  # a bad cell: the slow path below says which and why
                decoded = None
            if decoded is not None:
                yield line, decoded, []
                continue
            values: dict[str, Any] = {}
            errors: list[str] = []
            for position, title, key in positions:
                try:
                    values[key] = codecs[key].decode(cells[position], key)
                except _CellError as error:
                    errors.append(f"{title}: {error}")
                    values[key] = None
            for message in errors:
                self.report.add(name, line, message)
            yield line, values, errors

    def _fail(self, name: str, line: int, error: DomainError) -> None:
        headers = {key: header for header, key in ITEM_COLUMNS}
        field_name = error.errors[0].field if error.errors else ""
        title = headers.get(field_name.split(".")[0], "")
        self.report.add(name, line, f"{title}: {error.detail}" if title else error.detail)

    # ---------------------------------------------------------------- files

    def households(self) -> None:
        sink = self.sinks[HOUSEHOLDS]
        for line, values, errors in self._read(HOUSEHOLDS, required=True):
            number = values["household_number"]
            if number is None:
                continue
            if number in self.state.households:
                first = self.state.households[number].line
                self.report.add(
                    HOUSEHOLDS, line, f"世帯番号 {number} が{first}行目と重複しています。"
                )
                continue
            self.state.households[number] = _HouseholdState(line, bool(values["is_active"]))
            if not errors:
                sink.add((number, values["is_active"]))

    def changes(self) -> None:
        sink = self.sinks[CHANGES]
        for line, values, errors in self._read(CHANGES, required=False):
            number = values["change_number"]
            if number is None:
                continue
            if number in self.state.changes:
                self.report.add(CHANGES, line, f"異動番号 {number} が重複しています。")
                continue
            kind = values["change_type"]
            self.state.changes[number] = _CHANGE_INDEX.get(kind or "", -1)
            if errors:
                continue
            self._dates_check(
                CHANGES,
                line,
                change_type=kind,
                effective_on=values["effective_on"],
                notified_on=values["change_notified_on"],
                processed_at=values["processed_at"],
            )
            target = values["cancels_number"]
            if target is not None:
                if kind != ChangeType.CANCELLATION:
                    self.report.add(
                        CHANGES,
                        line,
                        "取消対象異動番号は異動事由「異動の取消し」の行にだけ記入します。",
                    )
                self.state.cancels.append((line, number, target))
            sink.add(
                (
                    number,
                    kind,
                    values["effective_on"],
                    values["change_notified_on"],
                    values["processed_at"],
                    values["note"],
                    target,
                )
            )
        sink.flush()
        seen_targets: dict[int, int] = {}
        for line, number, target in self.state.cancels:
            if target not in self.state.changes:
                self.report.add(
                    CHANGES, line, f"取消対象異動番号 {target} が異動.csv にありません。"
                )
            elif target == number:
                self.report.add(CHANGES, line, "異動が自分自身を取り消しています。")
            elif target in seen_targets:
                self.report.add(
                    CHANGES,
                    line,
                    f"異動番号 {target} は{seen_targets[target]}行目でも取り消されています（取消しは1回だけです）。",
                )
            seen_targets.setdefault(target, line)

    def _dates_check(
        self,
        name: str,
        line: int,
        *,
        change_type: str | None,
        effective_on: dt.date,
        notified_on: dt.date | None,
        processed_at: dt.datetime | None,
    ) -> None:
        # The rules of doc/j480.txt, applied as of the day the change was processed: 異動日
        # not after it (転出予定 and what follows it excepted), 届出日 not after it.
        processed_on = processed_at.astimezone(self._tz).date() if processed_at else self.today
        if processed_at is not None and processed_at > self.now:
            self.report.add(name, line, "処理日時が未来です。")
        latest = processed_on
        if change_type in _MAY_BE_PLANNED:
            latest += dt.timedelta(days=MAX_PLANNED_MOVE_OUT_DAYS)
        if effective_on > latest:
            self.report.add(
                name,
                line,
                "異動日が処理日より後です（転出予定を除き、未来の異動日は記録できません）。",
            )
        if notified_on is not None and notified_on > processed_on:
            self.report.add(name, line, "届出日が処理日より後です。")

    def _items(
        self, name: str, line: int, values: dict[str, Any], *, known: int | None = None
    ) -> dict[str, Any] | None:
        """The item checks of the services (recording.person_fields_check and
        foreign_items_check) and the state rules; returns the normalised items."""
        items = {key: values[key] for key in ITEM_KEYS}
        try:
            items.update(self._services_check(items, known))
        except DomainError as error:
            self._fail(name, line, error)
            return None
        ok = True
        if items["birth_date"] > self.today:
            self.report.add(name, line, "生年月日: 未来の日付です。")
            ok = False
        closed = items["status"] == _CLOSED
        if closed and not items["removal_reason"]:
            self.report.add(name, line, "消除事由: 除票には消除事由が必要です。")
            ok = False
        if not closed and items["removal_reason"]:
            self.report.add(name, line, "消除事由: 住民状態が「住民」の記録に消除事由があります。")
            ok = False
        if items["household_number"] not in self.state.households:
            self.report.add(
                name, line, f"世帯番号 {items['household_number']} が世帯.csv にありません。"
            )
            ok = False
        return items if ok else None

    def _services_check(self, items: dict[str, Any], known: int | None) -> dict[str, Any]:
        """recording.person_fields_check and foreign_items_check on one row's items: what
        they normalise. They see only the person's own items, which most 異動 leave as
        they were (a 転居 changes the address), so a row whose items hash as `known` (the
        current record's, which passed unchanged) is not checked again, and results are
        cached by those items. Sets self.check_hash and self.check_unchanged."""
        key = (*_CHECK_ITEMS(items), bool(items["address"]))
        self.check_hash = hash(key)
        self.check_unchanged = True
        if self.check_hash == known:
            return {}
        cached = self._check_cache.get(key)
        if cached is None:
            # Readings already in their stored form come back unchanged from the services'
            # normalising (tests/test_layout.py holds them to that), which is the costliest
            # part of the check: only the others are given to it.
            checked = person_fields_check(
                {
                    k: items[k]
                    for k in _CHECKED
                    if k not in _KANA_ITEMS or not _is_stored_kana(items[k], k)
                }
            )
            foreign_items_check(cast(Resident, SimpleNamespace(**{**items, **checked})))
            cached = {k: v for k, v in checked.items() if k != "address"}
            if len(self._check_cache) > 4096:
                self._check_cache.clear()
            self._check_cache[key] = cached
        self.check_unchanged = {k: items[k] for k in cached} == cached
        return cached

    def _encrypted(self, atena: str, my_number: str) -> tuple[str, str]:
        """(ciphertext, lookup hash) for the target municipality; a person's rows share one
        ciphertext while the number stays the same (one encryption, not one per row)."""
        if not my_number:
            return "", ""
        cached_atena, cached_number, cipher, digest = self._cipher_cache
        if cached_atena != atena or cached_number != my_number:
            cipher = my_number_encrypt(my_number, lg_code=self.lg_code, atena_number=atena)
            digest = my_number_lookup_hash(my_number, lg_code=self.lg_code)
            self._cipher_cache = (atena, my_number, cipher, digest)
        return cipher, digest

    def residents(self) -> None:
        sink = self.sinks[RESIDENTS]
        state = self.state
        for line, values, errors in self._read(RESIDENTS, required=True):
            atena = values["atena_number"]
            if atena is None:
                continue
            if atena in state.residents:
                first = state.residents[atena].line
                self.report.add(
                    RESIDENTS, line, f"宛名番号 {atena} が{first}行目と重複しています。"
                )
                continue
            history_number = values["history_number"] or 0
            if not self.has_history:
                if history_number > 1:
                    self.report.add(
                        RESIDENTS,
                        line,
                        f"履歴番号: {history_number}ですが、住民履歴.csv がありません（履歴なしの移行では1）。",
                    )
                history_number = 1
            state.residents[atena] = _ResidentState(line, history_number)
            items = None if errors else self._items(RESIDENTS, line, values)
            if items is None:
                household = state.households.get(values["household_number"] or "")
                if household is not None:
                    household.uncertain = True
                continue
            state.residents[atena].digest = hash(_ITEM_VALUES(items))
            if self.check_unchanged:
                state.residents[atena].check_hash = self.check_hash
            household = state.households[items["household_number"]]
            if items["status"] == _ACTIVE:
                household.members += 1
                if items["relationship"] == HEAD:
                    household.heads += 1
                if items["resident_code"] in state.living_codes:
                    self.report.add(
                        RESIDENTS,
                        line,
                        "住民票コード: 他の住民（住民状態「住民」）と重複しています。",
                    )
                state.living_codes.add(items["resident_code"])
                if items["my_number"]:
                    if items["my_number"] in state.living_numbers:
                        self.report.add(
                            RESIDENTS,
                            line,
                            "個人番号: 他の住民（住民状態「住民」）と重複しています。",
                        )
                    state.living_numbers.add(items["my_number"])
            cipher, digest = self._encrypted(atena, items["my_number"])
            keys = SimpleNamespace(**items)
            search_keys_refresh(cast(Resident, keys))
            items.update(
                municipality_id=self.lg_code,
                household_id=None,  # the household's new pk, when inserted
                history_number=history_number,
                my_number_cipher=cipher,
                my_number_hash=digest,
                **{key: getattr(keys, key) for key in SEARCH_KEYS},
            )
            sink.add((items["household_number"], _RESIDENT_ROW_VALUES(items)))

    def households_check(self) -> None:
        for number, household in self.state.households.items():
            if household.uncertain:
                continue
            if household.is_active and household.members == 0:
                self.report.add(
                    HOUSEHOLDS,
                    household.line,
                    f"世帯番号 {number}: 現存の世帯に住民状態「住民」の世帯員がいません。",
                )
            elif not household.is_active and household.members:
                self.report.add(
                    HOUSEHOLDS,
                    household.line,
                    f"世帯番号 {number}: 現存でない世帯に住民状態「住民」の世帯員がいます。",
                )
            elif household.members and household.heads != 1:
                problem = "世帯主がいません" if household.heads == 0 else "世帯主が複数います"
                self.report.add(
                    HOUSEHOLDS,
                    household.line,
                    f"世帯番号 {number}: {problem}（現存する世帯には世帯主が1人必要です）。",
                )

    def history(self) -> None:
        sink = self.sinks[HISTORY]
        state = self.state
        current_atena = ""
        for line, values, errors in self._read(HISTORY, required=False):
            state.history_rows += 1
            atena, number = values["atena_number"], values["history_number"]
            if atena is None or number is None:
                continue
            resident = state.residents.get(atena)
            if resident is None:
                self.report.add(HISTORY, line, f"宛名番号 {atena} が住民.csv にありません。")
                continue
            if atena != current_atena:
                if resident.rows_seen:
                    self.report.add(
                        HISTORY,
                        line,
                        f"宛名番号 {atena} の履歴が連続していません（宛名番号・履歴番号の順に並べてください）。",
                    )
                current_atena = atena
            resident.rows_seen += 1
            if number != resident.rows_seen:
                self.report.add(
                    HISTORY,
                    line,
                    f"履歴番号: 宛名番号 {atena} の履歴番号は1から欠番なく昇順です（{resident.rows_seen}のはず）。",
                )
                resident.rows_seen = number
            if errors:
                continue
            reference = self._change_reference(line, values)
            if reference is None:
                continue
            kind = values["change_type"]
            if kind is None and reference > 0 and self.state.changes[reference] >= 0:
                kind = _CHANGE_TYPES[self.state.changes[reference]]
            self._dates_check(
                HISTORY,
                line,
                change_type=kind,
                effective_on=values["effective_on"],
                notified_on=None,
                processed_at=values["processed_at"],
            )
            items = self._items(HISTORY, line, values, known=resident.check_hash)
            if items is None:
                continue
            if (
                number == resident.history_number
                and resident.digest is not None
                and resident.digest != hash(_ITEM_VALUES(items))
            ):
                self.report.add(
                    HISTORY,
                    line,
                    f"最新の履歴が住民.csv {resident.line}行目の現在の記載と一致しません。",
                )
            if values["effective_on"] < items["birth_date"]:
                self.report.add(HISTORY, line, "異動日が生年月日より前です。")
            cipher, digest = self._encrypted(atena, items["my_number"])
            # The household was inserted before: its new pk goes into the snapshot.
            household_id = state.households[items["household_number"]].pk
            snapshot = _snapshot(items, cipher=cipher, digest=digest, household_id=household_id)
            sink.add((atena, number, reference, values["effective_on"], snapshot))

    def _change_reference(self, line: int, values: dict[str, Any]) -> int | None:
        """異動番号 (> 0), a group of rows with the same 異動 columns (< 0), or the import."""
        number, kind = values["change_number"], values["change_type"]
        if number is not None:
            if number not in self.state.changes:
                self.report.add(HISTORY, line, f"異動番号 {number} が異動.csv にありません。")
                return None
            if kind is not None and _CHANGE_INDEX.get(kind) != self.state.changes[number]:
                self.report.add(
                    HISTORY, line, f"異動事由が異動.csv の異動番号 {number} と違います。"
                )
                return None
            return int(number)
        if kind is None:
            self._import_change()
            return IMPORT_REFERENCE
        key = (kind, values["effective_on"], values["change_notified_on"], values["processed_at"])
        if key not in self.state.groups:
            reference = self.state.groups[key] = -len(self.state.groups) - 1
            if not self.report.count:
                group = _ChangeGroup(*key)
                (self.state.change_pks[reference],) = self.changes_out.insert(
                    [
                        self.changes_out.row(
                            **_change_row(
                                self.lg_code,
                                group.change_type,
                                group.effective_on,
                                group.notified_on,
                                group.processed_at or self.now,
                                self.note,
                            )
                        )
                    ]
                )
        return self.state.groups[key]

    def _import_change(self) -> None:
        """The one 異動 (データ移行) for history rows that came without any."""
        if self.import_change_id is None and not self.report.count:
            (self.import_change_id,) = self.changes_out.insert(
                [
                    self.changes_out.row(
                        **_change_row(
                            self.lg_code, ChangeType.IMPORT, self.today, None, self.now, self.note
                        )
                    )
                ]
            )
            self.state.change_pks[IMPORT_REFERENCE] = self.import_change_id

    def history_check(self) -> None:
        if not self.has_history:
            return
        for atena, resident in self.state.residents.items():
            if resident.rows_seen == 0:
                self.report.add(
                    RESIDENTS,
                    resident.line,
                    f"宛名番号 {atena}: 住民履歴.csv に履歴がありません（住民履歴.csv を付けるときは全員の履歴が要ります）。",
                )
            elif resident.rows_seen != resident.history_number:
                self.report.add(
                    RESIDENTS,
                    resident.line,
                    f"宛名番号 {atena}: 履歴番号 {resident.history_number} が住民履歴.csv の履歴の数（{resident.rows_seen}）と違います。",
                )

    def manifest_check(self, *, allow_other_municipality: bool) -> None:
        manifest = self.source.manifest()
        if manifest is None:
            return
        if manifest.get("format") != LAYOUT_FORMAT or manifest.get("version") != LAYOUT_VERSION:
            self.report.add(
                MANIFEST,
                None,
                f"形式が {LAYOUT_FORMAT} 版 {LAYOUT_VERSION} ではありません（この版だけを取り込めます）。",
            )
        if manifest.get("lg_code") != self.lg_code and not allow_other_municipality:
            self.report.add(
                MANIFEST,
                None,
                f"団体コード {manifest.get('lg_code')} のデータです。取込み先 {self.lg_code} と違います。",
            )

    def run(self, *, allow_other_municipality: bool) -> ImportResult:
        """Checks and inserts everything; raises LayoutInvalid (the caller rolls back)."""
        try:
            self._run(allow_other_municipality=allow_other_municipality)
        except BaseException as error:
            if self.streams is not None:
                self.streams.shutdown(error)
            raise
        if self.streams is not None:
            self.streams.shutdown()
        return self._finish()

    def _run(self, *, allow_other_municipality: bool) -> None:
        self.manifest_check(allow_other_municipality=allow_other_municipality)
        steps: list[tuple[str, Callable[[], None]]] = [
            (HOUSEHOLDS, self.households),
            (CHANGES, self.changes),
            (RESIDENTS, self.residents),
            (HISTORY, self.history),
        ]
        for name, step in steps:
            started = timezone.now()
            step()
            self.sinks[name].flush()
            if name == RESIDENTS:
                self.households_check()
            if self.progress is not None and self.source.has(name):
                seconds = (timezone.now() - started).total_seconds()
                self.progress(f"{name}: {seconds:.1f}秒（誤り {self.report.count}件）")
        self.history_check()
        self.report.extend(self.source.problems())
        if self.report.count:
            raise LayoutInvalid.of(self.report.problems, self.report.count)

    def _finish(self) -> ImportResult:
        for number, target in self.cancels:
            Change.objects.filter(pk=self.state.change_pks[number]).update(
                cancels_id=self.state.change_pks[target]
            )
        households, residents = self.state.households, self.state.residents
        _sequences_raise(
            self.municipality,
            atena=max((_sequence_body(n) for n in residents), default=0),
            household=max((_sequence_body(n) for n in households), default=0),
        )
        counts = LayoutCounts(
            households=len(households),
            changes=len(self.state.change_pks),
            residents=len(residents),
            history=self.sinks[HISTORY].rows + self.synthesized,
        )
        return ImportResult(counts=counts, import_change_id=self.import_change_id)

    # ---------------------------------------------------------------- inserting

    def _insert_households(self, batch: list[Any]) -> None:
        out = self.households_out
        pks = out.insert(
            [
                out.row(
                    municipality_id=self.lg_code,
                    household_number=number,
                    is_active=active,
                    created_at=self.now,
                )
                for number, active in batch
            ]
        )
        for (number, _), pk in zip(batch, pks, strict=True):
            self.state.households[number].pk = pk

    def _insert_changes(self, batch: list[Any]) -> None:
        out = self.changes_out
        pks = out.insert(
            [
                out.row(**_change_row(self.lg_code, kind, effective, notified, at, text))
                for _, kind, effective, notified, at, text, _ in batch
            ]
        )
        for (number, *_rest, target), pk in zip(batch, pks, strict=True):
            self.state.change_pks[number] = pk
            if target is not None:
                self.cancels.append((number, target))

    def _insert_residents(self, batch: list[Any]) -> None:
        out = self.residents_out
        households, residents = self.state.households, self.state.residents
        at_atena, at_household = (
            _RESIDENT_ROW.index("atena_number"),
            _RESIDENT_ROW.index("household_id"),
        )
        rows = []
        for household_number, values in batch:
            row = list(values)
            row[at_household] = households[household_number].pk
            rows.append(row)
        pks = out.insert(rows)
        for row, pk in zip(rows, pks, strict=True):
            residents[row[at_atena]].pk = pk
        if self.has_history:
            return
        # No history in the source: row 1 is the record as migrated, effective from the day
        # the person became a resident (docs/registry-layout.md).
        self._import_change()
        synthetic = []
        for (household_number, _), row, pk in zip(batch, rows, pks, strict=True):
            record = dict(zip(_RESIDENT_ROW, row, strict=True))
            record["household_number"] = household_number
            synthetic.append(
                self.history_out.row(
                    municipality_id=self.lg_code,
                    resident_id=pk,
                    history_number=1,
                    change_id=self.import_change_id,
                    effective_on=record["became_resident_on"],
                    snapshot=_snapshot(
                        record,
                        cipher=record["my_number_cipher"],
                        digest=record["my_number_hash"],
                        household_id=record["household_id"],
                    ),
                )
            )
        self.history_out.insert(synthetic)
        self.synthesized += len(synthetic)

    def _insert_history(self, batch: list[Any]) -> None:
        out = self.history_out
        residents = self.state.residents
        change_pks = self.state.change_pks
        rows = []
        for atena, number, reference, effective_on, snapshot in batch:
            rows.append(
                out.row(
                    municipality_id=self.lg_code,
                    resident_id=residents[atena].pk,
                    history_number=number,
                    change_id=change_pks[reference],
                    effective_on=effective_on,
                    snapshot=snapshot,
                )
            )
        out.insert(rows)


def _change_row(
    lg_code: str,
    kind: str,
    effective_on: dt.date,
    notified_on: dt.date | None,
    processed_at: dt.datetime,
    note: str,
) -> dict[str, Any]:
    return {
        "municipality_id": lg_code,
        "change_type": kind,
        "effective_on": effective_on,
        "notified_on": notified_on,
        "processed_at": processed_at,
        "actor_id": None,
        "note": note,
        "cancels_id": None,
    }


def _snapshot(
    items: Mapping[str, Any], *, cipher: str, digest: str, household_id: Any = None
) -> dict[str, Any]:
    """A history snapshot as recording.snapshot_of writes it (same keys, same order, dates
    as ISO text), from checked items."""
    snapshot = {key: items.get(key) for key in SNAPSHOT_KEYS}
    for key in _SNAPSHOT_DATES:
        value = snapshot[key]
        if isinstance(value, dt.date):
            snapshot[key] = value.isoformat()
    snapshot.update(my_number_cipher=cipher, my_number_hash=digest, household_id=household_id)
    return snapshot


_SNAPSHOT_DATES = tuple(
    f.name
    for f in Resident._meta.concrete_fields
    if isinstance(f, models.DateField) and f.name in SNAPSHOT_KEYS
)


class _CopyStreams:
    """PostgreSQL COPY streams of one import, on the transaction's connection.

    A COPY stays open while rows for its table keep coming, so that the server indexes them
    on its core while Python checks the next rows; writing to another table (or running any
    other query) ends it first. Primary keys are drawn from the tables' sequences over a
    second connection: nextval is not transactional, and the first one is busy copying.
    """

    def __init__(self) -> None:
        self._open: tuple[_BulkInserter, Any, Any, Any] | None = None
        self._ids: Any = None

    def ids(self, table: str, count: int) -> list[int]:
        if self._ids is None:
            self._ids = connection.get_new_connection(connection.get_connection_params())
            self._ids.autocommit = True
        with self._ids.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [pk for (pk,) in cursor.fetchall()]

    def copy_for(self, inserter: _BulkInserter) -> Any:
        if self._open is not None and self._open[0] is inserter:
            return self._open[3]
        self.close()
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in [inserter.model._meta.pk, *inserter.fields])
        cursor = connection.cursor()
        # Queued: write_row returns at once and a thread feeds the socket, so Python goes
        # on checking rows while the server is busy with indexes.
        manager = cursor.cursor.copy(
            f"COPY {quote(inserter.table)} ({columns}) FROM STDIN",
            writer=QueuedLibpqWriter(cursor.cursor),
        )
        self._open = (inserter, cursor, manager, manager.__enter__())
        return self._open[3]

    def close(self, error: BaseException | None = None) -> None:
        """Ends the open COPY (aborting it on `error`, so the transaction rolls back)."""
        if self._open is not None:
            _, cursor, manager, _ = self._open
            self._open = None
            manager.__exit__(type(error) if error else None, error, None)
            cursor.close()

    def shutdown(self, error: BaseException | None = None) -> None:
        self.close(error)
        if self._ids is not None:
            self._ids.close()
            self._ids = None


class _BulkInserter:
    """Inserts rows (values in the order of `attnames`) and returns their new primary keys.

    PostgreSQL: into a COPY stream (_CopyStreams). Django's bulk_create sends each column as
    one array literal (UNNEST), which psycopg quotes character by character when it binds
    client-side (the default): measured at about 1,500 rows/s against tens of thousands with
    COPY (docs/registry-layout.md). Elsewhere (SQLite: tests and the demo): bulk_create.
    """

    def __init__(self, model: type[models.Model], streams: _CopyStreams | None = None) -> None:
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.attnames = [f.attname for f in self.fields]
        self.table = model._meta.db_table
        self.streams = streams
        self._json = [i for i, f in enumerate(self.fields) if isinstance(f, models.JSONField)]

    def row(self, **values: Any) -> list[Any]:
        return [values[name] for name in self.attnames]

    def insert(self, rows: list[list[Any]]) -> list[int]:
        if not rows:
            return []
        if self.streams is None:
            objects = [self.model(**dict(zip(self.attnames, row, strict=True))) for row in rows]
            self.model._default_manager.bulk_create(objects, batch_size=BATCH_SIZE)
            return [obj.pk for obj in objects]
        pks = self.streams.ids(self.table, len(rows))
        copy = self.streams.copy_for(self)
        for pk, row in zip(pks, rows, strict=True):
            for at in self._json:
                row[at] = json.dumps(row[at], ensure_ascii=False)
            copy.write_row([pk, *row])
        return pks


_RESIDENT_ROW = tuple(_BulkInserter(Resident).attnames)
_RESIDENT_ROW_VALUES = operator.itemgetter(*_RESIDENT_ROW)


def _sequences_raise(municipality: Municipality, *, atena: int, household: int) -> None:
    """自動付番 continues above every imported number (§1.1.13: existing numbers are kept)."""
    for kind, value in (
        (NumberSequence.Kind.ATENA, atena),
        (NumberSequence.Kind.HOUSEHOLD, household),
    ):
        sequence = NumberSequence.objects.select_for_update().get(
            municipality=municipality, kind=kind
        )
        if sequence.last_value < value:
            sequence.last_value = value
            sequence.save(update_fields=["last_value"])


def registry_is_empty(*, municipality: Municipality) -> bool:
    return not (
        Household.objects.for_municipality(municipality).exists()
        or Change.objects.for_municipality(municipality).exists()
    )


def registry_load(
    *,
    municipality: Municipality,
    source: LayoutSource,
    actor: AbstractBaseUser | None,
    action: str = "registry.import",
    note: str = "データ移行",
    allow_other_municipality: bool = False,
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """住民記録の一括取込み (load a whole register) from a layout, into an empty municipality.

    Every row is checked; when any fails, nothing is imported (the one transaction is rolled
    back) and LayoutInvalid lists the rows (up to ERROR_REPORT_LIMIT) and counts them all.
    Keeps 宛名番号, 世帯番号, 履歴番号 and the snapshots, and raises the numbering sequences
    above the imported numbers. One audit record with the counts.
    Raises LayoutInvalid, RegistryNotEmpty.
    """
    if not registry_is_empty(municipality=municipality):
        raise RegistryNotEmpty
    with transaction.atomic():
        # Locking both sequences keeps services from numbering into this municipality while
        # it is being filled; the emptiness check is repeated under that lock.
        for kind in NumberSequence.Kind:
            NumberSequence.objects.get_or_create(municipality=municipality, kind=kind)
        list(
            NumberSequence.objects.for_municipality(municipality).select_for_update().order_by("pk")
        )
        if not registry_is_empty(municipality=municipality):
            raise RegistryNotEmpty
        importer = _Importer(
            municipality=municipality,
            source=source,
            now=timezone.now(),
            note=note,
            progress=progress,
        )
        result = importer.run(allow_other_municipality=allow_other_municipality)
        audit_record(
            actor=actor,
            action=action,
            municipality_code=municipality.lg_code,
            object_type="registry.Layout",
            object_id=result.import_change_id or "",
            purpose=REGISTRY_PURPOSE,
            detail={
                "households": result.counts.households,
                "changes": result.counts.changes,
                "residents": result.counts.residents,
                "history": result.counts.history,
            },
        )
    _statistics_refresh()
    return result


def _statistics_refresh() -> None:
    """After a bulk load the planner's statistics describe the tables before it: without a
    fresh ANALYZE, PostgreSQL read 900,000 index entries to find one household's members."""
    tables = [model._meta.db_table for model in (Household, Change, Resident, ResidentHistory)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
        else:
            cursor.execute("ANALYZE")


def registry_import(
    *,
    municipality: Municipality,
    path: Path,
    actor: AbstractBaseUser | None,
    allow_other_municipality: bool = False,
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """住民記録の移行データ取込み (import-registry): a directory or .zip in the layout.

    The target must have no 住民記録 yet (RegistryNotEmpty otherwise); the manifest's
    団体コード must be the target's unless `allow_other_municipality` (copies for tests and
    training). Raises FileNotFoundError, LayoutInvalid, RegistryNotEmpty.
    """
    source = FileLayout(path)
    try:
        return registry_load(
            municipality=municipality,
            source=source,
            actor=actor,
            allow_other_municipality=allow_other_municipality,
            progress=progress,
        )
    finally:
        source.close()
