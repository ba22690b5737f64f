"""One household's pages: the 世帯 itself, 出生届, and the 届出 on its members (転出・国外転出・
死亡・職権消除, 転居, 世帯分離, 世帯変更, 世帯合併, 世帯主変更)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from jichitai.common.exceptions import DomainError
from jichitai.identity.access import staff_required
from jichitai.identity.http import StaffRequest
from jichitai.registry import forms
from jichitai.registry.models import HEAD, Change, ChangeType, Household
from jichitai.registry.permissions import STAFF_ROLES
from jichitai.registry.selectors import (
    household_head,
    household_head_missing,
    household_members_living,
    household_members_removed,
    support_measures_covering,
)
from jichitai.registry.services import (
    Address,
    ChangeCircumstances,
    household_head_change,
    household_split,
    household_transfer,
    move_out_certificate_send,
    relationships_propose,
    residents_move_within,
    residents_register,
    residents_remove,
)
from jichitai.registry.views.common import (
    CHECK_KEY,
    GET_POST,
    check_rows,
    household_or_404,
    household_url,
    redirect_after_change,
    render_personal,
    resident_or_404,
    resident_url,
    workplace_of,
)
from jichitai.tenants.http import TenantRequest


@require_GET
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.household_view")
def household_view(request: StaffRequest, lg_code: str, household_id: int) -> HttpResponse:
    """世帯: the living members in 並び順 with their 続柄, the members removed from it (§3.3)
    and the household's 届出."""
    household = household_or_404(request, household_id)
    members = household_members_living(household)
    removed = household_members_removed(household)
    # 支援対象者 among the members (doc/j380.txt §2.2.4): marked, each linked to the measure.
    protected = support_measures_covering(
        municipality=request.municipality,
        resident_ids=[m.pk for m in members],
        on=timezone.localdate(),
    )
    context = {
        "household": household,
        "members": members,
        "removed": removed,
        "head": household_head(household),
        "protected": set(protected),
    }
    return render_personal(
        request,
        "registry/household.html",
        context,
        residents=[*members, *removed],
        action="registry.household_view",
    )


@require_http_methods(GET_POST)
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.birth")
def birth_view(request: StaffRequest, lg_code: str, household_id: int) -> HttpResponse:
    """出生届: the child joins an existing household at its address (also one without a
    head: its members' 届出 go on meanwhile, doc/j490.txt §4.0.4)."""
    household = household_or_404(request, household_id)
    members = household_members_living(household)
    if not household.is_active or not members:
        return _household_closed(request, household)
    head = household_head(household)
    # The household's address and the 本籍 offered: the head's, else the first member's, or
    # the member the clerk quotes (doc/j770.txt §4.2.0.3: 「戸籍法に基づく異動（例：出生…）に
    # ついては、世帯構成員の戸籍の表示（本籍・筆頭者）を引用して入力できること」).
    home = head or members[0]
    quoted = next((m for m in members if str(m.pk) == request.GET.get("quote", "")), home)
    form = forms.BirthForm(
        request.POST or None,
        initial={"domicile": quoted.domicile, "domicile_head": quoted.domicile_head},
    )
    checked: list[tuple[str, str]] | None = None
    if request.method == "POST" and form.is_valid() and CHECK_KEY in request.POST:
        checked = check_rows(form)
    elif request.method == "POST" and form.is_valid():
        try:
            change = residents_register(
                municipality=request.municipality,
                change_type=ChangeType.BIRTH,
                people=[form.person()],
                address=Address(
                    address=home.address,
                    address_extra=home.address_extra,
                    postal_code=home.postal_code,
                ),
                effective_on=form.cleaned_data["birth_date"],
                notified_on=form.cleaned_data["notified_on"],
                note=form.cleaned_data["note"],
                household_id=household.pk,
                actor=request.staff,
                circumstances=ChangeCircumstances(
                    input_place_id=workplace_of(request)[0],
                    input_terminal_id=workplace_of(request)[1],
                ),
            )
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            return redirect_after_change(request, change, household_url(lg_code, household.pk))
    return render_personal(
        request,
        "registry/birth.html",
        {
            "form": form,
            "household": household,
            "head": head,
            "home": home,
            "quoted": quoted,
            "quotable": [m for m in members if m.domicile],
            "check_rows": checked,
        },
        residents=members,
        action="registry.birth_form",
    )


