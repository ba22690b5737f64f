"""API of procedures and cases (申請・届出).

The catalog is public (`/procedures`: what can be applied for, with each form's JSON Schema).
Cases live under `/{lg_code}/cases`: staff create them at the counter, read them, list an
inbox and move them along the workflow. The resident portal calls the services directly.
Every write accepts an `Idempotency-Key` header: a retry returns the first result.
No `from __future__ import annotations`: django-ninja reads the annotations at import time.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status
from ninja.pagination import paginate

from jichitai.common.api_types import BoundedPagination, LgCode, PositiveId
from jichitai.idempotency.http import idempotent_write
from jichitai.identity.access import StaffApiRequest, staff_api_check
from jichitai.identity.auth import staff_auth
from jichitai.identity.models import StaffUser
from jichitai.procedures import selectors
from jichitai.procedures.definitions import Procedure
from jichitai.procedures.models import Case
from jichitai.procedures.permissions import CREATE_ROLES, PROCESS_ROLES, READ_ROLES
from jichitai.procedures.schemas import (
    CaseFilter,
    CaseIn,
    CaseOut,
    CaseSummaryOut,
    ProcedureFilter,
    ProcedureKey,
    ProcedureListOut,
    ProcedureOut,
    TransitionIn,
)
from jichitai.procedures.services import (
    CASE_STEPS,
    case_access_record,
    case_department_check,
    case_submit,
)

router = Router(tags=["procedures"])


def _detail(staff: StaffUser, case: Case) -> Case:
    """The full case, its read of personal data audited. Called after a write: the staff
    member has just filed it (and typed its data) or acted on it (checked first)."""
    municipality = case.municipality
    full = selectors.case_get(municipality=municipality, case_id=case.pk)
    case_access_record(
        actor=staff, case=full, procedure=selectors.procedure_get(procedure_id=full.procedure_id)
    )
    return full


def _case_write(
    request: StaffApiRequest,
    response: HttpResponse,
    *,
    staff: StaffUser,
    operation: str,
    status: int,
    write: Callable[[], Case],
) -> Status:
    """A write of a case through `idempotent_write`, answered with the full case."""
    return idempotent_write(
        request,
        response,
        actor=staff,
        operation=f"procedures.{operation}",
        write=write,
        load=lambda pk: Case.objects.for_municipality(request.municipality).get(pk=int(pk)),
        status=status,
        answer=lambda case: _detail(staff, case),
    )


# ---------------------------------------------------------------------------- catalog


@router.get("/procedures", response=ProcedureListOut, url_name="procedure_list", auth=None)
def procedure_list(request: HttpRequest, filters: Query[ProcedureFilter]) -> dict[str, Any]:
    """手続の一覧・検索 (words, ライフイベント such as 引越し・子育て, channel). Public.
    The whole catalog answers at once (it is short); `count` is its length."""
    found = selectors.procedure_list(
        query=filters.q, life_event=filters.life_event, channel=filters.channel
    )
    return {"items": found, "count": len(found)}


@router.get(
    "/procedures/{procedure_id}", response=ProcedureOut, url_name="procedure_detail", auth=None
)
def procedure_detail(request: HttpRequest, procedure_id: ProcedureKey) -> Procedure:
    """手続の詳細: legal basis, the form as JSON Schema, prefill, attachments, workflow. Public."""
    return selectors.procedure_get(procedure_id=procedure_id)


# ---------------------------------------------------------------------------- cases


@router.get(
    "/{lg_code}/cases", response=list[CaseSummaryOut], url_name="case_list", auth=staff_auth
)
@paginate(BoundedPagination)
def case_list(
    request: StaffApiRequest, lg_code: LgCode, filters: Query[CaseFilter]
) -> QuerySet[Case]:
    """受付一覧 (an inbox): by department, state and procedure; overdue first. No personal
    data in the list: open one case for its content. Only the departments the staff member
    reads (their 課, their roles' departments) are listed; another department is empty."""
    staff = staff_api_check(request, roles=READ_ROLES, action="procedures.case_list")
    return selectors.case_list_for_inbox(
        municipality=request.municipality,
        department=filters.department,
        states=filters.state,
        procedure_id=filters.procedure_id,
        departments=selectors.case_departments_for_staff(staff=staff),
    )


@router.post("/{lg_code}/cases", response={201: CaseOut}, url_name="case_create", auth=staff_auth)
def case_create(
    request: StaffApiRequest, response: HttpResponse, lg_code: LgCode, body: CaseIn
) -> Status:
    """窓口での申請 (channel `counter`): the data is checked against the procedure's form;
    errors come per field as JSON pointers."""
    staff = staff_api_check(request, roles=CREATE_ROLES, action="procedures.api.case_create")
    return _case_write(
        request,
        response,
        staff=staff,
        operation="case_create",
        status=201,
        write=lambda: (
            case_submit(
                municipality=request.municipality,
                procedure_id=body.procedure_id,
                data=body.data,
                actor=staff,
                applicant_id=body.applicant_id,
            ).case
        ),
    )


@router.get(
    "/{lg_code}/cases/{int:case_id}", response=CaseOut, url_name="case_detail", auth=staff_auth
)
def case_detail(request: StaffApiRequest, lg_code: LgCode, case_id: PositiveId) -> Case:
    """申請の詳細: data, events, 差戻し, attachments, documents, next possible steps."""
    staff = staff_api_check(request, roles=READ_ROLES, action="procedures.case_view")
    case = selectors.case_get(municipality=request.municipality, case_id=case_id)
    case_department_check(actor=staff, case=case, action="procedures.case_view")
    return _detail(staff, case)


@router.post(
    "/{lg_code}/cases/{int:case_id}/transitions",
    response={200: CaseOut},
    url_name="case_transition",
    auth=staff_auth,
)
def case_transition(
    request: StaffApiRequest,
    response: HttpResponse,
    lg_code: LgCode,
    case_id: PositiveId,
    body: TransitionIn,
) -> Status:
    """審査の操作: claim (審査開始), return (差戻し, reason), approve (承認: runs the
    back-office action once), reject (却下, reason). An invalid step answers 409
    `case.transition_invalid`. Another department's case answers 404 (audited)."""
    operation = f"case_{body.action}"
    staff = staff_api_check(request, roles=PROCESS_ROLES, action=f"procedures.api.{operation}")
    case = selectors.case_get(municipality=request.municipality, case_id=case_id)
    case_department_check(actor=staff, case=case, action=f"procedures.api.{operation}")
    return _case_write(
        request,
        response,
        staff=staff,
        operation=operation,
        status=200,
        write=lambda: CASE_STEPS[body.action].run(
            municipality=request.municipality, case_id=case_id, actor=staff, reason=body.reason
        ),
    )
