"""オープンデータの事務: the facility master (施設台帳) kept by the office and published as
公共施設一覧, and 地域・年齢別人口 generated from the register. 管理者 and 各課担当 only."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from jichitai.common.exceptions import DomainError
from jichitai.identity.access import Role, staff_required
from jichitai.identity.http import StaffRequest
from jichitai.opendata.errors import FacilityNotFound
from jichitai.opendata.facilities import facility_get, facility_list
from jichitai.opendata.forms import FacilityForm, LicenceForm, PopulationForm
from jichitai.opendata.models import Publication
from jichitai.opendata.services import (
    facilities_publish,
    facility_delete,
    facility_save,
    population_publish,
)

OFFICE_ROLES = [Role.ADMIN, Role.DEPARTMENT]


@require_http_methods(["GET", "POST"])
@staff_required(roles=OFFICE_ROLES, action="opendata.facilities")
def facilities_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """施設台帳: the list, and publishing it as 公共施設一覧 (POST)."""
    form = LicenceForm(request.POST or None)
    publication: Publication | None = None
    if request.method == "POST" and form.is_valid():
        try:
            publication = facilities_publish(
                municipality_code=request.municipality.lg_code,
                licence=form.cleaned_data["licence"],
                actor=request.staff,
            )
        except DomainError as error:
            form.add_error(None, error.detail)
    return render(
        request,
        "opendata/facilities.html",
        {
            "facilities": facility_list(municipality_code=request.municipality.lg_code),
            "form": form,
            "publication": publication,
        },
    )


def _facility_edit(request: StaffRequest, facility_id: int | None) -> HttpResponse:
    initial = {}
    if facility_id is not None:
        try:
            facility = facility_get(
                municipality_code=request.municipality.lg_code, facility_id=facility_id
            )
        except FacilityNotFound:
            raise Http404 from None
        initial = FacilityForm.initial_for(facility.values)
    form = FacilityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            facility_save(
                municipality_code=request.municipality.lg_code,
                facility_id=facility_id,
                values=form.item_values(),
                actor=request.staff,
            )
        except DomainError as error:
            form.add_item_errors(error)
        else:
            return redirect("opendata:facilities", lg_code=request.municipality.lg_code)
    return render(
        request, "opendata/facility_form.html", {"form": form, "facility_id": facility_id}
    )


@require_http_methods(["GET", "POST"])
@staff_required(roles=OFFICE_ROLES, action="opendata.facility_add")
def facility_add_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    return _facility_edit(request, None)


@require_http_methods(["GET", "POST"])
@staff_required(roles=OFFICE_ROLES, action="opendata.facility_edit")
def facility_edit_view(request: StaffRequest, lg_code: str, facility_id: int) -> HttpResponse:
    return _facility_edit(request, facility_id)


@staff_required(roles=OFFICE_ROLES, action="opendata.facility_delete")
@require_POST
def facility_delete_view(request: StaffRequest, lg_code: str, facility_id: int) -> HttpResponse:
    try:
        facility_delete(
            municipality_code=request.municipality.lg_code,
            facility_id=facility_id,
            actor=request.staff,
        )
    except FacilityNotFound:
        raise Http404 from None
    return redirect("opendata:facilities", lg_code=request.municipality.lg_code)


@require_http_methods(["GET", "POST"])
@staff_required(roles=OFFICE_ROLES, action="opendata.population")
def population_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """地域・年齢別人口: count the register on a date and publish (small counts hidden)."""
    form = PopulationForm(request.POST or None)
    publication: Publication | None = None
    if request.method == "POST" and form.is_valid():
        try:
            publication = population_publish(
                municipality_code=request.municipality.lg_code,
                on=form.cleaned_data["on"],
                licence=form.cleaned_data["licence"],
                actor=request.staff,
            )
        except DomainError as error:
            form.add_error("on" if error.errors else None, error.detail)
    return render(request, "opendata/population.html", {"form": form, "publication": publication})
