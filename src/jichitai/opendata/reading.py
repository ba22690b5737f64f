"""ファイルの読込 (reading an uploaded file): CSV or .xlsx bytes → a header and its records.

Files that municipalities really publish arrive in UTF-8 with or without BOM and in CP932
(Shift_JIS with the Windows extensions: ㈱, ㎞, NEC and IBM kanji such as 塚), with CRLF and LF
mixed and line breaks inside quoted cells. The encoding is found from the bytes alone; each
record keeps the physical line it starts on, so a report can point into the file as the
publisher's editor shows it.

.xlsx (Office Open XML, ECMA-376 Part 1 §18) is read from its first worksheet with the
standard library: the zip's shared strings and sheet XML give each cell's text, and a number
styled as a date or time becomes YYYY-MM-DD or hh:mm, as its author saw it. Pure code:
nothing here touches the database.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from jichitai.opendata.error_codes import OpenDataErrorCode
from jichitai.opendata.errors import FileTooLarge, FileUnreadable

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_RECORDS = 100_000
MAX_COLUMNS = 300
MAX_CELL_CHARS = 100_000
# An .xlsx is a zip: refuse one that would inflate past this (a "zip bomb").
MAX_XLSX_INFLATED_BYTES = 200 * 1024 * 1024

UTF8_BOM = b"\xef\xbb\xbf"
# Single bytes Python's cp932 decodes although no Japanese text holds them (0x80, 0xA0,
# 0xFD-0xFF): a UTF-16 file (Excel's 「Unicode テキスト」, FF FE …) or binary data read as CP932.
_CP932_STRAY_BYTES = re.compile("[\x80\uf8f0-\uf8f3]")
XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Record:
    """One data record: its number (1 = the first after the header) and the physical line of
    the file it starts on (the row number in a worksheet)."""

    number: int
    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    records: tuple[Record, ...]
    encoding: str  # "utf-8", "utf-8-sig", "cp932" or "xlsx"
    file_format: str  # "csv" or "xlsx"


def table_read(data: bytes) -> Table:
    """CSV or .xlsx bytes → Table (the format from the bytes, not the file name).

    Raises: FileTooLarge (`opendata.file_too_large`, `opendata.file_limits`), FileUnreadable
    (`opendata.file_encoding`, `opendata.file_format`).
    """
    if len(data) > MAX_FILE_BYTES:
        raise FileTooLarge(
            code=OpenDataErrorCode.FILE_TOO_LARGE,
            detail="ファイルが大きすぎます（20MBまで）。",
        )
    if data.startswith(XLSX_MAGIC):
        return _table(_xlsx_rows(data), encoding="xlsx", file_format="xlsx")
    text, encoding = decode(data)
    return _table(_csv_rows(text), encoding=encoding, file_format="csv")


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding that reads it: a UTF-8 BOM says UTF-8; else UTF-8 when the
    bytes are valid UTF-8 (CP932 text with kana or kanji almost never is); else CP932.

    Raises: FileUnreadable (`opendata.file_encoding`).
    """
    candidates = ("utf-8-sig",) if data.startswith(UTF8_BOM) else ("utf-8", "cp932")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding != "cp932" or not _CP932_STRAY_BYTES.search(text):
            return text, encoding
    raise FileUnreadable(
        code=OpenDataErrorCode.FILE_ENCODING,
        detail="文字コードを判別できません。UTF-8 または Shift_JIS（CP932）で保存してください。",
    )


def _csv_rows(text: str) -> list[tuple[int, list[str]]]:
    """(first physical line, fields) of every non-empty CSV row."""
    # newline="": the csv module sees CR, LF and CRLF as they are, inside quotes included.
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for fields in reader:
            if fields:
                rows.append((start, fields))
            if len(rows) > MAX_RECORDS + 1:
                _too_many_records()
            start = reader.line_num + 1
    except csv.Error as exc:
        raise FileUnreadable(
            code=OpenDataErrorCode.FILE_FORMAT,
            detail=f"{reader.line_num}行目をCSVとして読めません（{exc}）。",
        ) from exc
    return rows


