"""Reading what municipalities send: UTF-8 with or without BOM, CP932 with its characters
beyond Shift_JIS, mixed line endings, line breaks inside quoted cells, and .xlsx."""

from __future__ import annotations

import io
import zipfile

import pytest

from jichitai.opendata.errors import FileTooLarge, FileUnreadable
from jichitai.opendata.reading import MAX_FILE_BYTES, decode, table_read

TEXT = "名称,説明\r\n髙島屋㈱,1㎞先\r\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        # 髙 (IBM extension), ㈱ and ㎞ (NEC special characters) are CP932, not Shift_JIS.
        (TEXT.encode("cp932"), "cp932"),
    ],
)
def test_encoding_is_found_from_the_bytes(data: bytes, encoding: str) -> None:
    table = table_read(data)
    assert table.encoding == encoding
    assert table.header == ("名称", "説明")
    assert table.records[0].cells == ("髙島屋㈱", "1㎞先")


def test_shift_jis_alone_cannot_read_cp932_text() -> None:
    with pytest.raises(UnicodeDecodeError):
        TEXT.encode("cp932").decode("shift_jis")


@pytest.mark.parametrize(
    "data",
    [
        b"\x85\x40,\x81",  # neither UTF-8 nor CP932
        b"\xff\xfe" + "名称,説明".encode("utf-16-le"),  # Excel's 「Unicode テキスト」 (UTF-16)
    ],
)
def test_bytes_in_no_supported_encoding_are_refused(data: bytes) -> None:
    with pytest.raises(FileUnreadable) as raised:
        decode(data)
    assert raised.value.code == "opendata.file_encoding"


def test_mixed_line_endings_and_quoted_line_breaks_keep_record_and_line() -> None:
    data = 'ID,説明\r\n1,"一行目\r\n二行目"\n2,短い\r3,"a\nb\nc"\r\n4,end'.encode()
    table = table_read(data)
    assert [(r.number, r.line, r.cells) for r in table.records] == [
        (1, 2, ("1", "一行目\r\n二行目")),
        (2, 4, ("2", "短い")),
        (3, 5, ("3", "a\nb\nc")),
        (4, 8, ("4", "end")),
    ]


def test_an_empty_file_has_no_header() -> None:
    with pytest.raises(FileUnreadable) as raised:
        table_read(b"\r\n\r\n")
    assert raised.value.code == "opendata.file_format"


def test_a_file_over_the_limit_is_refused_before_reading() -> None:
    with pytest.raises(FileTooLarge) as raised:
        table_read(b"a" * (MAX_FILE_BYTES + 1))
    assert raised.value.code == "opendata.file_too_large"
    assert raised.value.status == 413


def _xlsx(sheet_rows: str, *, extra: dict[str, str] | None = None) -> bytes:
    """A minimal .xlsx (ECMA-376): shared strings, a date style (14) and a time style (20)."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
        '<sheet name="データ" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<sst xmlns="{main}"><si><t>名称</t></si><si><t>開始日</t></si>'
        "<si><t>開始時間</t></si><si><r><t>市民</t></r><r><t>会館</t></r>"
        "<rPh><t>シミンカイカン</t></rPh></si></sst>",
        "xl/styles.xml": f'<styleSheet xmlns="{main}"><cellXfs count="3"><xf numFmtId="0"/>'
        '<xf numFmtId="14"/><xf numFmtId="20"/></cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>{sheet_rows}'
        "</sheetData></worksheet>",
        **(extra or {}),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return out.getvalue()


def test_xlsx_cells_read_as_their_author_saw_them() -> None:
    data = _xlsx(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="s"><v>2</v></c><c r="D1" t="inlineStr"><is><t>定員</t></is></c></row>'
        '<row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3" s="1"><v>46113</v></c>'
        '<c r="C3" s="2"><v>0.375</v></c><c r="D3"><v>120</v></c></row>'
    )
    table = table_read(data)
    assert (table.file_format, table.encoding) == ("xlsx", "xlsx")
    assert table.header == ("名称", "開始日", "開始時間", "定員")
    record = table.records[0]
    # Rich text joined, its ふりがな left out; a date serial as a date; the row number as line.
    assert record.cells == ("市民会館", "2026-04-01", "09:00", "120")
    assert (record.number, record.line) == (1, 3)


def test_xlsx_with_a_dtd_is_refused() -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaa">]><sst xmlns="x"/>'
    with pytest.raises(FileUnreadable) as raised:
        table_read(_xlsx("", extra={"xl/sharedStrings.xml": bomb}))
    assert raised.value.code == "opendata.file_format"


def test_a_broken_xlsx_is_refused() -> None:
    with pytest.raises(FileUnreadable):
        table_read(b"PK\x03\x04 not really a zip")
