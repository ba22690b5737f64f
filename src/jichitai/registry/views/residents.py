"""One resident's pages: the 住民票 with its history and 時点照会, the changes of one record
(氏名・旧氏・通称・個人番号), 職権修正・誤記修正 and showing the 個人番号."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from jichitai.common.exceptions import DomainError
from jichitai.identity.access import Role, staff_required
from jichitai.identity.http import StaffRequest
from jichitai.identity.selectors import staff_roles
from jichitai.registry import forms
from jichitai.registry.certificates.resident_code_notices import resident_code_notice_render
from jichitai.registry.errors import ResidentNotFound
from jichitai.registry.models import Change, ChangeType, Resident, ResidentHistory
from jichitai.registry.permissions import STAFF_ROLES
from jichitai.registry.selectors import (
    household_head,
    issued_certificates_recent,
    parse_as_of,
    resident_as_of,
    resident_certificate_serial_get,
    resident_history_list,
    resident_memos_list,
    resident_remarks_list,
    resident_support_status,
    resident_symbol_request_latest,
)
from jichitai.registry.services import (
    ForeignItems,
    network_operating,
    resident_alias_change,
    resident_code_renew,
    resident_correct,
    resident_former_surname_change,
    resident_my_number_change,
    resident_my_number_request,
    resident_my_number_reveal,
    resident_name_change,
    resident_nationality_lose,
    resident_naturalise,
)
from jichitai.registry.timeline import record_from_snapshot, timeline
from jichitai.registry.views.common import (
    CHECK_KEY,
    GET_POST,
    check_rows,
    redirect_after_change,
    render_personal,
    resident_or_404,
    resident_url,
    review_denied,
    workplace_of,
)


@require_GET
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.resident_view")
def resident_view(request: StaffRequest, lg_code: str, resident_id: int) -> HttpResponse:
    """住民票: every item, grouped; a 時点照会 (?on=, a date is not personal data); the
    history timeline, newest first; the 届出 that the record's state allows."""
    resident = resident_or_404(request, resident_id)
    as_of_form = forms.AsOfForm(request.GET if "on" in request.GET else None)
    as_of: dict[str, Any] | None = None
    if as_of_form.is_bound and as_of_form.is_valid() and as_of_form.cleaned_data["on"]:
        try:
            on = parse_as_of(as_of_form.cleaned_data["on"])
        except DomainError as error:
            forms.add_domain_error(as_of_form, error)
        else:
            snapshot = resident_as_of(resident=resident, on=on)
            record = record_from_snapshot(snapshot) if snapshot else None
            as_of = {
                "on": on,
                "record": record,
                "electoral_roll": record is not None and record.on_electoral_roll_on(on),
                "household_number": snapshot.get("household_number", "") if snapshot else "",
            }
    rows = list(resident_history_list(resident=resident))
    head = None if resident.is_closed else household_head(resident.household)
    roles = staff_roles(user=request.staff)
    context = {
        "resident": resident,
        "head": head,
        "as_of_form": as_of_form,
        "as_of": as_of,
        "electoral_roll": resident.on_electoral_roll_on(timezone.localdate()),
        "timeline": timeline(rows),
        # 交付履歴照会 (doc/j360.txt §2.2.2): part of this audited read of the record.
        "issued": issued_certificates_recent(
            municipality=request.municipality, resident=resident, limit=20
        ),
        "is_reviewer": Role.REGISTRY_REVIEW in roles,
        "move_out_change_id": _move_out_change_id(resident, rows),
        "reveal_form": forms.RevealForm(),
        "support": resident_support_status(resident=resident, on=timezone.localdate()),
        **_memos_context(resident),
        "remarks": list(resident_remarks_list(resident=resident)),
        "symbol_request": resident_symbol_request_latest(resident=resident),
        "certificate_serial": resident_certificate_serial_get(resident=resident),
        "network_operating": network_operating(municipality=request.municipality),
    }
    return render_personal(
        request,
        "registry/resident.html",
        context,
        residents=[resident],
        action="registry.resident_view",
    )


