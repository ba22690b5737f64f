"""PC/SC access to real card readers through pyscard — an optional extra (`jichitai[reader]`).

pyscard is a C extension built against libpcsclite and talks to the pcscd service, so it is
imported only here and only when a reader is used; without it the counter still works with
the simulated card and every other feature.
"""

from __future__ import annotations

from types import ModuleType

from jichitai.identity.jpki.card import CardTransport
from jichitai.identity.jpki.errors import ReaderUnavailable


def _pyscard() -> ModuleType:
    try:
        import smartcard.System
    except ImportError:
        raise ReaderUnavailable(
            detail="カードリーダーを使うには pyscard が必要です（pip install 'jichitai[reader]'、"
            "Debian では先に apt-get install swig libpcsclite-dev pcscd）。"
        ) from None
    module: ModuleType = smartcard
    return module


def pcsc_readers() -> list[str]:
    """The names of the connected readers. Raises ReaderUnavailable when PC/SC is not there."""
    smartcard = _pyscard()
    try:
        return [str(reader) for reader in smartcard.System.readers()]
    except smartcard.Exceptions.SmartcardException:
        raise ReaderUnavailable(
            detail="PC/SCサービス（pcscd）に接続できません。pcscd が動いているか確認してください。"
        ) from None


def pcsc_connect(reader_name: str | None = None) -> CardTransport:
    """A connection to the card in the named reader (or the only/first one).

    pyscard's CardConnection already has the transport's `transmit(apdu) -> (data, sw1, sw2)`.
    """
    smartcard = _pyscard()
    names = pcsc_readers()
    if not names:
        raise ReaderUnavailable(detail="カードリーダーが見つかりません。接続を確認してください。")
    chosen = reader_name or names[0]
    readers = {str(reader): reader for reader in smartcard.System.readers()}
    if chosen not in readers:
        raise ReaderUnavailable(detail="指定されたカードリーダーが見つかりません。")
    connection = readers[chosen].createConnection()
    try:
        connection.connect()
    except smartcard.Exceptions.SmartcardException:
        raise ReaderUnavailable(
            detail="カードを読み取れません。マイナンバーカードをリーダーに置き直してください。"
        ) from None
    return connection  # type: ignore[no-any-return]  # pyscard is untyped
