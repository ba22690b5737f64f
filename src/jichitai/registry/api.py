"""API of the resident registry (住民記録): search, records, households, history, as-of reads,
one endpoint per 異動, the audited 個人番号 reveal.

Every write accepts an `Idempotency-Key` header: a retry with the same key returns the first
result and writes nothing. Search takes a POST body so that names never appear in URLs.
No `from __future__ import annotations`: django-ninja reads the annotations at import time.
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Status

from jichitai.common.api_types import LgCode, ListOf, PositiveId, listed
from jichitai.common.exceptions import Conflict
from jichitai.idempotency.http import idempotent_request, replayed_mark
from jichitai.identity.access import Role, staff_check
from jichitai.identity.auth import staff_auth
from jichitai.identity.models import StaffUser
from jichitai.registry import selectors
from jichitai.registry.certificates.documents import CertificateOptions
from jichitai.registry.certificates.services import CertificateRequest, certificate_issue
from jichitai.registry.error_codes import CertificateErrorCode
from jichitai.registry.inputs import PersonData
from jichitai.registry.models import Change, ChangeType, Resident
from jichitai.registry.permissions import REVIEW_ROLES, STAFF_ROLES
from jichitai.registry.schemas import (
    AsOfIn,
    AsOfOut,
    CancelIn,
    CertificateIn,
    ChangeOut,
    CorrectionIn,
    EntryIn,
    HeadChangeIn,
    HistoryOut,
    HouseholdOut,
    MoveInFromCertificateIn,
    MoveOutCertificateOut,
    MoveOutCertificateSendIn,
    MoveOutCertificateSendOut,
    MoveWithinIn,
    MyNumberChangeIn,
    NameChangeIn,
    RemovalIn,
    ResidentOut,
    ResidentSummaryOut,
    RevealIn,
    RevealOut,
    SearchIn,
    SplitIn,
    TransferIn,
)
from jichitai.registry.services import (
    Address,
    change_cancel,
    household_head_change,
    household_split,
    household_transfer,
    move_out_certificate_send,
    move_out_certificates_access_record,
    resident_access_record,
    resident_alias_change,
    resident_correct,
    resident_former_surname_change,
    resident_my_number_change,
    resident_my_number_reveal,
    resident_name_change,
    residents_move_in_from_certificate,
    residents_move_within,
    residents_register,
    residents_remove,
)

router = Router(tags=["registry"], auth=staff_auth)


def _staff(request: HttpRequest, *, roles: tuple[Role, ...], action: str) -> StaffUser:
    return staff_check(
        user=request.auth,
        municipality=request.municipality,  # type: ignore[attr-defined]
        roles=roles,
        action=action,
    )


def _write(
    request: HttpRequest,
    response: HttpResponse,
    *,
    operation: str,
    roles: tuple[Role, ...] = STAFF_ROLES,
    write: Callable[[StaffUser], Change],
) -> Change:
    staff = _staff(request, roles=roles, action=f"registry.api.{operation}")
    municipality = request.municipality  # type: ignore[attr-defined]
    change, replayed = idempotent_request(
        request,
        actor=staff,
        operation=f"registry.{operation}",
        write=lambda: write(staff),
        resource_id=lambda change: str(change.pk),
        load=lambda pk: Change.objects.for_municipality(municipality).get(pk=int(pk)),
    )
    replayed_mark(response, replayed)
    return Status(201, change)


def _address(body: Any) -> Address:
    return Address(
        address=body.address, address_extra=body.address_extra, postal_code=body.postal_code
    )


def _dates(body: Any) -> dict[str, Any]:
    return {"effective_on": body.effective_on, "notified_on": body.notified_on, "note": body.note}


# ---------------------------------------------------------------------------- reads


@router.post(
    "/{lg_code}/registry/residents/search",
    response=ListOf(ResidentSummaryOut),
    url_name="registry_resident_search",
)
def search(request: HttpRequest, lg_code: LgCode, body: SearchIn) -> dict[str, Any]:
    """住民検索 (reading, name, 生年月日 in 西暦 or 和暦, address, 住民票コード, 個人番号)."""
    staff = _staff(request, roles=STAFF_ROLES, action="registry.search")
    found = list(
        selectors.resident_search(
            municipality=request.municipality,  # type: ignore[attr-defined]
            query=selectors.ResidentQuery(**body.dict()),
        )
    )
    resident_access_record(actor=staff, residents=found, action="registry.search")
    return listed(found)


@router.get(
    "/{lg_code}/registry/residents/{int:resident_id}",
    response=ResidentOut,
    url_name="registry_resident_detail",
)
def resident_detail(request: HttpRequest, lg_code: LgCode, resident_id: PositiveId) -> Resident:
    """住民票 (one record, living or 除票)."""
    staff = _staff(request, roles=STAFF_ROLES, action="registry.view")
    resident = selectors.resident_get(municipality=request.municipality, resident_id=resident_id)  # type: ignore[attr-defined]
    resident_access_record(actor=staff, residents=[resident], action="registry.view")
    return resident


@router.get(
    "/{lg_code}/registry/residents/{int:resident_id}/history",
    response=ListOf(HistoryOut),
    url_name="registry_resident_history",
)
def resident_history(
    request: HttpRequest, lg_code: LgCode, resident_id: PositiveId
) -> dict[str, Any]:
    """異動履歴 (every history row, newest first; 個人番号 never included)."""
    staff = _staff(request, roles=STAFF_ROLES, action="registry.history")
    resident = selectors.resident_get(municipality=request.municipality, resident_id=resident_id)  # type: ignore[attr-defined]
    resident_access_record(actor=staff, residents=[resident], action="registry.history")
    return listed(selectors.resident_history_list(resident=resident))


@router.get(
    "/{lg_code}/registry/residents/{int:resident_id}/as-of",
    response=AsOfOut,
    url_name="registry_resident_as_of",
)
def resident_as_of(
    request: HttpRequest, lg_code: LgCode, resident_id: PositiveId, query: Query[AsOfIn]
) -> dict[str, Any]:
    """時点照会: the record on a date (`on` in 西暦 or 和暦; today when omitted)."""
    staff = _staff(request, roles=STAFF_ROLES, action="registry.as_of")
    resident = selectors.resident_get(municipality=request.municipality, resident_id=resident_id)  # type: ignore[attr-defined]
    day = selectors.parse_as_of(query.on) if query.on else timezone.localdate()
    items = selectors.resident_as_of(resident=resident, on=day)
    resident_access_record(actor=staff, residents=[resident], action="registry.as_of")
    if items is not None:
        items = {k: v for k, v in items.items() if k != "my_number_cipher"}
    return {"on": day, "recorded": items is not None, "items": items}


@router.post(
    "/{lg_code}/registry/residents/{int:resident_id}/my-number",
    response=RevealOut,
    url_name="registry_my_number_reveal",
)
def my_number_reveal(
    request: HttpRequest, lg_code: LgCode, resident_id: PositiveId, body: RevealIn
) -> dict[str, str]:
    """個人番号の表示 (住民記録審査 only, with the 事務 it is needed for; audited)."""
    staff = _staff(request, roles=STAFF_ROLES, action="registry.my_number_reveal")
    resident = selectors.resident_get(municipality=request.municipality, resident_id=resident_id)  # type: ignore[attr-defined]
    return {
        "my_number": resident_my_number_reveal(resident=resident, actor=staff, purpose=body.purpose)
    }


@router.get(
    "/{lg_code}/registry/households/{int:household_id}",
    response=HouseholdOut,
    url_name="registry_household_detail",
)
def household_detail(request: HttpRequest, lg_code: LgCode, household_id: PositiveId) -> Any:
    """世帯 and its living members in 並び順."""
    staff = _staff(request, roles=STAFF_ROLES, action="registry.household_view")
    household = selectors.household_get(
        municipality=request.municipality,  # type: ignore[attr-defined]
        household_id=household_id,
    )
    resident_access_record(
        actor=staff, residents=household.living_members, action="registry.household_view"
    )
    return household


@router.get(
    "/{lg_code}/registry/changes/{int:change_id}",
    response=ChangeOut,
    url_name="registry_change_detail",
)
def change_detail(request: HttpRequest, lg_code: LgCode, change_id: PositiveId) -> Change:
    """異動 (one change and the records it touched)."""
    _staff(request, roles=STAFF_ROLES, action="registry.change_view")
    return selectors.change_get(municipality=request.municipality, change_id=change_id)  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------- writes


@router.post(
    "/{lg_code}/registry/changes/entry", response={201: ChangeOut}, url_name="registry_change_entry"
)
def entry(request: HttpRequest, response: HttpResponse, lg_code: LgCode, body: EntryIn) -> Any:
    """記載: 国内転入, 国外転入, 出生, 職権記載 (a new household, or into `household_id`)."""
    people = [PersonData(**person.dict()) for person in body.people]
    return _write(
        request,
        response,
        operation="entry",
        write=lambda staff: residents_register(
            municipality=request.municipality,
            change_type=ChangeType(body.type),
            people=people,  # type: ignore[attr-defined]
            address=_address(body.address),
            previous_address=body.previous_address,
            household_id=body.household_id,
            actor=staff,
            **_dates(body),
        ),
    )


@router.post(
    "/{lg_code}/registry/changes/removal",
    response={201: ChangeOut},
    url_name="registry_change_removal",
)
def removal(request: HttpRequest, response: HttpResponse, lg_code: LgCode, body: RemovalIn) -> Any:
    """消除: 国内転出 (転出予定日 allowed), 国外転出, 死亡, 職権消除."""
    return _write(
        request,
        response,
        operation="removal",
        write=lambda staff: residents_remove(
            municipality=request.municipality,
            change_type=ChangeType(body.type),  # type: ignore[attr-defined]
            resident_ids=body.resident_ids,
            moving_to_address=body.moving_to_address,
            new_head_id=body.new_head_id,
            relationships=body.relationships,
            actor=staff,
            **_dates(body),
        ),
    )


@router.post(
    "/{lg_code}/registry/changes/move-within",
    response={201: ChangeOut},
    url_name="registry_change_move_within",
)
def move_within(
    request: HttpRequest, response: HttpResponse, lg_code: LgCode, body: MoveWithinIn
) -> Any:
    """転居 (the whole household, or some members forming a new household)."""
    return _write(
        request,
        response,
        operation="move_within",
        write=lambda staff: residents_move_within(
            municipality=request.municipality,
            resident_ids=body.resident_ids,  # type: ignore[attr-defined]
            address=_address(body.address),
            new_head_id=body.new_head_id,
            relationships=body.relationships,
            remaining_head_id=body.remaining_head_id,
            remaining_relationships=body.remaining_relationships,
            actor=staff,
            **_dates(body),
        ),
    )


@router.post(
    "/{lg_code}/registry/changes/household-split",
    response={201: ChangeOut},
    url_name="registry_change_split",
)
def split(request: HttpRequest, response: HttpResponse, lg_code: LgCode, body: SplitIn) -> Any:
    """世帯分離."""
    return _write(
        request,
        response,
        operation="household_split",
        write=lambda staff: household_split(
            municipality=request.municipality,
            resident_ids=body.resident_ids,  # type: ignore[attr-defined]
            new_head_id=body.new_head_id,
            relationships=body.relationships,
            remaining_head_id=body.remaining_head_id,
            remaining_relationships=body.remaining_relationships,
            actor=staff,
            **_dates(body),
        ),
    )


@router.post(
    "/{lg_code}/registry/changes/household-transfer",
    response={201: ChangeOut},
    url_name="registry_change_transfer",
)
def transfer(
    request: HttpRequest, response: HttpResponse, lg_code: LgCode, body: TransferIn
) -> Any:
    """世帯変更 (some members join another household) or 世帯合併 (`merge`: all of them)."""
    return _write(
        request,
        response,
        operation="household_transfer",
        write=lambda staff: household_transfer(
            municipality=request.municipality,
            resident_ids=body.resident_ids,  # type: ignore[attr-defined]
            household_id=body.household_id,
            relationships=body.relationships,
            merge=body.merge,
            remaining_head_id=body.remaining_head_id,
            remaining_relationships=body.remaining_relationships,
            actor=staff,
            **_dates(body),
        ),
    )


@router.post(
    "/{lg_code}/registry/changes/head-change",
    response={201: ChangeOut},
    url_name="registry_change_head",
)
def head_change(
    request: HttpRequest, response: HttpResponse, lg_code: LgCode, body: HeadChangeIn
) -> Any:
    """世帯主変更 (every 続柄 re-derived; give `relationships` to confirm or override)."""
    return _write(
        request,
        response,
        operation="head_change",
        write=lambda staff: household_head_change(
            municipality=request.municipality,
            household_id=body.household_id,  # type: ignore[attr-defined]
            new_head_id=body.new_head_id,
            relationships=body.relationships,
            actor=staff,
            **_dates(body),
        ),
    )


_NAME_SERVICES = {
    "name": (resident_name_change, "name", "name_kana"),
    "former_surname": (resident_former_surname_change, "former_surname", "former_surname_kana"),
    "alias": (resident_alias_change, "alias", "alias_kana"),
}


@router.post(
    "/{lg_code}/registry/residents/{int:resident_id}/name",
    response={201: ChangeOut},
    url_name="registry_change_name",
)
def name_change(
    request: HttpRequest,
    response: HttpResponse,
    lg_code: LgCode,
    resident_id: PositiveId,
    body: NameChangeIn,
) -> Any:
    """氏名の変更, 旧氏の記載・変更・削除, 通称の記載・削除 (empty `value` deletes 旧氏/通称)."""
    service, value_field, kana_field = _NAME_SERVICES[body.kind]
    return _write(
        request,
        response,
        operation=f"{body.kind}_change",
        write=lambda staff: service(
            municipality=request.municipality,
            resident_id=resident_id,  # type: ignore[attr-defined]
            **{value_field: body.value, kana_field: body.kana},
            actor=staff,
            **_dates(body),
        ),
    )


@router.post(
    "/{lg_code}/registry/residents/{int:resident_id}/correction",
    response={201: ChangeOut},
    url_name="registry_change_correction",
)
def correction(
    request: HttpRequest,
    response: HttpResponse,
    lg_code: LgCode,
    resident_id: PositiveId,
    body: CorrectionIn,
) -> Any:
    """職権修正・誤記修正 (住民記録審査 only; allowed on 除票)."""
    return _write(
        request,
        response,
        operation="correction",
        roles=REVIEW_ROLES,
        write=lambda staff: resident_correct(
            municipality=request.municipality,
            resident_id=resident_id,  # type: ignore[attr-defined]
            change_type=ChangeType(body.type),
            updates=body.updates.model_dump(exclude_unset=True),
            reason=body.reason,
            effective_on=body.effective_on,
            actor=staff,
        ),
    )


@router.post(
    "/{lg_code}/registry/residents/{int:resident_id}/my-number/change",
    response={201: ChangeOut},
    url_name="registry_change_my_number",
)
def my_number_change(
    request: HttpRequest,
    response: HttpResponse,
    lg_code: LgCode,
    resident_id: PositiveId,
    body: MyNumberChangeIn,
) -> Any:
    """個人番号の変更 (住民記録審査 only)."""
    return _write(
        request,
        response,
        operation="my_number_change",
        roles=REVIEW_ROLES,
        write=lambda staff: resident_my_number_change(
            municipality=request.municipality,
            resident_id=resident_id,  # type: ignore[attr-defined]
            my_number=body.my_number,
            actor=staff,
            **_dates(body),
        ),
    )


@router.post(
    "/{lg_code}/registry/changes/{int:change_id}/cancel",
    response={201: ChangeOut},
    url_name="registry_change_cancel",
)
def cancel(
    request: HttpRequest,
    response: HttpResponse,
    lg_code: LgCode,
    change_id: PositiveId,
    body: CancelIn,
) -> Any:
    """異動の取消し (住民記録審査 only; the latest change of each record)."""
    return _write(
        request,
        response,
        operation="cancel",
        roles=REVIEW_ROLES,
        write=lambda staff: change_cancel(
            municipality=request.municipality,
            change_id=change_id,
            reason=body.reason,  # type: ignore[attr-defined]
            actor=staff,
        ),
    )


@router.post(
    "/{lg_code}/registry/certificates",
    response={200: None},
    url_name="registry_certificate_issue",
    openapi_extra={
        "responses": {200: {"description": "署名付きPDF", "content": {"application/pdf": {}}}}
    },
)
def issue_certificate(request: HttpRequest, lg_code: LgCode, body: CertificateIn) -> HttpResponse:
    """住民票の写し・除票の写し・記載事項証明書 as a signed PDF (`X-Issue-Number` header).

    With an `Idempotency-Key`, a retry does not issue a second certificate: it answers 409
    `certificate.already_issued` with the first issue number (the PDF is never stored)."""
    staff = _staff(request, roles=STAFF_ROLES, action="registry.api.certificate_issue")
    municipality = request.municipality  # type: ignore[attr-defined]
    request_fields = {"requester", "identity_check", "copies"}
    options = CertificateOptions(
        **body.dict(exclude={"kind", "resident_ids", "purpose", *request_fields})
    )
    issued, replayed = idempotent_request(
        request,
        actor=staff,
        operation="registry.certificate_issue",
        write=lambda: certificate_issue(
            municipality=municipality,
            kind=body.kind,
            resident_ids=body.resident_ids,
            options=options,
            actor=staff,
            purpose=body.purpose,
            request=CertificateRequest(**body.dict(include=request_fields)),
        ),
        resource_id=lambda issued: issued.certificate.issue_number,
        load=lambda number: number,
    )
    if replayed:
        raise Conflict(
            code=CertificateErrorCode.ALREADY_ISSUED,
            detail=f"この要求では既に証明書（発行番号 {issued}）を交付しています。",
        )
    response = HttpResponse(issued.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{issued.filename}"'
    response["X-Issue-Number"] = issued.certificate.issue_number
    return response


# ------------------------------------------------------- moving between municipalities


@router.get(
    "/{lg_code}/registry/move-out-certificates",
    response=ListOf(MoveOutCertificateOut),
    url_name="registry_move_out_certificates",
)
def move_out_certificates(request: HttpRequest, lg_code: LgCode) -> dict[str, Any]:
    """転入待ち: 転出証明書情報 received from former municipalities, soonest move first."""
    staff = _staff(request, roles=STAFF_ROLES, action="registry.move_out_certificates_view")
    pending = list(selectors.move_out_certificates_pending(municipality=request.municipality))  # type: ignore[attr-defined]
    move_out_certificates_access_record(
        actor=staff, certificates=pending, action="registry.move_out_certificates_view"
    )
    return listed(pending)


@router.post(
    "/{lg_code}/registry/changes/{int:change_id}/move-out-certificate",
    response=MoveOutCertificateSendOut,
    url_name="registry_move_out_certificate_send",
)
def move_out_certificate_send_endpoint(
    request: HttpRequest,
    response: HttpResponse,
    lg_code: LgCode,
    change_id: PositiveId,
    body: MoveOutCertificateSendIn,
) -> dict[str, str]:
    """転出証明書情報の送付 after a 国内転出 (住民基本台帳法 第24条の2). Sending the same 転出
    again returns the first receipt."""
    staff = _staff(request, roles=STAFF_ROLES, action="registry.api.move_out_certificate_send")
    municipality = request.municipality  # type: ignore[attr-defined]
    receipt, replayed = idempotent_request(
        request,
        actor=staff,
        operation="registry.move_out_certificate_send",
        write=lambda: move_out_certificate_send(
            municipality=municipality,
            change_id=change_id,
            destination_lg_code=body.destination_lg_code,
            actor=staff,
        ),
        resource_id=lambda receipt: receipt,
        load=lambda receipt: receipt,
    )
    replayed_mark(response, replayed)
    return {"receipt": receipt}


@router.post(
    "/{lg_code}/registry/move-out-certificates/{int:move_out_certificate_id}/move-in",
    response={201: ChangeOut},
    url_name="registry_move_in_from_certificate",
)
def move_in_from_certificate(
    request: HttpRequest,
    response: HttpResponse,
    lg_code: LgCode,
    move_out_certificate_id: PositiveId,
    body: MoveInFromCertificateIn,
) -> Any:
    """転入 (転入届の特例) from a received 転出証明書情報: only the new address and the dates."""
    return _write(
        request,
        response,
        operation="move_in_from_certificate",
        write=lambda staff: residents_move_in_from_certificate(
            municipality=request.municipality,  # type: ignore[attr-defined]
            certificate_id=move_out_certificate_id,
            address=_address(body.address),
            effective_on=body.effective_on,
            notified_on=body.notified_on,
            relationships=body.relationships,
            household_id=body.household_id,
            actor=staff,
        ),
    )
