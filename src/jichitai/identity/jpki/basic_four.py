"""基本4情報 (name, sex, date of birth, address) in the 署名用電子証明書.

The certificate carries them as subjectAltName otherName entries, each value an ASN.1 string
(J-LIS プロファイル仕様書; `openssl x509 -ext subjectAltName` on an issued card lists them in
the order .1 name, .4 birth date, .3 sex, .5 address, .2, .6):

- .1 氏名 — characters outside JIS X 0208 / X 0212 are replaced by 代替文字; 氏 and 名 are
  separated by a full-width space;
- .2 氏名の代替文字の使用位置情報 — one "0"/"1" per character of the name, "1" where the
  character is a 代替文字 (so "00000" for a five-character name without any);
- .3 性別 — "1" 男, "2" 女, "3" 不明;
- .4 生年月日 — "EYYYYMMDD": E = 1 明治 … 5 令和, 0 不明, then the Gregorian date;
- .5 住所 — up to 200 characters, 代替文字 as for the name; .6 its 使用位置情報.

The substitute flags are preserved as they are: whoever compares the name with the register
must know which characters are stand-ins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from asn1crypto import core
from cryptography import x509

from jichitai.common.exceptions import InvalidInput
from jichitai.common.wareki import parse_jpki_birth_date, to_wareki
from jichitai.identity.jpki import policies
from jichitai.identity.jpki.errors import BasicFourInvalid

SEX_LABELS = {"1": "男", "2": "女", "3": "不明"}
UNKNOWN_BIRTH_DATE_ERA = "0"
_SUBSTITUTE_FLAGS = frozenset("01")


@dataclass(frozen=True, repr=False)
class BasicFour:
    """基本4情報 as the 署名用電子証明書 states them. `birth_date` is None when recorded 不明.

    Its repr shows no value, so a stray log line or traceback never carries personal data.
    """

    name: str
    name_substitute: str
    sex: str
    birth_date: date | None
    address: str
    address_substitute: str

    def __repr__(self) -> str:
        return "BasicFour(<personal data>)"

    @property
    def sex_label(self) -> str:
        return SEX_LABELS[self.sex]

    @property
    def name_substitute_positions(self) -> tuple[int, ...]:
        """Indexes of the name's characters that are 代替文字."""
        return _positions(self.name_substitute)

    @property
    def address_substitute_positions(self) -> tuple[int, ...]:
        """Indexes of the address's characters that are 代替文字."""
        return _positions(self.address_substitute)

    @property
    def has_substitute_characters(self) -> bool:
        return bool(self.name_substitute_positions or self.address_substitute_positions)


def _positions(flags: str) -> tuple[int, ...]:
    return tuple(index for index, flag in enumerate(flags) if flag == "1")


def no_substitutes(text: str) -> str:
    """使用位置情報 for text without any 代替文字: one "0" per character."""
    return "0" * len(text)


def jpki_birth_date_text(value: date | None) -> str:
    """生年月日 as the certificate writes it: era digit + YYYYMMDD ("0" + zeros when 不明)."""
    if value is None:
        return UNKNOWN_BIRTH_DATE_ERA + "00000000"
    return to_wareki(value).era.jpki_digit + value.strftime("%Y%m%d")


def basic_four_from_certificate(certificate: x509.Certificate) -> BasicFour:
    """署名用電子証明書の基本4情報 (read the basic four). Raises BasicFourInvalid."""
    values = _other_names(certificate)
    try:
        return BasicFour(
            name=values[policies.NAME],
            name_substitute=_flags(values.get(policies.NAME_SUBSTITUTE, "")),
            sex=_sex(values[policies.SEX]),
            birth_date=_birth_date(values[policies.BIRTH_DATE]),
            address=values[policies.ADDRESS],
            address_substitute=_flags(values.get(policies.ADDRESS_SUBSTITUTE, "")),
        )
    except KeyError:
        raise BasicFourInvalid() from None


def basic_four_other_names(basic_four: BasicFour) -> list[x509.GeneralName]:
    """The otherName entries for a certificate, in the order issued cards show them."""
    entries = [
        (policies.NAME, basic_four.name),
        (policies.BIRTH_DATE, jpki_birth_date_text(basic_four.birth_date)),
        (policies.SEX, basic_four.sex),
        (policies.ADDRESS, basic_four.address),
        (policies.NAME_SUBSTITUTE, basic_four.name_substitute),
        (policies.ADDRESS_SUBSTITUTE, basic_four.address_substitute),
    ]
    return [x509.OtherName(oid, core.UTF8String(text).dump()) for oid, text in entries]


def _other_names(certificate: x509.Certificate) -> dict[x509.ObjectIdentifier, str]:
    try:
        names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    except x509.ExtensionNotFound:
        raise BasicFourInvalid() from None
    except ValueError:
        raise BasicFourInvalid() from None
    values: dict[x509.ObjectIdentifier, str] = {}
    for other_name in names.value.get_values_for_type(x509.OtherName):
        values[other_name.type_id] = _string_value(other_name.value)
    return values


def _string_value(der: bytes) -> str:
    """The value is an ASN.1 string (UTF8String on issued cards); accept any string type."""
    try:
        value = core.load(der)
    except ValueError:
        raise BasicFourInvalid() from None
    if not isinstance(value, core.AbstractString):
        raise BasicFourInvalid()
    return str(value.native)


def _flags(text: str) -> str:
    if not set(text) <= _SUBSTITUTE_FLAGS:
        raise BasicFourInvalid()
    return text


def _sex(text: str) -> str:
    if text not in SEX_LABELS:
        raise BasicFourInvalid()
    return text


def _birth_date(text: str) -> date | None:
    if text.startswith(UNKNOWN_BIRTH_DATE_ERA):
        return None
    try:
        return parse_jpki_birth_date(text)
    except InvalidInput:
        raise BasicFourInvalid() from None
