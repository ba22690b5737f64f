"""Staff pages of the resident registry (住民記録): search, the record with its history, the
household, and one form per 異動.

Each view parses a form, calls the service (or selector) and renders; a service's DomainError
becomes form errors next to the field it names (forms.add_domain_error). Every page that shows
personal data records the access once (resident_access_record); writes are audited by the
services themselves. URLs carry ids only, never names or numbers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from jichitai.common.exceptions import DomainError
from jichitai.common.templatetags.jichitai_ui import wareki
from jichitai.identity.access import Role, staff_check, staff_required
from jichitai.identity.errors import RoleRequired
from jichitai.identity.models import StaffUser
from jichitai.identity.selectors import staff_roles
from jichitai.registry import forms
from jichitai.registry.errors import ChangeNotFound, HouseholdNotFound, ResidentNotFound
from jichitai.registry.models import (
    HEAD,
    Change,
    ChangeType,
    Household,
    Resident,
)
from jichitai.registry.selectors import (
    SEARCH_LIMIT,
    ResidentQuery,
    change_get,
    household_get,
    household_head,
    parse_as_of,
    resident_as_of,
    resident_get,
    resident_history_list,
    resident_search,
)
from jichitai.registry.services import (
    Address,
    change_cancel,
    household_head_change,
    household_split,
    household_transfer,
    relationships_propose,
    resident_access_record,
    resident_alias_change,
    resident_correct,
    resident_former_surname_change,
    resident_my_number_change,
    resident_my_number_reveal,
    resident_name_change,
    residents_move_within,
    residents_register,
    residents_remove,
)
from jichitai.registry.services.recording import person_fields_check
from jichitai.registry.timeline import record_from_snapshot, timeline
from jichitai.tenants.models import Municipality

# 窓口 and 住民記録審査 both read the register and take ordinary 届出; corrections, the
# cancellation of a change and the full 個人番号 need 住民記録審査 (番号法 第9条 for the last).
STAFF_ROLES = (Role.COUNTER, Role.REGISTRY_REVIEW)
REVIEW_ROLES = (Role.REGISTRY_REVIEW,)
GET_POST = ["GET", "POST"]


# ---------------------------------------------------------------------------- helpers


def _municipality(request: HttpRequest) -> Municipality:
    return request.municipality  # type: ignore[attr-defined,no-any-return]


def _staff(request: HttpRequest) -> StaffUser:
    return request.staff  # type: ignore[attr-defined,no-any-return]


def _resident_or_404(request: HttpRequest, resident_id: int) -> Resident:
    try:
        return resident_get(municipality=_municipality(request), resident_id=resident_id)
    except ResidentNotFound:
        raise Http404 from None


def _household_or_404(request: HttpRequest, household_id: int) -> Household:
    try:
        return household_get(municipality=_municipality(request), household_id=household_id)
    except HouseholdNotFound:
        raise Http404 from None


def _review_denied(request: HttpRequest, *, action: str) -> HttpResponse | None:
    """The 403 page unless the staff member holds 住民記録審査 (audited when denied).

    Asked after the object was found, so another municipality's id stays a 404 as everywhere.
    """
    try:
        staff_check(
            user=_staff(request),
            municipality=_municipality(request),
            roles=REVIEW_ROLES,
            action=action,
        )
    except RoleRequired as error:
        return render(request, "403.html", {"error": error}, status=403)
    return None


def _resident_url(lg_code: str, resident_id: int) -> str:
    return reverse("registry:resident", kwargs={"lg_code": lg_code, "resident_id": resident_id})


def _household_url(lg_code: str, household_id: int) -> str:
    return reverse("registry:household", kwargs={"lg_code": lg_code, "household_id": household_id})


def _done(request: HttpRequest, change: Change, url: str) -> HttpResponse:
    messages.success(
        request,
        f"「{change.get_change_type_display()}」を記録しました（異動日 {wareki(change.effective_on)}）。",
    )
    return redirect(url)


def _render_personal(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    residents: Sequence[Resident],
    action: str,
) -> HttpResponse:
    """Render a page that shows these residents' data, recording the access once."""
    resident_access_record(actor=_staff(request), residents=list(residents), action=action)
    return render(request, template, context)


# ---------------------------------------------------------------------------- search


