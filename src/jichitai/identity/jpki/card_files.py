"""The files of the 券面事項入力補助AP and the BER-TLV framing the card's files share.

Layouts as jpki/myna's `libmyna/text_ap.go` reads them:

- EF 0001 個人番号: private tag 16 (D0), 12 ASCII digits;
- EF 0002 基本4情報: private constructed tag 32 (FF 20) holding DF 21 header, DF 22 name
  (UTF-8), DF 23 address (UTF-8), DF 24 birth date (YYYYMMDD), DF 25 sex (ISO/IEC 5218:
  1 男, 2 女, 9 適用不能).

The DF 21 header's content is not published; readers skip it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from jichitai.identity.jpki.apdu import SW_WRONG_DATA
from jichitai.identity.jpki.errors import CardCommandFailed

MY_NUMBER_TAG = b"\xd0"
BASIC_FOUR_TAG = b"\xff\x20"
HEADER_TAG, NAME_TAG, ADDRESS_TAG, BIRTH_DATE_TAG, SEX_TAG = (
    b"\xdf\x21",
    b"\xdf\x22",
    b"\xdf\x23",
    b"\xdf\x24",
    b"\xdf\x25",
)
# Longest tag (2 bytes) + longest length we use (82 xx xx): enough to know a file's size.
HEADER_BYTES = 7
# 署名用証明書の性別 ("3" 不明) → 券面事項入力補助AP (ISO/IEC 5218, "9" 適用不能).
SEX_TO_ISO5218 = {"1": "1", "2": "2", "3": "9"}


@dataclass(frozen=True, repr=False)
class CardInfo:
    """券面事項入力補助APの内容: 個人番号 and the 基本4情報 as printed on the card.
    Its repr shows no value (personal data)."""

    my_number: str
    name: str
    address: str
    birth_date: date
    sex: str  # ISO/IEC 5218

    def __repr__(self) -> str:
        return "CardInfo(<personal data>)"


def encode_length(length: int) -> bytes:
    if length < 0x80:
        return bytes([length])
    body = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def tlv(tag: bytes, value: bytes) -> bytes:
    return tag + encode_length(len(value)) + value


def _tag_length(data: bytes) -> int:
    if data[0] & 0x1F != 0x1F:
        return 1
    position = 1
    while data[position] & 0x80:  # high tag number form: more tag bytes follow
        position += 1
    return position + 1


def _length_field(data: bytes, at: int) -> tuple[int, int]:
    """(length octets, value length) of the length field at `at` (BER definite form)."""
    first = data[at]
    if first < 0x80:
        return 1, first
    count = first & 0x7F
    return 1 + count, int.from_bytes(data[at + 1 : at + 1 + count], "big")


def tlv_total_length(head: bytes) -> int:
    """Size of the whole TLV that starts with `head` (tag + length octets + value)."""
    try:
        tag_length = _tag_length(head)
        octets, length = _length_field(head, tag_length)
    except IndexError:
        raise CardCommandFailed(status_word=SW_WRONG_DATA) from None
    return tag_length + octets + length


def split_tlv(data: bytes) -> tuple[bytes, bytes, bytes]:
    """(tag, value, rest) of the first TLV in `data`."""
    tag_length = _tag_length(data)
    octets, length = _length_field(data, tag_length)
    start = tag_length + octets
    if start + length > len(data):
        raise ValueError("TLV longer than its data")
    return data[:tag_length], data[start : start + length], data[start + length :]


def _children(value: bytes) -> dict[bytes, bytes]:
    children: dict[bytes, bytes] = {}
    while value:
        tag, child, value = split_tlv(value)
        children[tag] = child
    return children


def my_number_file(my_number: str) -> bytes:
    return tlv(MY_NUMBER_TAG, my_number.encode("ascii"))


def basic_four_file(*, name: str, address: str, birth_date: date, sex_iso5218: str) -> bytes:
    return tlv(
        BASIC_FOUR_TAG,
        tlv(HEADER_TAG, b"")
        + tlv(NAME_TAG, name.encode("utf-8"))
        + tlv(ADDRESS_TAG, address.encode("utf-8"))
        + tlv(BIRTH_DATE_TAG, birth_date.strftime("%Y%m%d").encode("ascii"))
        + tlv(SEX_TAG, sex_iso5218.encode("ascii")),
    )


def parse_card_info(*, my_number_data: bytes, basic_four_data: bytes) -> CardInfo:
    """Both files of the 券面事項入力補助AP, as read from the card."""
    try:
        number_tag, number, _ = split_tlv(my_number_data)
        four_tag, body, _ = split_tlv(basic_four_data)
        if (number_tag, four_tag) != (MY_NUMBER_TAG, BASIC_FOUR_TAG):
            raise ValueError("unexpected tag")
        fields = _children(body)
        return CardInfo(
            my_number=number.decode("ascii"),
            name=fields[NAME_TAG].decode("utf-8"),
            address=fields[ADDRESS_TAG].decode("utf-8"),
            birth_date=datetime.strptime(fields[BIRTH_DATE_TAG].decode("ascii"), "%Y%m%d").date(),
            sex=fields[SEX_TAG].decode("ascii"),
        )
    except (ValueError, KeyError, IndexError):
        raise CardCommandFailed(status_word=SW_WRONG_DATA) from None
