"""Reads of the resident registry's API (住民記録の照会): search, records, households, history,
as-of reads, the audited 個人番号 reveal, and certificates (a signed PDF of what is recorded).

Every read of a resident is recorded in the audit log (services.resident_access_record).
No `from __future__ import annotations`: django-ninja reads the annotations at import time.
"""

from typing import Any, NoReturn

from django.http import HttpResponse
from django.utils import timezone
from ninja import Query, Router

from jichitai.common.api_types import LgCode, ListOf, PositiveId, listed
from jichitai.common.exceptions import Conflict
from jichitai.idempotency.http import idempotent_request
from jichitai.identity.access import StaffApiRequest, staff_api_check
from jichitai.identity.models import StaffUser
from jichitai.registry import selectors
from jichitai.registry.certificates.documents import CertificateOptions
from jichitai.registry.certificates.services import CertificateRequest, certificate_issue
from jichitai.registry.error_codes import CertificateErrorCode
from jichitai.registry.models import Change, Household, Resident
from jichitai.registry.permissions import STAFF_ROLES
from jichitai.registry.schemas import (
    AsOfIn,
    AsOfOut,
    CertificateIn,
    ChangeOut,
    HistoryOut,
    HouseholdOut,
    ResidentOut,
    ResidentSummaryOut,
    RevealIn,
    RevealOut,
    SearchIn,
)
from jichitai.registry.services import resident_access_record, resident_my_number_reveal

router = Router()


def _resident(
    request: StaffApiRequest, resident_id: int, *, action: str
) -> tuple[StaffUser, Resident]:
    """The staff member allowed to read and the record they asked for (not yet recorded)."""
    staff = staff_api_check(request, roles=STAFF_ROLES, action=action)
    resident = selectors.resident_get(municipality=request.municipality, resident_id=resident_id)
    return staff, resident


def _resident_read(request: StaffApiRequest, resident_id: int, *, action: str) -> Resident:
    """The record asked for, its read recorded."""
    staff, resident = _resident(request, resident_id, action=action)
    resident_access_record(actor=staff, residents=[resident], action=action)
    return resident


@router.post(
    "/{lg_code}/registry/residents/search",
    response=ListOf(ResidentSummaryOut),
    url_name="registry_resident_search",
    operation_id="jichitai_registry_api_search",
)
def search(request: StaffApiRequest, lg_code: LgCode, body: SearchIn) -> dict[str, Any]:
    """住民検索 (reading, name, 生年月日 in 西暦 or 和暦, address, 住民票コード, 個人番号,
    世帯番号, 性別, 在留カード等の番号)."""
    staff = staff_api_check(request, roles=STAFF_ROLES, action="registry.search")
    found = list(
        selectors.resident_search(
            municipality=request.municipality, query=selectors.ResidentQuery(**body.dict())
        )
    )
    resident_access_record(actor=staff, residents=found, action="registry.search")
    protected = selectors.support_measures_covering(
        municipality=request.municipality,
        resident_ids=[r.pk for r in found],
        on=timezone.localdate(),
    )
    rows = [ResidentSummaryOut.from_orm(r) for r in found]
    return listed(row.protected() if row.id in protected else row for row in rows)


@router.get(
    "/{lg_code}/registry/residents/{int:resident_id}",
    response=ResidentOut,
    url_name="registry_resident_detail",
    operation_id="jichitai_registry_api_resident_detail",
)
def resident_detail(request: StaffApiRequest, lg_code: LgCode, resident_id: PositiveId) -> Resident:
    """住民票 (one record, living or 除票)."""
    return _resident_read(request, resident_id, action="registry.view")


@router.get(
    "/{lg_code}/registry/residents/{int:resident_id}/history",
    response=ListOf(HistoryOut),
    url_name="registry_resident_history",
    operation_id="jichitai_registry_api_resident_history",
)
def resident_history(
    request: StaffApiRequest, lg_code: LgCode, resident_id: PositiveId
) -> dict[str, Any]:
    """異動履歴 (every history row, newest first; 個人番号 never included)."""
    resident = _resident_read(request, resident_id, action="registry.history")
    return listed(selectors.resident_history_list(resident=resident))


