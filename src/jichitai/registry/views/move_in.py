"""転入届 (国内転入・国外転入) and 職権記載 of a new household, typed in at the counter; a
person whose 除票 this municipality keeps is asked about and comes back as 再転入者."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from django.db import transaction
from django.forms import BooleanField, Field, Form
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from jichitai.common.exceptions import DomainError, FieldError
from jichitai.identity.access import staff_required
from jichitai.identity.http import StaffRequest
from jichitai.registry import forms
from jichitai.registry.error_codes import RegistryErrorCode
from jichitai.registry.models import HEAD, Change, ChangeType
from jichitai.registry.permissions import STAFF_ROLES
from jichitai.registry.selectors import returner_candidates, returner_record_get
from jichitai.registry.services import (
    move_in_notice_typed_send,
    resident_access_record,
    residents_move_in_from_paper_certificate,
    residents_register,
)
from jichitai.registry.services.recording import person_fields_check
from jichitai.registry.views.common import (
    CHECK_KEY,
    GET_POST,
    check_rows,
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
    if refused.code == RegistryErrorCode.MOVE_OUT_CERTIFICATE_ITEM_REQUIRED:
        # An item of the paper 転出証明書 left blank: the first person without it.
        return next((f for f in people if not f.cleaned_data.get(refused.tokens[0])), None)
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


def _returner_question(field_error: FieldError, people: Sequence[forms.PersonForm]) -> bool:
    """The service's 再転入者 question about one person (`/people/<i>/returning_atena_number`),
    put on that person's 再転入者の確認."""
    tokens = field_error.tokens
    if len(tokens) != 3 or tokens[0] != "people" or tokens[2] != "returning_atena_number":
        return False
    people[int(tokens[1])].add_error("returner", field_error.message)
    return True


def _returner_candidates_show(request: StaffRequest, people: Sequence[forms.PersonForm]) -> None:
    """再転入者の確認 (doc/j600.txt §4.1.1.2): the 除票 sharing a person's 氏名・生年月日・性別,
    shown to the clerk with the question (or with the answer already chosen). Only the people
    asked about: never a list of returners. Shown 除票 are personal data read, so audited."""
    shown = []
    for person in people:
        if person.errors.get("returner") or person.cleaned_data.get("returner"):
            person.returner_candidates = returner_candidates(
                municipality=request.municipality, person=person.person()
            )
            shown.extend(person.returner_candidates)
    resident_access_record(
        actor=request.staff, residents=shown, action="registry.returner_candidates"
    )


def _entry_error(form: Form, people: Sequence[forms.PersonForm], error: DomainError) -> None:
    for field_error in error.errors:
        if _returner_question(field_error, people):
            continue
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


def _record(
    request: StaffRequest, form: forms.MoveInForm, people: forms.BasePeopleFormSet
) -> Change:
    """The 転入: from a paper 転出証明書 when the clerk says so (its items checked), else as
    typed; with the former municipality's 団体コード its 転入通知 goes there (第9条第1項)."""
    data = form.cleaned_data
    if data["by_move_out_certificate"]:
        return residents_move_in_from_paper_certificate(
            municipality=request.municipality,
            people=people.people(),
            address=form.address_value(),
            previous_address=data["previous_address"],
            move_out_planned_on=data["move_out_planned_on"],
            former_lg_code=data["former_lg_code"].strip(),
            actor=request.staff,
            **form.dates(workplace_of(request)),
        )
    change_type = ChangeType(data["change_type"])
    former = data["former_lg_code"].strip()
    # One transaction: a 転入 whose 転入通知 is refused or cannot be queued is not recorded.
    with transaction.atomic():
        change = residents_register(
            municipality=request.municipality,
            change_type=change_type,
            people=people.people(),
            address=form.address_value(),
            previous_address=data["previous_address"],
            unreported=data["unreported"],
            last_registered_address=data["last_registered_address"],
            actor=request.staff,
            **form.dates(workplace_of(request)),
        )
        if former and change_type == ChangeType.MOVE_IN:
            move_in_notice_typed_send(
                municipality=request.municipality,
                change_id=change.pk,
                former_lg_code=former,
                actor=request.staff,
            )
    return change


IMPORT_KEY = re.compile(r"people-(\d+)-import")


def _import_asked(request: StaffRequest) -> tuple[int, str] | None:
    """「除票の内容を取り込む」 pressed: the person's position and the 除票's 宛名番号."""
    for key in request.POST:
        if (match := IMPORT_KEY.fullmatch(key)) and int(match.group(1)) < forms.MAX_PEOPLE:
            return int(match.group(1)), request.POST.get(key, "")[:16]
    return None


def _as_typed(field: Field, value: str | None) -> object:
    """A posted value as an initial value: check boxes as booleans, the rest as typed."""
    if isinstance(field, BooleanField):
        return value in ("on", "true", "1")
    return value or ""


def _import_page(request: StaffRequest, position: int, atena_number: str) -> HttpResponse:
    """取り込み (doc/j600.txt §4.1.1.2: 「除票として持つその者の転出時の情報を取り込むことが
    でき、適宜修正できること」): the form again, as typed, with one person's items taken from
    the chosen 除票 for the clerk to correct; nothing is recorded until the form is sent."""
    data = request.POST
    count = min(_people_count(data.get("people-TOTAL_FORMS")), forms.MAX_PEOPLE)
    people_initial = [
        {
            name: _as_typed(field, data.get(f"people-{i}-{name}"))
            for name, field in forms.PersonForm.base_fields.items()
        }
        for i in range(count)
    ]
    record = returner_record_get(municipality=request.municipality, atena_number=atena_number)
    if record is not None and position < count:
        people_initial[position] |= forms.PersonForm.initial_from(record)
        resident_access_record(
            actor=request.staff, residents=[record], action="registry.returner_import"
        )
    form = forms.MoveInForm(
        initial={
            name: _as_typed(f, data.get(name)) for name, f in forms.MoveInForm.base_fields.items()
        }
    )
    people = forms.people_formset(1)(prefix="people", initial=people_initial)
    if record is not None and position < count:
        people.forms[position].returner_candidates = [record]
    return _move_in_page(request, form, people)


def _move_in_page(
    request: StaffRequest,
    form: forms.MoveInForm,
    people: forms.BasePeopleFormSet,
    checked: list[tuple[str, str]] | None = None,
) -> HttpResponse:
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
            "check_rows": checked,
            "checkable": True,
        },
    )


@require_http_methods(GET_POST)
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.move_in")
def move_in_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """転入届 (国内転入・国外転入) or 職権記載 of a new household: 世帯主 and up to 6 members."""
    if request.method == "POST" and (asked := _import_asked(request)):
        return _import_page(request, *asked)
    count = _people_count(request.GET.get("people"))
    form = forms.MoveInForm(request.POST or None)
    people = forms.people_formset(count)(
        request.POST or None, prefix="people", initial=[{"relationship": HEAD}]
    )
    valid = request.method == "POST" and all([form.is_valid(), people.is_valid()])
    if valid and CHECK_KEY in request.POST:
        filled = [f for f in people.forms if f.has_changed() and f.cleaned_data]
        return _move_in_page(request, form, people, check_rows(form, *filled))
    if valid:
        try:
            change = _record(request, form, people)
        except DomainError as error:
            filled = [f for f in people.forms if f.has_changed() and f.cleaned_data]
            _entry_error(form, filled, error)
            _returner_candidates_show(request, filled)
        else:
            household_id = change.history_rows.values_list("resident__household_id", flat=True)[0]
            return redirect_after_change(request, change, household_url(lg_code, household_id))
    return _move_in_page(request, form, people)
