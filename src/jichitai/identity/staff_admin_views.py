"""職員管理 (`/<lg_code>/staff/admin/`): the municipality's 管理者 lists its staff, creates
accounts, changes roles and 課, stops and restarts accounts, resets a lost second factor,
and creates and renames 課.

Each view parses a form, calls one service of identity.staff_admin and renders or
redirects. Another municipality's staff or 課 id answers 404 before any form is read. URLs
carry ids only; the pages show display names, which only this municipality's 管理者 sees.
The changes are POST forms; a GET of their URL (a reload) goes back to the staff page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from jichitai.common.exceptions import DomainError
from jichitai.identity.access import Role, staff_required
from jichitai.identity.department_keys import department_key_choices
from jichitai.identity.http import StaffRequest
from jichitai.identity.models import Department, StaffUser
from jichitai.identity.selectors import (
    department_get,
    department_list,
    staff_admin_rows,
    staff_departments,
    staff_get,
    staff_role_labels,
    staff_roles,
)
from jichitai.identity.services import totp_device_confirmed, totp_device_reset
from jichitai.identity.staff_admin import (
    department_create,
    department_update,
    staff_account_create,
    staff_active_set,
    staff_departments_set,
    staff_roles_set,
)
from jichitai.identity.staff_admin_forms import (
    DepartmentForm,
    StaffCreateForm,
    StaffDepartmentsForm,
    StaffRolesForm,
    add_domain_error,
)

ADMIN = (Role.ADMIN,)


def _staff_or_404(request: StaffRequest, user_id: int) -> StaffUser:
    user = staff_get(municipality=request.municipality, user_id=user_id)
    if user is None:
        raise Http404
    return user


def _department_or_404(request: StaffRequest, department_id: int) -> Department:
    department = department_get(municipality=request.municipality, department_id=department_id)
    if department is None:
        raise Http404
    return department


def _department_choices(request: StaffRequest) -> list[tuple[int, str]]:
    return [(d.pk, d.name) for d in department_list(municipality=request.municipality)]


def _key_labels() -> dict[str, str]:
    return dict(department_key_choices())


def _staff_url(lg_code: str, user: StaffUser) -> str:
    return reverse("identity:staff_admin_staff", kwargs={"lg_code": lg_code, "user_id": user.pk})


# ---------------------------------------------------------------------------- lists


@require_http_methods(["GET"])
@never_cache
@staff_required(roles=ADMIN, action="staff_admin.list")
def staff_list_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """職員管理: every staff member of the municipality with their roles and 課, and the 課."""
    municipality = request.municipality
    departments = list(department_list(municipality=municipality))
    rows = staff_admin_rows(municipality=municipality)
    labels = _key_labels()
    return render(
        request,
        "identity/staff_admin/list.html",
        {
            "rows": rows,
            "departments": [
                (d, [labels.get(key, key) for key in d.catalog_keys], len(d.memberships.all()))
                for d in departments
            ],
        },
    )


# ---------------------------------------------------------------------------- one staff member


@require_http_methods(["GET", "POST"])
@never_cache
@staff_required(roles=ADMIN, action="staff_admin.create")
def staff_create_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """職員の登録."""
    form = StaffCreateForm(request.POST or None, departments=_department_choices(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = staff_account_create(
                municipality=request.municipality,
                username=data["username"],
                password=data["password"],
                display_name=data["display_name"],
                roles=data["roles"],
                department_ids=data["departments"],
                actor=request.staff,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"職員「{user}」を登録しました。")
            return redirect(_staff_url(lg_code, user))
    return render(request, "identity/staff_admin/staff_create.html", {"form": form})


def _staff_page(
    request: StaffRequest,
    user: StaffUser,
    *,
    roles_form: forms.Form | None = None,
    departments_form: forms.Form | None = None,
) -> HttpResponse:
    held = staff_roles(user=user)
    mine = list(staff_departments(user=user))
    context: dict[str, Any] = {
        "member": user,
        "is_self": user.pk == request.staff.pk,
        "role_labels": staff_role_labels(user=user),
        "department_names": [d.name for d in mine],
        "has_second_factor": totp_device_confirmed(user=user) is not None,
        "roles_form": roles_form or StaffRolesForm(initial={"roles": sorted(held)}),
        "departments_form": departments_form
        or StaffDepartmentsForm(
            initial={"departments": [d.pk for d in mine]}, departments=_department_choices(request)
        ),
    }
    return render(request, "identity/staff_admin/staff_detail.html", context)


@require_http_methods(["GET"])
@never_cache
@staff_required(roles=ADMIN, action="staff_admin.view")
def staff_detail_view(request: StaffRequest, lg_code: str, user_id: int) -> HttpResponse:
    """職員の詳細: roles, 課, account state and second factor, each with its form."""
    return _staff_page(request, _staff_or_404(request, user_id))


def _refused(request: StaffRequest, user: StaffUser, form: Any, error: DomainError) -> HttpResponse:
    """A refusal: a problem with what was chosen goes next to the field, anything else (one's
    own 管理者 role, a 課 that is not there) at the top of the same form."""
    add_domain_error(form, error)
    if isinstance(form, StaffRolesForm):
        return _staff_page(request, user, roles_form=form)
    return _staff_page(request, user, departments_form=form)


def _staff_form_post(
    request: StaffRequest,
    lg_code: str,
    user_id: int,
    *,
    form: forms.Form,
    invalid: Callable[[StaffUser, forms.Form], HttpResponse],
    save: Callable[[StaffUser, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """One form of the staff member's page, posted: saved and back to the page with `done`,
    or the page again (`invalid`) with the form's errors."""
    user = _staff_or_404(request, user_id)
    if request.method == "GET":
        return redirect(_staff_url(lg_code, user))
    if not form.is_valid():
        return invalid(user, form)
    try:
        save(user, form.cleaned_data)
    except DomainError as error:
        return _refused(request, user, form, error)
    messages.success(request, f"職員「{user}」の{done}。")
    return redirect(_staff_url(lg_code, user))