@require_http_methods(GET_POST)
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.search")
def search_view(request: HttpRequest, lg_code: str) -> HttpResponse:
    """住民検索. The form is sent by POST: names, birth dates and numbers in a query string
    would stay in the browser history and in every access log between the counter and the
    server; a POST body does not."""
    form = forms.SearchForm(request.POST or None)
    results: list[Resident] | None = None
    empty = False
    if request.method == "POST" and form.is_valid():
        query = ResidentQuery(**form.query_values())
        if query.is_empty:
            empty = True
        else:
            try:
                results = list(resident_search(municipality=_municipality(request), query=query))
            except DomainError as error:
                forms.add_domain_error(form, error)
    context = {"form": form, "results": results, "empty": empty, "limit": SEARCH_LIMIT}
    return _render_personal(
        request, "registry/search.html", context, residents=results or [], action="registry.search"
    )


# ---------------------------------------------------------------------------- record, household


@require_GET
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.resident_view")
def resident_view(request: HttpRequest, lg_code: str, resident_id: int) -> HttpResponse:
    """住民票: every item, grouped; a 時点照会 (?on=, a date is not personal data); the
    history timeline, newest first; the 届出 that the record's state allows."""
    resident = _resident_or_404(request, resident_id)
    as_of_form = forms.AsOfForm(request.GET if "on" in request.GET else None)
    as_of: dict[str, Any] | None = None
    if as_of_form.is_bound and as_of_form.is_valid() and as_of_form.cleaned_data["on"]:
        try:
            on = parse_as_of(as_of_form.cleaned_data["on"])
        except DomainError as error:
            forms.add_domain_error(as_of_form, error)
        else:
            snapshot = resident_as_of(resident=resident, on=on)
            as_of = {
                "on": on,
                "record": record_from_snapshot(snapshot) if snapshot else None,
                "household_number": snapshot.get("household_number", "") if snapshot else "",
            }
    rows = list(resident_history_list(resident=resident))
    head = None if resident.is_closed else household_head(resident.household)
    roles = staff_roles(user=_staff(request))
    context = {
        "resident": resident,
        "head": head,
        "as_of_form": as_of_form,
        "as_of": as_of,
        "timeline": timeline(rows, latest=resident.history_number),
        "is_reviewer": Role.REGISTRY_REVIEW in roles,
        "reveal_form": forms.RevealForm(),
    }
    return _render_personal(
        request,
        "registry/resident.html",
        context,
        residents=[resident],
        action="registry.resident_view",
    )


@require_GET
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.household_view")
def household_view(request: HttpRequest, lg_code: str, household_id: int) -> HttpResponse:
    """世帯: the living members in 並び順 with their 続柄, and the household's 届出."""
    household = _household_or_404(request, household_id)
    members = household.living_members  # type: ignore[attr-defined]
    context = {"household": household, "members": members, "head": household_head(household)}
    return _render_personal(
        request,
        "registry/household.html",
        context,
        residents=members,
        action="registry.household_view",
    )


# ---------------------------------------------------------------------------- 記載 (entries)

PERSON_FIELDS = frozenset(forms.PersonForm.base_fields)


def _person_with_error(
    people: Sequence[forms.PersonForm], field: str, code: str
) -> forms.PersonForm | None:
    """Whose item the service refused: the person the same check refuses again (the
    services stop at the first person), else the only one who filled the item in."""
    for form in people:
        try:
            person_fields_check(dataclasses.asdict(form.person()))
        except DomainError as error:
            if any(e.field == field and e.code == code for e in error.errors):
                return form
    if len(people) == 1:
        return people[0]
    filled = [form for form in people if form.cleaned_data.get(field)]
    return filled[0] if len(filled) == 1 else None