def _move_out_change_id(resident: Resident, rows: list[ResidentHistory]) -> int | None:
    """The 転出 whose 転出証明書 the page offers: the record's standing 国内転出, if any. While
    the record says 国内転出, its latest 転出 is the standing one (a cancellation for this
    person would have taken the 消除事由 back); others of the 転出 may have been cancelled."""
    if resident.removal_reason != ChangeType.MOVE_OUT:
        return None
    return next((r.change_id for r in rows if r.change.change_type == ChangeType.MOVE_OUT), None)


def _memos_context(resident: Resident) -> dict[str, Any]:
    """メモ (§1.1.15): the ones standing, and every 入力・修正・削除 of all of them, newest first."""
    memos = list(resident_memos_list(resident=resident))
    revisions = sorted(
        (revision for memo in memos for revision in memo.revisions.all()),
        key=lambda revision: (revision.recorded_at, revision.pk),
        reverse=True,
    )
    return {
        "memos": [memo for memo in memos if not memo.is_deleted],
        "memo_revisions": revisions,
        "memo_form": forms.MemoForm(),
    }


@dataclasses.dataclass(frozen=True)
class ResidentPage:
    title: str
    lead: str
    form_class: type[forms.ChangeForm]
    initial: Callable[[Resident], dict[str, Any]]
    perform: Callable[[StaffRequest, forms.ChangeForm, Resident], Change]


