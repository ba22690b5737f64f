"""Talking to a My Number card over any transport: a PC/SC reader or the simulated card.

`MyNumberCardSession` sends the public APDU sequence (see `apdu.py`) and turns status words
into the card's refusals: 63Cx → CardPinWrong (x tries left), 6983 → CardPinBlocked, any
other → CardCommandFailed. It never keeps a PIN after the call it was given to.
"""

from __future__ import annotations

import enum
import hashlib
from typing import Protocol

from cryptography import x509

from jichitai.identity.jpki import apdu
from jichitai.identity.jpki.card_files import (
    HEADER_BYTES,
    CardInfo,
    parse_card_info,
    tlv_total_length,
)
from jichitai.identity.jpki.certificates import load_certificate
from jichitai.identity.jpki.errors import CardCommandFailed, CardPinBlocked, CardPinWrong
from jichitai.identity.jpki.policies import CertificateKind

# A chunk per READ BINARY: the largest a short APDU's Le can ask for.
READ_CHUNK = apdu.SHORT_LE_MAX


class CardTransport(Protocol):
    """pyscard's CardConnection.transmit signature: APDU bytes in, (data, SW1, SW2) out."""

    def transmit(self, apdu: list[int]) -> tuple[list[int], int, int]: ...


class CardPin(enum.Enum):
    """The card's PINs: (application, PIN file)."""

    AUTHENTICATION = (apdu.JPKI_AID, apdu.JpkiFile.AUTHENTICATION_PIN)  # 利用者証明用暗証番号
    SIGNING = (apdu.JPKI_AID, apdu.JpkiFile.SIGNING_PIN)  # 署名用パスワード
    CARD_INFO = (apdu.CARD_INFO_AID, apdu.CardInfoFile.PIN)  # 券面事項入力補助用暗証番号

    @property
    def application(self) -> bytes:
        application: bytes = self.value[0]
        return application

    @property
    def secret_name(self) -> str:
        """The PIN as the resident knows it, for messages."""
        return {
            CardPin.AUTHENTICATION: "利用者証明用の暗証番号",
            CardPin.SIGNING: "署名用電子証明書のパスワード",
            CardPin.CARD_INFO: "券面事項入力補助用の暗証番号",
        }[self]

    @property
    def file_id(self) -> int:
        return int(self.value[1])


_CERTIFICATE_FILES = {
    CertificateKind.AUTHENTICATION: apdu.JpkiFile.AUTHENTICATION_CERTIFICATE,
    CertificateKind.SIGNING: apdu.JpkiFile.SIGNING_CERTIFICATE,
}
_KEYS = {
    CertificateKind.AUTHENTICATION: (CardPin.AUTHENTICATION, apdu.JpkiFile.AUTHENTICATION_KEY),
    CertificateKind.SIGNING: (CardPin.SIGNING, apdu.JpkiFile.SIGNING_KEY),
}


def status_error(status_word: int) -> Exception:
    if status_word & 0xFFF0 == apdu.SW_PIN_TRIES:
        tries_left = status_word & 0x0F
        return CardPinBlocked() if tries_left == 0 else CardPinWrong(tries_left=tries_left)
    if status_word == apdu.SW_PIN_BLOCKED:
        return CardPinBlocked()
    return CardCommandFailed(status_word=status_word)


class MyNumberCardSession:
    """One conversation with a card in a reader (or the simulated card)."""

    def __init__(self, transport: CardTransport) -> None:
        self.transport = transport
        self.application: bytes | None = None

    def _send(self, command: list[int]) -> bytes:
        data, sw1, sw2 = self.transport.transmit(command)
        status_word = sw1 << 8 | sw2
        if status_word != apdu.SW_OK:
            raise status_error(status_word)
        return bytes(data)

    def _select(self, application: bytes, file_id: int) -> None:
        # Selecting the application again would reset its security state (verified PINs).
        if application != self.application:
            self._send(apdu.select_application(application))
            self.application = application
        self._send(apdu.select_file(file_id))

    def _read_selected_file(self) -> bytes:
        """READ BINARY of the whole file: its TLV header says how long it is."""
        head = self._send(apdu.read_binary(0, HEADER_BYTES))
        size = tlv_total_length(head)
        content = bytearray(head[:size])
        while len(content) < size:
            chunk = self._send(apdu.read_binary(len(content), min(READ_CHUNK, size - len(content))))
            if not chunk:
                raise CardCommandFailed(status_word=apdu.SW_END_OF_FILE)
            content.extend(chunk)
        return bytes(content)

    def pin_tries_left(self, pin: CardPin) -> int:
        """VERIFY without a PIN: how many tries are left before the PIN blocks."""
        self._select(pin.application, pin.file_id)
        _data, sw1, sw2 = self.transport.transmit(apdu.verify(None))
        status_word = sw1 << 8 | sw2
        if status_word & 0xFFF0 == apdu.SW_PIN_TRIES:
            return status_word & 0x0F
        if status_word == apdu.SW_PIN_BLOCKED:
            return 0
        raise status_error(status_word)

    def _verify(self, pin: CardPin, secret: str) -> None:
        self._select(pin.application, pin.file_id)
        try:
            self._send(apdu.verify(secret.encode("ascii")))
        except CardPinWrong as wrong:
            raise CardPinWrong(tries_left=wrong.tries_left, pin_name=pin.secret_name) from None
        except CardPinBlocked:
            raise CardPinBlocked(pin_name=pin.secret_name) from None

    def read_certificate(
        self, kind: CertificateKind, *, password: str | None = None
    ) -> x509.Certificate:
        """A card certificate; the 署名用 one is readable only after its password."""
        if kind is CertificateKind.SIGNING:
            if password is None:
                raise CardCommandFailed(status_word=apdu.SW_SECURITY_NOT_SATISFIED)
            self._verify(CardPin.SIGNING, password)
        self._select(apdu.JPKI_AID, _CERTIFICATE_FILES[kind])
        return load_certificate(self._read_selected_file())

    def sign(self, kind: CertificateKind, *, pin: str, data: bytes) -> bytes:
        """RSA PKCS#1 v1.5 signature over SHA-256(data) by the card's key of that kind."""
        pin_ref, key_file = _KEYS[kind]
        self._verify(pin_ref, pin)
        self._send(apdu.select_file(key_file))
        digest_info = apdu.sha256_digest_info(hashlib.sha256(data).digest())
        return self._send(apdu.compute_signature(digest_info))

    def read_card_info(self, *, pin: str) -> CardInfo:
        """券面事項入力補助AP: 個人番号 and 基本4情報 after the 4-digit PIN."""
        self._verify(CardPin.CARD_INFO, pin)
        self._send(apdu.select_file(apdu.CardInfoFile.MY_NUMBER))
        my_number_data = self._read_selected_file()
        self._send(apdu.select_file(apdu.CardInfoFile.BASIC_FOUR))
        return parse_card_info(
            my_number_data=my_number_data, basic_four_data=self._read_selected_file()
        )
