"""被災者台帳 pages of the department inboxes (`/<lg_code>/office/`): 災害の記録 (the list of
the municipality's disasters and the form adding one), for the staff who read the
`disaster` 担当 (被災者支援担当), and 住家被害認定の記録 from the case page of a
罹災証明書の発行申請. Thin over departments' services, which check and audit."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from jichitai.common.exceptions import DomainError
from jichitai.departments.errors import DisasterUnknown
from jichitai.departments.models import DamageClass
from jichitai.departments.selectors import disasters_of
from jichitai.departments.services import disaster_record, dwelling_damage_assess
from jichitai.identity.access import staff_required
from jichitai.identity.http import StaffRequest
from jichitai.procedures.disaster_survey import PROCEDURE_ID, case_disaster
from jichitai.procedures.forms import DamageForm, DisasterForm, add_domain_error
from jichitai.procedures.permissions import PROCESS_ROLES, READ_ROLES
from jichitai.procedures.selectors import case_departments_for_staff, department_label
from jichitai.procedures.views import case_or_404, case_page, case_url

DEPARTMENT = "disaster"


def _disasters_url(request: StaffRequest) -> str:
    return reverse("office:disasters", kwargs={"lg_code": request.municipality.lg_code})


def _disasters_page(request: StaffRequest, form: DisasterForm) -> HttpResponse:
    context = {
        "form": form,
        "disasters": disasters_of(municipality=request.municipality),
        "department_label": department_label(municipality=request.municipality, key=DEPARTMENT),
    }
    return render(request, "procedures/disasters.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@never_cache
@staff_required(roles=READ_ROLES, action="procedures.disasters")
def disasters_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """災害の記録: the 被災者台帳's disasters, and the form recording one (POST). Only for
    the staff who read the 被災者支援担当's cases (need to know, as the inbox)."""
    if DEPARTMENT not in case_departments_for_staff(staff=request.staff):
        raise Http404
    if request.method == "GET":
        return _disasters_page(request, DisasterForm())
    form = DisasterForm(request.POST)
    if not form.is_valid():
        return _disasters_page(request, form)
    try:
        disaster = disaster_record(
            municipality=request.municipality,
            name=form.cleaned_data["name"],
            occurred_on=form.cleaned_data["occurred_on"],
            ended_on=form.cleaned_data["ended_on"],
            area=form.cleaned_data["area"],
            actor=request.staff,
        )
    except DomainError as error:
        add_domain_error(form, error)
        return _disasters_page(request, form)
    messages.success(request, f"災害「{disaster.name}」を被災者台帳に記録しました。")
    return redirect(_disasters_url(request))


@staff_required(roles=PROCESS_ROLES, action="procedures.case_damage")
@require_POST
def case_damage_view(request: StaffRequest, lg_code: str, case_id: int) -> HttpResponse:
    """住家被害認定の記録 from a 罹災証明書 case: the survey's class for the dwelling the
    application names, in the disaster of the day it names; a 再調査 replaces it."""
    case = case_or_404(request, case_id, action="procedures.case_damage")
    if case.procedure_id != PROCEDURE_ID:
        raise Http404
    if case.is_decided:
        messages.error(request, "この申請の処理は終わっています。")
        return redirect(case_url(case))
    disaster, address = case_disaster(case)
    if disaster is None:
        messages.error(request, DisasterUnknown().detail)
        return redirect(case_url(case))
    form = DamageForm(request.POST)
    if form.is_valid():
        try:
            damage = dwelling_damage_assess(
                municipality=request.municipality,
                disaster_id=disaster.pk,
                dwelling_address=address,
                damage_class=DamageClass(form.cleaned_data["damage_class"]),
                surveyed_on=form.cleaned_data["surveyed_on"],
                actor=request.staff,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                f"住家被害認定「{damage.get_damage_class_display()}」を記録しました。"
                "承認できます。",
            )
            return redirect(case_url(case))
    response = case_page(request, case, damage_form=form)
    response.status_code = 400
    return response
