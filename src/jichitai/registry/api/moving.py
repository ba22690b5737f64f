"""Moves between municipalities in the resident registry's API (転出証明書情報): the former
municipality sends it after a 国内転出, the new one lists what it received (転入待ち) and
records the 転入 from it. The network between them is `registry.network` (住基ネット).
No `from __future__ import annotations`: django-ninja reads the annotations at import time.
"""

from typing import Any

from django.http import HttpResponse
from ninja import Router, Status

from jichitai.common.api_types import LgCode, ListOf, PositiveId, listed
from jichitai.idempotency.http import idempotent_write
from jichitai.identity.access import StaffApiRequest, staff_api_check
from jichitai.registry import selectors
from jichitai.registry.api.changes import address_of, change_write
from jichitai.registry.permissions import STAFF_ROLES
from jichitai.registry.schemas import (
    ChangeOut,
    MoveInFromCertificateIn,
    MoveOutCertificateOut,
    MoveOutCertificateSendIn,
    MoveOutCertificateSendOut,
)
from jichitai.registry.services import (
    move_out_certificate_send,
    move_out_certificates_access_record,
    residents_move_in_from_certificate,
)

router = Router()


@router.get(
    "/{lg_code}/registry/move-out-certificates",
    response=ListOf(MoveOutCertificateOut),
    url_name="registry_move_out_certificates",
    operation_id="jichitai_registry_api_move_out_certificates",
)
def move_out_certificates(request: StaffApiRequest, lg_code: LgCode) -> dict[str, Any]:
    """転入待ち: 転出証明書情報 received from former municipalities, soonest move first."""
    staff = staff_api_check(
        request, roles=STAFF_ROLES, action="registry.move_out_certificates_view"
    )
    pending = list(selectors.move_out_certificates_pending(municipality=request.municipality))
    move_out_certificates_access_record(
        actor=staff, certificates=pending, action="registry.move_out_certificates_view"
    )
    return listed(pending)


@router.post(
    "/{lg_code}/registry/changes/{int:change_id}/move-out-certificate",
    response=MoveOutCertificateSendOut,
    url_name="registry_move_out_certificate_send",
    operation_id="jichitai_registry_api_move_out_certificate_send_endpoint",
)
def move_out_certificate_send_endpoint(
    request: StaffApiRequest,
    response: HttpResponse,
    lg_code: LgCode,
    change_id: PositiveId,
    body: MoveOutCertificateSendIn,
) -> Status:
    """転出証明書情報の送付 after a 国内転出 (住民基本台帳法 第24条の2). Sending the same 転出
    again returns the first receipt."""
    staff = staff_api_check(
        request, roles=STAFF_ROLES, action="registry.api.move_out_certificate_send"
    )
    return idempotent_write(
        request,
        response,
        actor=staff,
        operation="registry.move_out_certificate_send",
        write=lambda: move_out_certificate_send(
            municipality=request.municipality,
            change_id=change_id,
            destination_lg_code=body.destination_lg_code,
            actor=staff,
        ),
        # The receipt is the destination's id of the message: it is its own resource id.
        resource_id=str,
        load=str,
        status=200,
        answer=lambda receipt: {"receipt": receipt},
    )


@router.post(
    "/{lg_code}/registry/move-out-certificates/{int:move_out_certificate_id}/move-in",
    response={201: ChangeOut},
    url_name="registry_move_in_from_certificate",
    operation_id="jichitai_registry_api_move_in_from_certificate",
)
def move_in_from_certificate(
    request: StaffApiRequest,
    response: HttpResponse,
    lg_code: LgCode,
    move_out_certificate_id: PositiveId,
    body: MoveInFromCertificateIn,
) -> Status:
    """転入 (転入届の特例) from a received 転出証明書情報: only the new address and the dates."""
    return change_write(
        request,
        response,
        operation="move_in_from_certificate",
        service=residents_move_in_from_certificate,
        certificate_id=move_out_certificate_id,
        address=address_of(body.address),
        effective_on=body.effective_on,
        notified_on=body.notified_on,
        relationships=body.relationships,
        household_id=body.household_id,
    )
