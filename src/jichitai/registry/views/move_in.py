"""転入届 (国内転入・国外転入) and 職権記載 of a new household, typed in at the counter."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from jichitai.common.exceptions import DomainError, FieldError
from jichitai.identity.access import staff_required
from jichitai.identity.http import StaffRequest
from jichitai.registry import forms
from jichitai.registry.models import HEAD, ChangeType
from jichitai.registry.permissions import STAFF_ROLES
from jichitai.registry.services import residents_register
from jichitai.registry.services.recording import person_fields_check
from jichitai.registry.views.common import (
    GET_POST,
    household_url,
    redirect_after_change,
    workplace_of,
)

PERSON_FIELDS = frozenset(forms.PersonForm.base_fields)


def _person_with_error(
    people: Sequence[forms.PersonForm], refused: FieldError
) -> forms.PersonForm | None:
    """Whose item the service refused: the person the same check refuses again (the
    services stop at the first person), else the only one who filled the item in."""
    for form in people:
        try:
            person_fields_check(dataclasses.asdict(form.person()))
        except DomainError as error:
            if any((e.field, e.code) == (refused.field, refused.code) for e in error.errors):
                return form
    if len(people) == 1:
        return people[0]
    filled = [form for form in people if form.cleaned_data.get(refused.tokens[0])]
    return filled[0] if len(filled) == 1 else None


def _person_field(field_error: FieldError, form: Form) -> str | None:
    """The person's item a pointer such as `/my_number` names, unless the main form has it."""
    tokens = field_error.tokens
    if len(tokens) == 1 and tokens[0] in PERSON_FIELDS and tokens[0] not in form.fields:
        return tokens[0]
    return None


def _entry_error(form: Form, people: Sequence[forms.PersonForm], error: DomainError) -> None:
    for field_error in error.errors:
        name = _person_field(field_error, form)
        if name is not None:
            person = _person_with_error(people, field_error)
            target: Form = person if person is not None else form
            target.add_error(name if person is not None else None, field_error.message)
        else:
            forms.add_domain_error(form, DomainError(error.code, error.detail, [field_error]))
    if not error.errors:
        form.add_error(None, error.detail)


def _people_count(value: str | None) -> int:
    try:
        return min(max(int(value or 1), 1), forms.MAX_PEOPLE)
    except ValueError:
        return 1


@require_http_methods(GET_POST)
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.move_in")
def move_in_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """転入届 (国内転入・国外転入) or 職権記載 of a new household: 世帯主 and up to 6 members."""
    count = _people_count(request.GET.get("people"))
    form = forms.MoveInForm(request.POST or None)
    people = forms.people_formset(count)(
        request.POST or None, prefix="people", initial=[{"relationship": HEAD}]
    )
    if request.method == "POST" and all([form.is_valid(), people.is_valid()]):
        try:
            change = residents_register(
                municipality=request.municipality,
                change_type=ChangeType(form.cleaned_data["change_type"]),
                people=people.people(),
                address=form.address_value(),
                previous_address=form.cleaned_data["previous_address"],
                actor=request.staff,
                **form.dates(workplace_of(request)),
            )
        except DomainError as error:
            filled = [f for f in people.forms if f.has_changed() and f.cleaned_data]
            _entry_error(form, filled, error)
        else:
            household_id = change.history_rows.values_list("resident__household_id", flat=True)[0]
            return redirect_after_change(request, change, household_url(lg_code, household_id))
    return render(
        request,
        "registry/move_in.html",
        {
            "form": form,
            "people": people,
            "all_forms": [form, *people.forms],
            "has_errors": form.is_bound and bool(form.errors or people.total_error_count()),
            "count": people.total_form_count(),
            "counts": range(1, forms.MAX_PEOPLE + 1),
        },
    )
