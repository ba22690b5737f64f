"""Department inboxes (`/<lg_code>/office/`): the list of cases by 担当 and state, one case
with everything a reviewer needs, and the 担当する・差戻し・承認・却下 forms.

Each view parses, calls a selector or one service, and renders. Who may act on a case is the
services' decision (the workflow step's role, the 担当者); the page shows only the buttons
that `inbox.case_processing` says will work, and a refusal shows the service's message.
Reading a case records the access (services.case_access_record), and so does a page of the
list, which names each applicant (services.case_list_access_record). URLs carry ids and codes
only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms import Form
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from jichitai.common.exceptions import DomainError
from jichitai.identity.access import staff_required
from jichitai.identity.http import StaffRequest
from jichitai.identity.selectors import staff_roles
from jichitai.procedures import inbox
from jichitai.procedures.care_result import case_care_result
from jichitai.procedures.definitions import DEPARTMENTS, Procedure
from jichitai.procedures.disaster_survey import case_disaster_survey
from jichitai.procedures.errors import CaseNotFound
from jichitai.procedures.forms import (
    ApprovalConfirmForm,
    InboxFilterForm,
    ReasonForm,
    add_domain_error,
)
from jichitai.procedures.models import Case, CaseState
from jichitai.procedures.permissions import READ_ROLES, REGISTRY_ROLES
from jichitai.procedures.selectors import (
    case_departments_for_staff,
    case_exchange_rows,
    case_get,
    case_id_by_reference,
    department_label,
    procedure_get,
)
from jichitai.procedures.services import (
    CASE_STEPS,
    case_access_record,
    case_attachment_access_record,
    case_department_check,
    case_list_access_record,
)
from jichitai.procedures.summary import data_summary
from jichitai.registry.errors import ChangeNotFound
from jichitai.registry.selectors import change_get, resident_support_measure

PAGE_SIZE = 50


# ---------------------------------------------------------------------------- helpers


def case_or_404(request: StaffRequest, case_id: int, *, action: str) -> Case:
    """This municipality's case in one of the staff member's departments; anything else is a
    404 (another department's read is audited as denied)."""
    try:
        case = case_get(municipality=request.municipality, case_id=case_id)
        return case_department_check(actor=request.staff, case=case, action=action)
    except CaseNotFound:
        raise Http404 from None


def case_url(case: Case) -> str:
    return reverse("office:case", kwargs={"lg_code": case.municipality_id, "case_id": case.pk})


# ---------------------------------------------------------------------------- the inbox


def _inbox_filter(request: StaffRequest, departments: list[tuple[str, str]]) -> InboxFilterForm:
    """The filter form bound to the query string, with the first 担当 and 審査待ち as defaults."""
    data = request.GET.copy()
    data.setdefault("department", departments[0][0])
    data.setdefault("state", inbox.INBOX_TABS[0].key)
    chosen = data["department"] if data["department"] in DEPARTMENTS else departments[0][0]
    procedures = [(p.id, p.name) for p in inbox.inbox_procedures(department=chosen)]
    return InboxFilterForm(data, departments=departments, procedures=procedures)


@require_GET
@never_cache
@staff_required(roles=READ_ROLES, action="procedures.inbox")
def inbox_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """担当の受付一覧: cases of one 担当 under one state tab, overdue first, by page, each with
    its applicant's name (the page shown is recorded as a read of personal data)."""
    readable = case_departments_for_staff(staff=request.staff)
    departments = inbox.inbox_departments(municipality=request.municipality, readable=readable)
    if not departments:
        # A 各課担当 in no 課 yet: nothing to read until the 管理者 places them in one.
        return render(request, "procedures/inbox_empty.html")
    form = _inbox_filter(request, departments)
    form.is_valid()  # An invalid choice shows its error; the other choices still apply.
    chosen = form.cleaned_data
    department = chosen.get("department") or departments[0][0]
    tab = inbox.INBOX_TAB_BY_KEY[chosen.get("state") or inbox.INBOX_TABS[0].key]
    procedure_id = chosen.get("procedure") or None
    cases = inbox.inbox_cases(
        municipality=request.municipality,
        department=department,
        states=tab.states,
        procedure_id=procedure_id,
        departments=readable,
    )
    page = Paginator(cases, PAGE_SIZE).get_page(chosen.get("page") or 1)
    names = {p.id: p.name for p in inbox.inbox_procedures(department=department)}
    counts = inbox.inbox_counts(
        municipality=request.municipality, department=department, procedure_id=procedure_id
    )
    label = dict(departments).get(department, DEPARTMENTS[department])
    context = {
        "form": form,
        "department": department,
        "department_label": label,
        "tab": tab,
        "tabs": [(t, counts[t.key]) for t in inbox.INBOX_TABS],
        "page": page,
        "rows": [
            (case, names.get(case.procedure_id, case.procedure_id), inbox.applicant_name(case))
            for case in page
        ],
    }
    case_list_access_record(actor=request.staff, cases=list(page), purpose=f"受付一覧（{label}）")
    return render(request, "procedures/inbox.html", context)


# ---------------------------------------------------------------------------- one case


def _action_forms(data: Any = None, *, bound: str = "") -> dict[str, Form]:
    """The forms of the steps that ask something (a reason, a confirmation); only the one
    posted is bound."""
    return {
        name: page.form(data if name == bound else None)
        for name, page in STEP_PAGES.items()
        if page.form is not None
    }


def _registry_change(request: StaffRequest, case: Case) -> Any:
    if case.registry_change_id is None:
        return None
    try:
        return change_get(municipality=request.municipality, change_id=case.registry_change_id)
    except ChangeNotFound:
        return None


def case_page(
    request: StaffRequest,
    case: Case,
    *,
    forms: dict[str, Form] | None = None,
    damage_form: Form | None = None,
    care_form: Form | None = None,
) -> HttpResponse:
    """The case page: the data, attachments, signature, returns, history and the actions."""
    staff = request.staff
    procedure: Procedure = procedure_get(procedure_id=case.procedure_id)
    roles = staff_roles(user=staff)
    processing = inbox.case_processing(case=case, procedure=procedure, roles=roles, staff=staff)
    context = {
        "case": case,
        "procedure": procedure,
        "department_label": department_label(
            municipality=case.municipality_id, key=case.department
        ),
        "summary": data_summary(procedure.form, case.data),
        "attachments": [
            (attachment, procedure.attachment(attachment.kind))
            for attachment in case.attachments.all()
        ],
        "documents": list(case.documents.all()),
        "exchanges": case_exchange_rows(case=case),
        "returns": list(case.returns.all()),
        "events": inbox.case_event_rows(case=case),
        "signature": inbox.case_signature_status(case=case, actor=staff),
        "processing": processing,
        "can": {activity.value: True for activity in processing.activities},
        "approval_effects": inbox.case_approval_effects(case=case, procedure=procedure),
        "action_forms": forms or _action_forms(),
        "related_municipality": inbox.related_municipality_name(case=case),
        "registry_change": _registry_change(request, case),
        # 罹災証明書: the 住家被害認定 of the dwelling, or the form recording it.
        "disaster_survey": case_disaster_survey(case, form=damage_form),
        # 要介護認定: the 審査会's result on the application, or the form recording it.
        "care_result": case_care_result(case, form=care_form, staff=True),
        "reservation_move_in": inbox.reservation_move_in(case=case),
        "can_use_registry": bool(roles & REGISTRY_ROLES),
        "is_overdue": inbox.case_is_overdue(case=case),
        "channel_label": case.get_channel_display(),
        # 支援措置 (DESIGN.md): whoever reads the case is told the applicant's address must
        # not reach anyone else.
        "applicant_protected": case.applicant is not None
        and resident_support_measure(resident=case.applicant, on=timezone.localdate()) is not None,
    }
    case_access_record(actor=staff, case=case, procedure=procedure)
    return render(request, "procedures/case.html", context)


@require_GET
@never_cache
@staff_required(roles=READ_ROLES, action="procedures.case_view")
def case_view(request: StaffRequest, lg_code: str, case_id: int) -> HttpResponse:
    """申請の審査画面."""
    return case_page(request, case_or_404(request, case_id, action="procedures.case_view"))


@require_GET
@never_cache
@staff_required(roles=READ_ROLES, action="procedures.case_view")
def case_by_reference_view(
    request: StaffRequest, lg_code: str, reference_number: str
) -> HttpResponse:
    """The case page by its 受付番号: how pages of the apps below (the registry's 転入待ち)
    link to a case without importing procedures. Same checks as the case page."""
    try:
        case_id = case_id_by_reference(
            municipality=request.municipality, reference_number=reference_number
        )
    except CaseNotFound:
        raise Http404 from None
    return redirect(case_url(case_or_404(request, case_id, action="procedures.case_view")))


# ---------------------------------------------------------------------------- actions


@dataclass(frozen=True)
class StepPage:
    """What the case page adds to a step of `CASE_STEPS`: the message once it is done and
    the form it asks first — the reason of a 差戻し・却下, the confirmation of an approval."""

    done: Callable[[Case], str]
    form: Callable[[Any], Form] | None = None


def _reason_form(prefix: str, label: str, help_text: str) -> Callable[[Any], Form]:
    return lambda data: ReasonForm(data, prefix=prefix, label=label, help_text=help_text)


def _approved(case: Case) -> str:
    if case.state == CaseState.APPROVED:
        return f"受付番号 {case.reference_number} を承認しました。"
    return f"受付番号 {case.reference_number} を次の段階へ回付しました。"


STEP_PAGES: dict[str, StepPage] = {
    "claim": StepPage(
        done=lambda case: (
            f"受付番号 {case.reference_number} の担当になりました。審査を始めてください。"
        ),
    ),
    "return": StepPage(
        done=lambda case: (
            f"受付番号 {case.reference_number} を差し戻しました。申請者に理由が表示されます。"
        ),
        form=_reason_form(
            "return",
            "差戻しの理由",
            "申請者がそのまま読みます。どこをどう直せばよいかを具体的に書いてください。",
        ),
    ),
    "approve": StepPage(done=_approved, form=ApprovalConfirmForm),
    "reject": StepPage(
        done=lambda case: f"受付番号 {case.reference_number} を却下しました。",
        form=_reason_form(
            "reject",
            "却下の理由",
            "申請者に通知されます（行政手続法第8条）。根拠となる法令の条項も書いてください。",
        ),
    ),
}


@require_http_methods(["GET", "POST"])
@never_cache
@staff_required(roles=READ_ROLES, action="procedures.case_process")
def case_action_view(
    request: StaffRequest, lg_code: str, case_id: int, action: str
) -> HttpResponse:
    """担当する・差戻し・承認・却下 (POST). Found first, so another municipality's id is a 404
    before anything is parsed; the service then checks the state, the role and the 担当者.
    A GET (reloading the page a refused form was shown on) goes back to the case page."""
    case = case_or_404(request, case_id, action="procedures.case_process")
    if request.method == "GET":
        return redirect(case_url(case))
    step, page = CASE_STEPS[action], STEP_PAGES[action]
    reason = ""
    form = None
    if page.form is not None:
        forms = _action_forms(request.POST, bound=action)
        form = forms[action]
        if not form.is_valid():
            return case_page(request, case, forms=forms)
        if step.takes_reason:
            reason = form.cleaned_data["reason"]
    try:
        done = step.run(
            municipality=request.municipality,
            case_id=case.pk,
            actor=request.staff,
            reason=reason,
        )
    except DomainError as error:
        if form is not None and error.errors:
            # A problem with what was typed: keep it, with the message next to the field.
            add_domain_error(form, error)
            again = case_or_404(request, case_id, action="procedures.case_process")
            return case_page(request, again, forms=forms)
        # The step itself is refused (state, role, 担当者): the page shows what is possible now.
        messages.error(request, error.detail)
        return redirect(case_url(case))
    messages.success(request, page.done(done))
    return redirect(case_url(done))


# ---------------------------------------------------------------------------- attachments


@require_GET
@never_cache
@staff_required(roles=READ_ROLES, action="procedures.attachment_download")
def attachment_view(request: StaffRequest, lg_code: str, attachment_id: int) -> FileResponse:
    """添付書類のダウンロード: always as a download (never shown inline, where a crafted PDF
    could run in the site's origin), typed as what its bytes were found to be at upload."""
    attachment = inbox.case_attachment_get(
        municipality=request.municipality, attachment_id=attachment_id
    )
    if attachment is None:
        raise Http404
    try:
        case_department_check(
            actor=request.staff, case=attachment.case, action="procedures.attachment_download"
        )
    except CaseNotFound:
        raise Http404 from None
    procedure = procedure_get(procedure_id=attachment.case.procedure_id)
    case_attachment_access_record(
        actor=request.staff, attachment=attachment, purpose=procedure.name
    )
    # The stored name's extension is the sniffed type's; the resident's file name (often
    # their own name) was never kept.
    extension = PurePosixPath(attachment.file.name or "").suffix
    filename = f"{attachment.case.reference_number}-{attachment.kind}-{attachment.pk}{extension}"
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