def _entry_error(form: Form, people: Sequence[forms.PersonForm], error: DomainError) -> None:
    for field_error in error.errors:
        if field_error.field in PERSON_FIELDS and field_error.field not in form.fields:
            person = _person_with_error(people, field_error.field, field_error.code)
            target: Form = person if person is not None else form
            name = field_error.field if person is not None else None
            target.add_error(name, field_error.message)
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
def move_in_view(request: HttpRequest, lg_code: str) -> HttpResponse:
    """転入届 (国内転入・国外転入) or 職権記載 of a new household: 世帯主 and up to 6 members."""
    count = _people_count(request.GET.get("people"))
    form = forms.MoveInForm(request.POST or None)
    people = forms.people_formset(count)(
        request.POST or None, prefix="people", initial=[{"relationship": HEAD}]
    )
    if request.method == "POST" and all([form.is_valid(), people.is_valid()]):
        try:
            change = residents_register(
                municipality=_municipality(request),
                change_type=ChangeType(form.cleaned_data["change_type"]),
                people=people.people(),
                address=form.address_value(),
                previous_address=form.cleaned_data["previous_address"],
                actor=_staff(request),
                **form.dates(),
            )
        except DomainError as error:
            filled = [f for f in people.forms if f.has_changed() and f.cleaned_data]
            _entry_error(form, filled, error)
        else:
            household_id = change.history_rows.values_list("resident__household_id", flat=True)[0]
            return _done(request, change, _household_url(lg_code, household_id))
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


@require_http_methods(GET_POST)
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.birth")
def birth_view(request: HttpRequest, lg_code: str, household_id: int) -> HttpResponse:
    """出生届: the child joins an existing household at its address."""
    household = _household_or_404(request, household_id)
    head = household_head(household)
    if not household.is_active or head is None:
        return _household_closed(request, household)
    form = forms.BirthForm(
        request.POST or None,
        initial={"domicile": head.domicile, "domicile_head": head.domicile_head},
    )
    if request.method == "POST" and form.is_valid():
        try:
            change = residents_register(
                municipality=_municipality(request),
                change_type=ChangeType.BIRTH,
                people=[form.person()],
                address=Address(
                    address=head.address,
                    address_extra=head.address_extra,
                    postal_code=head.postal_code,
                ),
                effective_on=form.cleaned_data["birth_date"],
                notified_on=form.cleaned_data["notified_on"],
                note=form.cleaned_data["note"],
                household_id=household.pk,
                actor=_staff(request),
            )
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            return _done(request, change, _household_url(lg_code, household.pk))
    return _render_personal(
        request,
        "registry/birth.html",
        {"form": form, "household": household, "head": head},
        residents=household.living_members,  # type: ignore[attr-defined]
        action="registry.birth_form",
    )


# ---------------------------------------------------------------------------- household changes


@dataclasses.dataclass(frozen=True)
class HouseholdPage:
    """One 届出 on a household's members: its form, its words, and how it is carried out."""

    title: str
    lead: str
    form_class: type[forms.MembersForm]
    perform: Callable[[HttpRequest, forms.MembersForm, Household], tuple[Change, str]]
    # The head fields whose choice the 「続柄の候補を入れる」 button proposes 続柄 for.
    proposal_heads: tuple[str, ...] = ()
    submit: str = "記録する"
    form_kwargs: dict[str, Any] = dataclasses.field(default_factory=dict)


def _household_closed(request: HttpRequest, household: Household) -> HttpResponse:
    messages.error(request, "この世帯には現存する世帯員がいないため、この届出はできません。")
    return redirect(_household_url(_municipality(request).lg_code, household.pk))


def _proposals(form: forms.MembersForm, heads: Sequence[str]) -> dict[int, tuple[str, bool]]:
    """続柄の候補 relative to the chosen head(s): `new_head` heads the chosen members (or,
    for a removal or a change of head, those who stay), `remaining_head` those who stay."""
    members = form.members
    chosen = set(form.selected_ids()) if form.select_members else set()
    remaining = {m.pk for m in members} - chosen
    proposals: dict[int, tuple[str, bool]] = {}
    for head_field in heads:
        head_id = form.cleaned_data.get(head_field)
        # One person forming a new household is its head (the services do the same).
        forms_new_household = "remaining_head" in form.fields
        if (
            head_id is None
            and head_field == "new_head"
            and forms_new_household
            and len(chosen) == 1
        ):
            head_id = next(iter(chosen))
        head = next((m for m in members if m.pk == head_id), None)
        if head is None:
            continue
        group = chosen if head.pk in chosen else remaining
        for member_id, proposal in relationships_propose(members=members, new_head=head).items():
            if member_id in group:
                proposals[member_id] = proposal
        # Shown for completeness; the services never read the new head's own box.
        proposals[head.pk] = (HEAD, True)
    return proposals


