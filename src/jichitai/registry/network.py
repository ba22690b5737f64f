"""住基ネット (住民基本台帳ネットワークシステム): the interface between municipalities' registers.

DESIGN.md: flows between municipalities go only through explicit interfaces that stand for
the national networks; no query joins two municipalities' rows. A move's 転出証明書情報
(住民基本台帳法 第24条の2, 施行令 第23条) leaves the former municipality as a
`MoveOutCertificateData` message and arrives at the new one through `ResidentNetwork`.

`InDeploymentNetwork` delivers to a municipality served by this same deployment (共同利用).
A connection to the real 住基ネット (through the CS 端末 of each municipality) would be
another implementation of the same protocol, chosen with JICHITAI_RESIDENT_NETWORK.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from jichitai.registry.inputs import PersonData


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


class ResidentNetwork(Protocol):
    def deliver_move_out_certificate(self, certificate: MoveOutCertificateData) -> str:
        """Hands the certificate to the destination; returns its id there (the receipt).
        Raises DestinationNotConnected when the destination cannot be reached."""

    def deliver_move_in_notice(self, notice: MoveInNotice) -> bool:
        """Hands the 転入通知 to the former municipality; False when this network does not
        reach it (the real 住基ネット reaches every municipality). Raises what the former
        municipality refuses (its 転出 cancelled, dates that would overlap)."""


class InDeploymentNetwork:
    """Delivery to a municipality of this deployment, in the sender's transaction: the 転出 and
    its hand-over commit together or not at all."""

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
