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


class ResidentNetwork(Protocol):
    def deliver_move_out_certificate(self, certificate: MoveOutCertificateData) -> str:
        """Hands the certificate to the destination; returns its id there (the receipt).
        Raises DestinationNotConnected when the destination cannot be reached."""


class InDeploymentNetwork:
    """Delivery to a municipality of this deployment, in the sender's transaction: the 転出 and
    its hand-over commit together or not at all."""

    def deliver_move_out_certificate(self, certificate: MoveOutCertificateData) -> str:
        # Imported here: the receiving service lives beside the sending one, and both import
        # this module for the message type.
        from jichitai.registry.services.moving import move_out_certificate_receive

        return str(move_out_certificate_receive(certificate=certificate).public_id)


def resident_network() -> ResidentNetwork:
    network: Any = import_string(settings.JICHITAI_RESIDENT_NETWORK)()
    return network  # type: ignore[no-any-return]
