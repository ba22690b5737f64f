"""The three payment-file layouts (docs/payments.md「取込ファイルの様式」), read line by line.

- 金融機関 CSV (`bank_csv`): header `収納記録番号,納付日,収納機関番号,納付番号,確認番号,納付区分,金額`,
  one payment per line, 納付日 YYYY-MM-DD or YYYYMMDD.
- コンビニ収納代行 固定長 (`cvs_fixed`, 73 characters a line): `1` header (+ 請求書発行企業コード 6
  + 作成日 8), `2` data (+ 収納記録番号 20 + 納付日 8 + the 44 barcode digits read at the till),
  `8` trailer (+ 件数 8 + 合計金額 12), the aggregator's own control totals, checked.
- eLTAX 形式 CSV (`eltax`): header `通知番号,納付日,eL番号,納付額,収納方法`, eL番号 written
  `収納機関番号-納付番号-確認番号-納付区分`.

UTF-8 (with or without BOM) or CP932 (the encoding banks still send). A parser yields either a
`PaymentLine` or a `LineProblem` per data line and never reads the whole file into memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from jichitai.payments.codes import cvs_barcode_parse

BANK_HEADER = "収納記録番号,納付日,収納機関番号,納付番号,確認番号,納付区分,金額"
ELTAX_HEADER = "通知番号,納付日,eL番号,納付額,収納方法"
CVS_LINE = 73
MAX_LINE_BYTES = 1_000
MAX_AMOUNT = 99_999_999


@dataclass(frozen=True, slots=True)
class PaymentLine:
    line: int
    record_id: str
    paid_on: dt.date
    payment_number: str
    amount: int


@dataclass(frozen=True, slots=True)
class LineProblem:
    line: int
    message: str


Parsed = PaymentLine | LineProblem


def _date(text: str) -> dt.date | None:
    digits = text.replace("-", "")
    if len(digits) != 8 or not digits.isascii() or not digits.isdigit():
        return None
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def _amount(text: str) -> int | None:
    if not text.isascii() or not text.isdigit() or len(text) > 8:
        return None
    value = int(text)
    return value if 0 < value <= MAX_AMOUNT else None


def _record_id(text: str) -> str | None:
    text = text.strip()
    return text if 0 < len(text) <= 40 and text.isascii() and text.isprintable() else None


def _line_from(n: int, record_id: str, paid_on: str, number: str, amount: str) -> Parsed:
    rid, day, yen = _record_id(record_id), _date(paid_on), _amount(amount)
    if rid is None:
        return LineProblem(n, "収納記録番号がありません（40文字以内の英数字）。")
    if day is None:
        return LineProblem(n, "納付日が日付ではありません（YYYY-MM-DD）。")
    if yen is None:
        return LineProblem(n, "金額が1円以上99,999,999円以下の整数ではありません。")
    if not (number.isascii() and number.isdigit() and 0 < len(number) <= 20):
        return LineProblem(n, "納付番号が20桁以内の数字ではありません。")
    return PaymentLine(n, rid, day, number, yen)


def _bank(lines: Iterator[tuple[int, str]]) -> Iterator[Parsed]:
    for n, text in lines:
        cells = text.split(",")
        if len(cells) != 7:
            yield LineProblem(n, f"項目の数が7ではありません（{min(len(cells), 999)}）。")
            continue
        record_id, paid_on, _collector, number, _confirmation, _category, amount = cells
        yield _line_from(n, record_id, paid_on, number, amount)


def _eltax(lines: Iterator[tuple[int, str]]) -> Iterator[Parsed]:
    for n, text in lines:
        cells = text.split(",")
        if len(cells) != 5:
            yield LineProblem(n, f"項目の数が5ではありません（{min(len(cells), 999)}）。")
            continue
        record_id, paid_on, el, amount, _method = cells
        parts = el.split("-")
        if len(parts) != 4:
            yield LineProblem(
                n, "eL番号が「収納機関番号-納付番号-確認番号-納付区分」ではありません。"
            )
            continue
        yield _line_from(n, record_id, paid_on, parts[1], amount)


def _cvs(lines: Iterator[tuple[int, str]]) -> Iterator[Parsed]:
    count = total = 0
    trailer_seen = False
    last = 1
    for n, text in lines:
        last = n
        if len(text) != CVS_LINE:
            yield LineProblem(
                n, f"行の長さが{CVS_LINE}文字ではありません（{min(len(text), 9999)}）。"
            )
            continue
        if trailer_seen:
            yield LineProblem(n, "トレーラー行（8）の後に行があります。")
            continue
        if text[0] == "8":
            trailer_seen = True
            if text[1:9] != f"{count:08d}" or text[9:21] != f"{total:012d}":
                yield LineProblem(n, "トレーラー行の件数・合計金額がデータ行と一致しません。")
            continue
        if text[0] != "2":
            yield LineProblem(n, "レコード区分が2（データ）でも8（トレーラー）でもありません。")
            continue
        barcode = cvs_barcode_parse(text[29:73])
        if barcode is None:
            yield LineProblem(n, "バーコード情報（44桁）のチェックデジットが一致しません。")
            continue
        parsed = _line_from(n, text[1:21], text[21:29], barcode[0], str(barcode[1]))
        if isinstance(parsed, PaymentLine):
            count, total = count + 1, total + parsed.amount
        yield parsed
    if not trailer_seen:
        yield LineProblem(last + 1, "トレーラー行（8）がありません。")


LAYOUTS = {"bank_csv": _bank, "cvs_fixed": _cvs, "eltax": _eltax}


def _decoded_lines(file: IO[bytes], encoding: str) -> Iterator[tuple[int, str]]:
    for n, raw in enumerate(file, start=1):
        if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        text = raw[:MAX_LINE_BYTES].decode(encoding, errors="replace").rstrip("\r\n")
        if text:
            yield n, text


def file_encoding(file: IO[bytes]) -> str:
    """UTF-8 if the first 64 KiB decode as UTF-8, CP932 otherwise (then rewinds the file)."""
    head = file.read(65_536)
    file.seek(0)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the 64 KiB boundary is still UTF-8.
        if exc.start < len(head) - 3:
            return "cp932"
    return "utf-8"


def layout_detect(first_line: str) -> str | None:
    if first_line.strip() == BANK_HEADER:
        return "bank_csv"
    if first_line.strip() == ELTAX_HEADER:
        return "eltax"
    if len(first_line) == CVS_LINE and first_line.startswith("1") and first_line[1:15].isdigit():
        return "cvs_fixed"
    return None


def file_parse(file: IO[bytes]) -> tuple[str | None, Iterator[Parsed]]:
    """The layout of `file` (None when unknown) and its data lines, parsed one at a time."""
    lines = _decoded_lines(file, file_encoding(file))
    first = next(lines, None)
    layout = layout_detect(first[1]) if first else None
    if layout is None:
        return None, iter(())
    return layout, LAYOUTS[layout](lines)
