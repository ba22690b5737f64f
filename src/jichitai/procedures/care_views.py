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
from jichitai.identity.access import staff_required
from jichitai.identity.http import StaffRequest
from jichitai.procedures.care_result import PROCEDURE_ID
from jichitai.procedures.errors import CareResultNotWaiting
from jichitai.procedures.forms import CareResultForm, add_domain_error
from jichitai.procedures.permissions import PROCESS_ROLES
from jichitai.procedures.services import case_care_result_record
from jichitai.procedures.views import case_or_404, case_page, case_url


@staff_required(roles=PROCESS_ROLES, action="procedures.case_care_result")
@require_POST
def case_care_result_view(request: StaffRequest, lg_code: str, case_id: int) -> HttpResponse:
    """認定結果の記録: once per application; a second post (a replay, or a colleague who
    recorded it first) is refused with 409 and changes nothing."""
    case = case_or_404(request, case_id, action="procedures.case_care_result")
    if case.procedure_id != PROCEDURE_ID:
        raise Http404
    form = CareResultForm(request.POST)
    if form.is_valid():
        try:
            decided = case_care_result_record(
                case=case,
                level=CareLevel(form.cleaned_data["level"]),
                decided_on=form.cleaned_data["decided_on"],
                valid_from=form.cleaned_data["valid_from"],
                valid_to=form.cleaned_data["valid_to"],
                actor=request.staff,
            )
        except CareResultNotWaiting as refused:
            # Nothing to record on: the page as it is, with why (409).
            messages.error(request, refused.detail)
            response = case_page(request, case)
            response.status_code = refused.status
            return response
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"認定結果「{decided.get_level_display()}」を記録しました。")
            return redirect(case_url(case))
    response = case_page(request, case, care_form=form)
    response.status_code = 400
    return response
