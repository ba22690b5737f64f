"""要介護認定の結果の記録 from the case page of a 要介護・要支援認定の申請 (`/<lg_code>/office/`):
the 介護保険担当 records what the 介護認定審査会 judged — the level, the day of the 認定 and
its 有効期間 — on the application the approval recorded. Thin over departments' service,
which checks the dates against the application and audits."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from jichitai.common.exceptions import DomainError
from jichitai.departments.models import CareLevel
from jichitai.departments.services import care_certification_decide
from jichitai.identity.access import staff_required
from jichitai.identity.http import StaffRequest
from jichitai.procedures.care_result import PROCEDURE_ID, CareResult, case_certification
from jichitai.procedures.forms import CareResultForm, add_domain_error
from jichitai.procedures.models import Case, CaseState
from jichitai.procedures.permissions import PROCESS_ROLES
from jichitai.procedures.views import case_or_404, case_page, case_url


@staff_required(roles=PROCESS_ROLES, action="procedures.case_care_result")
@require_POST
def case_care_result_view(request: StaffRequest, lg_code: str, case_id: int) -> HttpResponse:
    """認定結果の記録: once per application; a second post (a replay, or a colleague who
    recorded it first) is refused with 409 and changes nothing."""
    case = case_or_404(request, case_id, action="procedures.case_care_result")
    if case.procedure_id != PROCEDURE_ID:
        raise Http404
    certification = case_certification(case)
    if case.state != CaseState.APPROVED or certification is None:
        return _refused(
            request,
            case,
            "申請を承認して介護保険の記録に申請を登録してから、結果を記録してください。",
        )
    if not CareResult(certification=certification, form=None).waiting:
        return _refused(request, case, "この申請の認定結果はすでに記録されています。")
    form = CareResultForm(request.POST)
    if form.is_valid():
        try:
            decided = care_certification_decide(
                municipality=request.municipality,
                code=certification.insured.code,
                level=CareLevel(form.cleaned_data["level"]),
                decided_on=form.cleaned_data["decided_on"],
                valid_from=form.cleaned_data["valid_from"],
                valid_to=form.cleaned_data["valid_to"],
                actor=request.staff,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"認定結果「{decided.get_level_display()}」を記録しました。")
            return redirect(case_url(case))
    response = case_page(request, case, care_form=form)
    response.status_code = 400
    return response


def _refused(request: StaffRequest, case: Case, message: str) -> HttpResponse:
    """409: the case is not waiting for a result (not approved yet, or recorded already)."""
    messages.error(request, message)
    response = case_page(request, case)
    response.status_code = 409
    return response