def _household_change(
    request: HttpRequest, household_id: int, page: HouseholdPage, *, action: str
) -> HttpResponse:
    household = _household_or_404(request, household_id)
    members = household.living_members  # type: ignore[attr-defined]
    if not household.is_active or not members:
        return _household_closed(request, household)
    kwargs = {**page.form_kwargs, "members": members}
    if page.form_class is forms.TransferForm:
        kwargs["household"] = household
    preselected = [m for m in request.GET.getlist("member") if m.isdigit()]
    form = page.form_class(request.POST or None, initial={"members": preselected}, **kwargs)
    if request.method == "POST" and "propose" in request.POST:
        # Only the chosen heads are read; the other fields are checked on the real submit.
        form.is_valid()
        proposals = _proposals(form, page.proposal_heads)
        if not proposals:
            messages.warning(
                request, "続柄の候補を出すには、対象の世帯員と新しい世帯主を選んでください。"
            )
        form = page.form_class(initial=form.initial_with(proposals), proposals=proposals, **kwargs)
    elif request.method == "POST" and form.is_valid():
        try:
            change, url = page.perform(request, form, household)
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            return _done(request, change, url)
    return _render_personal(
        request,
        "registry/members_form.html",
        {"form": form, "household": household, "page": page},
        residents=members,
        action=action,
    )


def _household_of(request: HttpRequest, resident_id: int) -> str:
    resident = _resident_or_404(request, resident_id)
    return _household_url(_municipality(request).lg_code, resident.household_id)


def _remove(change_type: ChangeType) -> Callable[..., tuple[Change, str]]:
    def perform(
        request: HttpRequest, form: forms.MembersForm, household: Household
    ) -> tuple[Change, str]:
        chosen = form.selected_ids()
        remaining = form.remaining_ids()
        change = residents_remove(
            municipality=_municipality(request),
            change_type=change_type,
            resident_ids=chosen,
            moving_to_address=form.cleaned_data.get("moving_to_address", ""),
            new_head_id=form.cleaned_data["new_head"],
            relationships=form.relationships_of(remaining),
            actor=_staff(request),
            **form.dates(),
        )
        lg_code = _municipality(request).lg_code
        url = (
            _household_url(lg_code, household.pk)
            if remaining
            else _resident_url(lg_code, chosen[0])
        )
        return change, url

    return perform


def _move_within(
    request: HttpRequest, form: forms.MembersForm, household: Household
) -> tuple[Change, str]:
    chosen = form.selected_ids()
    change = residents_move_within(
        municipality=_municipality(request),
        resident_ids=chosen,
        address=form.address_value(),  # type: ignore[attr-defined]
        new_head_id=form.cleaned_data["new_head"],
        relationships=form.relationships_of(chosen),
        remaining_head_id=form.cleaned_data["remaining_head"],
        remaining_relationships=form.relationships_of(form.remaining_ids()),
        actor=_staff(request),
        **form.dates(),
    )
    return change, _household_of(request, chosen[0])


def _split(
    request: HttpRequest, form: forms.MembersForm, household: Household
) -> tuple[Change, str]:
    chosen = form.selected_ids()
    change = household_split(
        municipality=_municipality(request),
        resident_ids=chosen,
        new_head_id=form.cleaned_data["new_head"],
        relationships=form.relationships_of(chosen),
        remaining_head_id=form.cleaned_data["remaining_head"],
        remaining_relationships=form.relationships_of(form.remaining_ids()),
        actor=_staff(request),
        **form.dates(),
    )
    return change, _household_of(request, chosen[0])


def _transfer(merge: bool) -> Callable[..., tuple[Change, str]]:
    def perform(
        request: HttpRequest, form: forms.MembersForm, household: Household
    ) -> tuple[Change, str]:
        chosen = form.selected_ids()
        target: Household = form.cleaned_data["target"]
        change = household_transfer(
            municipality=_municipality(request),
            resident_ids=chosen,
            household_id=target.pk,
            relationships=form.relationships_of(chosen),
            merge=merge,
            remaining_head_id=form.cleaned_data.get("remaining_head"),
            remaining_relationships=form.relationships_of(form.remaining_ids()),
            actor=_staff(request),
            **form.dates(),
        )
        return change, _household_url(_municipality(request).lg_code, target.pk)

    return perform


