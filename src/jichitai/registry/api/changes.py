"""異動 of the resident registry's API within the municipality: 記載, 消除, 転居, 世帯の変更,
氏名などの変更, 職権修正, 個人番号の変更 and the 取消し; each answers 201 with the change.

An endpoint's body fields carry the names of its service's keyword arguments
(`change_arguments`), so a handler names only its operation and its service.
Every write accepts an `Idempotency-Key` header: a retry with the same key returns the first
result and writes nothing (`change_write`, on `idempotency.http.idempotent_write`).
No `from __future__ import annotations`: django-ninja reads the annotations at import time.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.http import HttpResponse
from ninja import Router, Schema, Status

from jichitai.common.api_types import LgCode, PositiveId
from jichitai.idempotency.http import idempotent_write
from jichitai.identity.access import Role, StaffApiRequest, staff_api_check
from jichitai.registry.inputs import PersonData
from jichitai.registry.models import Change, ChangeBasis, ChangeType
from jichitai.registry.permissions import REVIEW_ROLES, STAFF_ROLES
from jichitai.registry.schemas import (
    AddressIn,
    CancelIn,
    ChangeOut,
    CorrectionIn,
    EntryIn,
    HeadChangeIn,
    MoveWithinIn,
    MyNumberChangeIn,
    NameChangeIn,
    RemovalIn,
    SplitIn,
    TransferIn,
)
from jichitai.registry.services import (
    Address,
    ChangeCircumstances,
    change_cancel,
    household_head_change,
    household_split,
    household_transfer,
    resident_alias_change,
    resident_correct,
    resident_former_surname_change,
    resident_my_number_change,
    resident_name_change,
    residents_move_within,
    residents_register,
    residents_remove,
)

router = Router()


def change_write(
    request: StaffApiRequest,
    response: HttpResponse,
    *,
    operation: str,
    service: Callable[..., Change],
    roles: tuple[Role, ...] = STAFF_ROLES,
    **arguments: Any,
) -> Status:
    """One 異動 by `service(municipality=…, actor=…, **arguments)`, at most once per
    Idempotency-Key: 201 with the change."""
    staff = staff_api_check(request, roles=roles, action=f"registry.api.{operation}")
    return idempotent_write(
        request,
        response,
        actor=staff,
        operation=f"registry.{operation}",
        write=lambda: service(municipality=request.municipality, actor=staff, **arguments),
        load=lambda pk: Change.objects.for_municipality(request.municipality).get(pk=int(pk)),
        status=201,
    )


def address_of(body: AddressIn) -> Address:
    """住所 as the services take it."""
    return Address(**body.dict())


def change_arguments(body: Schema) -> dict[str, Any]:
    """The service's keyword arguments from a body: its fields as they are, but `type` as the
    change's type, `address` as an Address and `people` as PersonData."""
    arguments = {name: getattr(body, name) for name in type(body).model_fields}
    if "type" in arguments:
        arguments["change_type"] = ChangeType(arguments.pop("type"))
    if "address" in arguments:
        arguments["address"] = address_of(arguments["address"])
    if "people" in arguments:
        arguments["people"] = [PersonData(**person.dict()) for person in arguments["people"]]
    if "basis" in arguments:
        arguments["circumstances"] = circumstances_of_body(
            arguments.pop("basis"), arguments.pop("offered_on"), arguments.pop("notifier_name")
        )
    return arguments


def circumstances_of_body(
    basis: ChangeBasis, offered_on: dt.date | None, notifier_name: str = ""
) -> ChangeCircumstances:
    """届出・職権の別 and 申出日 of a body; an API client has no session, so the
    municipality's default 入力場所 is recorded."""
    return ChangeCircumstances(
        basis=ChangeBasis(basis), offered_on=offered_on, notifier_name=notifier_name
    )


@router.post(
    "/{lg_code}/registry/changes/entry",
    response={201: ChangeOut},
    url_name="registry_change_entry",
    operation_id="jichitai_registry_api_entry",
)
def entry(
    request: StaffApiRequest, response: HttpResponse, lg_code: LgCode, body: EntryIn
) -> Status:
    """記載: 国内転入, 国外転入, 出生, 職権記載 (a new household, or into `household_id`)."""
    return change_write(
        request, response, operation="entry", service=residents_register, **change_arguments(body)
    )


@router.post(
    "/{lg_code}/registry/changes/removal",
    response={201: ChangeOut},
    url_name="registry_change_removal",
    operation_id="jichitai_registry_api_removal",
)
def removal(
    request: StaffApiRequest, response: HttpResponse, lg_code: LgCode, body: RemovalIn
) -> Status:
    """消除: 国内転出 (転出予定日 allowed), 国外転出, 死亡, 職権消除."""
    return change_write(
        request, response, operation="removal", service=residents_remove, **change_arguments(body)
    )


@router.post(
    "/{lg_code}/registry/changes/move-within",
    response={201: ChangeOut},
    url_name="registry_change_move_within",
    operation_id="jichitai_registry_api_move_within",
)
def move_within(
    request: StaffApiRequest, response: HttpResponse, lg_code: LgCode, body: MoveWithinIn
) -> Status:
    """転居 (the whole household, or some members forming a new household)."""
    return change_write(
        request,
        response,
        operation="move_within",
        service=residents_move_within,
        **change_arguments(body),
    )


