"""The numbers printed on a 納付書 and the two symbols that carry them.

Sources and assumptions (docs/payments.md「番号とコードの根拠」):

- eL番号 = 収納機関番号 + 納付番号 + 確認番号 + 納付区分, the four elements of a Pay-easy number
  (地方税共同機構, eL-QR の案内; the municipal pages in ../shared/reference/standards-notes.md §5).
  The field lengths and check digits of eL番号 are not published; we use 収納機関番号 5 digits,
  納付番号 16 digits, 確認番号 6 digits and 納付区分 3 digits, and a modulus-10 weight-3/1 check
  digit (the GS1 rule) as the last digit of 納付番号 and of 確認番号. `ElNumber` is the one place
  that knows this.
- The eL-QR payload layout is not published either: `qr_payload` / `qr_parse` write and read our
  own documented text, so the official layout can replace it here without touching the rest.
- The convenience-store barcode follows 「GS1-128シンボルによる標準料金代理収納ガイドライン」
  (GS1 Japan): AI (91) + 請求書発行企業コード 6 + 自由使用欄 21 + 再発行区分 1 + 支払期限 YYMMDD
  + 印紙フラグ 1 + 支払金額 6 + チェックデジット 1 = 44 digits. The field order and lengths are from
  the guideline as quoted in vendors' manuals; the check digit (modulus 10, weights 3 and 1 from
  the right, over the 41 digits between the AI and the check digit) is how those manuals describe it: the guideline's
  own text could not be read here, so that rule lives only in `cvs_barcode_data`.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

COLLECTOR_DIGITS = 5
PAYMENT_NUMBER_DIGITS = 16
CONFIRMATION_DIGITS = 6
CATEGORY_DIGITS = 3
CVS_MAX_AMOUNT = 999_999  # 支払金額 is 6 digits in the GS1-128 layout
_QR_PREFIX = "JTELQR1"


def mod10w31_check_digit(body: str) -> int:
    """Modulus 10, weights 3 and 1 alternating from the rightmost digit (the GS1 check digit)."""
    if not body or not body.isascii() or not body.isdigit():
        raise ValueError("body must be ASCII digits")
    total = sum(int(d) * (3 if n % 2 == 0 else 1) for n, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def _has_valid_check_digit(value: str, length: int) -> bool:
    if len(value) != length or not value.isascii() or not value.isdigit():
        return False
    return mod10w31_check_digit(value[:-1]) == int(value[-1])


@dataclass(frozen=True)
class ElNumber:
    """eL番号 as printed: 収納機関番号, 納付番号, 確認番号 and 納付区分."""

    collector: str
    payment_number: str
    confirmation: str
    category: str

    @classmethod
    def issue(cls, *, collector: str, category: str, serial_body: str) -> ElNumber:
        """A new eL番号: 納付番号 = `serial_body` (15 digits) + check digit; 確認番号 = 5 random
        digits + check digit (a payer proves with it that they hold the slip)."""
        if len(serial_body) != PAYMENT_NUMBER_DIGITS - 1 or not serial_body.isdigit():
            raise ValueError("serial_body must be 15 digits")
        random_part = f"{secrets.randbelow(100_000):05d}"
        return cls(
            collector=collector,
            payment_number=serial_body + str(mod10w31_check_digit(serial_body)),
            confirmation=random_part + str(mod10w31_check_digit(random_part)),
            category=category,
        )

    @staticmethod
    def payment_number_valid(value: str) -> bool:
        return _has_valid_check_digit(value, PAYMENT_NUMBER_DIGITS)

    @staticmethod
    def confirmation_valid(value: str) -> bool:
        return _has_valid_check_digit(value, CONFIRMATION_DIGITS)

    def display(self) -> str:
        """As printed, grouped by four digits for reading aloud at a bank counter."""
        number = " ".join(self.payment_number[i : i + 4] for i in range(0, 16, 4))
        return f"{self.collector}-{number}-{self.confirmation}-{self.category}"


def qr_payload(el: ElNumber, *, amount: int, due_on: dt.date) -> str:
    """The QR text: `JTELQR1` + eL番号 + amount + due date, `:`-separated (ASCII only, so the QR
    stays in alphanumeric mode and small)."""
    return ":".join(
        [
            _QR_PREFIX,
            el.collector,
            el.payment_number,
            el.confirmation,
            el.category,
            str(amount),
            due_on.strftime("%Y%m%d"),
        ]
    )


@dataclass(frozen=True)
class QrContent:
    el: ElNumber
    amount: int
    due_on: dt.date


def qr_parse(text: str) -> QrContent | None:
    """The content of a QR written by `qr_payload`; None for anything else."""
    parts = text.split(":")
    if len(parts) != 7 or parts[0] != _QR_PREFIX:
        return None
    _, collector, number, confirmation, category, amount, due = parts
    if not (amount.isascii() and amount.isdigit() and len(amount) <= 12):
        return None
    if not (ElNumber.payment_number_valid(number) and ElNumber.confirmation_valid(confirmation)):
        return None
    try:
        due_on = dt.datetime.strptime(due, "%Y%m%d").date()
    except ValueError:
        return None
    return QrContent(ElNumber(collector, number, confirmation, category), int(amount), due_on)


def cvs_barcode_data(
    *, company_code: str, el: ElNumber, due_on: dt.date, amount: int, reissue: int = 0
) -> str | None:
    """The 44 digits of the GS1-128 convenience-store symbol, None when the amount does not fit
    (over 999,999 yen the slip has no barcode and is paid at a bank or online).

    自由使用欄 (21) = 納付番号 (16) + 納付区分 (3) + "00"; 印紙フラグ "0" (公金の領収書に印紙は不要,
    印紙税法 別表第三); 再発行区分 = the number of corrections, 0 to 9.
    """
    if not 0 < amount <= CVS_MAX_AMOUNT or not 0 <= reissue <= 9:
        return None
    body = (
        company_code
        + el.payment_number
        + el.category
        + "00"
        + str(reissue)
        + due_on.strftime("%y%m%d")
        + "0"
        + f"{amount:06d}"
    )
    return "91" + body + str(mod10w31_check_digit(body))


def cvs_barcode_parse(data: str) -> tuple[str, int] | None:
    """(納付番号, amount) from 44 barcode digits (AI included), None when the check digit fails."""
    if len(data) != 44 or not data.startswith("91") or not data.isdigit():
        return None
    if mod10w31_check_digit(data[2:43]) != int(data[43]):
        return None
    return data[8:24], int(data[37:43])