@router.get(
    "/{lg_code}/registry/residents/{int:resident_id}/as-of",
    response=AsOfOut,
    url_name="registry_resident_as_of",
    operation_id="jichitai_registry_api_resident_as_of",
)
def resident_as_of(
    request: StaffApiRequest, lg_code: LgCode, resident_id: PositiveId, query: Query[AsOfIn]
) -> dict[str, Any]:
    """時点照会: the record on a date (`on` in 西暦 or 和暦; today when omitted)."""
    # Recorded only once the date is understood: a refused date read nothing.
    staff, resident = _resident(request, resident_id, action="registry.as_of")
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
    operation_id="jichitai_registry_api_my_number_reveal",
)
def my_number_reveal(
    request: StaffApiRequest, lg_code: LgCode, resident_id: PositiveId, body: RevealIn
) -> dict[str, str]:
    """個人番号の表示 (住民記録審査 only, with the 事務 it is needed for; audited)."""
    staff, resident = _resident(request, resident_id, action="registry.my_number_reveal")
    return {
        "my_number": resident_my_number_reveal(resident=resident, actor=staff, purpose=body.purpose)
    }


@router.get(
    "/{lg_code}/registry/households/{int:household_id}",
    response=HouseholdOut,
    url_name="registry_household_detail",
    operation_id="jichitai_registry_api_household_detail",
)
def household_detail(
    request: StaffApiRequest, lg_code: LgCode, household_id: PositiveId
) -> Household:
    """世帯 and its living members in 並び順."""
    staff = staff_api_check(request, roles=STAFF_ROLES, action="registry.household_view")
    household = selectors.household_get(
        municipality=request.municipality, household_id=household_id
    )
    resident_access_record(
        actor=staff,
        residents=selectors.household_members_living(household),
        action="registry.household_view",
    )
    return household


@router.get(
    "/{lg_code}/registry/changes/{int:change_id}",
    response=ChangeOut,
    url_name="registry_change_detail",
    operation_id="jichitai_registry_api_change_detail",
)
def change_detail(request: StaffApiRequest, lg_code: LgCode, change_id: PositiveId) -> Change:
    """異動 (one change and the records it touched)."""
    staff_api_check(request, roles=STAFF_ROLES, action="registry.change_view")
    return selectors.change_get(municipality=request.municipality, change_id=change_id)


def _already_issued(issue_number: str) -> NoReturn:
    """A retry of an issued certificate: the PDF is never stored, and a certificate is never
    issued twice."""
    raise Conflict(
        code=CertificateErrorCode.ALREADY_ISSUED,
        detail=f"この要求では既に証明書（発行番号 {issue_number}）を交付しています。",
    )


@router.post(
    "/{lg_code}/registry/certificates",
    response={200: None},
    url_name="registry_certificate_issue",
    operation_id="jichitai_registry_api_issue_certificate",
    openapi_extra={
        "responses": {200: {"description": "署名付きPDF", "content": {"application/pdf": {}}}}
    },
)
def issue_certificate(
    request: StaffApiRequest, lg_code: LgCode, body: CertificateIn
) -> HttpResponse:
    """住民票の写し・除票の写し・記載事項証明書 as a signed PDF (`X-Issue-Number` header: the
    発行番号 in ASCII, 発行年月日-団体コード-番号).

    With an `Idempotency-Key`, a retry does not issue a second certificate: it answers 409
    `certificate.already_issued` with the first issue number (the PDF is never stored)."""
    staff = staff_api_check(request, roles=STAFF_ROLES, action="registry.api.certificate_issue")
    request_fields = {
        "requester",
        "identity_check",
        "copies",
        "official_use",
        "place",
        "terminal",
        "support_release_reason",
    }
    options = CertificateOptions(
        **body.dict(exclude={"kind", "resident_ids", "purpose", *request_fields})
    )
    issued, _ = idempotent_request(
        request,
        actor=staff,
        operation="registry.certificate_issue",
        write=lambda: certificate_issue(
            municipality=request.municipality,
            kind=body.kind,
            resident_ids=body.resident_ids,
            options=options,
            actor=staff,
            purpose=body.purpose,
            request=CertificateRequest(**body.dict(include=request_fields)),
        ),
        resource_id=lambda issued: issued.certificate.issue_code,
        load=_already_issued,
    )
    response = HttpResponse(issued.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{issued.filename}"'
    response["X-Issue-Number"] = issued.certificate.issue_code
    return response