@router.post(
    "/{lg_code}/registry/changes/household-split",
    response={201: ChangeOut},
    url_name="registry_change_split",
    operation_id="jichitai_registry_api_split",
)
def split(
    request: StaffApiRequest, response: HttpResponse, lg_code: LgCode, body: SplitIn
) -> Status:
    """世帯分離."""
    return change_write(
        request,
        response,
        operation="household_split",
        service=household_split,
        **change_arguments(body),
    )


@router.post(
    "/{lg_code}/registry/changes/household-transfer",
    response={201: ChangeOut},
    url_name="registry_change_transfer",
    operation_id="jichitai_registry_api_transfer",
)
def transfer(
    request: StaffApiRequest, response: HttpResponse, lg_code: LgCode, body: TransferIn
) -> Status:
    """世帯変更 (some members join another household) or 世帯合併 (`merge`: all of them)."""
    return change_write(
        request,
        response,
        operation="household_transfer",
        service=household_transfer,
        **change_arguments(body),
    )


@router.post(
    "/{lg_code}/registry/changes/head-change",
    response={201: ChangeOut},
    url_name="registry_change_head",
    operation_id="jichitai_registry_api_head_change",
)
def head_change(
    request: StaffApiRequest, response: HttpResponse, lg_code: LgCode, body: HeadChangeIn
) -> Status:
    """世帯主変更 (every 続柄 re-derived; give `relationships` to confirm or override)."""
    return change_write(
        request,
        response,
        operation="head_change",
        service=household_head_change,
        **change_arguments(body),
    )


# The three kinds of name item: the service and the names of its value, kana and フリガナ確認
# フラグ arguments (doc/j180.txt §1.1.18).
_NAME_SERVICES: dict[str, tuple[Callable[..., Change], str, str, str]] = {
    "name": (resident_name_change, "name", "name_kana", "name_kana_confirmed"),
    "former_surname": (
        resident_former_surname_change,
        "former_surname",
        "former_surname_kana",
        "former_surname_kana_confirmed",
    ),
    "alias": (resident_alias_change, "alias", "alias_kana", "alias_kana_confirmed"),
}


@router.post(
    "/{lg_code}/registry/residents/{int:resident_id}/name",
    response={201: ChangeOut},
    url_name="registry_change_name",
    operation_id="jichitai_registry_api_name_change",
)
def name_change(
    request: StaffApiRequest,
    response: HttpResponse,
    lg_code: LgCode,
    resident_id: PositiveId,
    body: NameChangeIn,
) -> Status:
    """氏名の変更, 旧氏の記載・変更・削除, 通称の記載・削除 (empty `value` deletes 旧氏/通称)."""
    service, value_field, kana_field, confirmed_field = _NAME_SERVICES[body.kind]
    names: dict[str, Any] = {
        value_field: body.value,
        kana_field: body.kana,
        confirmed_field: body.kana_confirmed,
    }
    return change_write(
        request,
        response,
        operation=f"{body.kind}_change",
        service=service,
        resident_id=resident_id,
        **names,
        effective_on=body.effective_on,
        notified_on=body.notified_on,
        note=body.note,
        circumstances=circumstances_of_body(body.basis, body.offered_on, body.notifier_name),
    )


@router.post(
    "/{lg_code}/registry/residents/{int:resident_id}/correction",
    response={201: ChangeOut},
    url_name="registry_change_correction",
    operation_id="jichitai_registry_api_correction",
)
def correction(
    request: StaffApiRequest,
    response: HttpResponse,
    lg_code: LgCode,
    resident_id: PositiveId,
    body: CorrectionIn,
) -> Status:
    """職権修正・誤記修正 (住民記録審査 only; allowed on 除票)."""
    return change_write(
        request,
        response,
        operation="correction",
        service=resident_correct,
        roles=REVIEW_ROLES,
        resident_id=resident_id,
        change_type=ChangeType(body.type),
        # Only the items sent are changed: an item left out is not an item emptied.
        updates=body.updates.model_dump(exclude_unset=True),
        reason=body.reason,
        effective_on=body.effective_on,
    )


@router.post(
    "/{lg_code}/registry/residents/{int:resident_id}/my-number/change",
    response={201: ChangeOut},
    url_name="registry_change_my_number",
    operation_id="jichitai_registry_api_my_number_change",
)
def my_number_change(
    request: StaffApiRequest,
    response: HttpResponse,
    lg_code: LgCode,
    resident_id: PositiveId,
    body: MyNumberChangeIn,
) -> Status:
    """個人番号の変更 (住民記録審査 only)."""
    return change_write(
        request,
        response,
        operation="my_number_change",
        service=resident_my_number_change,
        roles=REVIEW_ROLES,
        resident_id=resident_id,
        **change_arguments(body),
    )


@router.post(
    "/{lg_code}/registry/changes/{int:change_id}/cancel",
    response={201: ChangeOut},
    url_name="registry_change_cancel",
    operation_id="jichitai_registry_api_cancel",
)
def cancel(
    request: StaffApiRequest,
    response: HttpResponse,
    lg_code: LgCode,
    change_id: PositiveId,
    body: CancelIn,
) -> Status:
    """異動の取消し (住民記録審査 only): all or some people of any change no later change
    stands on; `offered_on` (申出日) when on 申出."""
    return change_write(
        request,
        response,
        operation="cancel",
        service=change_cancel,
        roles=REVIEW_ROLES,
        change_id=change_id,
        **change_arguments(body),
    )