@dataclasses.dataclass(frozen=True)
class HouseholdPage:
    """One 届出 on a household's members: its form, its words, and how it is carried out."""

    title: str
    lead: str
    form_class: type[forms.MembersForm]
    perform: Callable[[StaffRequest, forms.MembersForm, Household], tuple[Change, str]]
    # The head fields whose choice the 「続柄の候補を入れる」 button proposes 続柄 for.
    proposal_heads: tuple[str, ...] = ()
    submit: str = "記録する"
    form_kwargs: dict[str, Any] = dataclasses.field(default_factory=dict)


def _household_closed(request: TenantRequest, household: Household) -> HttpResponse:
    messages.error(request, "この世帯には現存する世帯員がいないため、この届出はできません。")
    return redirect(household_url(request.municipality.lg_code, household.pk))


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
    request: StaffRequest, household_id: int, page: HouseholdPage, *, action: str
) -> HttpResponse:
    household = household_or_404(request, household_id)
    members = household_members_living(household)
    if not household.is_active or not members:
        return _household_closed(request, household)
    kwargs = {**page.form_kwargs, "members": members}
    if page.form_class is forms.TransferForm:
        kwargs["household"] = household
    preselected = [m for m in request.GET.getlist("member") if m.isdigit()]
    checked: list[tuple[str, str]] | None = None
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
    elif request.method == "POST" and form.is_valid() and CHECK_KEY in request.POST:
        checked = check_rows(form)
    elif request.method == "POST" and form.is_valid():
        try:
            change, url = page.perform(request, form, household)
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            return redirect_after_change(request, change, url)
    return render_personal(
        request,
        "registry/members_form.html",
        {"form": form, "household": household, "page": page, "check_rows": checked},
        residents=members,
        action=action,
    )


def _household_of(request: TenantRequest, resident_id: int) -> str:
    resident = resident_or_404(request, resident_id)
    return household_url(request.municipality.lg_code, resident.household_id)


def _remove(change_type: ChangeType) -> Callable[..., tuple[Change, str]]:
    def perform(
        request: StaffRequest, form: forms.MembersForm, household: Household
    ) -> tuple[Change, str]:
        chosen = form.selected_ids()
        remaining = form.remaining_ids()
        destination = form.cleaned_data.get("destination_lg_code", "").strip()
        # One transaction: a 特例転出 whose 転出証明書情報 cannot be sent is not recorded either.
        with transaction.atomic():
            change = residents_remove(
                municipality=request.municipality,
                change_type=change_type,
                resident_ids=chosen,
                moving_to_address=form.cleaned_data.get("moving_to_address", ""),
                new_head_id=form.cleaned_data["new_head"],
                relationships=form.relationships_of(remaining),
                actor=request.staff,
                **form.dates(workplace_of(request)),
            )
            if destination:
                move_out_certificate_send(
                    municipality=request.municipality,
                    change_id=change.pk,
                    destination_lg_code=destination,
                    actor=request.staff,
                )
                messages.info(
                    request,
                    "転出証明書情報を転出先に送付しました（住基ネット経由の分は「住基ネット送信」で"
                    "送信状況を確認できます）。",
                )
        lg_code = request.municipality.lg_code
        if household_head_missing(household):
            # The アラート of doc/j490.txt §4.0.4: the household now waits for a 世帯主変更.
            messages.warning(request, HEADLESS_ALERT)
        url = (
            household_url(lg_code, household.pk) if remaining else resident_url(lg_code, chosen[0])
        )
        if change_type == ChangeType.MOVE_OUT and not destination:
            # A 転出 without 特例: the 転出証明書 in the flow (doc/j660.txt §4.1.3.0.3).
            url = reverse(
                "certificates:move_out", kwargs={"lg_code": lg_code, "change_id": change.pk}
            )
        return change, url

    return perform