def _resident_change(
    request: StaffRequest, resident_id: int, page: ResidentPage, *, action: str
) -> HttpResponse:
    resident = resident_or_404(request, resident_id)
    url = resident_url(request.municipality.lg_code, resident.pk)
    if resident.is_closed:
        messages.error(
            request,
            "除票になっている住民には、この届出はできません（誤記修正・職権修正・異動の取消しのみ可能です）。",
        )
        return redirect(url)
    form = page.form_class(request.POST or None, initial=page.initial(resident))
    checked: list[tuple[str, str]] | None = None
    if request.method == "POST" and form.is_valid() and CHECK_KEY in request.POST:
        checked = check_rows(form)
    elif request.method == "POST" and form.is_valid():
        try:
            change = page.perform(request, form, resident)
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            return redirect_after_change(request, change, url)
    return render_personal(
        request,
        "registry/change_form.html",
        {
            "form": form,
            "resident": resident,
            "page": page,
            "check_rows": checked,
            "checkable": True,
        },
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
            municipality=request.municipality,
            resident_id=resident.pk,
            name=form.cleaned_data["name"],
            name_kana=form.cleaned_data["name_kana"],
            name_kana_confirmed=form.cleaned_data["name_kana_confirmed"],
            actor=request.staff,
            **form.dates(workplace_of(request)),
        ),
    ),
    "former_surname": ResidentPage(
        title="旧氏の記載・変更・削除",
        lead="本人の請求により、旧氏を記載・変更・削除します（日本人住民のみ）。",
        form_class=forms.FormerSurnameForm,
        initial=lambda r: {
            "former_surname": r.former_surname,
            "former_surname_kana": r.former_surname_kana,
            # A new 旧氏 is read back to the person at the counter: ticked unless recorded.
            "former_surname_kana_confirmed": r.former_surname_kana_confirmed
            or not r.former_surname,
        },
        perform=lambda request, form, resident: resident_former_surname_change(
            municipality=request.municipality,
            resident_id=resident.pk,
            former_surname=form.cleaned_data["former_surname"],
            former_surname_kana=form.cleaned_data["former_surname_kana"],
            former_surname_kana_confirmed=form.cleaned_data["former_surname_kana_confirmed"],
            actor=request.staff,
            **form.dates(workplace_of(request)),
        ),
    ),
    "alias": ResidentPage(
        title="通称の記載・削除",
        lead="本人の申出により、通称を記載・削除します（外国人住民のみ）。",
        form_class=forms.AliasForm,
        initial=lambda r: {
            "alias": r.alias,
            "alias_kana": r.alias_kana,
            "alias_kana_confirmed": r.alias_kana_confirmed or not r.alias,
        },
        perform=lambda request, form, resident: resident_alias_change(
            municipality=request.municipality,
            resident_id=resident.pk,
            alias=form.cleaned_data["alias"],
            alias_kana=form.cleaned_data["alias_kana"],
            alias_kana_confirmed=form.cleaned_data["alias_kana_confirmed"],
            actor=request.staff,
            **form.dates(workplace_of(request)),
        ),
    ),
    "naturalisation": ResidentPage(
        title="帰化・国籍取得",
        lead=(
            "外国人住民票を消除し、日本人住民票を記載します。宛名番号・住民票コード・個人番号・"
            "住所・世帯・続柄・住民となった年月日は引き継がれ、国籍・在留資格・通称は消えます。"
        ),
        form_class=forms.NaturalisationForm,
        initial=lambda r: {"name": r.name, "name_kana": r.name_kana},
        perform=lambda request, form, resident: resident_naturalise(
            municipality=request.municipality,
            resident_id=resident.pk,
            kind=form.cleaned_data["kind"],
            name=form.cleaned_data["name"],
            name_kana=form.cleaned_data["name_kana"],
            domicile=form.cleaned_data["domicile"],
            domicile_head=form.cleaned_data["domicile_head"],
            actor=request.staff,
            **form.dates(),
        ),
    ),
    "nationality_loss": ResidentPage(
        title="国籍喪失",
        lead=(
            "日本人住民票を消除し、外国人住民票を記載します。宛名番号・住民票コード・個人番号・"
            "住所・世帯・続柄は引き継がれ、本籍・筆頭者・旧氏は消えます。外国人住民となった"
            "年月日は、国籍を失った日（異動日）と住民となった年月日の遅い方です。"
        ),
        form_class=forms.NationalityLossForm,
        initial=lambda r: {"name_alphabet": r.name_alphabet},
        perform=lambda request, form, resident: resident_nationality_lose(
            municipality=request.municipality,
            resident_id=resident.pk,
            foreign=ForeignItems(
                nationality=form.cleaned_data["nationality"],
                foreign_category=form.cleaned_data["foreign_category"],
                residence_status=form.cleaned_data["residence_status"],
                period_of_stay=form.cleaned_data["period_of_stay"],
                stay_expires_on=form.cleaned_data["stay_expires_on"],
                residence_card_number=form.cleaned_data["residence_card_number"],
                name_alphabet=form.cleaned_data["name_alphabet"],
            ),
            actor=request.staff,
            **form.dates(),
        ),
    ),
    "my_number": ResidentPage(
        title="個人番号の変更・修正",
        lead=(
            "住基ネットから通知された個人番号を入力して記載します。本人の請求による変更のほか、"
            "誤って記載した個人番号の職権修正、記載漏れの職権記載にも使います。"
        ),
        form_class=forms.MyNumberChangeForm,
        initial=lambda r: {},
        perform=lambda request, form, resident: resident_my_number_change(
            municipality=request.municipality,
            resident_id=resident.pk,
            my_number=form.cleaned_data["my_number"],
            change_type=form.cleaned_data["kind"],
            actor=request.staff,
            **form.dates(workplace_of(request)),
        ),
    ),
    "my_number_request": ResidentPage(
        title="個人番号の生成・変更要求",
        lead=(
            "住基ネットに個人番号の生成を要求し、返ってきた個人番号を記載します。個人番号が"
            "記載されていない住民（出生など）は「指定」、記載されている住民は本人の請求または"
            "職権による「変更」です。"
        ),
        form_class=forms.MyNumberRequestForm,
        initial=lambda r: {"reason": "change_on_request" if r.my_number_hash else "designate"},
        perform=lambda request, form, resident: resident_my_number_request(
            municipality=request.municipality,
            resident_id=resident.pk,
            reason=form.cleaned_data["reason"],
            actor=request.staff,
            **form.dates(workplace_of(request)),
        ),
    ),
    "resident_code": ResidentPage(
        title="住民票コードの変更",
        lead=(
            "本人の請求により、住民票コードを変更します。新しいコードは住基ネットから取得した"
            "空きコードから無作為に付番し、記録の後に住民票コード変更通知票を印刷できます。"
        ),
        form_class=forms.ResidentCodeChangeForm,
        initial=lambda r: {},
        perform=lambda request, form, resident: resident_code_renew(
            municipality=request.municipality,
            resident_id=resident.pk,
            actor=request.staff,
            **form.dates(workplace_of(request)),
        ),
    ),
}