def _head_change(
    request: HttpRequest, form: forms.MembersForm, household: Household
) -> tuple[Change, str]:
    new_head_id = form.cleaned_data["new_head"]
    change = household_head_change(
        municipality=_municipality(request),
        household_id=household.pk,
        new_head_id=new_head_id,
        relationships=form.relationships_of(m.pk for m in form.members if m.pk != new_head_id),
        actor=_staff(request),
        **form.dates(),
    )
    return change, _household_url(_municipality(request).lg_code, household.pk)


_REMOVAL_LEAD = (
    "対象の世帯員を選んでください。世帯主が対象で世帯員が残る場合は、残る人から新しい世帯主を選び、"
    "「続柄の候補を入れる」で続柄を確認してください（空欄の続柄は候補のとおり記録されます）。"
)
REMOVAL_PAGES = {
    ChangeType.MOVE_OUT: HouseholdPage(
        title="転出届（国内転出）",
        lead=_REMOVAL_LEAD,
        form_class=forms.RemovalForm,
        perform=_remove(ChangeType.MOVE_OUT),
        proposal_heads=("new_head",),
        form_kwargs={"change_type": ChangeType.MOVE_OUT},
    ),
    ChangeType.EMIGRATION: HouseholdPage(
        title="国外転出",
        lead=_REMOVAL_LEAD,
        form_class=forms.RemovalForm,
        perform=_remove(ChangeType.EMIGRATION),
        proposal_heads=("new_head",),
        form_kwargs={"change_type": ChangeType.EMIGRATION},
    ),
    ChangeType.DEATH: HouseholdPage(
        title="死亡届",
        lead=_REMOVAL_LEAD,
        form_class=forms.RemovalForm,
        perform=_remove(ChangeType.DEATH),
        proposal_heads=("new_head",),
        form_kwargs={"change_type": ChangeType.DEATH},
    ),
    ChangeType.EX_OFFICIO_REMOVAL: HouseholdPage(
        title="職権消除",
        lead=_REMOVAL_LEAD,
        form_class=forms.RemovalForm,
        perform=_remove(ChangeType.EX_OFFICIO_REMOVAL),
        proposal_heads=("new_head",),
        form_kwargs={"change_type": ChangeType.EX_OFFICIO_REMOVAL},
    ),
}
HOUSEHOLD_PAGES = {
    "move_within": HouseholdPage(
        title="転居届",
        lead="世帯全員が転居する場合は全員を選びます。一部の人だけが転居する場合、その人たちは新しい住所で新しい世帯になります（新しい世帯主と続柄を指定します）。",
        form_class=forms.MoveWithinForm,
        perform=_move_within,
        proposal_heads=("new_head", "remaining_head"),
    ),
    "split": HouseholdPage(
        title="世帯分離",
        lead="同じ住所で新しい世帯になる人を選んでください。新しい世帯の世帯主と、その人との続柄を指定します。",
        form_class=forms.SplitForm,
        perform=_split,
        proposal_heads=("new_head", "remaining_head"),
    ),
    "change": HouseholdPage(
        title="世帯変更",
        lead="同じ住所にある別の世帯に移る人を選び、移る先の世帯主との続柄を入力してください。",
        form_class=forms.TransferForm,
        perform=_transfer(merge=False),
        proposal_heads=("remaining_head",),
    ),
    "merge": HouseholdPage(
        title="世帯合併",
        lead="この世帯の全員が、同じ住所にある別の世帯に加わります。移る先の世帯主との続柄を全員分入力してください。",
        form_class=forms.TransferForm,
        perform=_transfer(merge=True),
        form_kwargs={"merge": True},
    ),
    "head": HouseholdPage(
        title="世帯主変更届",
        lead="新しい世帯主を選び、「続柄の候補を入れる」を押すと全員の新しい続柄の候補が入ります。「要確認」の付いた続柄は、本人に確認してください。",
        form_class=forms.HeadChangeForm,
        perform=_head_change,
        proposal_heads=("new_head",),
    ),
}


@require_http_methods(GET_POST)
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.removal")
def removal_view(
    request: HttpRequest, lg_code: str, household_id: int, change_type: ChangeType
) -> HttpResponse:
    """転出届・国外転出・死亡届・職権消除."""
    return _household_change(
        request, household_id, REMOVAL_PAGES[change_type], action="registry.removal_form"
    )


