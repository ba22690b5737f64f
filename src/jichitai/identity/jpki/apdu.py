"""APDUs of the My Number card (ISO/IEC 7816-4), as public implementations use them.

Application ids and file ids come from J-LIS's 利用者クライアントソフト technical
specification as implemented in OpenSC (`src/libopensc/card-jpki.c`, `pkcs15-jpki.c`,
`jpki.h`) and jpki/myna (`libmyna/reader.go`, `jpki_ap.go`, `text_ap.go`):

- JPKI AP (公的個人認証AP) D392F000260100000001: EF 000A 利用者証明用証明書, 000B its CA,
  0001 署名用証明書 (readable after the 署名用 password), 0002 its CA, 0017/0018 利用者証明用
  key/PIN (4 digits, 3 tries), 001A/001B 署名用 key/password (6-16 characters, 5 tries);
- 券面事項入力補助AP D3921000310001010408: EF 0011 PIN (4 digits, 3 tries), 0001 個人番号,
  0002 基本4情報.

Files are selected by id (SELECT P1=02, P2=0C: no FCI), applications by DF name (P1=04).
SIGN is the proprietary COMPUTE DIGITAL SIGNATURE (CLA 80, INS 2A, P2 80) over a DigestInfo;
the card adds the PKCS#1 v1.5 padding itself.
"""

from __future__ import annotations

import enum

JPKI_AID = bytes.fromhex("D392F000260100000001")
CARD_INFO_AID = bytes.fromhex("D3921000310001010408")  # 券面事項入力補助AP


class JpkiFile(enum.IntEnum):
    AUTHENTICATION_CERTIFICATE = 0x000A
    AUTHENTICATION_CA_CERTIFICATE = 0x000B
    SIGNING_CERTIFICATE = 0x0001
    SIGNING_CA_CERTIFICATE = 0x0002
    AUTHENTICATION_KEY = 0x0017
    AUTHENTICATION_PIN = 0x0018
    SIGNING_KEY = 0x001A
    SIGNING_PIN = 0x001B


class CardInfoFile(enum.IntEnum):
    MY_NUMBER = 0x0001
    BASIC_FOUR = 0x0002
    PIN = 0x0011


# Status words (ISO/IEC 7816-4 §5.1.3).
SW_OK = 0x9000
SW_END_OF_FILE = 0x6282  # fewer bytes than Le were left
SW_WRONG_LENGTH = 0x6700
SW_SECURITY_NOT_SATISFIED = 0x6982  # PIN not verified
SW_PIN_BLOCKED = 0x6983
SW_NO_CURRENT_EF = 0x6986
SW_WRONG_DATA = 0x6A80
SW_FILE_NOT_FOUND = 0x6A82
SW_WRONG_P1P2 = 0x6A86
SW_OFFSET_OUTSIDE_FILE = 0x6B00
SW_INS_NOT_SUPPORTED = 0x6D00
SW_CLA_NOT_SUPPORTED = 0x6E00
SW_PIN_TRIES = 0x63C0  # 63Cx: wrong PIN, x tries left

CLA_ISO = 0x00
CLA_PROPRIETARY = 0x80
INS_SELECT = 0xA4
INS_VERIFY = 0x20
INS_READ_BINARY = 0xB0
INS_COMPUTE_SIGNATURE = 0x2A
SELECT_BY_DF_NAME = 0x04
SELECT_EF_BY_ID = 0x02
NO_RESPONSE_DATA = 0x0C
SHORT_LE_MAX = 256  # Le 00 in a short APDU

# RFC 8017 §9.2 note 1: DER prefix of a DigestInfo for SHA-256.
SHA256_DIGEST_INFO_PREFIX = bytes.fromhex("3031300d060960864801650304020105000420")


def select_application(aid: bytes) -> list[int]:
    return [CLA_ISO, INS_SELECT, SELECT_BY_DF_NAME, NO_RESPONSE_DATA, len(aid), *aid]


def select_file(file_id: int) -> list[int]:
    return [CLA_ISO, INS_SELECT, SELECT_EF_BY_ID, NO_RESPONSE_DATA, 2, file_id >> 8, file_id & 0xFF]


def verify(pin: bytes | None) -> list[int]:
    """VERIFY with the PIN, or without data to ask how many tries are left (63Cx)."""
    if pin is None:
        return [CLA_ISO, INS_VERIFY, 0x00, 0x80]
    return [CLA_ISO, INS_VERIFY, 0x00, 0x80, len(pin), *pin]


def read_binary(offset: int, length: int) -> list[int]:
    """READ BINARY of up to 256 bytes at `offset` (short APDU: Le 00 means 256)."""
    return [CLA_ISO, INS_READ_BINARY, offset >> 8, offset & 0xFF, length % SHORT_LE_MAX]


def compute_signature(digest_info: bytes) -> list[int]:
    return [
        CLA_PROPRIETARY,
        INS_COMPUTE_SIGNATURE,
        0x00,
        0x80,
        len(digest_info),
        *digest_info,
        0x00,
    ]


def sha256_digest_info(digest: bytes) -> bytes:
    return SHA256_DIGEST_INFO_PREFIX + digest