@require_http_methods(GET_POST)
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.resident_change")
def resident_change_view(
    request: StaffRequest, lg_code: str, resident_id: int, kind: str
) -> HttpResponse:
    """氏名の変更・旧氏・通称・個人番号の変更・帰化・国籍取得・国籍喪失."""
    return _resident_change(
        request, resident_id, RESIDENT_PAGES[kind], action="registry.resident_change_form"
    )


@require_http_methods(GET_POST)
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.correct")
def correction_view(request: StaffRequest, lg_code: str, resident_id: int) -> HttpResponse:
    """職権修正・誤記修正・軽微な修正: step 1 chooses the items (GET, item names only), step 2
    corrects them (POST), choosing whether it is a 軽微な修正 (doc/j840.txt §4.2.3.1) and then
    its 事由 (doc/j850.txt §4.2.3.2). Allowed on 除票 too."""
    resident = resident_or_404(request, resident_id)
    if denied := review_denied(request, action="registry.correct"):
        return denied
    chosen = forms.CorrectionChoiceForm(
        request.GET if "items" in request.GET else None, resident=resident
    )
    if not chosen.is_valid():
        return render_personal(
            request,
            "registry/correction_items.html",
            {"form": chosen, "resident": resident},
            residents=[resident],
            action="registry.correct_form",
        )
    form = forms.CorrectionForm(
        request.POST or None, items=chosen.cleaned_data["items"], resident=resident
    )
    checked: list[tuple[str, str]] | None = None
    if request.method == "POST" and form.is_valid() and CHECK_KEY in request.POST:
        checked = check_rows(form)
    elif request.method == "POST" and form.is_valid():
        updates = form.updates()
        try:
            change = resident_correct(
                municipality=request.municipality,
                resident_id=resident.pk,
                change_type=ChangeType(form.cleaned_data["change_type"]),
                updates=updates,
                reason=form.note(),
                effective_on=form.cleaned_data["effective_on"],
                actor=request.staff,
            )
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            return redirect_after_change(
                request,
                change,
                resident_url(lg_code, resident.pk),
                code_corrected="resident_code" in updates and not resident.is_closed,
            )
    page = {
        "title": "職権修正・誤記修正",
        "lead": "選んだ項目を正しい内容に直し、修正の種類と理由を入力してください。",
    }
    return render_personal(
        request,
        "registry/change_form.html",
        {
            "form": form,
            "resident": resident,
            "page": page,
            "correction": True,
            "check_rows": checked,
            "checkable": True,
        },
        residents=[resident],
        action="registry.correct_form",
    )


@require_http_methods(GET_POST)
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.my_number_reveal")
def my_number_view(request: StaffRequest, lg_code: str, resident_id: int) -> HttpResponse:
    """個人番号の表示: for 住民記録審査, with the 事務 it is needed for; the reveal itself is
    audited by the service. The number is rendered once and never put in a URL or session."""
    resident = resident_or_404(request, resident_id)
    if denied := review_denied(request, action="registry.my_number_reveal"):
        return denied
    form = forms.RevealForm(request.POST or None)
    context: dict[str, Any] = {"form": form, "resident": resident, "revealed": None}
    if request.method == "POST" and form.is_valid():
        try:
            number = resident_my_number_reveal(
                resident=resident,
                actor=request.staff,
                purpose=form.cleaned_data["purpose"],
            )
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            context["revealed"] = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
            context["has_number"] = bool(number)
            return render(request, "registry/my_number.html", context)
    return render_personal(
        request,
        "registry/my_number.html",
        context,
        residents=[resident],
        action="registry.my_number_form",
    )


@require_GET
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.resident_code_notice_print")
def resident_code_notice_view(
    request: StaffRequest, lg_code: str, resident_id: int
) -> HttpResponse:
    """住民票コード通知票 (doc/j890.txt §4.3.3) as a PDF to print; the file name holds no
    personal data."""
    try:
        rendered, _title = resident_code_notice_render(
            municipality=request.municipality, resident_id=resident_id, actor=request.staff
        )
    except ResidentNotFound:
        raise Http404 from None
    response = HttpResponse(rendered.pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="resident-code-notice.pdf"'
    return response