@require_http_methods(GET_POST)
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.household_change")
def household_change_view(
    request: HttpRequest, lg_code: str, household_id: int, kind: str
) -> HttpResponse:
    """転居届・世帯分離・世帯変更・世帯合併・世帯主変更届."""
    return _household_change(
        request, household_id, HOUSEHOLD_PAGES[kind], action="registry.household_change_form"
    )


# ---------------------------------------------------------------------------- one record


@dataclasses.dataclass(frozen=True)
class ResidentPage:
    title: str
    lead: str
    form_class: type[Form]
    initial: Callable[[Resident], dict[str, Any]]
    perform: Callable[[HttpRequest, Form, Resident], Change]


def _resident_change(
    request: HttpRequest, resident_id: int, page: ResidentPage, *, action: str
) -> HttpResponse:
    resident = _resident_or_404(request, resident_id)
    url = _resident_url(_municipality(request).lg_code, resident.pk)
    if resident.is_closed:
        messages.error(
            request,
            "除票になっている住民には、この届出はできません（誤記修正・職権修正・異動の取消しのみ可能です）。",
        )
        return redirect(url)
    form = page.form_class(request.POST or None, initial=page.initial(resident))
    if request.method == "POST" and form.is_valid():
        try:
            change = page.perform(request, form, resident)
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            return _done(request, change, url)
    return _render_personal(
        request,
        "registry/change_form.html",
        {"form": form, "resident": resident, "page": page},
        residents=[resident],
        action=action,
    )


RESIDENT_PAGES = {
    "name": ResidentPage(
        title="氏名の変更",
        lead="戸籍の届出（婚姻・離婚など）に基づく氏名の変更を記録します。",
        form_class=forms.NameChangeForm,
        initial=lambda r: {"name": r.name, "name_kana": r.name_kana},
        perform=lambda request, form, resident: resident_name_change(
            municipality=_municipality(request),
            resident_id=resident.pk,
            name=form.cleaned_data["name"],
            name_kana=form.cleaned_data["name_kana"],
            name_kana_confirmed=form.cleaned_data["name_kana_confirmed"],
            actor=_staff(request),
            **form.dates(),  # type: ignore[attr-defined]
        ),
    ),
    "former_surname": ResidentPage(
        title="旧氏の記載・変更・削除",
        lead="本人の請求により、旧氏を記載・変更・削除します（日本人住民のみ）。",
        form_class=forms.FormerSurnameForm,
        initial=lambda r: {
            "former_surname": r.former_surname,
            "former_surname_kana": r.former_surname_kana,
        },
        perform=lambda request, form, resident: resident_former_surname_change(
            municipality=_municipality(request),
            resident_id=resident.pk,
            former_surname=form.cleaned_data["former_surname"],
            former_surname_kana=form.cleaned_data["former_surname_kana"],
            actor=_staff(request),
            **form.dates(),  # type: ignore[attr-defined]
        ),
    ),
    "alias": ResidentPage(
        title="通称の記載・削除",
        lead="本人の申出により、通称を記載・削除します（外国人住民のみ）。",
        form_class=forms.AliasForm,
        initial=lambda r: {"alias": r.alias, "alias_kana": r.alias_kana},
        perform=lambda request, form, resident: resident_alias_change(
            municipality=_municipality(request),
            resident_id=resident.pk,
            alias=form.cleaned_data["alias"],
            alias_kana=form.cleaned_data["alias_kana"],
            actor=_staff(request),
            **form.dates(),  # type: ignore[attr-defined]
        ),
    ),
    "my_number": ResidentPage(
        title="個人番号の変更",
        lead="本人の請求または職権により、新しい個人番号を記載します。",
        form_class=forms.MyNumberChangeForm,
        initial=lambda r: {},
        perform=lambda request, form, resident: resident_my_number_change(
            municipality=_municipality(request),
            resident_id=resident.pk,
            my_number=form.cleaned_data["my_number"],
            actor=_staff(request),
            **form.dates(),  # type: ignore[attr-defined]
        ),
    ),
}


@require_http_methods(GET_POST)
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.resident_change")
def resident_change_view(
    request: HttpRequest, lg_code: str, resident_id: int, kind: str
) -> HttpResponse:
    """氏名の変更・旧氏・通称・個人番号の変更."""
    return _resident_change(
        request, resident_id, RESIDENT_PAGES[kind], action="registry.resident_change_form"
    )