def _table(rows: list[tuple[int, list[str]]], *, encoding: str, file_format: str) -> Table:
    if not rows:
        raise FileUnreadable(code=OpenDataErrorCode.FILE_FORMAT, detail="見出し行がありません。")
    header = rows[0][1]
    if len(header) > MAX_COLUMNS:
        raise FileTooLarge(
            code=OpenDataErrorCode.FILE_LIMITS,
            detail=f"列が多すぎます（{MAX_COLUMNS}列まで）。",
        )
    records: list[Record] = []
    for number, (line, cells) in enumerate(rows[1:], start=1):
        if len(cells) > MAX_COLUMNS or any(len(c) > MAX_CELL_CHARS for c in cells):
            raise FileTooLarge(
                code=OpenDataErrorCode.FILE_LIMITS,
                detail=f"{line}行目の列または値が大きすぎます。",
            )
        records.append(Record(number=number, line=line, cells=tuple(cells)))
    return Table(
        header=tuple(header),
        records=tuple(records),
        encoding=encoding,
        file_format=file_format,
    )


def _too_many_records() -> None:
    raise FileTooLarge(
        code=OpenDataErrorCode.FILE_LIMITS,
        detail=f"記録が多すぎます（{MAX_RECORDS:,}件まで）。",
    )


# --- .xlsx -------------------------------------------------------------------------------

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]+)")
# Built-in number formats that show a date or a time (ECMA-376 Part 1 §18.8.30).
_BUILTIN_DATE_FORMATS = frozenset({14, 15, 16, 17, 22, 27, 30, 36, 50, 57})
_BUILTIN_TIME_FORMATS = frozenset({18, 19, 20, 21, 45, 46, 47})
# Quoted text, escapes, colours and locale tags of a format code say nothing of dates;
# elapsed-time brackets ([h]) do, and stay.
_FORMAT_NOISE = re.compile(
    r'"[^"]*"|\\.|\[\$[^\]]*\]|\[(?:red|black|blue|green|white|yellow|magenta|cyan|color\d+)\]',
    re.IGNORECASE,
)
# Excel's day 0 for the 1900 date system (its 1900-02-29 bug makes day 60 impossible;
# serials from 61 on, every date a dataset holds, come out right from this base).
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def _xlsx_rows(data: bytes) -> list[tuple[int, list[str]]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(i.file_size for i in archive.infolist()) > MAX_XLSX_INFLATED_BYTES:
                raise FileTooLarge(
                    code=OpenDataErrorCode.FILE_TOO_LARGE,
                    detail="Excelファイルの中身が大きすぎます。",
                )
            strings = _shared_strings(archive)
            date_styles, time_styles = _date_styles(archive)
            sheet = _xml(archive, _first_sheet_path(archive))
        return _sheet_rows(sheet, strings, date_styles, time_styles)
    except (
        zipfile.BadZipFile,
        KeyError,
        IndexError,
        ElementTree.ParseError,
        ValueError,
        OverflowError,
    ) as exc:
        raise FileUnreadable(
            code=OpenDataErrorCode.FILE_FORMAT,
            detail="Excelファイル（.xlsx）として読めません。",
        ) from exc


def _sheet_rows(
    sheet: ElementTree.Element, strings: list[str], date_styles: set[int], time_styles: set[int]
) -> list[tuple[int, list[str]]]:
    rows: list[tuple[int, list[str]]] = []
    for row in sheet.iter(f"{_MAIN}row"):
        cells: dict[int, str] = {}
        number = int(row.get("r", len(rows) + 1))
        for position, cell in enumerate(row.iter(f"{_MAIN}c")):
            ref = _CELL_REF.fullmatch(cell.get("r", ""))
            index = _column_index(ref.group(1)) if ref else position
            if index >= MAX_COLUMNS:
                raise FileTooLarge(
                    code=OpenDataErrorCode.FILE_LIMITS,
                    detail=f"列が多すぎます（{MAX_COLUMNS}列まで）。",
                )
            cells[index] = _cell_text(cell, strings, date_styles, time_styles)
        fields = [cells.get(i, "") for i in range(max(cells) + 1)] if cells else []
        while fields and fields[-1] == "":
            fields.pop()
        if fields:
            rows.append((number, fields))
            if len(rows) > MAX_RECORDS + 1:
                _too_many_records()
    return rows


def _xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    raw = archive.read(name)
    # A DTD has no place in OOXML parts; refusing it rules out the entity attacks (billion
    # laughs, external entities) defusedxml guards against, without the dependency.
    if b"<!DOCTYPE" in raw.upper():
        raise ValueError("DTD in an xlsx part")
    return ElementTree.fromstring(raw)  # noqa: S314 (no DTD, checked above)


def _first_sheet_path(archive: zipfile.ZipFile) -> str:
    workbook = _xml(archive, "xl/workbook.xml")
    sheet = workbook.find(f"{_MAIN}sheets/{_MAIN}sheet")
    if sheet is None:
        raise ValueError("workbook without sheets")
    rel_id = sheet.get(f"{_REL}id")
    rels = _xml(archive, "xl/_rels/workbook.xml.rels")
    for rel in rels.iter(f"{_PACKAGE_REL}Relationship"):
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    raise ValueError("first sheet not found")


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    root = _xml(archive, "xl/sharedStrings.xml")
    # Rich text keeps its runs in <r><t>; phonetic guides (<rPh>, ふりがな) are not the text.
    return [
        "".join(t.text or "" for t in si.iter(f"{_MAIN}t") if t not in _phonetic_texts(si))
        for si in root.iter(f"{_MAIN}si")
    ]


def _phonetic_texts(si: ElementTree.Element) -> set[ElementTree.Element]:
    return {t for rph in si.iter(f"{_MAIN}rPh") for t in rph.iter(f"{_MAIN}t")}


def _date_styles(archive: zipfile.ZipFile) -> tuple[set[int], set[int]]:
    """Indexes of the cell styles (cellXfs) that show a date, and those that show a time."""
    if "xl/styles.xml" not in archive.namelist():
        return set(), set()
    root = _xml(archive, "xl/styles.xml")
    custom: dict[int, str] = {
        int(f.get("numFmtId", "0")): f.get("formatCode", "") for f in root.iter(f"{_MAIN}numFmt")
    }
    dates: set[int] = set()
    times: set[int] = set()
    xfs = root.find(f"{_MAIN}cellXfs")
    for index, xf in enumerate(xfs if xfs is not None else []):
        fmt = int(xf.get("numFmtId", "0"))
        code = _FORMAT_NOISE.sub("", custom.get(fmt, "")).lower()
        if fmt in _BUILTIN_DATE_FORMATS or ("y" in code or "d" in code):
            dates.add(index)
        elif fmt in _BUILTIN_TIME_FORMATS or ("h" in code or "s" in code):
            times.add(index)
    return dates, times


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + (ord(letter) - ord("A") + 1)
    return index - 1


def _cell_text(
    cell: ElementTree.Element, strings: list[str], date_styles: set[int], time_styles: set[int]
) -> str:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{_MAIN}t"))
    value = cell.findtext(f"{_MAIN}v") or ""
    if kind == "s":
        return strings[int(value)] if value else ""
    if kind == "b":
        return "TRUE" if value == "1" else "FALSE"
    if kind != "n" or not value:
        return value  # str (a formula's text result), e (an error such as #N/A)
    style = int(cell.get("s", "0"))
    number = float(value)
    if style in date_styles:
        moment = _EXCEL_EPOCH + dt.timedelta(days=number)
        if number % 1:
            return moment.strftime("%Y-%m-%d %H:%M")
        return moment.date().isoformat()
    if style in time_styles:
        minutes = round((number % 1) * 24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    # Integers as Excel stores them ("12.0" is not what the author typed).
    return str(int(number)) if number.is_integer() and "E" not in value.upper() else value
