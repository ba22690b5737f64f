"""住基ネット (住民基本台帳ネットワークシステム): the interface between municipalities' registers.

DESIGN.md: flows between municipalities go only through explicit interfaces that stand for
the national networks; no query joins two municipalities' rows. A move's 転出証明書情報
(住民基本台帳法 第24条の2, 施行令 第23条) leaves the former municipality as a
`MoveOutCertificateData` message and arrives at the new one through `ResidentNetwork`.

`InDeploymentNetwork` delivers to a municipality served by this same deployment (共同利用)
at once, in the sender's transaction. Everything else the register tells 住基ネット goes
through the outbox (`registry.models.NetworkMessage`, doc/j1090.txt §7.1.1.1 CSへの自動送信):
the 本人確認情報 of every change (住民基本台帳法 第30条の6), and the 転出証明書情報 and 転入通知
of moves to and from municipalities this deployment does not serve. The sender
(`registry.services.network_outbox_send`) hands each message to `ResidentNetwork.send`.
住民票コード for new records come from `resident_codes_obtain` (doc/j870.txt §4.3.1).

A connection to the real 住基ネット (through the CS of each municipality) is another
implementation of the same protocol, chosen with JICHITAI_RESIDENT_NETWORK: its
`delivers_directly` answers False (every message then waits in the outbox), `send` writes
the 電文 of the 既存住基システム改造仕様書 to the CS and returns the CS's receipt, and
`resident_codes_obtain` asks the CS for 空きコード. docs/operations.md says how to run it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import secrets
import uuid
from collections.abc import Mapping
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from jichitai.common.checkdigits import modulus11_check_digit, my_number_check_digit
from jichitai.registry.inputs import PersonData
from jichitai.tenants.models import Municipality


@dataclasses.dataclass(frozen=True, kw_only=True)
class MoveOutCertificateData:
    """転出証明書情報: one move of one or more people, as the former municipality sends it."""

    source_lg_code: str
    source_name: str
    source_reference: str  # the former municipality's 異動 id: a retried send is recognised
    destination_lg_code: str
    previous_address: str
    moving_to_address: str
    planned_on: dt.date
    persons: tuple[PersonData, ...]
    # 引越しワンストップ: the 受付番号 of the 転入予約 the resident filed at the destination
    # with the 転出届, so the destination links the two; "" for a move without one.
    reservation_reference: str = ""
    # What the apps of this deployment carry with the move (registry.signals
    # .move_out_certificate_composing), JSON values by namespaced key; the real 住基ネット
    # carries none, so an implementation for it drops this.
    carried: Mapping[str, Any] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True, kw_only=True)
class MoveInNotice:
    """転入通知 (住民基本台帳法 第9条第1項): the new municipality tells the former one that the
    people of its 転出 (`source_reference`) were registered as moved in on `moved_in_on` at
    `address`, so the former register ends where the new one begins."""

    former_lg_code: str
    # The former municipality's 異動 id, as in the 転出証明書情報; "" after a paper 転出証明書,
    # whose 転出 the former municipality finds by the people's 住民票コード.
    source_reference: str
    destination_lg_code: str
    destination_name: str
    moved_in_on: dt.date
    address: str
    resident_codes: tuple[str, ...]


@dataclasses.dataclass(frozen=True, kw_only=True)
class OutgoingMessage:
    """One 電文 of the outbox as the sender hands it over: `kind` (registry.models
    .NetworkMessageKind), the sending municipality, `reference` (the outbox id, so a retried
    send is recognised) and `payload`, built at send time (it may hold the 個人番号: it
    lives only in memory and in the network's own transport)."""

    kind: str
    lg_code: str
    reference: str
    payload: Mapping[str, Any]


# Why a 個人番号 is asked for (doc/j1130.txt §7.1.2.1): 指定 of a record without one (出生,
# 番号法第7条第1項), 変更 on the person's 請求 or 職権 (番号法第7条第2項).
MY_NUMBER_REQUEST_REASONS = ("designate", "change_on_request", "change_ex_officio")


class NetworkSendFailed(Exception):
    """The network refused or could not take a message. `code` is a short machine code
    (no personal data): it is stored on the outbox row and shown to staff."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code[:40]


class ResidentNetwork(Protocol):
    def delivers_directly(self, lg_code: str) -> bool:
        """True when a 転出証明書情報 or 転入通知 for `lg_code` is delivered at once by
        `deliver_move_out_certificate` / `deliver_move_in_notice`; False when it goes
        through the outbox and `send`."""

    def send(self, message: OutgoingMessage) -> str:
        """Hands one outbox message to 住基ネット; returns the receipt. Raises
        NetworkSendFailed (the sender retries with back-off)."""

    def resident_codes_obtain(self, *, lg_code: str, count: int) -> tuple[str, ...]:
        """住民票コード空きコード for new records (doc/j870.txt §4.3.1): `count` unused codes,
        each 10 digits and its 検査数字. Raises NetworkSendFailed."""

    def my_number_request(self, *, lg_code: str, resident_code: str, reason: str) -> str:
        """個人番号の生成要求・変更要求 (doc/j1130.txt §7.1.2.1): a new 個人番号 for the person
        of `resident_code`, 12 digits with its 検査用数字; `reason` is one of
        MY_NUMBER_REQUEST_REASONS. Raises NetworkSendFailed."""

    def user_certificate_serial_obtain(self, *, lg_code: str, resident_code: str) -> str:
        """利用者証明用電子証明書のシリアル番号 (doc/j1160.txt §7.1.2.4) of the 個人番号カード of
        the person of `resident_code`. Raises NetworkSendFailed (also "card.no_certificate")."""

    def identity_read(self, *, lg_code: str, resident_code: str) -> Mapping[str, Any] | None:
        """本人確認情報 the CS holds for `resident_code` (doc/j1100.txt §7.1.1.2 整合性確認), the
        items of an identity 電文 without its 異動; None when it holds none.
        Raises NetworkSendFailed."""

    def is_operating(self, *, lg_code: str) -> bool:
        """住基ネットの稼働状況 (doc/j1160.txt §7.1.2.4): whether the municipality's CS answers."""

    def deliver_move_out_certificate(self, certificate: MoveOutCertificateData) -> str:
        """Hands the certificate to the destination; returns its id there (the receipt).
        Raises DestinationNotConnected when the destination cannot be reached."""

    def deliver_move_in_notice(self, notice: MoveInNotice) -> bool:
        """Hands the 転入通知 to the former municipality; False when this network does not
        reach it (the real 住基ネット reaches every municipality). Raises what the former
        municipality refuses (its 転出 cancelled, dates that would overlap)."""


class InDeploymentNetwork:
    """Delivery to a municipality of this deployment, in the sender's transaction: the 転出 and
    its hand-over commit together or not at all. For everything else it stands in for the CS:
    it accepts each outbox message and returns a receipt (the message is recorded as sent on
    the outbox row), and it issues random valid 住民票コード."""

    def delivers_directly(self, lg_code: str) -> bool:
        return Municipality.objects.filter(lg_code=lg_code, is_served=True).exists()

    def send(self, message: OutgoingMessage) -> str:
        return f"DEMO-{uuid.uuid4().hex[:16]}"

    def resident_codes_obtain(self, *, lg_code: str, count: int) -> tuple[str, ...]:
        # Nationally the 地方公共団体情報システム機構 hands out codes no one holds; randomness
        # stands in for that here, and the register refuses a code already in use.
        bodies = (f"{secrets.randbelow(10**10):010d}" for _ in range(count))
        return tuple(f"{body}{modulus11_check_digit(body)}" for body in bodies)

    def my_number_request(self, *, lg_code: str, resident_code: str, reason: str) -> str:
        # Nationally 地方公共団体情報システム機構 generates the number from the 住民票コード;
        # randomness stands in for that, and the register refuses a number already in use.
        body = f"{secrets.randbelow(10**11):011d}"
        return f"{body}{my_number_check_digit(body)}"

    def user_certificate_serial_obtain(self, *, lg_code: str, resident_code: str) -> str:
        # The same card keeps its serial: a digest of the person stands in for the JPKI's.
        digest = hashlib.sha256(f"{lg_code}:{resident_code}".encode()).hexdigest()
        return digest[:16].upper()

    def identity_read(self, *, lg_code: str, resident_code: str) -> Mapping[str, Any] | None:
        # The demo CS holds what it was last sent: the 電文 of the newest identity message
        # sent for the person, built again from its history row (rows never change).
        from jichitai.registry.models import NetworkMessage, NetworkMessageKind
        from jichitai.registry.services.network import identity_items

        message = (
            NetworkMessage.objects.for_municipality(lg_code)
            .filter(
                kind=NetworkMessageKind.IDENTITY_UPDATE,
                status=NetworkMessage.Status.SENT,
                history__snapshot__resident_code=resident_code,
            )
            .select_related("history")
            .order_by("-pk")
            .first()
        )
        if message is None or message.history is None:
            return None
        return identity_items(message.history.snapshot, lg_code=lg_code)

    def is_operating(self, *, lg_code: str) -> bool:
        return True

    def deliver_move_out_certificate(self, certificate: MoveOutCertificateData) -> str:
        # Imported here: the receiving service lives beside the sending one, and both import
        # this module for the message type.
        from jichitai.registry.services.moves_between_municipalities import (
            move_out_certificate_receive,
        )

        return str(move_out_certificate_receive(certificate=certificate).public_id)

    def deliver_move_in_notice(self, notice: MoveInNotice) -> bool:
        """Delivered in the 転入's transaction: if the former municipality refuses, no 転入 is
        recorded either, so nobody is ever registered in two places."""
        from jichitai.registry.services.moves_between_municipalities import move_in_notice_receive

        return move_in_notice_receive(notice=notice) is not None


def resident_network() -> ResidentNetwork:
    network: ResidentNetwork = import_string(settings.JICHITAI_RESIDENT_NETWORK)()
    return network