@require_http_methods(GET_POST)
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.correct")
def correction_view(request: HttpRequest, lg_code: str, resident_id: int) -> HttpResponse:
    """職権修正・誤記修正: step 1 chooses the items (GET, item names only), step 2 corrects
    them (POST). Allowed on 除票 too."""
    resident = _resident_or_404(request, resident_id)
    if denied := _review_denied(request, action="registry.correct"):
        return denied
    chosen = forms.CorrectionChoiceForm(
        request.GET if "items" in request.GET else None, resident=resident
    )
    if not chosen.is_valid():
        return _render_personal(
            request,
            "registry/correction_items.html",
            {"form": chosen, "resident": resident},
            residents=[resident],
            action="registry.correct_form",
        )
    form = forms.CorrectionForm(
        request.POST or None, items=chosen.cleaned_data["items"], resident=resident
    )
    if request.method == "POST" and form.is_valid():
        try:
            change = resident_correct(
                municipality=_municipality(request),
                resident_id=resident.pk,
                change_type=ChangeType(form.cleaned_data["change_type"]),
                updates=form.updates(),
                reason=form.cleaned_data["reason"],
                effective_on=form.cleaned_data["effective_on"],
                actor=_staff(request),
            )
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            return _done(request, change, _resident_url(lg_code, resident.pk))
    page = {
        "title": "職権修正・誤記修正",
        "lead": "選んだ項目を正しい内容に直し、修正の種類と理由を入力してください。",
    }
    return _render_personal(
        request,
        "registry/change_form.html",
        {"form": form, "resident": resident, "page": page, "correction": True},
        residents=[resident],
        action="registry.correct_form",
    )


@require_http_methods(GET_POST)
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.change_cancel")
def cancel_view(request: HttpRequest, lg_code: str, change_id: int) -> HttpResponse:
    """異動の取消し: every record the change touched returns to its state before it."""
    try:
        change = change_get(municipality=_municipality(request), change_id=change_id)
    except ChangeNotFound:
        raise Http404 from None
    if denied := _review_denied(request, action="registry.change_cancel"):
        return denied
    # The records this change wrote a history row for: who the clerk is about to restore.
    residents = [
        row.resident
        for row in change.history_rows.select_related("resident").order_by(
            "resident__household_order", "resident_id"
        )
    ]
    back = request.GET.get("resident", "")
    back_to = next((r for r in residents if str(r.pk) == back), residents[0] if residents else None)
    form = forms.CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change_cancel(
                municipality=_municipality(request),
                change_id=change.pk,
                reason=form.cleaned_data["reason"],
                actor=_staff(request),
            )
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            messages.success(
                request, f"「{change.get_change_type_display()}」の異動を取り消しました。"
            )
            if back_to is None:
                return redirect("registry:search", lg_code=lg_code)
            return redirect(_resident_url(lg_code, back_to.pk))
    return _render_personal(
        request,
        "registry/cancel.html",
        {"form": form, "change": change, "residents": residents, "back_to": back_to},
        residents=residents,
        action="registry.change_cancel_form",
    )


@require_http_methods(GET_POST)
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.my_number_reveal")
def my_number_view(request: HttpRequest, lg_code: str, resident_id: int) -> HttpResponse:
    """個人番号の表示: for 住民記録審査, with the 事務 it is needed for; the reveal itself is
    audited by the service. The number is rendered once and never put in a URL or session."""
    resident = _resident_or_404(request, resident_id)
    if denied := _review_denied(request, action="registry.my_number_reveal"):
        return denied
    form = forms.RevealForm(request.POST or None)
    context: dict[str, Any] = {"form": form, "resident": resident, "revealed": None}
    if request.method == "POST" and form.is_valid():
        try:
            number = resident_my_number_reveal(
                resident=resident, actor=_staff(request), purpose=form.cleaned_data["purpose"]
            )
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            context["revealed"] = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
            context["has_number"] = bool(number)
            return render(request, "registry/my_number.html", context)
    return _render_personal(
        request,
        "registry/my_number.html",
        context,
        residents=[resident],
        action="registry.my_number_form",
    )