def _move_within(
    request: StaffRequest, form: forms.MembersForm, household: Household
) -> tuple[Change, str]:
    assert isinstance(form, forms.MoveWithinForm)  # noqa: S101 - the 転居 page's form
    chosen = form.selected_ids()
    change = residents_move_within(
        municipality=request.municipality,
        resident_ids=chosen,
        address=form.address_value(),
        new_head_id=form.cleaned_data["new_head"],
        relationships=form.relationships_of(chosen),
        remaining_head_id=form.cleaned_data["remaining_head"],
        remaining_relationships=form.relationships_of(form.remaining_ids()),
        actor=request.staff,
        **form.dates(workplace_of(request)),
    )
    return change, _household_of(request, chosen[0])


def _split(
    request: StaffRequest, form: forms.MembersForm, household: Household
) -> tuple[Change, str]:
    chosen = form.selected_ids()
    change = household_split(
        municipality=request.municipality,
        resident_ids=chosen,
        new_head_id=form.cleaned_data["new_head"],
        relationships=form.relationships_of(chosen),
        remaining_head_id=form.cleaned_data["remaining_head"],
        remaining_relationships=form.relationships_of(form.remaining_ids()),
        actor=request.staff,
        **form.dates(workplace_of(request)),
    )
    return change, _household_of(request, chosen[0])


def _transfer(merge: bool) -> Callable[..., tuple[Change, str]]:
    def perform(
        request: StaffRequest, form: forms.MembersForm, household: Household
    ) -> tuple[Change, str]:
        chosen = form.selected_ids()
        target: Household = form.cleaned_data["target"]
        change = household_transfer(
            municipality=request.municipality,
            resident_ids=chosen,
            household_id=target.pk,
            relationships=form.relationships_of(chosen),
            merge=merge,
            remaining_head_id=form.cleaned_data.get("remaining_head"),
            remaining_relationships=form.relationships_of(form.remaining_ids()),
            actor=request.staff,
            **form.dates(workplace_of(request)),
        )
        return change, household_url(request.municipality.lg_code, target.pk)

    return perform


def _head_change(
    request: StaffRequest, form: forms.MembersForm, household: Household
) -> tuple[Change, str]:
    new_head_id = form.cleaned_data["new_head"]
    change = household_head_change(
        municipality=request.municipality,
        household_id=household.pk,
        new_head_id=new_head_id,
        relationships=form.relationships_of(m.pk for m in form.members if m.pk != new_head_id),
        actor=request.staff,
        **form.dates(workplace_of(request)),
    )
    return change, household_url(request.municipality.lg_code, household.pk)


_REMOVAL_LEAD = (
    "対象の世帯員を選んでください。世帯主が対象で世帯員が残る場合は、残る人から新しい世帯主を選び、"
    "「続柄の候補を入れる」で続柄を確認してください（空欄の続柄は候補のとおり記録されます）。"
    "2人以上残り新しい世帯主を選ばない場合、世帯主変更届があるまで世帯主未設定の世帯となり、"
    "続柄は変わりません。"
)
HEADLESS_ALERT = (
    "この世帯は世帯主未設定になりました。世帯主変更届により新しい世帯主と続柄を記録してください。"
)


def _removal_page(change_type: ChangeType, title: str) -> HouseholdPage:
    """消除 pages differ only by their 異動事由."""
    return HouseholdPage(
        title=title,
        lead=_REMOVAL_LEAD,
        form_class=forms.RemovalForm,
        perform=_remove(change_type),
        proposal_heads=("new_head",),
        form_kwargs={"change_type": change_type},
    )


REMOVAL_PAGES = {
    change_type: _removal_page(change_type, title)
    for change_type, title in (
        (ChangeType.MOVE_OUT, "転出届（国内転出）"),
        (ChangeType.EMIGRATION, "国外転出"),
        (ChangeType.DEATH, "死亡届"),
        (ChangeType.EX_OFFICIO_REMOVAL, "職権消除"),
    )
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
    request: StaffRequest, lg_code: str, household_id: int, change_type: ChangeType
) -> HttpResponse:
    """転出届・国外転出・死亡届・職権消除."""
    return _household_change(
        request, household_id, REMOVAL_PAGES[change_type], action="registry.removal_form"
    )


@require_http_methods(GET_POST)
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.household_change")
def household_change_view(
    request: StaffRequest, lg_code: str, household_id: int, kind: str
) -> HttpResponse:
    """転居届・世帯分離・世帯変更・世帯合併・世帯主変更届."""
    return _household_change(
        request, household_id, HOUSEHOLD_PAGES[kind], action="registry.household_change_form"
    )