@require_http_methods(["GET", "POST"])
@never_cache
@staff_required(roles=ADMIN, action="staff_admin.roles_set")
def staff_roles_view(request: StaffRequest, lg_code: str, user_id: int) -> HttpResponse:
    """役割の変更 (POST)."""
    return _staff_form_post(
        request,
        lg_code,
        user_id,
        form=StaffRolesForm(request.POST),
        invalid=lambda user, form: _staff_page(request, user, roles_form=form),
        save=lambda user, data: staff_roles_set(
            municipality=request.municipality,
            user_id=user.pk,
            roles=data["roles"],
            actor=request.staff,
        ),
        done="役割を変更しました",
    )


@require_http_methods(["GET", "POST"])
@never_cache
@staff_required(roles=ADMIN, action="staff_admin.departments_set")
def staff_departments_view(request: StaffRequest, lg_code: str, user_id: int) -> HttpResponse:
    """所属する課の変更 (POST)."""
    return _staff_form_post(
        request,
        lg_code,
        user_id,
        form=StaffDepartmentsForm(request.POST, departments=_department_choices(request)),
        invalid=lambda user, form: _staff_page(request, user, departments_form=form),
        save=lambda user, data: staff_departments_set(
            municipality=request.municipality,
            user_id=user.pk,
            department_ids=data["departments"],
            actor=request.staff,
        ),
        done="所属する課を変更しました",
    )


@require_http_methods(["GET", "POST"])
@never_cache
@staff_required(roles=ADMIN, action="staff_admin.active_set")
def staff_active_view(request: StaffRequest, lg_code: str, user_id: int) -> HttpResponse:
    """利用停止・再開 (POST `is_active` = 0 or 1)."""
    user = _staff_or_404(request, user_id)
    if request.method == "GET":
        return redirect(_staff_url(lg_code, user))
    is_active = request.POST.get("is_active") == "1"
    try:
        staff_active_set(
            municipality=request.municipality,
            user_id=user.pk,
            is_active=is_active,
            actor=request.staff,
        )
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        done = "利用を再開しました" if is_active else "利用を停止しました"
        messages.success(request, f"職員「{user}」の{done}。")
    return redirect(_staff_url(lg_code, user))


@require_http_methods(["GET", "POST"])
@never_cache
@staff_required(roles=ADMIN, action="staff_admin.totp_reset")
def staff_totp_reset_view(request: StaffRequest, lg_code: str, user_id: int) -> HttpResponse:
    """二要素認証のリセット (POST): the member enrols a new device at their next sign-in."""
    user = _staff_or_404(request, user_id)
    if request.method == "GET":
        return redirect(_staff_url(lg_code, user))
    try:
        totp_device_reset(user_id=user.pk, actor=request.staff)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(
            request,
            f"職員「{user}」の二要素認証をリセットしました。次回のログインで新しい認証アプリを設定します。",
        )
    return redirect(_staff_url(lg_code, user))


# ---------------------------------------------------------------------------- 課


def _department_form(data: Any = None, *, with_code: bool, **kwargs: Any) -> DepartmentForm:
    return DepartmentForm(data, key_choices=department_key_choices(), with_code=with_code, **kwargs)


@require_http_methods(["GET", "POST"])
@never_cache
@staff_required(roles=ADMIN, action="staff_admin.department_create")
def department_create_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """課の作成."""
    form = _department_form(request.POST or None, with_code=True)
    if request.method == "POST" and form.is_valid():
        try:
            department = department_create(
                municipality=request.municipality,
                code=form.cleaned_data["code"],
                name=form.cleaned_data["name"],
                catalog_keys=form.cleaned_data["catalog_keys"],
                location=form.cleaned_data["location"],
                phone=form.cleaned_data["phone"],
                actor=request.staff,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"「{department.name}」を作成しました。")
            return redirect("identity:staff_admin", lg_code=lg_code)
    return render(
        request, "identity/staff_admin/department_form.html", {"form": form, "department": None}
    )


@require_http_methods(["GET", "POST"])
@never_cache
@staff_required(roles=ADMIN, action="staff_admin.department_update")
def department_edit_view(request: StaffRequest, lg_code: str, department_id: int) -> HttpResponse:
    """課の名称・担当の変更."""
    department = _department_or_404(request, department_id)
    initial = {
        "name": department.name,
        "catalog_keys": department.catalog_keys,
        "location": department.location,
        "phone": department.phone,
    }
    form = _department_form(request.POST or None, with_code=False, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            department_update(
                municipality=request.municipality,
                department_id=department.pk,
                name=form.cleaned_data["name"],
                catalog_keys=form.cleaned_data["catalog_keys"],
                location=form.cleaned_data["location"],
                phone=form.cleaned_data["phone"],
                actor=request.staff,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"「{form.cleaned_data['name']}」を変更しました。")
            return redirect("identity:staff_admin", lg_code=lg_code)
    return render(
        request,
        "identity/staff_admin/department_form.html",
        {"form": form, "department": department},
    )
