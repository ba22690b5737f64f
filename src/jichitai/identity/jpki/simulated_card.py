"""模擬カード (simulated card): a virtual card answering the APDUs of a real My Number card.

It implements the same `transmit(apdu) -> (data, SW1, SW2)` as pyscard's CardConnection, with
the card's status words (ISO/IEC 7816-4): 63Cx for a wrong PIN with x tries left, 6983 once
blocked, 6982 when a file needs a PIN not yet verified, 6A82 for an unknown file, 6700 for a
malformed length, 6B00 for an offset past the end, 6282 when fewer bytes than Le remain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed

from jichitai.identity.jpki import apdu
from jichitai.identity.jpki.card import CardPin
from jichitai.identity.jpki.card_files import basic_four_file, my_number_file

if TYPE_CHECKING:
    from jichitai.identity.jpki.virtual_card import VirtualCard

Response = tuple[list[int], int, int]
_DIGEST_INFO_LENGTH = len(apdu.SHA256_DIGEST_INFO_PREFIX) + 32


@dataclass(frozen=True)
class _DataFile:
    content: bytes
    pin: CardPin | None  # the PIN that must be verified before reading


@dataclass(frozen=True)
class _KeyFile:
    key: rsa.RSAPrivateKey
    pin: CardPin


@dataclass(frozen=True)
class _PinFile:
    pin: CardPin


def _status(status_word: int, data: bytes = b"") -> Response:
    return list(data), status_word >> 8, status_word & 0xFF


class SimulatedCard:
    """The chip of a `VirtualCard` behind a reader."""

    def __init__(self, card: VirtualCard) -> None:
        self.card = card
        self.application: bytes | None = None
        self.current: _DataFile | _KeyFile | _PinFile | None = None
        self.verified: set[CardPin] = set()
        self.applications = self._file_system()

    def _file_system(self) -> dict[bytes, dict[int, _DataFile | _KeyFile | _PinFile]]:
        card, der = self.card, serialization.Encoding.DER
        info = card.card_info
        return {
            apdu.JPKI_AID: {
                apdu.JpkiFile.AUTHENTICATION_CERTIFICATE: _DataFile(
                    card.authentication_certificate.public_bytes(der), None
                ),
                apdu.JpkiFile.AUTHENTICATION_CA_CERTIFICATE: _DataFile(
                    card.ca_certificate.public_bytes(der), None
                ),
                apdu.JpkiFile.SIGNING_CERTIFICATE: _DataFile(
                    card.signing_certificate.public_bytes(der), CardPin.SIGNING
                ),
                apdu.JpkiFile.SIGNING_CA_CERTIFICATE: _DataFile(
                    card.ca_certificate.public_bytes(der), None
                ),
                apdu.JpkiFile.AUTHENTICATION_KEY: _KeyFile(
                    card.authentication_key, CardPin.AUTHENTICATION
                ),
                apdu.JpkiFile.AUTHENTICATION_PIN: _PinFile(CardPin.AUTHENTICATION),
                apdu.JpkiFile.SIGNING_KEY: _KeyFile(card.signing_key, CardPin.SIGNING),
                apdu.JpkiFile.SIGNING_PIN: _PinFile(CardPin.SIGNING),
            },
            apdu.CARD_INFO_AID: {
                apdu.CardInfoFile.PIN: _PinFile(CardPin.CARD_INFO),
                apdu.CardInfoFile.MY_NUMBER: _DataFile(
                    my_number_file(info.my_number), CardPin.CARD_INFO
                ),
                apdu.CardInfoFile.BASIC_FOUR: _DataFile(
                    basic_four_file(
                        name=info.name,
                        address=info.address,
                        birth_date=info.birth_date,
                        sex_iso5218=info.sex,
                    ),
                    CardPin.CARD_INFO,
                ),
            },
        }

    def transmit(self, command: list[int]) -> Response:
        if len(command) < 4:
            return _status(apdu.SW_WRONG_LENGTH)
        cla, ins = command[0], command[1]
        if cla not in (apdu.CLA_ISO, apdu.CLA_PROPRIETARY):
            return _status(apdu.SW_CLA_NOT_SUPPORTED)
        handlers = {
            (apdu.CLA_ISO, apdu.INS_SELECT): self._select,
            (apdu.CLA_ISO, apdu.INS_VERIFY): self._verify,
            (apdu.CLA_ISO, apdu.INS_READ_BINARY): self._read_binary,
            (apdu.CLA_PROPRIETARY, apdu.INS_COMPUTE_SIGNATURE): self._compute_signature,
        }
        handler = handlers.get((cla, ins))
        if handler is None:
            return _status(apdu.SW_INS_NOT_SUPPORTED)
        return handler(command)

    @staticmethod
    def _command_data(command: list[int], *, with_le: bool = False) -> bytes | None:
        """The data field of a case 3 (or case 4 with Le) APDU, None if Lc is inconsistent."""
        if len(command) < 5:
            return None
        length = command[4]
        expected = 5 + length + (1 if with_le else 0)
        if length == 0 or len(command) != expected:
            return None
        return bytes(command[5 : 5 + length])

    def _select(self, command: list[int]) -> Response:
        data = self._command_data(command)
        if data is None:
            return _status(apdu.SW_WRONG_LENGTH)
        if command[2] == apdu.SELECT_BY_DF_NAME:
            if data not in self.applications:
                return _status(apdu.SW_FILE_NOT_FOUND)
            # Selecting an application resets its security state, as on the card.
            self.application, self.current, self.verified = data, None, set()
            return _status(apdu.SW_OK)
        if command[2] == apdu.SELECT_EF_BY_ID:
            files = self.applications.get(self.application or b"", {})
            found = files.get(int.from_bytes(data, "big")) if len(data) == 2 else None
            if found is None:
                return _status(apdu.SW_FILE_NOT_FOUND)
            self.current = found
            return _status(apdu.SW_OK)
        return _status(apdu.SW_WRONG_P1P2)

    def _verify(self, command: list[int]) -> Response:
        if not isinstance(self.current, _PinFile):
            return _status(apdu.SW_NO_CURRENT_EF)
        pin = self.current.pin
        tries_left = self.card.pins[pin].tries_left
        if tries_left == 0:
            return _status(apdu.SW_PIN_BLOCKED)
        if len(command) == 4:
            return _status(apdu.SW_PIN_TRIES | tries_left)
        secret = self._command_data(command)
        if secret is None:
            return _status(apdu.SW_WRONG_LENGTH)
        if self.card.check_pin(pin, secret.decode("ascii", errors="replace")):
            self.verified.add(pin)
            return _status(apdu.SW_OK)
        return _status(apdu.SW_PIN_TRIES | self.card.pins[pin].tries_left)

    def _read_binary(self, command: list[int]) -> Response:
        if len(command) != 5:
            return _status(apdu.SW_WRONG_LENGTH)
        if not isinstance(self.current, _DataFile):
            return _status(apdu.SW_NO_CURRENT_EF)
        if self.current.pin is not None and self.current.pin not in self.verified:
            return _status(apdu.SW_SECURITY_NOT_SATISFIED)
        offset = command[2] << 8 | command[3]
        wanted = command[4] or apdu.SHORT_LE_MAX
        content = self.current.content
        if offset > len(content):
            return _status(apdu.SW_OFFSET_OUTSIDE_FILE)
        chunk = content[offset : offset + wanted]
        return _status(apdu.SW_OK if len(chunk) == wanted else apdu.SW_END_OF_FILE, chunk)

    def _compute_signature(self, command: list[int]) -> Response:
        if not isinstance(self.current, _KeyFile):
            return _status(apdu.SW_NO_CURRENT_EF)
        if self.current.pin not in self.verified:
            return _status(apdu.SW_SECURITY_NOT_SATISFIED)
        digest_info = self._command_data(command, with_le=True)
        if digest_info is None:
            return _status(apdu.SW_WRONG_LENGTH)
        if len(digest_info) != _DIGEST_INFO_LENGTH or not digest_info.startswith(
            apdu.SHA256_DIGEST_INFO_PREFIX
        ):
            return _status(apdu.SW_WRONG_DATA)
        digest = digest_info[len(apdu.SHA256_DIGEST_INFO_PREFIX) :]
        # The card pads the DigestInfo (PKCS#1 v1.5) and signs; Prehashed does the same.
        signature = self.current.key.sign(digest, padding.PKCS1v15(), Prehashed(hashes.SHA256()))
        return _status(apdu.SW_OK, signature)
