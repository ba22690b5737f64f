"""The reader code against the simulated card: the APDUs and status words of a real card."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from jichitai.identity.jpki import apdu
from jichitai.identity.jpki.card import CardPin, MyNumberCardSession
from jichitai.identity.jpki.errors import CardCommandFailed, CardPinBlocked, CardPinWrong, JpkiError
from jichitai.identity.jpki.pcsc import pcsc_readers
from jichitai.identity.jpki.policies import CertificateKind
from jichitai.identity.jpki.simulated_card import SimulatedCard
from jichitai.identity.jpki.virtual_card import VirtualCard, virtual_card_issue
from jichitai.identity.tests.conftest import JpkiWorld
from jichitai.identity.tests.jpki_factories import der


class RecordingTransport:
    def __init__(self, card: SimulatedCard) -> None:
        self.card = card
        self.commands: list[list[int]] = []

    def transmit(self, command: list[int]) -> tuple[list[int], int, int]:
        self.commands.append(command)
        return self.card.transmit(command)


def _sw(response: tuple[list[int], int, int]) -> int:
    return response[1] << 8 | response[2]


@pytest.fixture
def fresh_card(jpki: JpkiWorld) -> VirtualCard:
    """A card of its own, since wrong PINs are remembered in the card file."""
    return virtual_card_issue(
        name="読取　試子",
        birth_date=dt.date(2001, 2, 3),
        sex="3",
        address="群馬県みどり市",
        my_number="123456789018",
    )


def test_counter_reads_my_number_and_basic_four(jpki_world: JpkiWorld) -> None:
    info = MyNumberCardSession(jpki_world.hanako.simulated()).read_card_info(pin="1234")
    assert info.my_number == "123456789018"
    assert info.name == "髙橋　花子"
    assert info.address == "群馬県みどり市笠懸町鹿２９５２番地"
    assert info.birth_date == dt.date(1990, 4, 1)
    assert info.sex == "2"


def test_certificates_are_read_in_chunks_with_the_length_from_the_header(
    jpki_world: JpkiWorld,
) -> None:
    transport = RecordingTransport(jpki_world.taro.simulated())
    certificate = MyNumberCardSession(transport).read_certificate(CertificateKind.AUTHENTICATION)
    assert certificate == jpki_world.taro.authentication_certificate
    reads = [c for c in transport.commands if c[1] == apdu.INS_READ_BINARY]
    assert len(reads) >= 1 + len(certificate.tbs_certificate_bytes) // 256
    assert transport.commands[0] == [0x00, 0xA4, 0x04, 0x0C, 10, *apdu.JPKI_AID]


def test_signing_certificate_needs_the_signing_password(jpki_world: JpkiWorld) -> None:
    card = jpki_world.taro.simulated()
    card.transmit(apdu.select_application(apdu.JPKI_AID))
    card.transmit(apdu.select_file(apdu.JpkiFile.SIGNING_CERTIFICATE))
    assert _sw(card.transmit(apdu.read_binary(0, 7))) == apdu.SW_SECURITY_NOT_SATISFIED
    session = MyNumberCardSession(jpki_world.taro.simulated())
    assert (
        session.read_certificate(CertificateKind.SIGNING, password="TARO2026")
        == jpki_world.taro.signing_certificate
    )


def test_card_signature_verifies_with_the_certificate_key(jpki_world: JpkiWorld) -> None:
    signature = MyNumberCardSession(jpki_world.taro.simulated()).sign(
        CertificateKind.AUTHENTICATION, pin="4321", data=b"nonce"
    )
    key = jpki_world.taro.authentication_certificate.public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    key.verify(signature, b"nonce", padding.PKCS1v15(), hashes.SHA256())


def test_wrong_pin_counts_down_then_blocks(fresh_card: VirtualCard) -> None:
    session = MyNumberCardSession(fresh_card.simulated())
    assert session.pin_tries_left(CardPin.CARD_INFO) == 3
    with pytest.raises(CardPinWrong) as first:
        session.read_card_info(pin="0000")
    assert first.value.tries_left == 2
    assert first.value.code == "jpki.card_pin_wrong"
    with pytest.raises(CardPinWrong):
        session.read_card_info(pin="0000")
    with pytest.raises(CardPinBlocked):
        session.read_card_info(pin="0000")
    # Blocked stays blocked, even with the right PIN, and even after the card is put back.
    with pytest.raises(CardPinBlocked) as blocked:
        MyNumberCardSession(VirtualCard.load(fresh_card.card_id).simulated()).read_card_info(
            pin="1234"
        )
    assert blocked.value.code == "jpki.card_pin_blocked"


def test_right_pin_resets_the_count(fresh_card: VirtualCard) -> None:
    with pytest.raises(CardPinWrong):
        fresh_card.sign_challenge(b"x", "9999")
    fresh_card.sign_challenge(b"x", "1234")
    assert MyNumberCardSession(fresh_card.simulated()).pin_tries_left(CardPin.AUTHENTICATION) == 3


def test_card_answers_malformed_commands_with_status_words(jpki_world: JpkiWorld) -> None:
    card = jpki_world.hanako.simulated()
    assert (
        _sw(card.transmit(apdu.select_application(bytes.fromhex("D392F0002601000000FF"))))
        == apdu.SW_FILE_NOT_FOUND
    )
    assert _sw(card.transmit([0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3])) == apdu.SW_WRONG_LENGTH
    assert _sw(card.transmit([0x00, 0xA4])) == apdu.SW_WRONG_LENGTH
    assert _sw(card.transmit([0x00, 0xCA, 0x00, 0x00, 0x00])) == apdu.SW_INS_NOT_SUPPORTED
    assert _sw(card.transmit([0x90, 0xA4, 0x00, 0x00])) == apdu.SW_CLA_NOT_SUPPORTED
    card.transmit(apdu.select_application(apdu.JPKI_AID))
    assert _sw(card.transmit(apdu.select_file(0x1234))) == apdu.SW_FILE_NOT_FOUND
    assert _sw(card.transmit(apdu.verify(None))) == apdu.SW_NO_CURRENT_EF
    card.transmit(apdu.select_file(apdu.JpkiFile.AUTHENTICATION_CERTIFICATE))
    size = len(der(jpki_world.hanako.authentication_certificate))
    tail = card.transmit(apdu.read_binary(size - 3, 10))
    assert (_sw(tail), len(tail[0])) == (apdu.SW_END_OF_FILE, 3)
    assert _sw(card.transmit(apdu.read_binary(size + 1, 1))) == apdu.SW_OFFSET_OUTSIDE_FILE
    assert _sw(card.transmit(apdu.compute_signature(b"\x00" * 51))) == apdu.SW_NO_CURRENT_EF


def test_signing_without_verified_pin_is_refused_by_the_card(jpki_world: JpkiWorld) -> None:
    card = jpki_world.hanako.simulated()
    card.transmit(apdu.select_application(apdu.JPKI_AID))
    card.transmit(apdu.select_file(apdu.JpkiFile.AUTHENTICATION_KEY))
    response = card.transmit(apdu.compute_signature(apdu.sha256_digest_info(b"\x00" * 32)))
    assert _sw(response) == apdu.SW_SECURITY_NOT_SATISFIED
    with pytest.raises(CardCommandFailed) as caught:
        MyNumberCardSession(card).read_certificate(CertificateKind.SIGNING)
    assert caught.value.code == "jpki.card_error"


def test_without_pyscard_the_reader_says_what_to_install() -> None:
    with pytest.raises(JpkiError) as caught:
        pcsc_readers()
    assert caught.value.code == "jpki.reader_unavailable"
    assert "pyscard" in caught.value.detail


def test_a_wrong_secret_is_named_as_the_resident_knows_it(fresh_card: VirtualCard) -> None:
    session = MyNumberCardSession(fresh_card.simulated())
    with pytest.raises(CardPinWrong) as signing:
        session.read_certificate(CertificateKind.SIGNING, password="WRONG1")
    assert signing.value.detail.startswith("署名用電子証明書のパスワードが違います。")
    with pytest.raises(CardPinWrong) as authentication:
        session.sign(CertificateKind.AUTHENTICATION, pin="0000", data=b"nonce")
    assert authentication.value.detail.startswith("利用者証明用の暗証番号が違います。")
