"""全銀協規定形式「総合振込」 (the Zengin fixed-width transfer file banks accept), for 還付の支出.

The layout as banks publish it (全銀協制定ファイルフォーマット【総合振込】; e.g. the manuals of
the Kyoto Bank, Gunma Bank and Mizuho's Web21): 120-byte records in JIS X 0201 (半角カナ,
英大文字, 数字), each followed here by CR LF (the 122-byte variant every bank's upload takes);
N fields are right-aligned and zero-filled, C fields left-aligned and space-filled.

| record | fields (bytes) |
|---|---|
| 1 ヘッダー | データ区分 1 · 種別コード 2 (21 総合振込) · コード区分 1 (0 JIS) · 振込依頼人コード 10 · 振込依頼人名 40 · 振込指定日 MMDD 4 · 仕向銀行番号 4 · 仕向銀行名 15 · 仕向支店番号 3 · 仕向支店名 15 · 預金種目 1 · 口座番号 7 · ダミー 17 |
| 2 データ | データ区分 1 · 被仕向銀行番号 4 · 被仕向銀行名 15 · 被仕向支店番号 3 · 被仕向支店名 15 · 手形交換所番号 4 · 預金種目 1 · 口座番号 7 · 受取人名 30 · 振込金額 10 · 新規コード 1 · 顧客コード1 10 · 顧客コード2 10 · 振込指定区分 1 · 識別表示 1 · ダミー 7 |
| 8 トレーラ | データ区分 1 · 合計件数 6 · 合計金額 12 · ダミー 101 |
| 9 エンド | データ区分 1 · ダミー 119 |

Assumptions (said in docs/payments.md): bank and branch names are left blank (spaces; the
banks' manuals mark them optional: the codes decide), 手形交換所番号 0000, 新規コード 0,
振込指定区分 7 (電信), 顧客コード1 = the refund decision's id (so the bank's result file can be
matched back), 顧客コード2 zeros.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

import jaconv

RECORD_LENGTH = 120
ENCODING = "cp932"  # its single-byte half is JIS X 0201: 半角カナ are one byte each

# What a 全銀 C field may hold: 半角カナ (no small kana), 英大文字, 数字, space and ().-/ ,
_ALLOWED = re.compile(r"^[ｦ-ﾟA-Z0-9 ().,\-/]*$")
_SMALL = str.maketrans("ｧｨｩｪｫｯｬｭｮ", "ｱｲｳｴｵﾂﾔﾕﾖ")


def kana_field(text: str) -> str | None:
    """The text as a 全銀 C field (全角カナ → 半角カナ, small kana → large, upper case), or
    None when a character cannot be written (漢字, ひらがな are not converted: a name must be
    given in カナ as on the account)."""
    converted = jaconv.z2h(text.strip(), kana=True, ascii=True, digit=True).upper()
    converted = converted.replace("ー", "-").translate(_SMALL)
    converted = re.sub(r"\s+", " ", converted)
    return converted if _ALLOWED.match(converted) else None


def _n(value: int | str, width: int) -> str:
    text = str(value)
    if not text.isdigit() or len(text) > width:
        raise ValueError(f"N({width}) field cannot hold {value!r}")
    return text.rjust(width, "0")


def _c(text: str, width: int) -> str:
    return text[:width].ljust(width, " ")


@dataclass(frozen=True)
class Requester:
    """振込依頼人: the municipality's paying account."""

    code: str
    name: str
    bank_code: str
    branch_code: str
    account_type: str
    account_number: str


@dataclass(frozen=True)
class Transfer:
    """One 振込: the payee's account and the amount."""

    bank_code: str
    branch_code: str
    account_type: str
    account_number: str
    name: str
    amount: int
    customer_code: int


def _record(text: str) -> str:
    if len(text) != RECORD_LENGTH:
        raise ValueError(f"record of {len(text)} characters")
    return text + "\r\n"


def transfer_file(
    requester: Requester, transfer_on: dt.date, transfers: Iterable[Transfer]
) -> bytes:
    """The whole 総合振込 file: header, one data record per transfer, trailer, end."""
    records = [
        _record(
            "1"
            + "21"
            + "0"
            + _n(requester.code, 10)
            + _c(requester.name, 40)
            + f"{transfer_on:%m%d}"
            + _n(requester.bank_code, 4)
            + _c("", 15)
            + _n(requester.branch_code, 3)
            + _c("", 15)
            + _n(requester.account_type, 1)
            + _n(requester.account_number, 7)
            + _c("", 17)
        )
    ]
    count = total = 0
    for t in transfers:
        records.append(
            _record(
                "2"
                + _n(t.bank_code, 4)
                + _c("", 15)
                + _n(t.branch_code, 3)
                + _c("", 15)
                + "0000"
                + _n(t.account_type, 1)
                + _n(t.account_number, 7)
                + _c(t.name, 30)
                + _n(t.amount, 10)
                + "0"
                + _n(t.customer_code, 10)
                + _n(0, 10)
                + "7"
                + " "
                + _c("", 7)
            )
        )
        count += 1
        total += t.amount
    records.append(_record("8" + _n(count, 6) + _n(total, 12) + _c("", 101)))
    records.append(_record("9" + _c("", 119)))
    return "".join(records).encode(ENCODING)
